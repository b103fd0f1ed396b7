// First-party posters: the server fetches a video's thumbnail once from the provider (here a
// local stand-in for i.ytimg.com and Vimeo's oEmbed, as there is no internet), keeps it, and
// serves it itself. Ids are checked before any URL is built; sizes and types are capped.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, it } from 'node:test';
import { eachStore, serve } from './server-helpers.mjs';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]);

/** The stand-in thumbnail host; `log` lists every path it was asked for. */
async function standIn() {
  const log = [];
  const http = createServer((req, res) => {
    log.push(req.url);
    const base = `http://127.0.0.1:${http.address().port}`;
    const yt = /^\/vi\/([^/]+)\/hqdefault\.jpg$/.exec(req.url);
    if (yt?.[1] === 'dQw4w9WgXcQ' || yt?.[1] === 'slowSlow_01' || /^capped_\d{4}$/.test(yt?.[1])) {
      const send = () => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG);
      return yt[1] === 'slowSlow_01' ? setTimeout(send, 200) : send();
    }
    if (yt?.[1] === 'hugeHugeHug') {
      res.writeHead(200, { 'content-type': 'image/jpeg' }); // no length: the cap must hold while reading
      for (let i = 0; i < 100; i++) res.write(Buffer.alloc(16 * 1024));
      return res.end();
    }
    if (yt?.[1] === 'htmlPage_00') return res.writeHead(200, { 'content-type': 'text/html' }).end('<script>alert(1)</script>');
    const oembed = /^\/api\/oembed\.json\?url=https%3A%2F%2Fvimeo\.com%2F(\d+)$/.exec(req.url);
    if (oembed?.[1] === '76979871') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ thumbnail_url: `${base}/thumbs/76979871.jpg` }));
    if (oembed?.[1] === '666') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ thumbnail_url: 'http://169.254.169.254/latest/meta-data' }));
    if (req.url === '/thumbs/76979871.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(JPEG);
    res.writeHead(404).end();
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${http.address().port}`, log, close: () => new Promise((r) => http.close(r)) };
}

eachStore('first-party posters', (database) => {
  let db;
  let upstream;
  let srv;
  const posters = () => ({ youtubeBase: upstream.base, vimeoBase: upstream.base, maxBytes: 64 * 1024, timeoutMs: 5000 });
  before(async () => {
    db = await database();
    upstream = await standIn();
    srv = await serve({ db: db.url, posters: posters(), log: () => {} });
  });
  after(async () => {
    await srv.close();
    await upstream.close();
    await db.drop();
  });

  it('fetches a YouTube thumbnail once, however many ask at the same time, and serves it first-party', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(`${srv.base}/posters/youtube/slowSlow_01`)));
    for (const res of answers) {
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/jpeg');
      assert.match(res.headers.get('cache-control'), /max-age/);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), JPEG);
    }
    assert.deepEqual(upstream.log.filter((u) => u.includes('slowSlow_01')), ['/vi/slowSlow_01/hqdefault.jpg']);
  });

  it('keeps the poster in the database: a restarted server serves it without asking the provider', async () => {
    assert.equal((await fetch(`${srv.base}/posters/youtube/dQw4w9WgXcQ`)).status, 200);
    const asked = upstream.log.length;
    const restarted = await serve({ db: db.url, posters: posters() });
    try {
      const res = await fetch(`${restarted.base}/posters/youtube/dQw4w9WgXcQ`);
      assert.equal(res.status, 200);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), JPEG);
      assert.equal(upstream.log.length, asked);
    } finally {
      await restarted.close();
    }
  });

  it('fetches a Vimeo thumbnail through oEmbed, and refuses a thumbnail URL on another host', async () => {
    const res = await fetch(`${srv.base}/posters/vimeo/76979871`);
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), JPEG);
    assert.equal((await fetch(`${srv.base}/posters/vimeo/666`)).status, 502);
  });

  it('checks ids before building any URL: no path or host injection reaches the provider', async () => {
    const before = upstream.log.length;
    for (const id of ['..%2F..%2Fetc%2Fpasswd', '%E0%A4%A', 'abc', 'dQw4w9WgXcQ%2F..', 'dQw4w9WgXc%3F', '%40evil.example', 'dQw4w9WgXcQQ', '12ab']) {
      const provider = id === '12ab' ? 'vimeo' : 'youtube';
      const res = await fetch(`${srv.base}/posters/${provider}/${id}`);
      assert.ok([400, 404].includes(res.status), `${id}: ${res.status}`);
    }
    assert.equal((await fetch(`${srv.base}/posters/dailymotion/x7tgad0`)).status, 404);
    // Names every object has are not providers either (they were found on Object.prototype: 500).
    for (const name of ['constructor', 'hasownproperty', 'valueof']) assert.equal((await fetch(`${srv.base}/posters/${name}/x`)).status, 404, name);
    assert.equal(upstream.log.length, before, upstream.log.slice(before).join(', '));
  });

  it('refuses what is too large or not an image, keeps nothing of it, and says 404 for an unknown video', async () => {
    assert.equal((await fetch(`${srv.base}/posters/youtube/hugeHugeHug`)).status, 502);
    assert.equal((await fetch(`${srv.base}/posters/youtube/htmlPage_00`)).status, 502);
    assert.equal((await fetch(`${srv.base}/posters/youtube/unknownId_1`)).status, 404);
    const kept = await db.sql(`SELECT id FROM posters ORDER BY id`);
    assert.deepEqual(kept.map((r) => r.id).sort(), ['76979871', 'dQw4w9WgXcQ', 'slowSlow_01']);
  });
});

eachStore('first-party posters: the total kept is bounded', (database) => {
  it('keeps at most maxCount posters, the ones fetched longest ago go first, and come back when asked for', async () => {
    const db = await database();
    const upstream = await standIn();
    const srv = await serve({ db: db.url, posters: { youtubeBase: upstream.base, vimeoBase: upstream.base, maxBytes: 64 * 1024, timeoutMs: 5000, maxCount: 2 }, log: () => {} });
    const ids = ['capped_0001', 'capped_0002', 'capped_0003'];
    const kept = async () => (await db.sql(`SELECT id FROM posters ORDER BY id`)).map((r) => r.id);
    try {
      for (const id of ids) assert.equal((await fetch(`${srv.base}/posters/youtube/${id}`)).status, 200, id);
      assert.deepEqual(await kept(), ['capped_0002', 'capped_0003']);
      const asked = upstream.log.length;
      const again = await fetch(`${srv.base}/posters/youtube/capped_0001`);
      assert.equal(again.status, 200);
      assert.deepEqual(Buffer.from(await again.arrayBuffer()), JPEG);
      assert.equal(upstream.log.length, asked + 1, 'fetched again from the provider');
      assert.deepEqual(await kept(), ['capped_0001', 'capped_0003']);
    } finally {
      await srv.close();
      await upstream.close();
      await db.drop();
    }
  });
});
