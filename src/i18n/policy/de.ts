import type { PolicyTexts } from '../../policy/policy.js';

export const de: PolicyTexts = {
  intro: 'Wir nutzen {service}, {purpose}. Anbieter ist {company}, {address}.',
  loading: 'Der Inhalt wird erst geladen, wenn Sie auf seinem Platzhalter zustimmen: einmalig oder, mit „immer erlauben“, bei jedem Besuch. {data} {company} kann Daten außerhalb der EU/des EWR verarbeiten; welche Garantien es dafür nutzt, steht in seiner Datenschutzerklärung.',
  basis:
    'Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO; für das Speichern von und den Zugriff auf Informationen auf Ihrem Endgerät zusätzlich § 25 Abs. 1 TDDDG).',
  storage:
    'Wählen Sie „immer erlauben“, speichern wir Ihre Entscheidung im Cookie „{cookie}“ dieser Website für {days} Tage, sonst nur, solange die Seite geöffnet ist. Was {company} speichert, steht in dessen Datenschutzerklärung: {providerPolicy}.',
  withdrawSettings: 'Sie können Ihre Einwilligung jederzeit mit Wirkung für die Zukunft in unseren Datenschutz-Einstellungen widerrufen: {settings}.',
  withdrawCookie: 'Sie können Ihre Einwilligung jederzeit mit Wirkung für die Zukunft widerrufen, indem Sie das Cookie „{cookie}“ in Ihrem Browser löschen.',
  settings: 'Datenschutz-Einstellungen',
  purpose: 'um Ihnen diesen Inhalt anzubieten',
  proofs: 'Um Ihre Einwilligung nachweisen zu können (Art. 7 Abs. 1 DSGVO), speichern wir Ihre Entscheidung mit Zeitpunkt, Seite, der Version des angezeigten Textes und einer zufälligen Kennung aus dem Cookie „{cookie}“; sonst nichts über Sie.',
};
