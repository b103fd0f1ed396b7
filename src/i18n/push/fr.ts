import type { PushTexts } from '../../elements/push-prompt/texts.js';

export const fr: PushTexts = {
  templates: {
    default: { title: 'Recevoir les notifications de {site} ?', body: 'Nous vous prévenons quand il y a du nouveau. Vous pouvez les désactiver à tout moment.', allow: 'Autoriser', deny: 'Non merci' },
    news: { title: 'Ne manquez aucun nouvel article', body: '{site} vous prévient pour : {topics}. Une notification par jour au plus ; désactivable à tout moment.', allow: 'Me prévenir', deny: 'Pas maintenant' },
    offers: { title: 'Les offres de {site}', body: 'Recevez une notification pour : {topics}. Vous pouvez les désactiver à tout moment.', allow: 'Oui, me prévenir', deny: 'Non merci' },
  },
  topicsLegend: 'Me prévenir pour',
  and: 'et',
  everything: 'les nouveautés',
  name: 'Notifications push',
  data: 'Le service push de votre navigateur (Google pour Chrome, Mozilla pour Firefox, Apple pour Safari) distribue les notifications ; il reçoit votre adresse IP et une adresse d’abonnement aléatoire.',
  blocked: 'Les notifications de ce site sont bloquées dans les réglages de votre navigateur.',
  failed: 'Les notifications n’ont pas pu être activées : {reason}',
  unreachable: 'le service push est injoignable.',
  subscribed: 'Les notifications sont activées.',
  turnOff: 'Désactiver les notifications',
  turnedOff: 'Les notifications sont désactivées.',
  bell: 'Notifications',
};
