import type { PushTexts } from '../../elements/push-prompt/texts.js';

export const de: PushTexts = {
  templates: {
    default: { title: 'Benachrichtigungen von {site} erhalten?', body: 'Wir benachrichtigen Sie, wenn es etwas Neues gibt. Sie können das jederzeit wieder abschalten.', allow: 'Erlauben', deny: 'Nein, danke' },
    news: { title: 'Keinen neuen Artikel verpassen', body: '{site} benachrichtigt Sie über {topics}. Höchstens eine Benachrichtigung am Tag; jederzeit abschaltbar.', allow: 'Benachrichtigen', deny: 'Jetzt nicht' },
    offers: { title: 'Angebote von {site}', body: 'Erhalten Sie eine Benachrichtigung über {topics}. Sie können das jederzeit wieder abschalten.', allow: 'Ja, benachrichtigen', deny: 'Nein, danke' },
  },
  topicsLegend: 'Benachrichtigen über',
  and: 'und',
  everything: 'neue Inhalte',
  name: 'Push-Benachrichtigungen',
  data: 'Der Push-Dienst Ihres Browsers (Google bei Chrome, Mozilla bei Firefox, Apple bei Safari) stellt die Benachrichtigungen zu; er erhält Ihre IP-Adresse und eine zufällige Abo-Adresse.',
  blocked: 'Benachrichtigungen sind in den Einstellungen Ihres Browsers für diese Website blockiert.',
  failed: 'Benachrichtigungen konnten nicht eingeschaltet werden: {reason}',
  unreachable: 'Der Push-Dienst ist nicht erreichbar.',
  subscribed: 'Benachrichtigungen sind eingeschaltet.',
  turnOff: 'Benachrichtigungen abschalten',
  turnedOff: 'Benachrichtigungen sind ausgeschaltet.',
  bell: 'Benachrichtigungen',
};
