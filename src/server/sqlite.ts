/**
 * The embedded store: one SQLite file through better-sqlite3 (an optional peer dependency).
 * A commit is on disk before `append` resolves, so an acknowledged proof survives a crash of the
 * process or the machine. better-sqlite3 is synchronous, and `synchronous = FULL` would fsync
 * inside the commit, stopping the event loop for the whole disk flush. So: WAL with
 * `synchronous = NORMAL` (a commit writes its WAL frames, no fsync), then an fsync of the WAL
 * file in libuv's thread pool before `append` resolves; one fsync covers every commit before it
 * started. Frames a checkpoint moved meanwhile are safe too: in WAL mode SQLite syncs the WAL
 * before and the database after each checkpoint (https://sqlite.org/pragma.html#pragma_synchronous).
 * Checkpoints (copying the WAL into the database, with their own fsyncs) run in a worker thread on
 * a connection of its own, not inside a commit on the event loop.
 */
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { GENESIS, nextLink, verifyChain } from './chain.js';
import {
  CHAIN_QUERY,
  SCHEMA_VERSION,
  badText,
  erasureBody,
  loadDriver,
  prepareProof,
  purgeBody,
  recordsQuery,
  schemaV1,
  toChainRow,
  toExportRecord,
  toStoredRecord,
  hashSubject,
  type Outcome,
  type Poster,
  type ProofStore,
  type RecordRow,
} from './store.js';

const EXPORT_PAGE = 500;

export interface SqliteOptions {
  /** The durable step: an fsync of the WAL file (tests put their own around it). */
  syncWal?: (wal: FileHandle) => Promise<void>;
}

export async function openSqlite(file: string, { syncWal = (wal) => wal.sync() }: SqliteOptions = {}): Promise<ProofStore> {
  const Database = loadDriver<typeof BetterSqlite3>('sqlite');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db: BetterSqlite3.Database = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const durable = walSync(file, syncWal);
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(file);
  if (checkpointer) db.pragma('wal_autocheckpoint = 0');
  db.pragma('journal_size_limit = 67108864'); // a WAL reused after a checkpoint is cut back to 64 MiB

  const version = (): number => {
    const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).get();
    if (!hasMeta) return 0;
    const row = db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  };

  // Statements are prepared on first use: before `migrate` the tables may not exist.
  const cache = new Map<string, BetterSqlite3.Statement>();
  const st = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const head = () => (st(`SELECT seq, hash FROM chain_head WHERE one = 1`).get() as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: GENESIS };
  const setHead = (h: { seq: number; hash: string }) => st(`INSERT INTO chain_head (one, seq, hash) VALUES (1, ?, ?) ON CONFLICT (one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`).run(h.seq, h.hash);

  const appendTx = db.transaction((batch: Parameters<ProofStore['append']>[0], receivedAt: string): Outcome[] => {
    let h = head();
    const outcomes: Outcome[] = [];
    for (const item of batch) {
      if (item.kind === 'proof') {
        const p = prepareProof(item.proof, receivedAt);
        if (st(`SELECT 1 FROM erasures WHERE subject_hash = ?`).get(p.subjectHash)) {
          outcomes.push({ status: 'erased' });
          continue;
        }
        if (st(`SELECT 1 FROM proofs WHERE id = ?`).get(p.id)) {
          outcomes.push({ status: 'duplicate' });
          continue;
        }
        const link = nextLink(h, 'proof', p.id, p.body);
        st(`INSERT INTO proofs (seq, id, received_at, subject, service, at, text_hash, body, prev_hash, digest, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
          link.seq, p.id, receivedAt, p.subject, p.service, p.at, p.textHash, p.body, link.prevHash, link.digest, link.hash,
        );
        if (p.text !== undefined) st(`INSERT INTO texts (hash, text, first_seen) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING`).run(p.textHash, p.text, receivedAt);
        h = { seq: link.seq, hash: link.hash };
        outcomes.push({ status: 'stored', record: { ...p.record, seq: link.seq, kind: 'proof', id: p.id, hash: link.hash, ...(p.text !== undefined && { text: p.text }) } });
      } else {
        const { request } = item;
        if (st(`SELECT 1 FROM erasures WHERE id = ?`).get(request.id)) {
          outcomes.push({ status: 'duplicate' });
          continue;
        }
        const doomed = st(`SELECT seq, id FROM proofs WHERE subject = ? AND body IS NOT NULL ORDER BY seq`).all(request.subject) as Array<{ seq: number; id: string }>;
        st(`UPDATE proofs SET body = NULL, subject = NULL, erased_by = ? WHERE subject = ?`).run(request.id, request.subject);
        const { record, body } = erasureBody(request, receivedAt, doomed.map((d) => d.seq));
        const link = nextLink(h, 'erasure', request.id, body);
        st(`INSERT INTO erasures (seq, id, kind, subject_hash, at, received_at, body, prev_hash, digest, hash) VALUES (?, ?, 'erasure', ?, ?, ?, ?, ?, ?, ?)`).run(
          link.seq, request.id, hashSubject(request.subject), request.at, receivedAt, body, link.prevHash, link.digest, link.hash,
        );
        h = { seq: link.seq, hash: link.hash };
        outcomes.push({ status: 'erasure', record: { ...record, seq: link.seq, kind: 'erasure', id: request.id, hash: link.hash }, deletedIds: doomed.map((d) => d.id) });
      }
    }
    setHead(h);
    return outcomes;
  });

  const purgeTx = db.transaction((before: string, receivedAt: string): number => {
    const doomed = st(`SELECT seq FROM proofs WHERE received_at < ? AND body IS NOT NULL ORDER BY seq`).all(before) as Array<{ seq: number }>;
    if (!doomed.length) return 0;
    const { record, body } = purgeBody(before, receivedAt, doomed.map((d) => d.seq));
    st(`UPDATE proofs SET body = NULL, subject = NULL, erased_by = ? WHERE received_at < ? AND body IS NOT NULL`).run(record.id, before);
    const link = nextLink(head(), 'purge', record.id, body);
    st(`INSERT INTO erasures (seq, id, kind, subject_hash, at, received_at, body, prev_hash, digest, hash) VALUES (?, ?, 'purge', NULL, ?, ?, ?, ?, ?, ?)`).run(
      link.seq, record.id, receivedAt, receivedAt, body, link.prevHash, link.digest, link.hash,
    );
    setHead({ seq: link.seq, hash: link.hash });
    return doomed.length;
  });

  return {
    kind: 'sqlite',
    inFlight: 4,
    async migrate() {
      const from = version();
      if (from > SCHEMA_VERSION) throw new Error(`the database has schema version ${from}; this consentkit-server knows up to ${SCHEMA_VERSION}. Upgrade consentkit.`);
      if (from < 1) {
        db.transaction(() => {
          for (const sql of schemaV1({ bigint: 'INTEGER', blob: 'BLOB' })) db.exec(sql);
          db.prepare(`INSERT INTO chain_head (one, seq, hash) VALUES (1, 0, ?) ON CONFLICT (one) DO NOTHING`).run(GENESIS);
          db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(SCHEMA_VERSION));
        })();
      }
      return { from, to: version() };
    },
    async append(batch, receivedAt) {
      const outcomes = appendTx(batch, receivedAt);
      await durable();
      return outcomes;
    },
    async list({ after = 0, limit = 1000 }) {
      const { sql, params } = recordsQuery({ after }, limit);
      return (st(sql).all(...params) as RecordRow[]).map(toStoredRecord);
    },
    async *export(filter) {
      // Pages read whole with .all(), never an open .iterate(): the caller awaits a slow reader
      // between records, and while a statement of this connection is open better-sqlite3 refuses
      // every write ("This database connection is busy executing a query").
      for (let after = 0; ; ) {
        const { sql, params } = recordsQuery({ ...filter, after }, EXPORT_PAGE);
        const rows = st(sql).all(...params) as RecordRow[];
        for (const row of rows) yield toExportRecord(row);
        if (rows.length < EXPORT_PAGE) return;
        after = Number(rows.at(-1)!.seq);
      }
    },
    async verify() {
      // One read transaction on a connection of its own: the head, the records and the texts all
      // from one snapshot, however much is appended (here or by another process) meanwhile.
      const reader = file === ':memory:' ? db : new Database(file, { readonly: true, fileMustExist: true });
      try {
        reader.exec('BEGIN');
        const stored = (reader.prepare(`SELECT seq, hash FROM chain_head WHERE one = 1`).get() as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: GENESIS };
        async function* rows() {
          for (const row of reader.prepare(CHAIN_QUERY).iterate() as Iterable<RecordRow>) yield toChainRow(row);
        }
        const result = await verifyChain(rows(), stored);
        if (!result.ok) return result;
        const text = badText(reader.prepare(`SELECT hash, text FROM texts`).iterate() as Iterable<{ hash: string; text: string }>);
        return text ? { ...result, ok: false, problem: { seq: 0, id: text, problem: `the text kept for ${text} does not hash to it: altered` } } : result;
      } finally {
        if (reader.inTransaction) reader.exec('COMMIT');
        if (reader !== db) reader.close();
      }
    },
    async purge(before, receivedAt) {
      const n = purgeTx(before, receivedAt);
      await durable();
      return n;
    },
    async getPoster(provider, id) {
      const row = st(`SELECT content_type, bytes, fetched_at FROM posters WHERE provider = ? AND id = ?`).get(provider, id) as { content_type: string; bytes: Buffer; fetched_at: string } | undefined;
      return row && { provider: provider as Poster['provider'], id, contentType: row.content_type, bytes: row.bytes, fetchedAt: row.fetched_at };
    },
    async putPoster(p, keep) {
      db.transaction(() => {
        st(`INSERT INTO posters (provider, id, content_type, bytes, fetched_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider, id) DO NOTHING`).run(p.provider, p.id, p.contentType, Buffer.from(p.bytes), p.fetchedAt);
        st(`DELETE FROM posters WHERE rowid IN (SELECT rowid FROM posters ORDER BY fetched_at DESC, rowid DESC LIMIT -1 OFFSET ?)`).run(Math.max(0, Math.floor(keep)));
      })();
    },
    async close() {
      await durable();
      await durable.close();
      await checkpointer?.close();
      db.close();
    },
  };
}

/**
 * `durable()` resolves once an fsync of the WAL file that started after the call has finished:
 * calls made while one runs share the next one (group commit).
 */
function walSync(file: string, syncWal: (wal: FileHandle) => Promise<void>): (() => Promise<void>) & { close(): Promise<void> } {
  let handle: Promise<FileHandle | undefined> | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const wal = () => (handle ??= file === ':memory:' ? Promise.resolve(undefined) : open(`${file}-wal`, 'r'));
  const sync = async () => {
    const handle = await wal();
    if (handle) await syncWal(handle);
  };
  const durable = (): Promise<void> => {
    if (!running) {
      running = sync().finally(() => (running = undefined));
      return running;
    }
    next ??= running.then(
      () => ((next = undefined), durable()),
      () => ((next = undefined), durable()),
    );
    return next;
  };
  return Object.assign(durable, { close: async () => void (await (await handle)?.close()) });
}

/**
 * A worker thread with its own connection that checkpoints the WAL every `intervalMs` (PASSIVE:
 * it never waits for, nor holds up, the writer). Eval'd source, so it works from the bundle and
 * from the TypeScript source alike; the driver is the one this module found.
 */
function startCheckpointer(file: string, intervalMs = 1000) {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const db = new (require(workerData.driverPath))(workerData.file);
     db.pragma('busy_timeout = 5000');
     const timer = setInterval(() => {
       try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error && error.message)); }
     }, workerData.intervalMs);
     parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });`,
    { eval: true, workerData: { file, driverPath, intervalMs } },
  );
  worker.on('message', (message: string) => console.warn(`consentkit-server: a WAL checkpoint of ${file} failed (${message}); it is tried again in ${intervalMs} ms`));
  worker.on('error', (error) => console.warn(`consentkit-server: the WAL checkpointer of ${file} stopped (${error.message})`));
  worker.unref();
  return {
    close: () =>
      new Promise<void>((resolve) => {
        worker.ref(); // until it has closed its connection, even when nothing else keeps the process alive
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}
