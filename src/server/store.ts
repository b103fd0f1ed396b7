/**
 * The one small interface both databases implement, and what they share: how a proof or an
 * erasure becomes a chained record, the schema versions, the queries for export.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ErasureRequest } from '../core/erasure.js';
import type { Proof } from '../core/proof.js';
import { canonicalJson, sha256hex, type ChainRow, type RecordKind, type VerifyResult } from './chain.js';

export type Submission = { kind: 'proof'; proof: Proof } | { kind: 'erasure'; request: ErasureRequest };

export type Outcome =
  | { status: 'stored'; record: StoredRecord }
  | { status: 'duplicate' }
  /** A proof of a subject who asked for erasure before: acknowledged, never stored. */
  | { status: 'erased' }
  | { status: 'erasure'; record: StoredRecord; deletedIds: string[] };

/** A record as the HTTP API and export show it: its content (when not erased) and its chain data. */
export type StoredRecord = { seq: number; kind: RecordKind; id: string; hash: string; erased?: true; text?: string } & Record<string, unknown>;

export interface ExportFilter {
  subject?: string;
  service?: string;
  /** ISO 8601; decision time (`at`) at or after. */
  from?: string;
  /** ISO 8601; decision time before (exclusive). */
  toExclusive?: string;
}

/** A record with everything an auditor needs to check its place in the chain. */
export type ExportRecord = StoredRecord & { prevHash: string; digest: string; body: string | null };

export interface Poster {
  provider: 'youtube' | 'vimeo';
  id: string;
  contentType: string;
  bytes: Uint8Array;
  fetchedAt: string;
}

export interface ProofStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Batches worth handing over before the previous one is durable (they stay in call order). */
  readonly inFlight: number;
  /** Creates or upgrades the schema; tells the versions before and after. */
  migrate(): Promise<{ from: number; to: number }>;
  /**
   * Stores a batch in one transaction, in order, and resolves once it is durable: each proof
   * once by id, each erasure empties its subject's proofs and is itself a record.
   */
  append(batch: Submission[], receivedAt: string): Promise<Outcome[]>;
  /** Records after `after` (a seq), oldest first. */
  list(options: { after?: number; limit?: number }): Promise<StoredRecord[]>;
  export(filter: ExportFilter): AsyncIterable<ExportRecord>;
  verify(): Promise<VerifyResult>;
  /** Empties every proof received before `before` and records that it did; returns how many. */
  purge(before: string, receivedAt: string): Promise<number>;
  getPoster(provider: string, id: string): Promise<Poster | undefined>;
  /** Keeps a poster, then the `keep` most recently fetched at most (the oldest go first). */
  putPoster(poster: Poster, keep: number): Promise<void>;
  close(): Promise<void>;
}

export const SCHEMA_VERSION = 1;

/** Schema v1, in the common subset of SQLite and PostgreSQL; `BLOB`/`BIGINT` differ per store. */
export function schemaV1({ bigint, blob }: { bigint: string; blob: string }): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS chain_head (one INTEGER PRIMARY KEY CHECK (one = 1), seq ${bigint} NOT NULL, hash TEXT NOT NULL)`,
    // Append-only: rows are never deleted; an erasure or purge empties body and subject.
    `CREATE TABLE IF NOT EXISTS proofs (seq ${bigint} PRIMARY KEY, id TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL,
      subject TEXT, service TEXT NOT NULL, at TEXT NOT NULL, text_hash TEXT, body TEXT, erased_by TEXT,
      prev_hash TEXT NOT NULL, digest TEXT NOT NULL, hash TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS proofs_subject ON proofs (subject)`,
    `CREATE INDEX IF NOT EXISTS proofs_service_at ON proofs (service, at)`,
    `CREATE INDEX IF NOT EXISTS proofs_received_at ON proofs (received_at)`,
    // Erasures and purges: the subject only as its SHA-256.
    `CREATE TABLE IF NOT EXISTS erasures (seq ${bigint} PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
      subject_hash TEXT, at TEXT NOT NULL, received_at TEXT NOT NULL, body TEXT NOT NULL,
      prev_hash TEXT NOT NULL, digest TEXT NOT NULL, hash TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS erasures_subject ON erasures (subject_hash)`,
    // The exact text each hash stands for, once per hash (proofs.includeText).
    `CREATE TABLE IF NOT EXISTS texts (hash TEXT PRIMARY KEY, text TEXT NOT NULL, first_seen TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS posters (provider TEXT NOT NULL, id TEXT NOT NULL, content_type TEXT NOT NULL,
      bytes ${blob} NOT NULL, fetched_at TEXT NOT NULL, PRIMARY KEY (provider, id))`,
  ];
}

export const hashSubject = (subject: string): string => sha256hex(subject);

/** What a proof becomes: its canonical body (without the text, kept once per hash) and columns. */
export function prepareProof(proof: Proof, receivedAt: string) {
  const { text, ...rest } = proof;
  // The text is kept under the hash of what was sent, whatever the client claimed (or left out on plain http).
  const textStored = text === undefined ? undefined : `sha256:${sha256hex(text)}`;
  const record = { ...rest, receivedAt, ...(textStored && { textStored }) };
  return {
    id: proof.id,
    subject: proof.subject,
    subjectHash: hashSubject(proof.subject),
    service: proof.service,
    at: proof.at,
    textHash: textStored ?? proof.textHash ?? null,
    text,
    record,
    body: canonicalJson(record),
  };
}
export type PreparedProof = ReturnType<typeof prepareProof>;

export function erasureBody(request: ErasureRequest, receivedAt: string, erasedSeqs: number[]) {
  const record = { type: 'erasure', id: request.id, subjectHash: hashSubject(request.subject), origin: request.origin, at: request.at, receivedAt, deleted: erasedSeqs.length, erasedSeqs };
  return { record, body: canonicalJson(record) };
}

export function purgeBody(before: string, receivedAt: string, purgedSeqs: number[]) {
  const record = { type: 'purge', id: randomUUID(), before, at: receivedAt, receivedAt, purged: purgedSeqs.length, purgedSeqs };
  return { record, body: canonicalJson(record) };
}

/** A row from either table, as both stores select it. */
export interface RecordRow {
  seq: number | string;
  kind: RecordKind;
  id: string;
  body: string | null;
  erased_by: string | null;
  prev_hash: string;
  digest: string;
  hash: string;
  text?: string | null;
  subject?: string | null;
  service?: string | null;
  at?: string | null;
  received_at?: string | null;
  text_hash?: string | null;
  subject_hash?: string | null;
}

export function toChainRow(row: RecordRow): ChainRow {
  return {
    seq: Number(row.seq),
    kind: row.kind,
    id: row.id,
    body: row.body,
    erasedBy: row.erased_by,
    prevHash: row.prev_hash,
    digest: row.digest,
    hash: row.hash,
    ...(row.body !== null && {
      columns:
        row.kind === 'proof'
          ? { subject: row.subject ?? null, service: row.service ?? null, at: row.at ?? null, received_at: row.received_at ?? null, text_hash: row.text_hash ?? null }
          : { subject_hash: row.subject_hash ?? null, at: row.at ?? null, received_at: row.received_at ?? null },
    }),
  };
}

export function toStoredRecord(row: RecordRow): StoredRecord {
  const base = { seq: Number(row.seq), kind: row.kind, id: row.id, hash: row.hash };
  if (row.body === null) return { ...base, erased: true };
  return { ...(JSON.parse(row.body) as Record<string, unknown>), ...base, ...(row.text != null && { text: row.text }) };
}

export function toExportRecord(row: RecordRow): ExportRecord {
  return { ...toStoredRecord(row), prevHash: row.prev_hash, digest: row.digest, body: row.body };
}

/**
 * The union of both tables in seq order, with the text each proof's hash stands for.
 * `?` placeholders; the PostgreSQL store numbers them.
 */
export function recordsQuery(filter: ExportFilter & { after?: number }, limit?: number): { sql: string; params: unknown[] } {
  const p: string[] = [];
  const e: string[] = [];
  const pp: unknown[] = [];
  const ep: unknown[] = [];
  /** A condition on proofs and its counterpart on erasures (none: no erasure matches), each with its value. */
  const when = (proof: string, value: unknown, erasure?: string, erasureValue = value) => {
    p.push(proof);
    pp.push(value);
    if (erasure === undefined) return void e.push('1 = 0');
    e.push(erasure);
    ep.push(erasureValue);
  };
  if (filter.after !== undefined) when('seq > ?', filter.after, 'seq > ?');
  if (filter.subject !== undefined) when('subject = ?', filter.subject, 'subject_hash = ?', hashSubject(filter.subject));
  if (filter.service !== undefined) when('service = ?', filter.service); // erasures belong to a subject, not to a service
  if (filter.from !== undefined) when('at >= ?', filter.from, 'at >= ?');
  if (filter.toExclusive !== undefined) when('at < ?', filter.toExclusive, 'at < ?');
  const where = (c: string[]) => (c.length ? `WHERE ${c.join(' AND ')}` : '');
  const sql = `SELECT r.*, t.text AS text FROM (
      SELECT seq, 'proof' AS kind, id, body, erased_by, prev_hash, digest, hash, text_hash, subject, service, at FROM proofs ${where(p)}
      UNION ALL
      SELECT seq, kind, id, body, NULL AS erased_by, prev_hash, digest, hash, NULL AS text_hash, NULL AS subject, NULL AS service, at FROM erasures ${where(e)}
    ) r LEFT JOIN texts t ON t.hash = r.text_hash ORDER BY r.seq${limit === undefined ? '' : ` LIMIT ${Math.floor(limit)}`}`;
  return { sql, params: [...pp, ...ep] };
}

/** The chain in seq order, for verify: both tables with every column kept beside the body, nothing joined. */
export const CHAIN_QUERY = `SELECT seq, 'proof' AS kind, id, body, erased_by, prev_hash, digest, hash, subject, service, at, received_at, text_hash, NULL AS subject_hash FROM proofs
  UNION ALL SELECT seq, kind, id, body, NULL AS erased_by, prev_hash, digest, hash, NULL AS subject, NULL AS service, at, received_at, NULL AS text_hash, subject_hash FROM erasures ORDER BY seq`;

/** Every kept text must hash to its key, or the auditor is shown something else than the visitor was. */
export function badText(rows: Iterable<{ hash: string; text: string }>): string | undefined {
  for (const row of rows) if (`sha256:${sha256hex(row.text)}` !== row.hash) return row.hash;
  return undefined;
}

/** Which driver a `--db` value needs, and the install line when it is missing. */
export const DRIVERS = {
  sqlite: { module: 'better-sqlite3', install: 'npm install better-sqlite3@12' },
  postgres: { module: 'pg', install: 'npm install pg' },
} as const;

export class MissingDriverError extends Error {
  constructor(kind: keyof typeof DRIVERS) {
    const d = DRIVERS[kind];
    super(`the ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} store needs the "${d.module}" package, which is not installed. Install it next to consentkit: ${d.install}`);
  }
}

export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

/**
 * An optional peer dependency, required from where consentkit is installed (both drivers are
 * CommonJS); "not found" becomes the install line.
 */
export function loadDriver<T>(kind: keyof typeof DRIVERS): T {
  try {
    return createRequire(import.meta.url)(DRIVERS[kind].module) as T;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' || (error as { code?: string }).code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(String(error))) throw new MissingDriverError(kind);
    throw error;
  }
}
