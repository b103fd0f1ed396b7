import type { Translation } from '../core/i18n.js';

export const de: Translation = {
  load: '{service} laden',
  open: '{service} öffnen',
  always: '{service} immer erlauben',
  provider: 'Anbieter: {company}, {address}.',
  gpcNote: 'Ihr Browser bittet Websites, Ihre Daten nicht zu verkaufen oder weiterzugeben (Global Privacy Control). {service} kann sie für Werbung nutzen; es bleibt daher aus, bis Sie es laden, und nur für diesen Besuch.',
  from: 'Er wird von {host} geladen.',
  policy: 'Datenschutzerklärung von {company}',
  sitePolicy: 'Unsere Datenschutzerklärung',
  unavailable: 'Dieser Inhalt kann nicht angezeigt werden.',
  imprint: 'Impressum',
  chatLauncher: 'Chatten Sie mit uns',
  chatTitle: 'Chat über {service}',
  chatNotice: 'Der Chat wird von {company}, {address} betrieben. {data} Wir nutzen ihn, {purpose}. Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO), die Sie jederzeit mit Wirkung für die Zukunft widerrufen können. Einzelheiten: {policyLink}, {imprintLink}.',
  chatPurpose: 'um Ihre Fragen zu beantworten',
  chatConsent: 'Ich willige ein, dass meine Nachrichten und die oben genannten Daten für diesen Chat von {company} verarbeitet werden.',
  chatStart: 'Chat starten',
  chatLater: 'Jetzt nicht',
  chatHint: 'Setzen Sie oben das Häkchen, um den Chat zu starten.',
};
