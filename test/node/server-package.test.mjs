// The built command as a site installs it: dist/server from `vite build --mode server`, in a
// folder whose node_modules holds only what the package depends on. Without a driver the command
// says exactly what to install; with better-sqlite3 it runs from the bundle (shebang, bin).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the consentkit-server package build', () => {
  let dir;
  let cli;
  const run = (args) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'consentkit-package-'));
    const pkg = join(dir, 'node_modules', 'consentkit');
    execFileSync(`${root}node_modules/.bin/vite`, ['build', '--mode', 'server', '--outDir', join(pkg, 'dist', 'server'), '--logLevel', 'error'], { cwd: root, env: { ...process.env, NODE_ENV: 'production' } });
    // What `npm install consentkit` brings (its dependencies), and no database driver.
    for (const dep of ['zod']) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
    cli = join(pkg, 'dist', 'server', 'cli.js');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('without better-sqlite3 or pg, names the package and the install command', () => {
    const sqlite = run(['migrate', '--db', join(dir, 'proofs.db')]);
    assert.equal(sqlite.status, 1);
    assert.match(sqlite.stderr, /needs the "better-sqlite3" package.*npm install better-sqlite3@12/);
    const pg = run(['verify', '--db', 'postgres://ck:secret@127.0.0.1:5432/ck']);
    assert.equal(pg.status, 1);
    assert.match(pg.stderr, /needs the "pg" package.*npm install pg/);
    assert.ok(!pg.stderr.includes('secret'), 'no password in messages');
  });

  it('with better-sqlite3 installed, runs from the bundle: migrate, then verify', () => {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    for (const dep of ['better-sqlite3', 'bindings', 'file-uri-to-path']) symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
    const migrated = run(['migrate', '--db', join(dir, 'proofs.db')]);
    assert.equal(migrated.status, 0, migrated.stderr);
    assert.match(migrated.stdout, /migrated from schema version 0 to 1/);
    const verified = run(['verify', '--db', join(dir, 'proofs.db')]);
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, /0 records, the chain holds/);
  });
});
