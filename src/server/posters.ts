/**
 * First-party video posters: `GET /posters/youtube/<id>` fetches the video's thumbnail from the
 * provider once, keeps it in the store and serves it from the site's own origin, so a page can
 * show the picture before the click without the visitor's browser contacting Google or Vimeo.
 * Ids are checked against each provider's id format before any URL is built (no path or host
 * injection); bodies are capped, must be images, redirects are not followed.
 */
import type { Poster, ProofStore } from './store.js';

export interface PosterOptions {
  /** Base URL of YouTube's thumbnail host; tests point it at a local stand-in. */
  youtubeBase: string;
  /** Base URL of Vimeo's oEmbed API, which names a video's thumbnail. */
  vimeoBase: string;
  /** Largest thumbnail kept, in bytes. */
  maxBytes: number;
  /** An upstream request that takes longer fails (ms). */
  timeoutMs: number;
  /** Posters kept at most; beyond, the ones fetched longest ago go (and are fetched again when asked for). */
  maxCount: number;
}

export const POSTER_DEFAULTS: PosterOptions = { youtubeBase: 'https://i.ytimg.com', vimeoBase: 'https://vimeo.com', maxBytes: 512 * 1024, timeoutMs: 5000, maxCount: 1000 };

export const POSTER_IDS = { youtube: /^[A-Za-z0-9_-]{11}$/, vimeo: /^[0-9]{1,12}$/ } as const;
export type PosterProvider = keyof typeof POSTER_IDS;

const IMAGE_TYPES = /^image\/(jpeg|png|webp)$/;

export type PosterAnswer = { status: 200; poster: Poster } | { status: 404 | 502; error: string };

class UpstreamError extends Error {
  constructor(
    readonly status: 404 | 502,
    message: string,
  ) {
    super(message);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new UpstreamError(502, `the thumbnail is ${declared} bytes, more than the ${maxBytes} allowed (--poster-max-bytes)`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw new UpstreamError(502, `the thumbnail is more than the ${maxBytes} bytes allowed (--poster-max-bytes)`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function createPosters(store: ProofStore, options: PosterOptions) {
  /** One upstream fetch per poster, however many visitors ask for it at once. */
  const inFlight = new Map<string, Promise<PosterAnswer>>();

  const get = (url: string) => fetch(url, { redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs), headers: { accept: 'image/*,application/json' } });

  async function image(url: string): Promise<Pick<Poster, 'contentType' | 'bytes'>> {
    const response = await get(url);
    if (response.status === 404) throw new UpstreamError(404, 'the provider has no thumbnail for this id');
    if (!response.ok) throw new UpstreamError(502, `the thumbnail host answered ${response.status}`);
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!IMAGE_TYPES.test(contentType)) throw new UpstreamError(502, `the thumbnail host sent ${contentType || 'no content type'}, not a JPEG, PNG or WebP image`);
    return { contentType, bytes: await readCapped(response, options.maxBytes) };
  }

  async function vimeoThumbnail(id: string): Promise<string> {
    const response = await get(`${options.vimeoBase}/api/oembed.json?url=${encodeURIComponent(`https://vimeo.com/${id}`)}`);
    if (response.status === 404) throw new UpstreamError(404, 'Vimeo knows no video with this id');
    if (!response.ok) throw new UpstreamError(502, `Vimeo's oEmbed answered ${response.status}`);
    const data = JSON.parse(new TextDecoder().decode(await readCapped(response, 64 * 1024))) as { thumbnail_url?: unknown };
    const url = typeof data.thumbnail_url === 'string' ? new URL(data.thumbnail_url) : undefined;
    // Only Vimeo's image CDN (or the configured stand-in): the oEmbed answer must not send us elsewhere.
    const allowed = url && ((url.protocol === 'https:' && url.hostname === 'i.vimeocdn.com') || url.host === new URL(options.vimeoBase).host);
    if (!url || !allowed) throw new UpstreamError(502, 'Vimeo named no thumbnail on its image host');
    return url.href;
  }

  async function fetchAndKeep(provider: PosterProvider, id: string): Promise<PosterAnswer> {
    try {
      const url = provider === 'youtube' ? `${options.youtubeBase}/vi/${id}/hqdefault.jpg` : await vimeoThumbnail(id);
      const { contentType, bytes } = await image(url);
      const poster: Poster = { provider, id, contentType, bytes, fetchedAt: new Date().toISOString() };
      // Any visitor can make us fetch and keep a poster per valid id: the total is bounded.
      await store.putPoster(poster, options.maxCount);
      return { status: 200, poster };
    } catch (error) {
      if (error instanceof UpstreamError) return { status: error.status, error: error.message };
      return { status: 502, error: `the thumbnail could not be fetched (${(error as Error).message})` };
    }
  }

  /** The stored poster, fetched first when this is the first request for it. `id` must be valid. */
  return async function poster(provider: PosterProvider, id: string): Promise<PosterAnswer> {
    const kept = await store.getPoster(provider, id);
    if (kept) return { status: 200, poster: kept };
    const key = `${provider}/${id}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = fetchAndKeep(provider, id).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}
