import type { Translation } from '../core/i18n.js';

export const fr: Translation = {
  load: 'Charger {service}',
  open: 'Ouvrir {service}',
  always: 'Toujours autoriser {service}',
  provider: 'Fourni par {company}, {address}.',
  gpcNote: 'Votre navigateur demande aux sites de ne pas vendre ni partager vos données (Global Privacy Control). {service} peut les utiliser à des fins publicitaires : il reste désactivé sauf si vous le chargez, pour cette visite seulement.',
  from: 'Il est chargé depuis {host}.',
  policy: 'Politique de confidentialité de {company}',
  sitePolicy: 'Notre politique de confidentialité',
  unavailable: 'Ce contenu ne peut pas être affiché.',
  imprint: 'Mentions légales',
  chatLauncher: 'Discutez avec nous',
  chatTitle: 'Discussion via {service}',
  chatNotice: 'La discussion est assurée par {company}, {address}. {data} Nous l’utilisons {purpose}. Base juridique : votre consentement (art. 6, paragraphe 1, point a) du RGPD), que vous pouvez retirer à tout moment pour l’avenir. Détails : {policyLink}, {imprintLink}.',
  chatPurpose: 'pour répondre à vos questions',
  chatConsent: 'J’accepte que mes messages et les données mentionnées ci-dessus soient traités par {company} pour cette discussion.',
  chatStart: 'Démarrer la discussion',
  chatLater: 'Pas maintenant',
  chatHint: 'Cochez la case ci-dessus pour démarrer la discussion.',
};
