// Shared by the consentkit-server tests: the server's modules from source, valid proofs, a real
// SQLite file or a real PostgreSQL schema per test, a server on a loopback port.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

export const server = (await runnerImport(fileURLToPath(new URL('../../src/server/index.ts', import.meta.url)))).module;
export const READ_TOKEN = 'test-read-token-0123456789';
export const CLI = fileURLToPath(new URL('./run-server-cli.mjs', import.meta.url));

const subjectChars = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const newSubject = () => Array.from({ length: 32 }, () => subjectChars[Math.floor(Math.random() * 36)]).join('');

export function proof(overrides = {}) {
  return {
    schema: 1,
    id: randomUUID(),
    subject: newSubject(),
    service: 'youtube',
    purpose: 'embed',
    decision: 'granted',
    method: 'click',
    remembered: false,
    textVersion: 'abc123',
    textHash: `sha256:${'0'.repeat(64)}`,
    locale: 'en',
    origin: 'https://example.org',
    path: '/article',
    at: new Date().toISOString(),
    ...overrides,
  };
}

export const erasure = (subject, overrides = {}) => ({ schema: 1, type: 'erasure', id: randomUUID(), subject, origin: 'https://example.org', at: new Date().toISOString(), ...overrides });

export const post = (url, body, headers = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

export const read = (url, token = READ_TOKEN, headers = {}) => fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });

/**
 * PostgreSQL for the tests: CK_TEST_POSTGRES_URL (`.ci/run` starts a server and sets it). With CI
 * set, a missing one fails the run; on a developer machine its tests are skipped, saying why.
 */
export const PG_URL = process.env.CK_TEST_POSTGRES_URL;
const PG_HOW = 'set CK_TEST_POSTGRES_URL=postgres://user:password@127.0.0.1:5432/db (.ci/run shows how to start one)';
export const PG_MISSING = `PostgreSQL tests skipped: ${PG_HOW}`;

/** A fresh schema in the test database, so runs (and other engineers' runs) never share tables. */
export async function pgSchemaUrl() {
  const pg = (await import('pg')).default;
  const schema = `ck_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.href,
    /** Runs SQL in that schema (tampering by hand, as an attacker with database access would). */
    async sql(text, params = []) {
      const c = new pg.Client({ connectionString: url.href });
      await c.connect();
      try {
        return (await c.query(text, params)).rows;
      } finally {
        await c.end();
      }
    },
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** A fresh SQLite file, with the same `sql` and `drop` as pgSchemaUrl. */
export async function sqliteFile() {
  const dir = mkdtempSync(join(tmpdir(), 'consentkit-server-'));
  const file = join(dir, 'proofs.db');
  const { default: Database } = await import('better-sqlite3');
  return {
    url: file,
    async sql(text, params = []) {
      const db = new Database(file);
      try {
        const st = db.prepare(text);
        return st.reader ? st.all(...params) : (st.run(...params), []);
      } finally {
        db.close();
      }
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `describe` once per store. PostgreSQL without a server: a failing test under CI, a skip
 * (with the reason) elsewhere.
 */
export function eachStore(name, body) {
  describe(`${name} (SQLite)`, () => body(sqliteFile));
  if (PG_URL) describe(`${name} (PostgreSQL)`, () => body(pgSchemaUrl));
  else if (process.env.CI) it(`${name} (PostgreSQL): a PostgreSQL server to test against`, () => assert.fail(`CI is set, so PostgreSQL tests must run, but CK_TEST_POSTGRES_URL is not set: ${PG_HOW}`));
  else describe(`${name} (PostgreSQL)`, { skip: PG_MISSING }, () => {});
}

/** createProofServer on a loopback port; `close` stops both. */
export async function serve(options) {
  const handler = server.createProofServer({ readToken: READ_TOKEN, rateLimit: 0, ...options });
  await handler.ready;
  const http = createServer(handler);
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${http.address().port}`;
  return {
    handler,
    base,
    url: `${base}/proofs`,
    async close() {
      await new Promise((resolve) => {
        http.close(resolve);
        http.closeAllConnections();
      });
      await handler.close();
    },
  };
}

/** Runs the command to its end: {code, stdout, stderr}. */
export function runCli(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment without the server's own variables, so a developer's settings do not leak in. */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('CK_') || key === 'DATABASE_URL' || key === 'PORT') delete env[key];
  return env;
}

/** Starts `consentkit-server serve` in a child process and resolves once it says where it listens. */
export function startCli(args, env = {}) {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const listening = new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`consentkit-server exited (${code}) before listening: ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, listening, exited, stderr: () => stderr };
}

/** Every option of the command: flag and variables (for the --help test). */
export const OPTIONS_FLAGS = (await runnerImport(fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url)))).module.OPTIONS;

/** The command in this process (faster than a child; for checks that need no exit of their own). */
export async function runInProcess(args, env = {}) {
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const code = await server.runCommand(args, env, { out, err });
  return { code, stdout, stderr };
}
