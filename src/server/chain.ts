/**
 * The tamper-evident chain every stored record is part of. Pure: no database, no I/O.
 *
 * Each record (a proof, an erasure, a purge) is kept as its canonical JSON `body`, with
 * `digest = sha256(body)` and `hash = sha256(prevHash | seq | kind | id | digest)`, `prevHash`
 * being the previous record's `hash` (64 zeros before the first). Erasing a record removes its
 * body (the personal fields) and keeps `digest` and `hash`, so the chain still verifies. An
 * auditor holding one exported record can recompute both values with nothing but SHA-256; one
 * holding the head hash (`verify` prints it) can tell later rewrites of the whole chain.
 */
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

export type RecordKind = 'proof' | 'erasure' | 'purge';

/** One link as stored: what `verify` reads back, in `seq` order. */
export interface ChainRow {
  seq: number;
  kind: RecordKind;
  id: string;
  /** Canonical JSON of the record; null once erased or purged. */
  body: string | null;
  /** For an emptied record: the id of the erasure or purge that emptied it. */
  erasedBy: string | null;
  prevHash: string;
  digest: string;
  hash: string;
  /** Columns kept beside the body for queries; verify checks they agree with it. */
  columns?: Record<string, string | null>;
}

export const sha256hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted at every level: the same record always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function linkHash(prevHash: string, seq: number, kind: RecordKind, id: string, digest: string): string {
  return sha256hex(`${prevHash}|${seq}|${kind}|${id}|${digest}`);
}

/** The next link after `head`, for a record whose canonical body is `body`. */
export function nextLink(head: { seq: number; hash: string }, kind: RecordKind, id: string, body: string) {
  const seq = head.seq + 1;
  const digest = sha256hex(body);
  return { seq, prevHash: head.hash, digest, hash: linkHash(head.hash, seq, kind, id, digest) };
}

export interface VerifyProblem {
  seq: number;
  id: string | null;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  head: { seq: number; hash: string };
  /** The first record that was altered, removed or inserted; absent when the chain holds. */
  problem?: VerifyProblem;
}

/** What each query column kept beside a body must equal in that body. */
const COLUMN_IN_BODY: Record<string, (body: Record<string, unknown>) => unknown> = {
  received_at: (b) => b.receivedAt,
  // The text an export shows is looked up by this column: it must be the hash the record holds.
  text_hash: (b) => b.textStored ?? b.textHash,
  subject_hash: (b) => b.subjectHash,
};

/**
 * Walks the chain in `seq` order and names the first record that does not fit: a body that
 * does not hash to its digest, a link that does not follow from the one before, a gap or an
 * extra record, a query column that differs from the body, an emptied record that no later
 * erasure or purge lists as emptied by it (or one that lists a record it did not empty), a
 * stored head that is not the last record (records removed from the end).
 */
export async function verifyChain(rows: AsyncIterable<ChainRow>, storedHead: { seq: number; hash: string }): Promise<VerifyResult> {
  let prev = { seq: 0, hash: GENESIS };
  let records = 0;
  /** Erasures and purges walked so far (a record they emptied comes before them). */
  const emptiers = new Map<string, number>();
  /** Emptied records by the id they name as their emptier, until that record is reached. */
  const waiting = new Map<string, number[]>();
  const fail = (seq: number, id: string | null, problem: string): VerifyResult => ({ ok: false, records, head: storedHead, problem: { seq, id, problem } });
  const gone = 'its content is gone without an erasure or purge record that removed it: altered';
  for await (const row of rows) {
    if (row.seq !== prev.seq + 1) {
      return row.seq > prev.seq + 1
        ? fail(prev.seq + 1, null, `record ${prev.seq + 1} is missing (the next one stored is ${row.seq}): removed`)
        : fail(row.seq, row.id, `record ${row.seq} appears twice: inserted`);
    }
    if (row.prevHash !== prev.hash) return fail(row.seq, row.id, `its previous hash is not the hash of record ${prev.seq}: altered or inserted`);
    if (row.body !== null) {
      if (sha256hex(row.body) !== row.digest) return fail(row.seq, row.id, 'its content does not match its digest: altered');
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(row.body) as Record<string, unknown>;
      } catch {
        return fail(row.seq, row.id, 'its content is not JSON: altered');
      }
      if (parsed.id !== row.id) return fail(row.seq, row.id, 'its id differs from the id in its content: altered');
      if ((parsed.type ?? 'proof') !== row.kind) return fail(row.seq, row.id, `its kind (${row.kind}) differs from its content: altered`);
      for (const [column, value] of Object.entries(row.columns ?? {})) {
        if (((COLUMN_IN_BODY[column]?.(parsed) ?? parsed[column]) ?? null) !== value) return fail(row.seq, row.id, `its ${column} column differs from its content: altered`);
      }
      if (row.kind !== 'proof') {
        // Every record waiting for this one must be listed in it, and everything it lists must be waiting for it.
        const listed = (row.kind === 'erasure' ? parsed.erasedSeqs : parsed.purgedSeqs) as unknown;
        const claims = waiting.get(row.id) ?? [];
        waiting.delete(row.id);
        const mine = new Set(Array.isArray(listed) ? listed : []);
        const unlisted = claims.find((seq) => !mine.has(seq));
        if (unlisted !== undefined) return fail(unlisted, null, `its content is gone, but the ${row.kind} it names (record ${row.seq}) does not list it: altered`);
        const emptied = new Set(claims);
        const kept = [...mine].find((seq) => !emptied.has(seq));
        if (kept !== undefined) return fail(row.seq, row.id, `it lists record ${String(kept)} as emptied by it, which that record is not: altered`);
        emptiers.set(row.id, row.seq);
      }
    } else {
      if (row.kind !== 'proof' || !row.erasedBy) return fail(row.seq, row.id, gone);
      const before = emptiers.get(row.erasedBy);
      if (before !== undefined) return fail(row.seq, row.id, `its content is gone, but the record it names as emptying it (record ${before}) came before it: altered`);
      const list = waiting.get(row.erasedBy);
      if (list) list.push(row.seq);
      else waiting.set(row.erasedBy, [row.seq]);
    }
    if (linkHash(row.prevHash, row.seq, row.kind, row.id, row.digest) !== row.hash) return fail(row.seq, row.id, 'its hash does not follow from its content and the previous hash: altered');
    prev = { seq: row.seq, hash: row.hash };
    records++;
  }
  if (waiting.size) {
    const first = Math.min(...[...waiting.values()].map((seqs) => seqs[0]!));
    return fail(first, null, gone);
  }
  if (storedHead.seq !== prev.seq || storedHead.hash !== prev.hash) {
    return storedHead.seq > prev.seq
      ? fail(prev.seq + 1, null, `the chain head says record ${storedHead.seq} is the last, the last stored is ${prev.seq}: removed`)
      : fail(storedHead.seq, null, `the chain head (record ${storedHead.seq}) is not the last record stored (${prev.seq}): altered`);
  }
  return { ok: true, records, head: storedHead };
}
