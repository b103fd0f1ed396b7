// consentkit-server over real HTTP on loopback, against a real SQLite file and a real PostgreSQL
// server: the README's receiver contract, erasure, reading with the token, origins, rate limit,
// hostile bodies. Run by `npm test`.
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';
import { READ_TOKEN, eachStore, erasure, newSubject, post, proof, read, serve, server } from './server-helpers.mjs';

const { BatchWriter: Writer, QueueFullError: QueueFull } = (await runnerImport(fileURLToPath(new URL('../../src/server/writer.ts', import.meta.url)))).module;

eachStore('proof server', (database) => {
  let db;
  let srv;
  const logs = [];
  before(async () => {
    db = await database();
    srv = await serve({ db: db.url, allowOrigins: ['https://shop.example'], log: (m) => logs.push(m), logLimit: Infinity });
  });
  after(async () => {
    await srv.close();
    await db.drop();
  });

  it('stores a valid proof once, with the time it arrived, and its place in the chain', async () => {
    const p = proof({ text: 'Load YouTube? Google receives your IP address.' });
    const first = await post(srv.url, p);
    assert.equal(first.status, 201);
    assert.deepEqual(await first.json(), { id: p.id });
    const again = await post(srv.url, p);
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { id: p.id, duplicate: true });
    const list = await (await read(srv.url)).json();
    const stored = list.filter((r) => r.id === p.id);
    assert.equal(stored.length, 1);
    const { seq, hash, kind, receivedAt, textStored, text, ...rest } = stored[0];
    assert.ok(seq >= 1 && /^[0-9a-f]{64}$/.test(hash) && kind === 'proof');
    assert.ok(Date.parse(receivedAt) >= Date.parse(p.at) - 1000);
    assert.equal(text, p.text, 'the exact text shown is kept');
    assert.match(textStored, /^sha256:[0-9a-f]{64}$/);
    const { text: _t, ...sent } = p;
    assert.deepEqual(rest, sent);
  });

  it('answers 400 with the zod issues for a proof that is not valid, and logs the fields', async () => {
    const res = await post(srv.url, proof({ decision: 'maybe', userAgent: 'Mozilla/5.0' }));
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error, 'not a valid consent proof');
    assert.deepEqual(body.issues.map((i) => i.path.join('.') || i.keys?.join(',')).sort(), ['decision', 'userAgent']);
    assert.ok(logs.some((m) => m.includes('400') && m.includes('decision') && m.includes('userAgent')), logs.join('\n'));
  });

  it('answers 400 for a body that is not JSON, 413 for one over 16 KiB, 415 for another type, 405 for another method', async () => {
    assert.equal((await post(srv.url, '{"id": ')).status, 400);
    const big = await post(srv.url, proof({ text: 'x'.repeat(20_000) }));
    assert.equal(big.status, 413);
    assert.equal((await post(srv.url, proof(), { 'content-type': 'text/plain' })).status, 415);
    assert.equal((await post(srv.url, proof(), { 'content-encoding': 'gzip' })).status, 415);
    assert.equal((await fetch(srv.url, { method: 'DELETE' })).status, 405);
    assert.equal((await fetch(srv.url, { method: 'PUT', body: '{}' })).status, 405);
  });

  it('answers 413 for an oversized body sent without a length (chunked), and stores nothing of it', async () => {
    const p = proof({ text: 'y'.repeat(20_000) });
    const status = await new Promise((resolve, reject) => {
      const req = request(srv.url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', (e) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
      const body = JSON.stringify(p);
      for (let i = 0; i < body.length; i += 1000) req.write(body.slice(i, i + 1000));
      req.end();
    });
    assert.equal(status, 413);
    const list = await (await read(srv.url)).json();
    assert.ok(!list.some((r) => r.id === p.id));
  });

  it('keeps hostile but valid values exactly as sent: SQL metacharacters in every free field, unicode', async () => {
    const nasty = `'; DROP TABLE proofs; -- " \\ %_ $1 ? \u202e 🙂 ñ 中文`;
    const p = proof({ tag: nasty.slice(0, 100), text: nasty, path: "/a'b;--\"c/%27/🙂", query: "?q=1';DROP%20TABLE%20proofs;--", topics: ['news', 'deals'] });
    const res = await post(srv.url, p);
    assert.equal(res.status, 201, await res.clone().text());
    const stored = (await (await read(srv.url)).json()).find((r) => r.id === p.id);
    for (const key of ['tag', 'text', 'path', 'query']) assert.equal(stored[key], p[key], key);
    assert.deepEqual(stored.topics, p.topics);
    // The tables are still there, and the next proof goes in.
    assert.equal((await post(srv.url, proof())).status, 201);
  });

  it('answers 400 naming the field for a NUL character (no database keeps it in text), and goes on', async () => {
    const res = await post(srv.url, proof({ text: 'Load\u0000 YouTube' }));
    assert.equal(res.status, 400);
    assert.deepEqual((await res.json()).issues[0].path, ['text']);
    assert.ok(logs.some((m) => m.includes('field text contains a NUL')));
    assert.equal((await post(srv.url, proof())).status, 201);
  });

  it('turns away what the schema does not allow: SQL in a constrained field, huge numbers, prototype keys, arrays, nested objects', async () => {
    const bad = [
      proof({ service: "youtube'; DROP TABLE proofs;--" }),
      proof({ subject: "' OR '1'='1" }),
      { ...proof(), schema: 1e308 },
      JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(proof()).slice(1)}`),
      [proof()],
      proof({ remembered: { $gt: '' } }),
      proof({ at: '2026-13-45T99:99:99Z' }),
      null,
      12345678901234567890,
    ];
    for (const body of bad) {
      const res = await post(srv.url, JSON.stringify(body));
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
    }
  });

  it('erases a subject: its proofs are emptied, a hashed record stays, a repeat is a duplicate, later proofs are not stored', async () => {
    const subject = newSubject();
    const mine = [proof({ subject }), proof({ subject, decision: 'withdrawn' })];
    const other = proof();
    for (const p of [...mine, other]) assert.equal((await post(srv.url, p)).status, 201);
    const request = erasure(subject);
    const res = await post(srv.url, request);
    assert.equal(res.status, 201);
    assert.deepEqual(await res.json(), { id: request.id, deleted: 2 });
    assert.equal((await post(srv.url, request)).status, 200, 'a repeated request is a duplicate');
    const list = await (await read(srv.url)).json();
    const text = JSON.stringify(list);
    assert.ok(!text.includes(subject), 'the subject id is gone');
    for (const p of mine) assert.deepEqual(Object.keys(list.find((r) => r.id === p.id)).sort(), ['erased', 'hash', 'id', 'kind', 'seq']);
    assert.equal(list.find((r) => r.id === other.id).subject, other.subject);
    const record = list.find((r) => r.id === request.id);
    assert.equal(record.type, 'erasure');
    assert.equal(record.deleted, 2);
    assert.match(record.subjectHash, /^[0-9a-f]{64}$/);
    const late = await post(srv.url, proof({ subject }));
    assert.equal(late.status, 200);
    assert.equal((await late.json()).erased, true);
    assert.ok(!JSON.stringify(await (await read(srv.url)).json()).includes(subject));
    assert.equal((await (await srv.handler.ready).verify()).ok, true, 'the chain still verifies');
  });

  it('rejects a malformed erasure request with 400', async () => {
    const res = await post(srv.url, { schema: 1, type: 'erasure', id: 'nope', subject: 'x' });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error, 'not a valid erasure request');
  });

  it('reads only with the bearer token: none, a wrong one and one of another length are refused', async () => {
    assert.equal((await fetch(srv.url)).status, 401);
    assert.equal((await read(srv.url, READ_TOKEN.replace(/.$/, 'x'))).status, 401);
    assert.equal((await read(srv.url, `${READ_TOKEN}x`)).status, 401);
    assert.equal((await read(srv.url, 'short')).status, 401);
    assert.equal((await fetch(srv.url, { headers: { authorization: `Basic ${READ_TOKEN}` } })).status, 401);
    assert.equal((await fetch(`${srv.base}/proofs/export`)).status, 401);
    assert.equal((await fetch(srv.url, { headers: { accept: 'text/event-stream' } })).status, 401);
    assert.equal((await read(srv.url)).status, 200);
    assert.ok(logs.some((m) => m.includes('401') && m.includes('wrong bearer token')));
  });

  it('accepts POSTs from its own origin and the allowed ones (with CORS headers, Retry-After exposed), refuses other origins', async () => {
    const own = await post(srv.url, proof(), { origin: srv.base });
    assert.equal(own.status, 201);
    assert.equal(own.headers.get('access-control-allow-origin'), null);
    const allowed = await post(srv.url, proof(), { origin: 'https://shop.example' });
    assert.equal(allowed.status, 201);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(allowed.headers.get('access-control-expose-headers'), /retry-after/i);
    const p = proof();
    const other = await post(srv.url, p, { origin: 'https://evil.example' });
    assert.equal(other.status, 403);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    assert.ok(!(await (await read(srv.url)).json()).some((r) => r.id === p.id));
    const preflight = await fetch(srv.url, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-site-key' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type, x-site-key');
    assert.equal((await fetch(srv.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } })).status, 403);
  });

  it('streams new records to a reader with the token, as they are committed', async () => {
    const controller = new AbortController();
    const stream = await read(srv.url, READ_TOKEN, { accept: 'text/event-stream' });
    assert.equal(stream.status, 200);
    const reader = stream.body.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    assert.match(text, /^: proofs as they arrive/);
    const p = proof();
    await post(srv.url, p);
    while (!text.includes(p.id)) text += decoder.decode((await reader.read()).value);
    assert.match(text, new RegExp(`id: \\d+\\ndata: .*"id":"${p.id}"`));
    await reader.cancel();
    controller.abort();
  });

  it('pages the list with after and limit, and refuses bad values naming them', async () => {
    const page = await (await read(`${srv.url}?limit=2`)).json();
    assert.equal(page.length, 2);
    const next = await (await read(`${srv.url}?after=${page[1].seq}&limit=1`)).json();
    assert.equal(next[0].seq, page[1].seq + 1);
    const bad = await read(`${srv.url}?limit=-1`);
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /limit/);
  });

  it('exports over HTTP as JSON lines and CSV, filtered by service, with chain data', async () => {
    const p = proof({ service: 'vimeo', tag: '=HYPERLINK("http://evil")' });
    await post(srv.url, p);
    const jsonl = await read(`${srv.base}/proofs/export?service=vimeo`);
    assert.equal(jsonl.status, 200);
    const lines = (await jsonl.text()).trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.every((l) => l.service === 'vimeo' || l.erased));
    const line = lines.find((l) => l.id === p.id);
    assert.ok(line.prevHash && line.digest && line.hash && line.body);
    const csv = await (await read(`${srv.base}/proofs/export?service=vimeo&format=csv`)).text();
    const [header, ...rows] = csv.trim().split('\n');
    assert.ok(header.startsWith('seq,kind,id,'));
    const row = rows.find((r) => r.includes(p.id));
    assert.ok(row.includes(`"'=HYPERLINK(""http://evil"")"`), 'a formula is kept as text');
    assert.equal((await read(`${srv.base}/proofs/export?format=xml`)).status, 400);
    assert.equal((await read(`${srv.base}/proofs/export?from=yesterday`)).status, 400);
  });

  it('says it is ready at /healthz and answers 404 elsewhere', async () => {
    const health = await (await fetch(`${srv.base}/healthz`)).json();
    assert.equal(health.ok, true);
    assert.equal((await fetch(`${srv.base}/nothing-here`)).status, 404);
  });
});

eachStore('rate limit', (database) => {
  let db;
  let srv;
  let now = 1_000_000;
  before(async () => {
    db = await database();
    srv = await serve({ db: db.url, rateLimit: 3, now: () => now, log: () => {} });
  });
  after(async () => {
    await srv.close();
    await db.drop();
  });

  it('answers 429 with Retry-After beyond the per-minute limit, and lets the client in again after that time', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await post(srv.url, proof())).status, 201);
    const limited = await post(srv.url, proof());
    assert.equal(limited.status, 429);
    const wait = Number(limited.headers.get('retry-after'));
    assert.equal(wait, 20, 'three a minute: one every 20 s');
    now += wait * 1000;
    assert.equal((await post(srv.url, proof())).status, 201);
    assert.equal((await post(srv.url, proof())).status, 429);
  });
});

it('behind a proxy (trustProxy), limits each client by its X-Forwarded-For address, not the proxy', async () => {
  const { sqliteFile } = await import('./server-helpers.mjs');
  const db = await sqliteFile();
  const srv = await serve({ db: db.url, rateLimit: 1, trustProxy: true, now: () => 0, log: () => {} });
  try {
    const from = (ip) => ({ 'x-forwarded-for': `203.0.113.9, ${ip}` });
    assert.equal((await post(srv.url, proof(), from('198.51.100.1'))).status, 201);
    assert.equal((await post(srv.url, proof(), from('198.51.100.1'))).status, 429);
    assert.equal((await post(srv.url, proof(), from('198.51.100.2'))).status, 201, 'another visitor behind the same proxy');
  } finally {
    await srv.close();
    await db.drop();
  }
});

/** A POST with exactly these headers (fetch would not send a Host of our choosing): status and body. */
function rawPost(url, body, headers) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, body: text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

it("behind a reverse proxy (the README's setup: Host is the upstream address), a same-origin POST is stored, a cross-origin one is not", async () => {
  const { sqliteFile } = await import('./server-helpers.mjs');
  const db = await sqliteFile();
  const plain = await serve({ db: db.url, log: () => {} });
  const proxied = await serve({ store: await plain.handler.ready, trustProxy: true, log: () => {} });
  // What nginx forwards for a page on https://www.example.org posting to /consent/proofs.
  const upstream = { host: '127.0.0.1:8787', origin: 'https://www.example.org' };
  try {
    const sameOrigin = proof();
    const res = await rawPost(plain.url, sameOrigin, { ...upstream, 'sec-fetch-site': 'same-origin' });
    assert.equal(res.status, 201, res.body);
    assert.ok((await (await read(plain.url)).json()).some((r) => r.id === sameOrigin.id), 'stored');
    // Without Sec-Fetch-Site (an older browser), the proxy's X-Forwarded-Host or Forwarded says which host the page asked for.
    assert.equal((await rawPost(proxied.url, proof(), { ...upstream, 'x-forwarded-host': 'www.example.org' })).status, 201);
    assert.equal((await rawPost(proxied.url, proof(), { ...upstream, forwarded: 'for=198.51.100.1;host=www.example.org;proto=https' })).status, 201);
    // ... but only with trustProxy, and a page on another site is still refused.
    assert.equal((await rawPost(plain.url, proof(), { ...upstream, 'x-forwarded-host': 'www.example.org' })).status, 403);
    assert.equal((await rawPost(plain.url, proof(), { ...upstream, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await rawPost(proxied.url, proof(), { ...upstream, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'x-forwarded-host': 'www.example.org' })).status, 403);
    assert.equal((await rawPost(plain.url, proof(), upstream)).status, 403, 'no way to tell: refused, as before');
  } finally {
    await proxied.close();
    await plain.close();
    await db.drop();
  }
});

it('the command stops on SIGTERM while a live-stream reader is connected: the stream ends cleanly, the process exits 0', { timeout: 30_000 }, async () => {
  const { sqliteFile, startCli } = await import('./server-helpers.mjs');
  const db = await sqliteFile();
  const cli = startCli(['--db', db.url, '--read-token', READ_TOKEN]);
  try {
    const url = `${await cli.listening}/proofs`;
    const stream = await read(url, READ_TOKEN, { accept: 'text/event-stream' });
    assert.equal(stream.status, 200);
    const reader = stream.body.getReader();
    assert.match(new TextDecoder().decode((await reader.read()).value), /^: proofs as they arrive/);
    cli.child.kill('SIGTERM');
    // The server ends the stream (a clean end of the response, not a connection torn down) and exits.
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
    assert.deepEqual(await cli.exited, { code: 0, signal: null }, cli.stderr());
  } finally {
    cli.child.kill('SIGKILL');
    await db.drop();
  }
});

it('answers 408 to a body that stops arriving, and stays open for others', async () => {
  const { sqliteFile } = await import('./server-helpers.mjs');
  const db = await sqliteFile();
  const logs = [];
  const srv = await serve({ db: db.url, bodyTimeoutMs: 300, log: (m) => logs.push(m), logLimit: Infinity });
  try {
    const status = await new Promise((resolve, reject) => {
      const req = request(srv.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '500' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.write('{"schema": 1, '); // and nothing more
    });
    assert.equal(status, 408);
    assert.ok(logs.some((m) => m.includes('408')));
    assert.equal((await post(srv.url, proof())).status, 201);
  } finally {
    await srv.close();
    await db.drop();
  }
});

it('refuses to start without a store, and reading is off without a token', async () => {
  const { server } = await import('./server-helpers.mjs');
  assert.throws(() => server.createProofServer({}), /store.*db/);
  const db = await (await import('./server-helpers.mjs')).sqliteFile();
  const srv = await serve({ db: db.url, readToken: undefined, log: () => {} });
  try {
    const res = await fetch(srv.url);
    assert.equal(res.status, 403);
    assert.match((await res.json()).error, /--read-token/);
  } finally {
    await srv.close();
    await db.drop();
  }
});

it('a proof id is stored once even when two server instances share one PostgreSQL database', { skip: !process.env.CK_TEST_POSTGRES_URL && !process.env.CI && 'PostgreSQL tests skipped: set CK_TEST_POSTGRES_URL' }, async () => {
  assert.ok(process.env.CK_TEST_POSTGRES_URL, 'CI is set, so PostgreSQL tests must run, but CK_TEST_POSTGRES_URL is not set');
  const { pgSchemaUrl } = await import('./server-helpers.mjs');
  const db = await pgSchemaUrl();
  const [a, b] = [await serve({ db: db.url }), await serve({ db: db.url })];
  try {
    const proofs = Array.from({ length: 200 }, () => proof());
    // Every proof to both instances at once, as a retry through the load balancer would.
    const answers = await Promise.all(proofs.flatMap((p) => [post(a.url, p), post(b.url, p)]));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 200);
    assert.equal(statuses.filter((s) => s === 200).length, 200);
    const rows = await db.sql('SELECT id, count(*)::int AS n FROM proofs GROUP BY id');
    assert.equal(rows.length, 200);
    assert.ok(rows.every((r) => r.n === 1));
    assert.equal((await (await a.handler.ready).verify()).ok, true, 'one chain, no gaps');
  } finally {
    await a.close();
    await b.close();
    await db.drop();
  }
});

eachStore('retention and the write queue', (database) => {
  it('--retain-days: the server empties proofs older than that on its own, and records the purge', async () => {
    const db = await database();
    const store = await server.openStore(db.url);
    const old = proof();
    await store.append([{ kind: 'proof', proof: old }], new Date(Date.now() - 3 * 86_400_000).toISOString());
    const srv = await serve({ store, retainDays: 2, purgeIntervalMs: 50, log: () => {} });
    try {
      const kept = proof();
      assert.equal((await post(srv.url, kept)).status, 201);
      const purge = await until(async () => (await store.list({})).find((r) => r.type === 'purge'));
      assert.equal(purge.purged, 1);
      const list = await store.list({});
      assert.equal(list.find((r) => r.id === old.id).erased, true);
      assert.equal(list.find((r) => r.id === kept.id).subject, kept.subject);
      assert.equal((await store.verify()).ok, true);
    } finally {
      await srv.close();
      await store.close();
      await db.drop();
    }
  });

  it('a full write queue refuses at once (the handler answers 503 + Retry-After) instead of growing', async () => {
    const db = await database();
    const store = await server.openStore(db.url);
    try {
      const writer = new Writer(store, { limit: 2, batchSize: 10 });
      const first = writer.submit({ kind: 'proof', proof: proof() });
      const second = writer.submit({ kind: 'proof', proof: proof() });
      await assert.rejects(writer.submit({ kind: 'proof', proof: proof() }), QueueFull);
      assert.deepEqual([(await first).status, (await second).status], ['stored', 'stored']);
      assert.equal((await writer.submit({ kind: 'proof', proof: proof() })).status, 'stored', 'room again once they are written');
    } finally {
      await store.close();
      await db.drop();
    }
  });
});

eachStore('export over HTTP while proofs arrive', (database) => {
  it('a reader who does not keep up, or goes away mid-export, holds up no POST', async () => {
    const db = await database();
    const store = await server.openStore(db.url);
    // Enough that the export cannot fit in the sockets' buffers: the server has to wait for the reader.
    const long = `/${'a'.repeat(1990)}`;
    for (let b = 0; b < 8; b++) await store.append(Array.from({ length: 500 }, () => ({ kind: 'proof', proof: proof({ path: long, query: `?${'q'.repeat(1990)}` }) })), new Date().toISOString());
    // The store as it is, but counting the exports whose reading has ended (closed or finished).
    let exportsEnded = 0;
    const watched = {
      ...store,
      async *export(filter) {
        try {
          yield* store.export(filter);
        } finally {
          exportsEnded++;
        }
      },
    };
    const handler = server.createProofServer({ store: watched, readToken: READ_TOKEN, rateLimit: 0, log: () => {} });
    const exporting = [];
    const http = createServer((req, res) => {
      if (req.url.startsWith('/proofs/export')) exporting.push(res);
      handler(req, res);
    });
    await new Promise((r) => http.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${http.address().port}/proofs`;
    /** Starts an export that is not read; resolves once the server waits for the reader to take more. */
    const stalledExport = async () => {
      const seen = exporting.length;
      const req = request(`${url}/export`, { headers: { authorization: `Bearer ${READ_TOKEN}` } });
      const response = new Promise((resolve, reject) => req.on('response', resolve).on('error', reject));
      req.end();
      (await response).pause();
      const res = await until(() => exporting[seen]);
      await until(() => res.writableNeedDrain || assert.ok(!res.writableFinished, 'the whole export fit in the buffers: make it longer'));
      return { req, res };
    };
    try {
      const slow = await stalledExport();
      const during = await post(url, proof());
      assert.equal(during.status, 201, `a POST while an export waits for its reader: ${during.status} ${await during.text()}`);
      slow.req.destroy();
      await new Promise((r) => (slow.res.destroyed ? r() : slow.res.once('close', r)));
      const gone = await stalledExport();
      gone.req.destroy(); // the reader goes away while the server waits for it
      await new Promise((r) => (gone.res.destroyed ? r() : gone.res.once('close', r)));
      await until(() => exportsEnded === 2); // the server stops reading for a reader who left, and lets go of the query
      const afterwards = await post(url, proof());
      assert.equal(afterwards.status, 201, `a POST after an export was abandoned: ${afterwards.status}`);
      assert.equal((await store.verify()).ok, true);
    } finally {
      await new Promise((r) => {
        http.close(r);
        http.closeAllConnections();
      });
      await handler.close();
      await store.close();
      await db.drop();
    }
  });
});

/** Polls `check` until it returns something truthy (a limit, not a delay). */
async function until(check, limit = 10_000) {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - start > limit) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
