/**
 * The reference receiver for consent proofs: what a site's backend does with consentkit's POSTs.
 * Used by `npm run demo` (as Vite middleware), by the browser tests and by the benchmark.
 *
 * Contract (see README, "Receiving proofs"):
 * - `POST` with `content-type: application/json`, body = one proof (src/core/proof.ts).
 * - 201 `{id}`: stored. 200 `{id, duplicate: true}`: that id was stored before (idempotent).
 * - 400 `{error, issues}`: not JSON or not a valid proof; the client drops it.
 * - 413: body larger than 16 KiB. 415: not JSON. 405: another method.
 * - 5xx / 429 / 408 / no answer: the client retries later.
 * - `GET` answers the stored proofs as JSON; `GET` with `accept: text/event-stream` streams new ones.
 * - Erasure requests (src/core/erasure.ts, `type: "erasure"`) may come to the same URL: every
 *   proof of that subject is deleted, and a record that the erasure happened is kept (the
 *   subject's SHA-256, not the subject id). 201 `{id, deleted}`; 200 `{id, duplicate: true}` for an
 *   id seen before. Proofs that arrive later for an erased subject are acknowledged, not stored.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErasureRequestSchema } from '../src/core/erasure.js';
import { MAX_PROOF_BYTES, ProofSchema, type Proof } from '../src/core/proof.js';

export type StoredProof = Proof & { receivedAt: string };

/** What stays after an erasure: that it happened, for whom (hashed), and how many proofs went. */
export interface ErasureRecord {
  type: 'erasure';
  id: string;
  /** SHA-256 (hex) of the erased subject id. */
  subjectHash: string;
  at: string;
  receivedAt: string;
  deleted: number;
}

const hashSubject = (subject: string) => createHash('sha256').update(subject).digest('hex');

export interface ReceiverStats {
  /** Records stored (each id once). */
  stored: number;
  /** POSTs of an id that was already stored, answered 200 and not stored again. */
  duplicates: number;
  /** POSTs answered 4xx. */
  rejected: number;
  /** Erasure requests carried out. */
  erasures: number;
}

export interface Receiver {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  proofs(): StoredProof[];
  erasures(): ErasureRecord[];
  stats(): ReceiverStats;
}

export interface ReceiverOptions {
  /** Append-only JSON-lines file; the receiver reads it at start. Omit to keep proofs in memory. */
  file?: string;
  /** `Access-Control-Allow-Origin` for browsers posting from another origin (default `*`). */
  allowOrigin?: string;
}

export function createReceiver({ file, allowOrigin = '*' }: ReceiverOptions = {}): Receiver {
  const stored = new Map<string, StoredProof>();
  const erasures = new Map<string, ErasureRecord>();
  const erased = new Set<string>();
  // Counts of what was turned away; what is kept is counted from the maps themselves.
  const stats = { duplicates: 0, rejected: 0 };
  const live = new Set<ServerResponse>();

  if (file && existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const record = JSON.parse(line) as StoredProof | ErasureRecord;
      if ('type' in record && record.type === 'erasure') {
        erasures.set(record.id, record);
        erased.add(record.subjectHash);
      } else stored.set(record.id, record as StoredProof);
    }
  }

  function broadcast(event: string, data: unknown): void {
    for (const client of live) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Deletes a subject's proofs (the file is rewritten without them) and keeps a record of it. */
  function eraseSubject(request: { id: string; subject: string; at: string }, res: ServerResponse): void {
    if (erasures.has(request.id)) {
      stats.duplicates++;
      return answer(res, 200, { id: request.id, duplicate: true });
    }
    const doomed = [...stored.values()].filter((p) => p.subject === request.subject);
    for (const proof of doomed) stored.delete(proof.id);
    const record: ErasureRecord = { type: 'erasure', id: request.id, subjectHash: hashSubject(request.subject), at: request.at, receivedAt: new Date().toISOString(), deleted: doomed.length };
    erasures.set(record.id, record);
    erased.add(record.subjectHash);
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      const lines = [...stored.values(), ...erasures.values()].map((r) => `${JSON.stringify(r)}\n`);
      // A new file swapped in whole: a crash midway leaves the old one, never half of it.
      const next = `${file}.next`;
      writeFileSync(next, lines.join(''), { flush: true });
      renameSync(next, file); // on disk before we acknowledge
    }
    broadcast('erasure', { ...record, deletedIds: doomed.map((p) => p.id) });
    answer(res, 201, { id: record.id, deleted: record.deleted });
  }

  function answer(res: ServerResponse, status: number, body?: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': allowOrigin, 'cache-control': 'no-store' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  function reject(res: ServerResponse, status: number, body: unknown): void {
    stats.rejected++;
    answer(res, status, body);
  }

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return reject(res, 415, { error: 'send the proof as application/json' });
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_PROOF_BYTES) {
      res.setHeader('connection', 'close');
      return reject(res, 413, { error: `a proof is at most ${MAX_PROOF_BYTES} bytes` });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_PROOF_BYTES) {
        res.setHeader('connection', 'close');
        return reject(res, 413, { error: `a proof is at most ${MAX_PROOF_BYTES} bytes` });
      }
      chunks.push(chunk);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reject(res, 400, { error: 'the body is not JSON' });
    }
    if ((body as { type?: unknown } | null)?.type === 'erasure') {
      const request = ErasureRequestSchema.safeParse(body);
      if (!request.success) return reject(res, 400, { error: 'not a valid erasure request', issues: request.error.issues });
      return eraseSubject(request.data, res);
    }
    const result = ProofSchema.safeParse(body);
    if (!result.success) {
      return reject(res, 400, { error: 'not a valid consent proof', issues: result.error.issues });
    }
    const proof = result.data;
    // A late proof of a subject that asked for erasure: acknowledged so the browser stops, never stored.
    if (erased.has(hashSubject(proof.subject))) return answer(res, 200, { id: proof.id, erased: true });
    if (stored.has(proof.id)) {
      stats.duplicates++;
      return answer(res, 200, { id: proof.id, duplicate: true });
    }
    const record: StoredProof = { ...proof, receivedAt: new Date().toISOString() };
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, `${JSON.stringify(record)}\n`); // on disk before we acknowledge
    }
    stored.set(proof.id, record);
    for (const client of live) client.write(`data: ${JSON.stringify(record)}\n\n`); // the default event: a proof
    answer(res, 201, { id: proof.id });
  }

  function list(req: IncomingMessage, res: ServerResponse): void {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) return answer(res, 200, [...stored.values()]);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': proofs as they arrive\n\n');
    live.add(res);
    req.on('close', () => live.delete(res));
  }

  return {
    async handle(req, res) {
      switch (req.method) {
        case 'POST':
          return receive(req, res);
        case 'GET':
          return list(req, res);
        case 'OPTIONS':
          res.writeHead(204, {
            'access-control-allow-origin': allowOrigin,
            'access-control-allow-methods': 'POST, GET',
            'access-control-allow-headers': 'content-type',
            'access-control-max-age': '86400',
          });
          return void res.end();
        default:
          return reject(res, 405, { error: 'POST a proof, or GET the stored ones' });
      }
    },
    proofs: () => [...stored.values()],
    erasures: () => [...erasures.values()],
    stats: (): ReceiverStats => ({ ...stats, stored: stored.size, erasures: erasures.size }),
  };
}

/** How a receiver misbehaves, for the demo's "receiver offline" switch, the tests and the benchmark. */
export interface Faults {
  /** `offline`: POSTs get no answer (the connection is dropped), like a server that is down. */
  offline?: boolean;
  /** Share of POSTs (0–1) answered 503 before anything is stored. */
  failRate?: number;
  /** Milliseconds to wait before handling each POST (slow or hanging servers). */
  delayMs?: number;
}

/** Wraps a receiver so that its POSTs fail as `faults` says; change `faults` at any time. */
export function withFaults(receiver: Pick<Receiver, 'handle'>, faults: Faults, random: () => number = Math.random): Receiver['handle'] {
  return async (req, res) => {
    if (req.method === 'POST') {
      if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
      if (faults.offline) return void req.socket.destroy();
      if (faults.failRate && random() < faults.failRate) {
        req.resume();
        res.writeHead(503, { 'access-control-allow-origin': '*' });
        return void res.end();
      }
    }
    return receiver.handle(req, res);
  };
}
