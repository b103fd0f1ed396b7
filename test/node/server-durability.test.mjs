// Durability: under load, `kill -9` the server process; after a restart every proof it
// acknowledged is there, none twice, and `verify` passes. Then one row edited by hand makes
// `verify` fail and name it. Real SQLite file and real PostgreSQL server, real processes.
//
// What the kill -9 test cannot show: kill -9 ends the process, not the machine. What the process
// wrote is in the operating system's page cache and reaches the disk anyway, so that test passes
// just as well with no fsync at all (a missing fsync of the SQLite WAL, `synchronous = OFF`, or
// PostgreSQL with `synchronous_commit = off`); only a power cut would tell. So the second test
// checks the order instead, for SQLite (where the fsync is our code): an append is acknowledged
// only once an fsync of the WAL has finished (the fsync step injected; it cannot tell an fsync
// that started just before the commit, as the WAL file is opened asynchronously first). For
// PostgreSQL the durable step is the server's own (synchronous_commit, on by default): not tested here.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';
import { READ_TOKEN, eachStore, post, proof, read, runCli, sqliteFile, startCli } from './server-helpers.mjs';

const { openSqlite } = (await runnerImport(fileURLToPath(new URL('../../src/server/sqlite.ts', import.meta.url)))).module;

const ACKED_BEFORE_KILL = 400;
const WORKERS = 24;

eachStore('durability', (database) => {
  it('keeps every acknowledged proof once after kill -9 under load, and the chain verifies', async () => {
    const db = await database();
    try {
      const first = startCli(['--db', db.url, '--rate-limit', '0', '--read-token', READ_TOKEN]);
      const url = `${await first.listening}/proofs`;
      const acked = new Set();
      const sentOnce = [];
      let killed = false;
      let reachedCount;
      const reached = new Promise((resolve) => (reachedCount = resolve));
      // Workers post new proofs and, now and then, one already acknowledged (a client retry).
      const workers = Array.from({ length: WORKERS }, async (_, w) => {
        for (let i = 0; ; i++) {
          const p = i % 5 === 4 && sentOnce.length ? sentOnce[(w * 7 + i) % sentOnce.length] : proof();
          let res;
          try {
            res = await post(url, p);
          } catch {
            return; // the server is gone: this request was never acknowledged
          }
          if (res.status === 201 || (res.status === 200 && (await res.clone().json()).duplicate)) {
            acked.add(p.id);
            sentOnce.push(p);
          } else assert.fail(`answered ${res.status} under load`);
          await res.arrayBuffer().catch(() => {});
          if (acked.size >= ACKED_BEFORE_KILL) reachedCount();
          if (killed) return;
        }
      });
      await reached;
      killed = true;
      first.child.kill('SIGKILL'); // while the workers' requests are in flight
      assert.equal((await first.exited).signal, 'SIGKILL');
      await Promise.all(workers);

      const second = startCli(['--db', db.url, '--read-token', READ_TOKEN]);
      const base = await second.listening;
      try {
        const stored = [];
        for (let after = 0; ; ) {
          const page = await (await read(`${base}/proofs?after=${after}&limit=5000`)).json();
          if (!page.length) break;
          stored.push(...page);
          after = page.at(-1).seq;
        }
        const ids = stored.map((r) => r.id);
        assert.equal(new Set(ids).size, ids.length, 'no proof twice');
        const missing = [...acked].filter((id) => !ids.includes(id));
        assert.deepEqual(missing, [], `${missing.length} acknowledged proofs lost of ${acked.size}`);
        assert.ok(stored.length >= acked.size);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      const verified = await runCli(['verify', '--db', db.url]);
      assert.equal(verified.code, 0, verified.stderr);
      assert.match(verified.stdout, /the chain holds/);

      // One row edited by hand: verify fails and names it.
      const [row] = await db.sql(`SELECT seq, id FROM proofs ORDER BY seq LIMIT 1 OFFSET 100`);
      await db.sql(`UPDATE proofs SET body = replace(body, '"youtube"', '"vimeo"') WHERE seq = ${row.seq}`);
      const tampered = await runCli(['verify', '--db', db.url]);
      assert.equal(tampered.code, 1);
      assert.match(tampered.stderr, new RegExp(`FAILED at record ${row.seq} \\(id ${row.id}\\)`));
    } finally {
      await db.drop();
    }
  });
});

it('SQLite: an append is acknowledged only once an fsync of the WAL, holding its commit, has finished', async () => {
  const db = await sqliteFile();
  const held = []; // fsyncs started and not yet let through
  let holding = true;
  const store = await openSqlite(db.url, {
    syncWal: (wal) => (holding ? new Promise((resolve, reject) => held.push(() => wal.sync().then(resolve, reject))) : wal.sync()),
  });
  try {
    await store.migrate();
    const p = proof();
    let acknowledged = false;
    const append = store.append([{ kind: 'proof', proof: p }], new Date().toISOString()).then((outcomes) => ((acknowledged = true), outcomes));
    const fsyncStarted = new Promise((resolve) => {
      const look = () => (held.length ? resolve('fsync') : acknowledged ? resolve('none') : setImmediate(look));
      look();
    });
    assert.equal(await Promise.race([fsyncStarted, append.then(() => 'acknowledged')]), 'fsync', 'acknowledged before any fsync of the WAL started');
    // The commit is in the WAL (another connection reads it) while its fsync has not finished: not yet acknowledged.
    assert.deepEqual((await db.sql('SELECT id FROM proofs')).map((r) => r.id), [p.id]);
    assert.equal(acknowledged, false, 'acknowledged while the fsync was still running');
    held.shift()();
    assert.equal((await append)[0].status, 'stored');
  } finally {
    holding = false;
    held.splice(0).forEach((release) => release());
    await store.close();
    await db.drop();
  }
});
