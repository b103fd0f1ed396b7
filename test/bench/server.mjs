// consentkit-server under load: proofs per second and p50/p99 latency at 64 concurrent
// connections, each request a new valid proof, for the SQLite and the PostgreSQL store. The
// server is the built command (dist/server/cli.js) in a process of its own; autocannon loads it
// over loopback. BENCH_SERVER_ROUNDS rounds of BENCH_SERVER_SECONDS each (defaults 3 and 10); the
// table shows medians. PostgreSQL: CK_BENCH_POSTGRES_URL or CK_TEST_POSTGRES_URL (skipped, saying
// so, when neither is set). Runs alone (`node test/bench/server.mjs`) or from `npm run bench`.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(root, 'dist/server/cli.js');
const ROUNDS = Number(process.env.BENCH_SERVER_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 10);
const CONNECTIONS = 64;

const subject = () => Array.from({ length: 32 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)]).join('');
const proof = () =>
  JSON.stringify({
    schema: 1, id: randomUUID(), subject: subject(), service: 'youtube', purpose: 'embed', decision: 'granted', method: 'click', remembered: true,
    textVersion: 'abc123', textHash: `sha256:${'0'.repeat(64)}`, locale: 'en', origin: 'https://example.org', path: '/article', at: new Date().toISOString(),
  });

function start(db) {
  const child = spawn(process.execPath, [CLI, '--db', db, '--port', '0', '--rate-limit', '0', '--queue-limit', '100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: `${match[1]}/proofs` });
    });
    child.on('exit', (code) => reject(new Error(`consentkit-server exited (${code})`)));
  });
}

const stop = ({ child }) => new Promise((resolve) => (child.on('exit', resolve), child.kill('SIGTERM')));

function load(url) {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: proof() }) }],
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One store: a fresh database, a short warm-up, then ROUNDS measured rounds. */
async function measure(name, db, cleanup) {
  const server = await start(db);
  const rounds = [];
  try {
    await autocannon({ url: server.url, connections: CONNECTIONS, duration: 2, method: 'POST', headers: { 'content-type': 'application/json' }, requests: [{ setupRequest: (req) => ({ ...req, body: proof() }) }] });
    for (let i = 0; i < ROUNDS; i++) {
      const r = await load(server.url);
      rounds.push({ perSecond: r['2xx'] / r.duration, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });
    }
  } finally {
    await stop(server);
    await cleanup?.();
  }
  return {
    name,
    perSecond: median(rounds.map((r) => r.perSecond)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    runs: rounds.map((r) => Math.round(r.perSecond)).join(' / '),
    failed: rounds.reduce((n, r) => n + r.errors + r.non2xx, 0),
  };
}

async function pgSchema(url) {
  const pg = (await import('pg')).default;
  const schema = `ck_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const withPath = new URL(url);
  withPath.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: withPath.href,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/**
 * The disk's fsync latency (ms, p50 and p90 of 30): every acknowledgement waits for one, and 64
 * connections allow at most 64 proofs per fsync, so on a shared disk this bounds the figures.
 */
function fsyncLatency(dir) {
  const file = join(dir, 'fsync-probe');
  const fd = openSync(file, 'w');
  const times = [];
  for (let i = 0; i < 30; i++) {
    writeSync(fd, Buffer.alloc(4096, i));
    const start = process.hrtime.bigint();
    fsyncSync(fd);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  closeSync(fd);
  rmSync(file);
  times.sort((a, b) => a - b);
  return `p50 ${times[15].toFixed(1)} ms, p90 ${times[27].toFixed(1)} ms`;
}

export async function serverFigures() {
  if (!existsSync(CLI)) throw new Error('dist/server/cli.js is missing: run npm run build first');
  const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
  const loadBefore = load();
  const results = [];
  const dir = mkdtempSync(join(tmpdir(), 'consentkit-bench-'));
  const fsyncBefore = fsyncLatency(dir);
  results.push(await measure('SQLite (WAL, fsync before each acknowledgement)', join(dir, 'proofs.db'), () => rmSync(dir, { recursive: true, force: true })));
  const pgUrl = process.env.CK_BENCH_POSTGRES_URL ?? process.env.CK_TEST_POSTGRES_URL;
  if (pgUrl) {
    const schema = await pgSchema(pgUrl);
    results.push(await measure('PostgreSQL 15 (local, synchronous_commit on)', schema.url, () => schema.drop()));
  }
  console.log(`\nconsentkit-server: ${CONNECTIONS} connections, each request a new proof, ${ROUNDS} rounds of ${SECONDS} s, medians (goal: ≥ 3000 proofs/s, p99 ≤ 50 ms)\n`);
  console.log('| store | proofs/s (median) | p50 ms | p99 ms | rounds (proofs/s) | failed requests |');
  console.log('| --- | ---: | ---: | ---: | --- | ---: |');
  for (const r of results) console.log(`| ${r.name} | ${Math.round(r.perSecond)} | ${r.p50} | ${r.p99} | ${r.runs} | ${r.failed} |`);
  console.log(`\n  machine load (1/5/15 min): ${loadBefore} before, ${load()} after (2 cores; the load generator and PostgreSQL share them with the server)`);
  console.log(`  fsync latency of this disk before the run: ${fsyncBefore} (each acknowledgement waits for one; 64 connections: at most 64 proofs per fsync)`);
  if (!pgUrl) console.log('\nPostgreSQL skipped: set CK_BENCH_POSTGRES_URL (or CK_TEST_POSTGRES_URL) to a server to measure it.');
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serverFigures();
