import type { Box } from './provider.js';

/**
 * What a built-in provider's placeholder takes on the page with default attributes, known before
 * its module loads: the element reserves this box from the start, and the loader reserves it
 * for tags whose code has not arrived yet (see kit/boxes.ts). Kept to plain data, so the
 * loader carries no provider code.
 */
export const HINTS: Record<string, { layout: 'box' | 'compact'; box: Box; purpose?: string }> = {
  youtube: { layout: 'box', box: { aspectRatio: '16 / 9' } },
  vimeo: { layout: 'box', box: { aspectRatio: '16 / 9' } },
  'facebook-share': { layout: 'compact', box: { width: 100, height: 28 }, purpose: 'share' },
  'facebook-like': { layout: 'compact', box: { width: 90, height: 28 }, purpose: 'share' },
  'facebook-page': { layout: 'box', box: { width: 340, height: 500 } },
  'facebook-messenger': { layout: 'compact', box: { height: 36 }, purpose: 'chat' },
  whatsapp: { layout: 'compact', box: { height: 36 }, purpose: 'chat' },
  telegram: { layout: 'compact', box: { height: 36 }, purpose: 'chat' },
  x: { layout: 'box', box: { width: 550, height: 650 } },
  instagram: { layout: 'box', box: { width: 400, height: 620 } },
  'google-maps': { layout: 'box', box: { height: 450 } },
  iframe: { layout: 'box', box: { height: 400 } },
  script: { layout: 'compact', box: { height: 36 }, purpose: 'chat' },
};
