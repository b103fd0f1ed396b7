/**
 * `createProofServer(options)`: the receiver contract of the README ("Receiving proofs") as a
 * plain `(req, res, next?)` handler for node:http, Express or Connect (Fastify: pass
 * `request.raw, reply.raw`; Hono on Node: the `incoming`/`outgoing` of @hono/node-server).
 *
 * Routes, relative to where it is mounted:
 * - `POST /proofs` (or `/`): one proof or erasure request → 201 / 200 duplicate / 400 / 413 / 415.
 * - `GET /proofs` (bearer token): stored records, oldest first (`?after=<seq>&limit=<n>`);
 *   with `accept: text/event-stream`, new ones as they are committed.
 * - `GET /proofs/export` (bearer token): JSON lines or CSV (`?format=csv&subject=&service=&from=&to=`).
 * - `GET /posters/youtube/<id>`, `/posters/vimeo/<id>`: the video's thumbnail, first-party.
 * - `GET /healthz`: 200 once the database is open and migrated.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErasureRequestSchema } from '../core/erasure.js';
import { MAX_PROOF_BYTES, ProofSchema } from '../core/proof.js';
import { exportLines, parseRange } from './export.js';
import { createPosters, POSTER_DEFAULTS, POSTER_IDS, type PosterOptions, type PosterProvider } from './posters.js';
import { RateLimiter } from './rate-limit.js';
import { openStore } from './open.js';
import { type Outcome, type ProofStore, type StoredRecord, type Submission } from './store.js';
import { BatchWriter, QueueFullError } from './writer.js';

export interface ProofServerOptions {
  /** A store you opened (see `openStore`), or `db`: a SQLite file path or a `postgres://` URL. */
  store?: ProofStore;
  db?: string;
  /** Origins (`https://example.org`) whose pages may POST from another origin. Default: none. */
  allowOrigins?: string[];
  /** Bearer token for reading (GET /proofs, the live stream, export). Without one, reading is off. */
  readToken?: string;
  /** Requests per minute per client IP address; 0 turns the limit off. Default 300. */
  rateLimit?: number;
  /**
   * Behind your reverse proxy: the client address is the last `X-Forwarded-For` entry (one rate
   * limit per visitor, not one for the proxy), the page's host the last `X-Forwarded-Host` (or
   * `Forwarded: host=`) entry for the same-origin check.
   */
  trustProxy?: boolean;
  /** Empty proofs received more than this many days ago (a purge record says so). 0: keep. */
  retainDays?: number;
  /** How often the retention purge runs (ms, default one hour). */
  purgeIntervalMs?: number;
  /** Records waiting for the database at most; beyond it POSTs get 503 + Retry-After. Default 10,000. */
  queueLimit?: number;
  /** Records per transaction at most (default 500). */
  batchSize?: number;
  /** A request body that has not arrived by then is answered 408 (ms, default 10 s). */
  bodyTimeoutMs?: number;
  /** First-party posters; `false` turns the routes off. */
  posters?: Partial<PosterOptions> | false;
  /** Where messages about bad input and failures go (default console.warn). */
  log?: (message: string) => void;
  /** Messages a second at most; more are counted and reported as one line (default 50). */
  logLimit?: number;
  /** Clock of the rate limiter (tests). */
  now?: () => number;
}

export interface ProofServerStats {
  stored: number;
  duplicates: number;
  rejected: number;
  erasures: number;
}

export interface ProofServer {
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  /** Resolves once the store is open and migrated; rejects when it cannot be. */
  ready: Promise<ProofStore>;
  stats(): ProofServerStats;
  /**
   * Ends the live streams (SSE) and refuses new ones; resolves once their responses are finished.
   * Call it before `server.close()` of your node:http server: an open stream never ends on its
   * own and would keep that waiting for ever (then `closeIdleConnections()` lets go of their
   * kept-alive connections).
   */
  endLiveStreams(): Promise<void>;
  /** Ends live streams and timers, waits for pending writes, closes a store it opened itself. */
  close(): Promise<void>;
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const MAX_LIVE = 100;

/** Compares through SHA-256 digests: equal lengths, and the time taken says nothing about the token. */
function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** At most `perSecond` messages a second; the rest are counted and reported once it is quiet. */
function throttled(log: (m: string) => void, perSecond: number): (m: string) => void {
  let second = 0;
  let count = 0;
  let dropped = 0;
  return (message) => {
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) {
      if (dropped) log(`consentkit-server: ${dropped} more messages like the above were left out`);
      second = now;
      count = 0;
      dropped = 0;
    }
    if (++count <= perSecond) log(message);
    else dropped++;
  };
}

export function createProofServer(options: ProofServerOptions): ProofServer {
  if (!options.store && !options.db) throw new TypeError('createProofServer: give `store` or `db`');
  const log = throttled(options.log ?? ((m) => console.warn(m)), options.logLimit ?? 50);
  const allowOrigins = new Set((options.allowOrigins ?? []).map((o) => o.replace(/\/+$/, '')));
  const limiter = new RateLimiter(options.rateLimit ?? 300, options.now);
  const live = new Set<ServerResponse>();
  const stats: ProofServerStats = { stored: 0, duplicates: 0, rejected: 0, erasures: 0 };
  const ready = options.store ? Promise.resolve(options.store).then(async (s) => (await s.migrate(), s)) : openStore(options.db!);
  ready.catch(() => {}); // the caller hears of it through `ready` or the 503s
  let writer: BatchWriter | undefined;
  let posters: ReturnType<typeof createPosters> | undefined;
  let purgeTimer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  let streamsEnded = false;

  void ready.then((store) => {
    writer = new BatchWriter(store, { limit: options.queueLimit ?? 10_000, batchSize: options.batchSize ?? 500, inFlight: store.inFlight, onCommit: broadcast });
    if (options.posters !== false) posters = createPosters(store, { ...POSTER_DEFAULTS, ...options.posters });
    const days = options.retainDays ?? 0;
    if (days > 0 && !closed) {
      const purge = () =>
        store
          .purge(new Date(Date.now() - days * 86_400_000).toISOString(), new Date().toISOString())
          .then((n) => n && log(`consentkit-server: retention (${days} days): emptied ${n} proofs`))
          .catch((e: Error) => log(`consentkit-server: the retention purge failed (${e.message}); it runs again later`));
      void purge();
      purgeTimer = setInterval(purge, options.purgeIntervalMs ?? 3_600_000);
      purgeTimer.unref();
    }
  });

  function broadcast(outcomes: Outcome[]): void {
    for (const o of outcomes) {
      if (o.status === 'stored') stats.stored++;
      else if (o.status === 'duplicate') stats.duplicates++;
      else if (o.status === 'erasure') stats.erasures++;
    }
    if (!live.size) return;
    for (const o of outcomes) {
      const message =
        o.status === 'stored' ? `id: ${o.record.seq}\ndata: ${JSON.stringify(o.record)}\n\n` : o.status === 'erasure' ? `id: ${o.record.seq}\nevent: erasure\ndata: ${JSON.stringify({ ...o.record, deletedIds: o.deletedIds })}\n\n` : '';
      if (!message) continue;
      for (const client of live) {
        // A reader that does not keep up is let go rather than buffered without end.
        if (client.writableLength > 1 << 20) {
          live.delete(client);
          client.destroy();
        } else client.write(message);
      }
    }
  }

  function clientIp(req: IncomingMessage): string {
    if (options.trustProxy) {
      const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  /**
   * The host the browser asked for. Behind a reverse proxy `Host` is often the proxy's upstream
   * (`127.0.0.1:8787`); with trustProxy the proxy's `X-Forwarded-Host` (last entry) or
   * `Forwarded: host=` says what the page's address was.
   */
  function requestedHost(req: IncomingMessage): string | undefined {
    if (options.trustProxy) {
      const forwardedHost = String(req.headers['x-forwarded-host'] ?? '').split(',').at(-1)?.trim();
      if (forwardedHost) return forwardedHost;
      const forwarded = String(req.headers.forwarded ?? '').split(',').at(-1) ?? '';
      const host = /(?:^|;)\s*host\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(forwarded);
      if (host?.[1] || host?.[2]) return host[1] || host[2];
    }
    return req.headers.host;
  }

  /** The page's origin when it is another than ours; undefined for same-origin and non-browser requests. */
  function crossOrigin(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    // Browsers set Sec-Fetch-Site themselves (a page cannot), and a reverse proxy does not change it:
    // a same-origin page is ours whatever Host the proxy forwarded.
    if (req.headers['sec-fetch-site'] === 'same-origin') return undefined;
    if (!origin || origin === 'null') return origin;
    try {
      return new URL(origin).host === requestedHost(req) ? undefined : origin;
    } catch {
      return origin;
    }
  }

  function answer(req: IncomingMessage, res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent) return void res.end();
    const origin = crossOrigin(req);
    res.writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      vary: 'Origin',
      ...(origin && allowOrigins.has(origin) && { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Retry-After' }),
      ...headers,
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  function reject(req: IncomingMessage, res: ServerResponse, status: number, body: { error: string; issues?: unknown }, why: string, headers?: Record<string, string>): void {
    stats.rejected++;
    log(`consentkit-server: ${req.method} ${req.url ?? ''} from ${clientIp(req)} answered ${status}: ${why}`);
    answer(req, res, status, body, headers);
  }

  async function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_PROOF_BYTES) {
      reject(req, res, 413, { error: `a proof is at most ${MAX_PROOF_BYTES} bytes` }, `content-length ${declared} is over ${MAX_PROOF_BYTES}`, { connection: 'close' });
      req.resume();
      return undefined;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      reject(req, res, 408, { error: 'the body did not arrive in time' }, `body not complete after ${options.bodyTimeoutMs ?? 10_000} ms`, { connection: 'close' });
      req.destroy();
    }, options.bodyTimeoutMs ?? 10_000);
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_PROOF_BYTES) {
          reject(req, res, 413, { error: `a proof is at most ${MAX_PROOF_BYTES} bytes` }, `body over ${MAX_PROOF_BYTES} bytes`, { connection: 'close' });
          req.destroy();
          return undefined;
        }
        chunks.push(chunk);
      }
    } catch {
      return undefined; // the client went away (or the timer above answered)
    } finally {
      clearTimeout(timer);
    }
    return res.headersSent ? undefined : Buffer.concat(chunks);
  }

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const contentType = req.headers['content-type'] ?? '';
    if (!JSON_TYPE.test(contentType)) return reject(req, res, 415, { error: 'send the proof as application/json' }, `content-type is ${JSON.stringify(contentType.slice(0, 100))}`);
    const encoding = req.headers['content-encoding'];
    if (encoding && encoding !== 'identity') return reject(req, res, 415, { error: 'send the proof uncompressed' }, `content-encoding is ${JSON.stringify(encoding.slice(0, 50))}`);
    const raw = await readBody(req, res);
    if (!raw) return;
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return reject(req, res, 400, { error: 'the body is not JSON' }, 'the body is not JSON');
    }
    let item: Submission;
    if ((body as { type?: unknown } | null)?.type === 'erasure') {
      const request = ErasureRequestSchema.safeParse(body);
      if (!request.success) return reject(req, res, 400, { error: 'not a valid erasure request', issues: request.error.issues }, `not a valid erasure request (fields: ${fieldsOf(request.error.issues)})`);
      item = { kind: 'erasure', request: request.data };
    } else {
      const proof = ProofSchema.safeParse(body);
      if (!proof.success) return reject(req, res, 400, { error: 'not a valid consent proof', issues: proof.error.issues }, `not a valid consent proof (fields: ${fieldsOf(proof.error.issues)})`);
      item = { kind: 'proof', proof: proof.data };
    }
    // Valid JSON and valid for the schema, but PostgreSQL cannot keep a NUL in text, and no consent text holds one.
    const nul = nulField(item.kind === 'proof' ? item.proof : item.request);
    if (nul) return reject(req, res, 400, { error: 'not a valid consent proof', issues: [{ path: [nul], message: 'contains a NUL character' }] }, `field ${nul} contains a NUL character`);
    const store = await ready.catch(() => undefined);
    if (!store || !writer) return unavailable(req, res, 'the database is not open');
    let outcome: Outcome;
    try {
      outcome = await writer.submit(item);
    } catch (error) {
      if (error instanceof QueueFullError) return unavailable(req, res, error.message);
      return unavailable(req, res, `the database failed: ${(error as Error).message}`);
    }
    const id = item.kind === 'proof' ? item.proof.id : item.request.id;
    if (outcome.status === 'stored') return answer(req, res, 201, { id });
    if (outcome.status === 'erasure') return answer(req, res, 201, { id, deleted: outcome.deletedIds.length });
    if (outcome.status === 'erased') return answer(req, res, 200, { id, erased: true });
    return answer(req, res, 200, { id, duplicate: true });
  }

  function unavailable(req: IncomingMessage, res: ServerResponse, why: string): void {
    log(`consentkit-server: answered 503 (the client retries): ${why}`);
    answer(req, res, 503, { error: 'try again later' }, { 'retry-after': '1' });
  }

  /** Reading needs the bearer token; without a configured token reading is off. */
  function mayRead(req: IncomingMessage, res: ServerResponse): boolean {
    if (!options.readToken) {
      reject(req, res, 403, { error: 'reading is off: start the server with --read-token' }, 'a read, but no --read-token is configured');
      return false;
    }
    const [scheme, token] = String(req.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token || !sameToken(token, options.readToken)) {
      const wait = limiter.take(clientIp(req)); // guessing tokens costs like posting
      if (wait) {
        reject(req, res, 429, { error: 'too many requests' }, 'rate limit: too many reads with a wrong token', { 'retry-after': String(wait) });
        return false;
      }
      reject(req, res, 401, { error: 'a bearer token is needed to read' }, req.headers.authorization ? 'the authorization header has a wrong bearer token' : 'no authorization header', { 'www-authenticate': 'Bearer' });
      return false;
    }
    return true;
  }

  async function list(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    if (!mayRead(req, res)) return;
    const store = await ready;
    if ((req.headers.accept ?? '').includes('text/event-stream')) {
      if (streamsEnded) return reject(req, res, 503, { error: 'the server is shutting down' }, 'a live stream asked for while shutting down', { 'retry-after': '10' });
      if (live.size >= MAX_LIVE) return reject(req, res, 503, { error: 'too many live readers' }, `${MAX_LIVE} live streams are open`, { 'retry-after': '10' });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
      res.write(': proofs as they arrive\n\n');
      live.add(res);
      req.on('close', () => live.delete(res));
      return;
    }
    const after = intParam(query, 'after', 0, Number.MAX_SAFE_INTEGER, 0);
    const limit = intParam(query, 'limit', 1, 5000, 1000);
    if (typeof after === 'string' || typeof limit === 'string') return reject(req, res, 400, { error: (typeof after === 'string' ? after : limit) as string }, String(typeof after === 'string' ? after : limit));
    answer(req, res, 200, await store.list({ after, limit }));
  }

  async function exportRecords(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    if (!mayRead(req, res)) return;
    const format = query.get('format') ?? 'jsonl';
    if (format !== 'jsonl' && format !== 'csv') return reject(req, res, 400, { error: 'format is jsonl or csv' }, `format=${JSON.stringify(format.slice(0, 20))}`);
    const range = parseRange(query.get('from') ?? undefined, query.get('to') ?? undefined);
    if (typeof range === 'string') return reject(req, res, 400, { error: range }, range);
    const store = await ready;
    const filter = { ...range, ...(query.get('subject') && { subject: query.get('subject')! }), ...(query.get('service') && { service: query.get('service')! }) };
    res.writeHead(200, { 'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    const lines = exportLines(store.export(filter), format);
    try {
      for await (const line of lines) {
        // A slow reader holds back the query, not memory; one who goes away ends it.
        if (!res.write(line) && !(await drained(res))) return;
      }
      res.end();
    } finally {
      await lines.return(undefined); // the store's reader is closed however the loop ended
    }
  }

  async function poster(req: IncomingMessage, res: ServerResponse, provider: string, id: string): Promise<void> {
    if (!posters || !Object.hasOwn(POSTER_IDS, provider)) return answer(req, res, 404, { error: 'no such poster provider' });
    if (!POSTER_IDS[provider as PosterProvider].test(id)) return reject(req, res, 400, { error: `not a ${provider} video id` }, `poster id ${JSON.stringify(id.slice(0, 40))} is not a ${provider} video id`);
    const result = await posters(provider as PosterProvider, id);
    if (result.status !== 200) {
      log(`consentkit-server: poster ${provider}/${id}: ${result.error}`);
      return answer(req, res, result.status, { error: result.error });
    }
    res.writeHead(200, {
      'content-type': result.poster.contentType,
      'content-length': String(result.poster.bytes.length),
      'cache-control': 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-site',
    });
    res.end(req.method === 'HEAD' ? undefined : result.poster.bytes);
  }

  function preflight(req: IncomingMessage, res: ServerResponse): void {
    const origin = crossOrigin(req);
    if (origin && !allowOrigins.has(origin)) return reject(req, res, 403, { error: 'this origin may not post here' }, `origin ${JSON.stringify(origin.slice(0, 100))} is not in --allow-origin`);
    const requested = String(req.headers['access-control-request-headers'] ?? 'content-type');
    res.writeHead(204, {
      ...(origin && { 'access-control-allow-origin': origin }),
      'access-control-allow-methods': 'POST',
      // The client may send headers the site configured (proofs.headers): names only, nothing else echoed.
      'access-control-allow-headers': /^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$/.test(requested) ? requested : 'content-type',
      'access-control-max-age': '86400',
      vary: 'Origin',
    });
    res.end();
  }

  async function route(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://x');
    } catch {
      return reject(req, res, 400, { error: 'bad request URL' }, 'the request URL does not parse');
    }
    const path = url.pathname.replace(/\/+$/, '') || '/';
    // What anyone may ask for is limited per address: POSTs, preflights, posters, and reads with a wrong token (in mayRead).
    const limited = () => {
      const wait = limiter.take(clientIp(req));
      if (wait) reject(req, res, 429, { error: 'too many requests' }, `rate limit (--rate-limit ${options.rateLimit ?? 300} a minute)`, { 'retry-after': String(wait) });
      return wait > 0;
    };
    if (path === '/' || path === '/proofs') {
      if ((req.method === 'OPTIONS' || req.method === 'POST') && limited()) return;
      if (req.method === 'OPTIONS') return preflight(req, res);
      if (req.method === 'POST') {
        const origin = crossOrigin(req);
        if (origin && !allowOrigins.has(origin)) return reject(req, res, 403, { error: 'this origin may not post here' }, `origin ${JSON.stringify(origin.slice(0, 100))} is not in --allow-origin`);
        return receive(req, res);
      }
      if (req.method === 'GET') return list(req, res, url.searchParams);
      return reject(req, res, 405, { error: 'POST a proof, or GET the stored ones with the read token' }, `method ${req.method}`, { allow: 'POST, GET, OPTIONS' });
    }
    if (path === '/proofs/export' || path === '/export') {
      if (req.method !== 'GET') return reject(req, res, 405, { error: 'GET the export' }, `method ${req.method}`, { allow: 'GET' });
      return exportRecords(req, res, url.searchParams);
    }
    const posterPath = /^\/posters\/([a-z]+)\/([^/]*)$/.exec(path);
    if (posterPath) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return reject(req, res, 405, { error: 'GET a poster' }, `method ${req.method}`, { allow: 'GET, HEAD' });
      if (limited()) return;
      let id: string;
      try {
        id = decodeURIComponent(posterPath[2]!);
      } catch {
        return reject(req, res, 400, { error: 'not a video id' }, 'poster id is not valid percent-encoding');
      }
      return poster(req, res, posterPath[1]!, id);
    }
    if (path === '/healthz') {
      const store = await ready.catch(() => undefined);
      return answer(req, res, store ? 200 : 503, { ok: !!store, ...(store && { store: store.kind }) });
    }
    if (next) return next();
    answer(req, res, 404, { error: 'not found' });
  }

  const server = ((req, res, next) => {
    route(req, res, next).catch((error: Error) => {
      log(`consentkit-server: ${req.method} ${req.url} failed: ${error.stack ?? error.message}`);
      if (!res.headersSent) answer(req, res, 500, { error: 'internal error' });
      else res.destroy();
    });
  }) as ProofServer;
  server.ready = ready;
  server.stats = () => ({ ...stats });
  server.endLiveStreams = async () => {
    streamsEnded = true;
    const ending = [...live].map((client) => new Promise<void>((resolve) => (client.end(), client.writableFinished || client.destroyed ? resolve() : (client.once('finish', resolve), client.once('close', resolve)))));
    live.clear();
    await Promise.all(ending);
  };
  server.close = async () => {
    closed = true;
    clearInterval(purgeTimer);
    void server.endLiveStreams();
    await writer?.idle();
    if (!options.store) await (await ready.catch(() => undefined))?.close();
  };
  return server;
}

/** True once `res` can take more, false when the reader went away (closed or failed) first. */
function drained(res: ServerResponse): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      res.off('error', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
    res.on('error', onClose);
  });
}

function nulField(record: object): string | undefined {
  for (const [key, value] of Object.entries(record)) {
    if ((typeof value === 'string' && value.includes('\u0000')) || (Array.isArray(value) && value.some((v) => typeof v === 'string' && v.includes('\u0000')))) return key;
  }
  return undefined;
}

function fieldsOf(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; keys?: string[] }>): string {
  return issues.map((i) => (i.path.length ? i.path.join('.') : i.keys?.join(',') || '(root)')).join(', ');
}

function intParam(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number | string {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  return /^\d+$/.test(raw) && n >= min && n <= max ? n : `${name} must be a whole number from ${min} to ${max}`;
}

export type { StoredRecord };
