/**
 * The store for sites that outgrow one machine: PostgreSQL through `pg` (an optional peer
 * dependency). Any number of server instances may share one database: appends take the chain
 * head's row lock, so the chain stays one line, and the proof id is the primary key, so a POST
 * retried through another instance is still stored once (ON CONFLICT DO NOTHING). A commit
 * returns once PostgreSQL made it durable (synchronous_commit, on by default).
 */
import type { Pool, PoolClient } from 'pg';
import { GENESIS, nextLink, verifyChain, type ChainRow } from './chain.js';
import {
  CHAIN_QUERY,
  SCHEMA_VERSION,
  badText,
  erasureBody,
  hashSubject,
  loadDriver,
  prepareProof,
  purgeBody,
  recordsQuery,
  schemaV1,
  toChainRow,
  toExportRecord,
  toStoredRecord,
  type Outcome,
  type Poster,
  type PreparedProof,
  type ProofStore,
  type RecordRow,
  type Submission,
} from './store.js';

/** `?` placeholders as PostgreSQL's `$1, $2, …` (our queries hold no literal question marks). */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

const PAGE = 2000;
/** Any constant will do: it only has to be the same for every instance migrating this database. */
const MIGRATION_LOCK = 0x636b7372;

export async function openPostgres(url: string, { poolSize = 10 }: { poolSize?: number } = {}): Promise<ProofStore> {
  const pg = loadDriver<typeof import('pg')>('postgres');
  const pool: Pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection emits here; without a listener the process would exit.
  pool.on('error', (error) => console.error(`consentkit-server: PostgreSQL connection lost (${error.message}); the pool reconnects`));

  async function tx<T>(work: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const result = await work(c);
      await c.query('COMMIT');
      return result;
    } catch (error) {
      await c.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      c.release();
    }
  }

  const lockHead = async (c: PoolClient) => {
    const { rows } = await c.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM chain_head WHERE one = 1 FOR UPDATE`);
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : { seq: 0, hash: GENESIS };
  };
  const setHead = (c: PoolClient, h: { seq: number; hash: string }) =>
    c.query(`INSERT INTO chain_head (one, seq, hash) VALUES (1, $1, $2) ON CONFLICT (one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`, [h.seq, h.hash]);

  async function version(c: Pick<Pool, 'query'>): Promise<number> {
    const { rows } = await c.query(`SELECT to_regclass('meta') IS NOT NULL AS present`);
    if (!rows[0].present) return 0;
    const v = await c.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`);
    return v.rows[0] ? Number(v.rows[0].value) : 0;
  }

  /** A run of proofs: a handful of round trips whatever its length. */
  async function appendProofs(c: PoolClient, h: { seq: number; hash: string }, proofs: PreparedProof[], receivedAt: string, erasedNow: Set<string>) {
    const outcomes: Outcome[] = [];
    // One round trip for both questions: which ids are stored, which subjects were erased.
    const seen = (
      await c.query<{ k: string; v: string }>(
        `SELECT 'id' AS k, id AS v FROM proofs WHERE id = ANY($1::text[]) UNION ALL SELECT DISTINCT 'erased', subject_hash FROM erasures WHERE subject_hash = ANY($2::text[])`,
        [proofs.map((p) => p.id), proofs.map((p) => p.subjectHash)],
      )
    ).rows;
    const known = new Set(seen.filter((r) => r.k === 'id').map((r) => r.v));
    const erased = new Set(seen.filter((r) => r.k === 'erased').map((r) => r.v));
    const cols: unknown[][] = Array.from({ length: 11 }, () => []);
    const texts = new Map<string, string>();
    for (const p of proofs) {
      if (erased.has(p.subjectHash) || erasedNow.has(p.subjectHash)) {
        outcomes.push({ status: 'erased' });
        continue;
      }
      if (known.has(p.id)) {
        outcomes.push({ status: 'duplicate' });
        continue;
      }
      known.add(p.id);
      const link = nextLink(h, 'proof', p.id, p.body);
      [link.seq, p.id, receivedAt, p.subject, p.service, p.at, p.textHash, p.body, link.prevHash, link.digest, link.hash].forEach((v, i) => cols[i]!.push(v));
      if (p.text !== undefined && p.textHash) texts.set(p.textHash, p.text);
      h = { seq: link.seq, hash: link.hash };
      outcomes.push({ status: 'stored', record: { ...p.record, seq: link.seq, kind: 'proof', id: p.id, hash: link.hash, ...(p.text !== undefined && { text: p.text }) } });
    }
    if (cols[0]!.length) {
      // Proofs and texts in one statement (one round trip).
      const { rows } = await c.query<{ n: number }>(
        `WITH p AS (
           INSERT INTO proofs (seq, id, received_at, subject, service, at, text_hash, body, prev_hash, digest, hash)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           ON CONFLICT (id) DO NOTHING RETURNING 1
         ), t AS (
           INSERT INTO texts (hash, text, first_seen) SELECT h, x, $14 FROM unnest($12::text[], $13::text[]) AS tx(h, x) ON CONFLICT (hash) DO NOTHING
         )
         SELECT count(*)::int AS n FROM p`,
        [...cols, [...texts.keys()], [...texts.values()], receivedAt],
      );
      // The head lock makes the check above exact; should it not be, the chain must not get a gap.
      if (rows[0]!.n !== cols[0]!.length) throw new Error('a proof id appeared while the chain head was locked');
    }
    return { head: h, outcomes };
  }

  async function appendErasure(c: PoolClient, h: { seq: number; hash: string }, request: Extract<Submission, { kind: 'erasure' }>['request'], receivedAt: string) {
    if ((await c.query(`SELECT 1 FROM erasures WHERE id = $1`, [request.id])).rowCount) return { head: h, outcome: { status: 'duplicate' } as Outcome };
    const doomed = (await c.query<{ seq: string; id: string }>(`UPDATE proofs SET body = NULL, subject = NULL, erased_by = $1 WHERE subject = $2 RETURNING seq, id`, [request.id, request.subject])).rows
      .map((r) => ({ seq: Number(r.seq), id: r.id }))
      .sort((a, b) => a.seq - b.seq);
    const { record, body } = erasureBody(request, receivedAt, doomed.map((d) => d.seq));
    const link = nextLink(h, 'erasure', request.id, body);
    await c.query(`INSERT INTO erasures (seq, id, kind, subject_hash, at, received_at, body, prev_hash, digest, hash) VALUES ($1, $2, 'erasure', $3, $4, $5, $6, $7, $8, $9)`, [
      link.seq, request.id, hashSubject(request.subject), request.at, receivedAt, body, link.prevHash, link.digest, link.hash,
    ]);
    return { head: { seq: link.seq, hash: link.hash }, outcome: { status: 'erasure', record: { ...record, seq: link.seq, kind: 'erasure', id: request.id, hash: link.hash }, deletedIds: doomed.map((d) => d.id) } as Outcome };
  }

  async function* pages(sqlFor: (after: number) => { sql: string; params: unknown[] }, db: Pick<Pool, 'query'> = pool): AsyncGenerator<RecordRow> {
    let after = 0;
    for (;;) {
      const { sql, params } = sqlFor(after);
      const { rows } = await db.query<RecordRow>(numbered(sql), params);
      for (const row of rows) yield row;
      if (rows.length < PAGE) return;
      after = Number(rows.at(-1)!.seq);
    }
  }

  return {
    kind: 'postgres',
    inFlight: 2,
    async migrate() {
      return tx(async (c) => {
        await c.query(`SELECT pg_advisory_xact_lock($1)`, [MIGRATION_LOCK]); // instances starting together migrate one after the other
        const from = await version(c);
        if (from > SCHEMA_VERSION) throw new Error(`the database has schema version ${from}; this consentkit-server knows up to ${SCHEMA_VERSION}. Upgrade consentkit.`);
        if (from < 1) {
          for (const sql of schemaV1({ bigint: 'BIGINT', blob: 'BYTEA' })) await c.query(sql);
          // The head row exists from the start: appends lock it, so two instances never write at once.
          await c.query(`INSERT INTO chain_head (one, seq, hash) VALUES (1, 0, $1) ON CONFLICT (one) DO NOTHING`, [GENESIS]);
          await c.query(`INSERT INTO meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [String(SCHEMA_VERSION)]);
        }
        return { from, to: await version(c) };
      });
    },
    async append(batch, receivedAt) {
      const c = await pool.connect();
      try {
        // BEGIN and the head lock in one round trip (no parameters: the simple protocol takes both).
        const [, locked] = (await c.query(`BEGIN; SELECT seq, hash FROM chain_head WHERE one = 1 FOR UPDATE`)) as unknown as [unknown, { rows: Array<{ seq: string; hash: string }> }];
        let h = locked.rows[0] ? { seq: Number(locked.rows[0].seq), hash: locked.rows[0].hash } : { seq: 0, hash: GENESIS };
        const outcomes: Outcome[] = [];
        const erasedNow = new Set<string>();
        for (let i = 0; i < batch.length; ) {
          const item = batch[i]!;
          if (item.kind === 'erasure') {
            const r = await appendErasure(c, h, item.request, receivedAt);
            if (r.outcome.status === 'erasure') erasedNow.add(hashSubject(item.request.subject));
            h = r.head;
            outcomes.push(r.outcome);
            i++;
            continue;
          }
          let j = i;
          while (j < batch.length && batch[j]!.kind === 'proof') j++;
          const run = batch.slice(i, j).map((s) => prepareProof((s as Extract<Submission, { kind: 'proof' }>).proof, receivedAt));
          const r = await appendProofs(c, h, run, receivedAt, erasedNow);
          h = r.head;
          outcomes.push(...r.outcomes);
          i = j;
        }
        // The new head and COMMIT in one round trip; both values are ours (an integer, 64 hex digits).
        if (!Number.isSafeInteger(h.seq) || !/^[0-9a-f]{64}$/.test(h.hash)) throw new Error('bad chain head');
        await c.query(`UPDATE chain_head SET seq = ${h.seq}, hash = '${h.hash}' WHERE one = 1; COMMIT`);
        return outcomes;
      } catch (error) {
        await c.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        c.release();
      }
    },
    async list({ after = 0, limit = 1000 }) {
      const { sql, params } = recordsQuery({ after }, limit);
      return (await pool.query<RecordRow>(numbered(sql), params)).rows.map(toStoredRecord);
    },
    async *export(filter) {
      for await (const row of pages((after) => recordsQuery({ ...filter, after }, PAGE))) yield toExportRecord(row);
    },
    async verify() {
      // One REPEATABLE READ transaction: the head, every page of records and the texts from one
      // snapshot, however much other instances append meanwhile.
      const c = await pool.connect();
      try {
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const head = (await c.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM chain_head WHERE one = 1`)).rows[0];
        async function* rows(): AsyncGenerator<ChainRow> {
          for await (const row of pages((after) => ({ sql: `SELECT * FROM (${CHAIN_QUERY}) c WHERE seq > ? ORDER BY seq LIMIT ${PAGE}`, params: [after] }), c)) yield toChainRow(row);
        }
        const result = await verifyChain(rows(), head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS });
        if (!result.ok) return result;
        const text = badText((await c.query<{ hash: string; text: string }>(`SELECT hash, text FROM texts`)).rows);
        return text ? { ...result, ok: false, problem: { seq: 0, id: text, problem: `the text kept for ${text} does not hash to it: altered` } } : result;
      } finally {
        await c.query('COMMIT').catch(() => {});
        c.release();
      }
    },
    async purge(before, receivedAt) {
      return tx(async (c) => {
        const h = await lockHead(c);
        const { rows } = await c.query<{ seq: string }>(`SELECT seq FROM proofs WHERE received_at < $1 AND body IS NOT NULL ORDER BY seq`, [before]);
        if (!rows.length) return 0;
        const { record, body } = purgeBody(before, receivedAt, rows.map((r) => Number(r.seq)));
        await c.query(`UPDATE proofs SET body = NULL, subject = NULL, erased_by = $1 WHERE received_at < $2 AND body IS NOT NULL`, [record.id, before]);
        const link = nextLink(h, 'purge', record.id, body);
        await c.query(`INSERT INTO erasures (seq, id, kind, subject_hash, at, received_at, body, prev_hash, digest, hash) VALUES ($1, $2, 'purge', NULL, $3, $4, $5, $6, $7, $8)`, [
          link.seq, record.id, receivedAt, receivedAt, body, link.prevHash, link.digest, link.hash,
        ]);
        await setHead(c, { seq: link.seq, hash: link.hash });
        return rows.length;
      });
    },
    async getPoster(provider, id) {
      const row = (await pool.query<{ content_type: string; bytes: Buffer; fetched_at: string }>(`SELECT content_type, bytes, fetched_at FROM posters WHERE provider = $1 AND id = $2`, [provider, id])).rows[0];
      return row && { provider: provider as Poster['provider'], id, contentType: row.content_type, bytes: row.bytes, fetchedAt: row.fetched_at };
    },
    async putPoster(p, keep) {
      await tx(async (c) => {
        await c.query(`INSERT INTO posters (provider, id, content_type, bytes, fetched_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider, id) DO NOTHING`, [p.provider, p.id, p.contentType, Buffer.from(p.bytes), p.fetchedAt]);
        await c.query(`DELETE FROM posters WHERE (provider, id) IN (SELECT provider, id FROM posters ORDER BY fetched_at DESC, provider DESC, id DESC OFFSET $1)`, [Math.max(0, Math.floor(keep))]);
      });
    },
    async close() {
      await pool.end();
    },
  };
}
