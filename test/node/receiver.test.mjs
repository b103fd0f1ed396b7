// The reference receiver (demo/receiver.ts) over real HTTP, in Node. Run by `npm test`.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';
import { proof } from './server-helpers.mjs';

const { module: receiverModule } = await runnerImport(fileURLToPath(new URL('../../demo/receiver.ts', import.meta.url)));
const { createReceiver } = receiverModule;

async function serve(receiver) {
  const server = createServer((req, res) => void receiver.handle(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/proofs` };
}

const post = (url, body, headers = { 'content-type': 'application/json' }) =>
  fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('reference receiver', () => {
  let dir;
  let file;
  let receiver;
  let server;
  let url;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'consentkit-receiver-'));
    file = join(dir, 'proofs.jsonl');
    receiver = createReceiver({ file });
    ({ server, url } = await serve(receiver));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a valid proof once, with the time it arrived', async () => {
    const p = proof();
    const first = await post(url, p);
    assert.equal(first.status, 201);
    assert.deepEqual(await first.json(), { id: p.id });
    const again = await post(url, p);
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { id: p.id, duplicate: true });
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.filter((l) => l.id === p.id).length, 1);
    const stored = lines.find((l) => l.id === p.id);
    assert.ok(Date.parse(stored.receivedAt) >= Date.parse(p.at));
    assert.deepEqual({ ...stored, receivedAt: undefined }, { ...p, receivedAt: undefined });
  });

  it('answers 400 with the zod issues for a proof that is not valid', async () => {
    const res = await post(url, proof({ decision: 'maybe', userAgent: 'Mozilla/5.0' }));
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error, 'not a valid consent proof');
    const paths = body.issues.map((i) => i.path.join('.') || i.keys?.join(','));
    assert.deepEqual(paths.sort(), ['decision', 'userAgent']);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await post(url, '{"id": ');
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error, 'the body is not JSON');
  });

  it('answers 413 for an oversized body, and stores nothing of it', async () => {
    const res = await post(url, proof({ text: 'x'.repeat(20_000) }));
    assert.equal(res.status, 413);
  });

  it('answers 415 for another content type and 405 for another method', async () => {
    assert.equal((await post(url, proof(), { 'content-type': 'text/plain' })).status, 415);
    assert.equal((await fetch(url, { method: 'DELETE' })).status, 405);
  });

  it('answers a CORS preflight, so pages on other origins can post', async () => {
    const res = await fetch(url, { method: 'OPTIONS' });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-headers'), 'content-type');
  });

  it('lists the stored proofs, and streams new ones as they arrive', async () => {
    const list = await (await fetch(url)).json();
    assert.ok(list.length >= 1);
    const controller = new AbortController();
    const stream = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    const reader = stream.body.getReader();
    await reader.read(); // the opening comment
    const p = proof();
    await post(url, p);
    const { value } = await reader.read();
    assert.match(new TextDecoder().decode(value), new RegExp(`^data: .*"id":"${p.id}"`));
    controller.abort();
  });

  it('remembers what it stored across a restart (idempotent by id)', async () => {
    const p = proof();
    await post(url, p);
    const restarted = await serve(createReceiver({ file }));
    try {
      const res = await post(restarted.url, p);
      assert.equal(res.status, 200);
      assert.equal((await res.json()).duplicate, true);
    } finally {
      restarted.server.close();
    }
  });

  it('erases a subject: its proofs go (from memory and file), a hashed record stays, later proofs are not stored', async () => {
    const subject = 'e'.repeat(32);
    const mine = [proof({ subject }), proof({ subject, decision: 'withdrawn' })];
    const other = proof({ subject: 'f'.repeat(32) });
    for (const p of [...mine, other]) assert.equal((await post(url, p)).status, 201);
    const request = { schema: 1, type: 'erasure', id: randomUUID(), subject, origin: 'https://example.org', at: new Date().toISOString() };
    const res = await post(url, request);
    assert.equal(res.status, 201);
    assert.deepEqual(await res.json(), { id: request.id, deleted: 2 });
    assert.equal((await post(url, request)).status, 200, 'a repeated request is a duplicate');
    const ids = receiver.proofs().map((p) => p.id);
    assert.ok(!ids.includes(mine[0].id) && !ids.includes(mine[1].id) && ids.includes(other.id));
    const onDisk = readFileSync(file, 'utf8');
    assert.ok(!onDisk.includes(subject), 'the subject id is gone from the file');
    assert.equal(receiver.erasures().at(-1).deleted, 2);
    assert.match(receiver.erasures().at(-1).subjectHash, /^[0-9a-f]{64}$/);
    const late = await post(url, proof({ subject }));
    assert.equal(late.status, 200);
    assert.equal((await late.json()).erased, true);
    assert.equal(receiver.proofs().filter((p) => p.subject === subject).length, 0);
    const restarted = createReceiver({ file });
    assert.equal(restarted.proofs().filter((p) => p.subject === subject).length, 0);
    assert.equal(restarted.stats().erasures, receiver.stats().erasures);
  });

  it('rejects a malformed erasure request with 400', async () => {
    const res = await post(url, { schema: 1, type: 'erasure', id: 'nope', subject: 'x' });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error, 'not a valid erasure request');
  });
});
