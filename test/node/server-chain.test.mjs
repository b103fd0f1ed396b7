// Records an auditor can verify: `consentkit-server verify` after edits made by hand in the
// database (as someone with database access would), export and migrate, the retention purge,
// the command's options. Real SQLite file, real PostgreSQL server.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { OPTIONS_FLAGS, eachStore, erasure, newSubject, post, proof, runCli, runInProcess, serve, server, sqliteFile } from './server-helpers.mjs';

eachStore('verify, export, migrate', (database) => {
  let db;
  let srv;
  const subject = newSubject();
  const gone = newSubject();
  let sent;
  before(async () => {
    db = await database();
    const migrated = await runCli(['migrate', '--db', db.url]);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /migrated from schema version 0 to 1/);
    srv = await serve({ db: db.url });
    sent = [
      proof({ subject, text: 'Load YouTube? Google receives your IP address.', at: '2026-11-20T10:00:00.000Z' }),
      proof({ subject, service: 'vimeo', at: '2026-11-21T10:00:00.000Z' }),
      ...Array.from({ length: 10 }, (_, i) => proof({ at: `2026-11-2${i % 8}T12:00:00.000Z`, text: i % 2 ? 'Load YouTube? Google receives your IP address.' : undefined })),
      proof({ subject: gone }),
    ];
    for (const p of sent) assert.equal((await post(srv.url, p)).status, 201);
    assert.equal((await post(srv.url, erasure(gone))).status, 201);
    sent.push(proof());
    assert.equal((await post(srv.url, sent.at(-1))).status, 201);
    await srv.close();
  });
  after(() => db.drop());

  it('migrate again says the schema is current', async () => {
    const again = await runInProcess(['migrate', '--db', db.url]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /is at schema version 1/);
  });

  it('verify passes on the records as stored, erasure included, and prints the head hash', async () => {
    const result = await runCli(['verify', '--db', db.url]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /15 records, the chain holds\. Head: record 15, hash [0-9a-f]{64}/);
  });

  /** Edits the database by hand, runs verify, puts the row back; verify must name `seq`. */
  async function tampered(edit, undo, pattern) {
    await db.sql(edit);
    try {
      const result = await runCli(['verify', '--db', db.url]);
      assert.equal(result.code, 1, `verify passed after: ${edit}`);
      assert.match(result.stderr, pattern);
    } finally {
      await db.sql(undo);
    }
    assert.equal((await runInProcess(['verify', '--db', db.url])).code, 0, `put back: ${undo}`);
  }

  it('fails after one proof is edited by hand, naming it', async () => {
    const [row] = await db.sql(`SELECT id, body FROM proofs WHERE seq = 5`);
    await tampered(`UPDATE proofs SET body = replace(body, '"granted"', '"denied"') WHERE seq = 5`, `UPDATE proofs SET body = replace(body, '"denied"', '"granted"') WHERE seq = 5`, new RegExp(`FAILED at record 5 \\(id ${row.id}\\): its content does not match its digest`));
  });

  it('fails after a query column is edited (the body left alone), or a body is emptied without an erasure', async () => {
    const [row] = await db.sql(`SELECT subject, body FROM proofs WHERE seq = 3`);
    await tampered(`UPDATE proofs SET subject = '${newSubject()}' WHERE seq = 3`, `UPDATE proofs SET subject = '${row.subject}' WHERE seq = 3`, /FAILED at record 3 .*subject column/);
    await tampered(`UPDATE proofs SET body = NULL WHERE seq = 3`, `UPDATE proofs SET body = '${row.body.replace(/'/g, "''")}' WHERE seq = 3`, /FAILED at record 3 .*gone without an erasure/);
  });

  it('fails after a proof is emptied by hand naming a real erasure: the erasure must list it, come after it, and list only what it emptied', async () => {
    const [row] = await db.sql(`SELECT subject, body FROM proofs WHERE seq = 3`);
    const [eraser] = await db.sql(`SELECT id FROM erasures WHERE seq = 14`);
    const restore3 = `UPDATE proofs SET body = '${row.body.replace(/'/g, "''")}', subject = '${row.subject}', erased_by = NULL WHERE seq = 3`;
    await tampered(`UPDATE proofs SET body = NULL, subject = NULL, erased_by = '${eraser.id}' WHERE seq = 3`, restore3, /FAILED at record 3: its content is gone, but the erasure it names \(record 14\) does not list it/);
    const [last] = await db.sql(`SELECT subject, body FROM proofs WHERE seq = 15`);
    await tampered(
      `UPDATE proofs SET body = NULL, subject = NULL, erased_by = '${eraser.id}' WHERE seq = 15`,
      `UPDATE proofs SET body = '${last.body.replace(/'/g, "''")}', subject = '${last.subject}', erased_by = NULL WHERE seq = 15`,
      /FAILED at record 15 .*record it names as emptying it \(record 14\) came before it/,
    );
    // The erased proof (13) made to name another emptier: the erasure lists a record it did not empty.
    await tampered(`UPDATE proofs SET erased_by = 'someone-else' WHERE seq = 13`, `UPDATE proofs SET erased_by = '${eraser.id}' WHERE seq = 13`, /FAILED at record 14 .*lists record 13 as emptied by it/);
  });

  it('fails after a query column kept beside a body is edited: the text a proof points to, when it arrived, an erasure\'s subject hash, time or kind', async () => {
    const [text] = await db.sql(`SELECT hash FROM texts`);
    const [p2] = await db.sql(`SELECT text_hash, received_at FROM proofs WHERE seq = 2`);
    // Export would show proof 2 with a text its visitor was never shown.
    await tampered(`UPDATE proofs SET text_hash = '${text.hash}' WHERE seq = 2`, `UPDATE proofs SET text_hash = '${p2.text_hash}' WHERE seq = 2`, /FAILED at record 2 .*text_hash column/);
    await tampered(`UPDATE proofs SET received_at = '1999-01-01T00:00:00.000Z' WHERE seq = 2`, `UPDATE proofs SET received_at = '${p2.received_at}' WHERE seq = 2`, /FAILED at record 2 .*received_at column/);
    const [e] = await db.sql(`SELECT subject_hash, at FROM erasures WHERE seq = 14`);
    await tampered(`UPDATE erasures SET subject_hash = '${'a'.repeat(64)}' WHERE seq = 14`, `UPDATE erasures SET subject_hash = '${e.subject_hash}' WHERE seq = 14`, /FAILED at record 14 .*subject_hash column/);
    await tampered(`UPDATE erasures SET at = '1999-01-01T00:00:00.000Z' WHERE seq = 14`, `UPDATE erasures SET at = '${e.at}' WHERE seq = 14`, /FAILED at record 14 .*at column/);
    await tampered(`UPDATE erasures SET kind = 'purge' WHERE seq = 14`, `UPDATE erasures SET kind = 'erasure' WHERE seq = 14`, /FAILED at record 14 .*kind \(purge\) differs/);
  });

  it('fails after a record is removed, from the middle or the end', async () => {
    await db.sql(`CREATE TABLE saved AS SELECT * FROM proofs WHERE seq IN (7, 15)`);
    try {
      await tampered(`DELETE FROM proofs WHERE seq = 7`, `INSERT INTO proofs SELECT * FROM saved WHERE seq = 7`, /FAILED at record 7: record 7 is missing/);
      await tampered(`DELETE FROM proofs WHERE seq = 15`, `INSERT INTO proofs SELECT * FROM saved WHERE seq = 15`, /FAILED at record 15: the chain head says record 15 is the last, the last stored is 14/);
      // The erasure (14) removed: a gap in the chain (the proof it emptied, 13, is now emptied by nobody).
      await db.sql(`CREATE TABLE saved_erasure AS SELECT * FROM erasures WHERE seq = 14`);
      await tampered(`DELETE FROM erasures WHERE seq = 14`, `INSERT INTO erasures SELECT * FROM saved_erasure`, /FAILED at record 14: record 14 is missing/);
    } finally {
      await db.sql(`DROP TABLE saved`);
      await db.sql(`DROP TABLE IF EXISTS saved_erasure`);
    }
  });

  it('fails after a record is inserted with a forged link, and after a kept text is edited', async () => {
    await tampered(`UPDATE proofs SET prev_hash = '${'f'.repeat(64)}' WHERE seq = 9`, `UPDATE proofs SET prev_hash = (SELECT hash FROM proofs WHERE seq = 8) WHERE seq = 9`, /FAILED at record 9 .*previous hash/);
    const [text] = await db.sql(`SELECT hash, text FROM texts`);
    await tampered(`UPDATE texts SET text = 'Load YouTube.'`, `UPDATE texts SET text = '${text.text}'`, new RegExp(`text kept for ${text.hash}`));
  });

  it("exports one service's records with the text each hash stands for, as JSON lines", async () => {
    const result = await runCli(['export', '--db', db.url, '--service', 'youtube']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.every((l) => l.service === 'youtube' || l.erased));
    const first = lines.find((l) => l.id === sent[0].id);
    assert.equal(first.text, sent[0].text);
    assert.equal(first.body.includes(sent[0].text), false, 'the text is kept once per hash, not in each record');
    // What an auditor recomputes from one exported line: digest, then hash.
    assert.equal(first.digest, server.canonicalJson(JSON.parse(first.body)) === first.body ? (await import('node:crypto')).createHash('sha256').update(first.body).digest('hex') : 'not canonical');
    assert.equal(first.hash, server.linkHash(first.prevHash, first.seq, 'proof', first.id, first.digest));
  });

  it("exports a visitor's records (access request) and a date range, as CSV too; refuses a bad date naming the option", async () => {
    const mine = await runInProcess(['export', '--db', db.url, '--subject', subject]);
    assert.deepEqual(mine.stdout.trim().split('\n').map((l) => JSON.parse(l).id), [sent[0].id, sent[1].id]);
    const erased = await runInProcess(['export', '--db', db.url, '--subject', gone]);
    assert.deepEqual(erased.stdout.trim().split('\n').map((l) => JSON.parse(l).type), ['erasure'], 'an erased subject: only the record of the erasure');
    const range = await runCli(['export', '--db', db.url, '--from', '2026-11-21', '--to', '2026-11-21', '--format', 'csv'], {});
    const rows = range.stdout.trim().split('\n');
    assert.ok(rows[0].startsWith('seq,kind,id,'));
    assert.ok(rows.slice(1).every((r) => r.includes(',2026-11-21T')), rows.join('\n'));
    assert.ok(rows.some((r) => r.includes(sent[1].id)));
    const bad = await runCli(['export', '--db', db.url, '--from', 'last tuesday']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--from must be a date/);
  });
});

eachStore('verify while records are appended', (database) => {
  it('verify (its own process) passes every time while this process keeps appending proofs and erasures', async () => {
    const db = await database();
    const store = await server.openStore(db.url);
    const now = () => new Date().toISOString();
    // More than one page of records (PostgreSQL reads 2,000 at a time), with erasures among them.
    for (let b = 0; b < 6; b++) {
      const batch = Array.from({ length: 500 }, () => proof());
      await store.append([...batch.map((p) => ({ kind: 'proof', proof: p })), { kind: 'erasure', request: erasure(batch[7].subject) }], now());
    }
    let appended = 0;
    let stop = false;
    const appending = (async () => {
      while (!stop) {
        const batch = Array.from({ length: 20 }, () => proof());
        await store.append([...batch.map((p) => ({ kind: 'proof', proof: p })), { kind: 'erasure', request: erasure(batch[3].subject) }], now());
        appended += batch.length + 1;
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      for (let run = 0; run < 3; run++) {
        const before = appended;
        const result = await runCli(['verify', '--db', db.url]);
        assert.equal(result.code, 0, `run ${run}: ${result.stderr}`);
        assert.match(result.stdout, /the chain holds/);
        assert.ok(appended > before, 'records were appended while verify ran');
      }
    } finally {
      stop = true;
      await appending;
      await store.close();
      await db.drop();
    }
  });
});

eachStore('retention purge', (database) => {
  it('empties proofs received before the cut-off, records the purge, and the chain still verifies', async () => {
    const db = await database();
    const store = await (await import('./server-helpers.mjs')).server.openStore(db.url);
    try {
      const old = [proof(), proof()];
      const recent = proof();
      await store.append(old.map((p) => ({ kind: 'proof', proof: p })), '2026-01-01T00:00:00.000Z');
      await store.append([{ kind: 'proof', proof: recent }], '2026-06-01T00:00:00.000Z');
      assert.equal(await store.purge('2026-03-01T00:00:00.000Z', '2026-06-02T00:00:00.000Z'), 2);
      assert.equal(await store.purge('2026-03-01T00:00:00.000Z', '2026-06-03T00:00:00.000Z'), 0, 'nothing left to purge: no new record');
      const list = await store.list({});
      assert.deepEqual(list.map((r) => [r.id, !!r.erased]), [[old[0].id, true], [old[1].id, true], [recent.id, false], [list[3].id, false]]);
      assert.equal(list[3].type, 'purge');
      assert.equal(list[3].purged, 2);
      assert.equal((await store.verify()).ok, true);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});

it('the command: --help lists every option with its variable; bad values and unknown options name themselves; a flag wins over the variable', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  for (const { flag, env } of OPTIONS_FLAGS) {
    assert.ok(help.stdout.includes(`--${flag}`), flag);
    for (const name of env) assert.ok(help.stdout.includes(name), name);
  }
  const badEnv = await runCli([], { CK_PORT: 'eighty' });
  assert.equal(badEnv.code, 2);
  assert.match(badEnv.stderr, /CK_PORT \(environment\) must be a whole number/);
  const cases = [
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--allow-origin', 'https://a.example,evil'], /--allow-origin must be origins/],
    [['--read-token', 'short'], /--read-token must be at least 16/],
    [['--rate-limit', '-5'], /--rate-limit must be/],
    [['--posters', 'maybe'], /--posters must be on or off/],
    [['--poster-youtube-base', 'file:///etc'], /--poster-youtube-base must be an http\(s\) origin/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['--subject', 'x'], /--subject is not an option of serve/],
    [['launch'], /unknown command "launch"/],
    [['--db'], /--db needs a value/],
  ];
  for (const [args, pattern] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, pattern);
  }
  const db = await sqliteFile();
  try {
    // The flag wins: the variable names a file that is not there, the flag the real one.
    await runCli(['migrate', '--db', db.url]);
    const r = await runCli(['verify', '--db', db.url], { CK_DB: '/nonexistent/dir/x.db' });
    assert.equal(r.code, 0, r.stderr);
    const fromEnv = await runCli(['verify'], { CK_DB: db.url });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
  } finally {
    await db.drop();
  }
});
