import type { PolicyTexts } from '../../policy/policy.js';

export const fr: PolicyTexts = {
  intro: 'Nous utilisons {service} {purpose}. Le fournisseur est {company}, {address}.',
  loading: 'Le contenu ne se charge qu’après votre accord sur son espace réservé : une fois, ou à chaque visite si vous choisissez « Toujours autoriser ». {data} {company} peut traiter des données hors de l’UE/EEE ; sa politique de confidentialité indique les garanties sur lesquelles il s’appuie.',
  basis:
    'La base légale est votre consentement (art. 6, par. 1, point a) du RGPD ; pour le stockage d’informations sur votre appareil et l’accès à celles-ci, également l’art. 82 de la loi Informatique et Libertés).',
  storage:
    'Si vous choisissez « Toujours autoriser », nous mémorisons votre choix dans le cookie « {cookie} » de ce site pendant {days} jours ; sinon seulement tant que la page est ouverte. Ce que {company} enregistre est décrit dans sa politique de confidentialité : {providerPolicy}.',
  withdrawSettings: 'Vous pouvez retirer votre consentement à tout moment, pour l’avenir, dans nos paramètres de confidentialité : {settings}.',
  withdrawCookie: 'Vous pouvez retirer votre consentement à tout moment, pour l’avenir, en supprimant le cookie « {cookie} » dans votre navigateur.',
  settings: 'paramètres de confidentialité',
  purpose: 'pour vous proposer ce contenu',
  proofs: 'Pour pouvoir prouver votre consentement (art. 7, par. 1, du RGPD), nous enregistrons votre décision avec l’heure, la page, la version du texte affiché et un identifiant aléatoire conservé dans le cookie « {cookie} » ; rien d’autre vous concernant.',
};
