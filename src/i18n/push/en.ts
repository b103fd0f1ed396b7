import type { PushTexts } from '../../elements/push-prompt/texts.js';

export const en: PushTexts = {
  templates: {
    default: { title: 'Get notifications from {site}?', body: 'We send a notification when there is something new. You can turn them off at any time.', allow: 'Allow', deny: 'No, thanks' },
    news: { title: 'Never miss a new article', body: '{site} notifies you about {topics}. At most one notification a day; turn them off at any time.', allow: 'Notify me', deny: 'Not now' },
    offers: { title: 'Offers from {site}', body: 'Get a notification about {topics}. You can turn them off at any time.', allow: 'Yes, notify me', deny: 'No, thanks' },
  },
  topicsLegend: 'Notify me about',
  and: 'and',
  everything: 'new content',
  name: 'Push notifications',
  data: 'Your browser’s push service (Google for Chrome, Mozilla for Firefox, Apple for Safari) delivers the notifications; it receives your IP address and a random subscription address.',
  blocked: 'Notifications are blocked in your browser’s settings for this site.',
  failed: 'Notifications could not be turned on: {reason}',
  unreachable: 'the push service cannot be reached.',
  subscribed: 'Notifications are on.',
  turnOff: 'Turn off notifications',
  turnedOff: 'Notifications are off.',
  bell: 'Notifications',
};
