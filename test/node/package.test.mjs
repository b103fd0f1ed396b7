// The package as a developer gets it: built from a copy of the current sources, packed with
// `npm pack`, and installed from the tarball (not from src/) into a temporary project, with
// React 19's types, Vue 3, vue-tsc and TypeScript 5 from the npm cache (the network only for what
// the cache lacks). Then, against what was installed:
// - Node: `import` and `require` of the API work on a server, and the process exits by itself;
// - a React 19 app (tsc) and a Vue 3 app (vue-tsc) in test/fixtures/apps/ type-check every tag
//   with typed attributes and handlers, and each deliberate mistake in their broken.* files fails;
// - the typings name every attribute the elements and providers of the package take at runtime;
// - dist/custom-elements.json points to files in the tarball and documents events and parts.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const apps = `${root}test/fixtures/apps/`;
/** Per step (build, install, one type-check) on a busy 2-core machine; a limit, never a delay. */
const LIMIT = { timeout: Number(process.env.PACKAGE_TIMEOUT_MS ?? 300_000) };
/** How long a server-side script may run before it counts as hanging (it takes well under a second). */
const EXIT_LIMIT_MS = 30_000;

const version = (name) => JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')).version;

let work;
let project;
let tarball;
let files;

/** Runs a command; fails with its output when it exits with an error. */
function run(command, args, cwd, env = {}) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a type-checker; resolves with its exit status and output (errors are expected in some runs). */
function check(bin, tsconfig, cwd) {
  const result = spawnSync(`${project}/node_modules/.bin/${bin}`, ['-p', tsconfig, '--pretty', 'false'], { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Line numbers of `file` reported as errors in type-checker `output`. */
function errorLines(output, file) {
  return [...output.matchAll(new RegExp(`^${file.replace('.', '\\.')}\\((\\d+),\\d+\\): error`, 'gm'))].map((m) => Number(m[1]));
}

/** Line numbers of `path` marked with a cross (✗): the deliberate mistakes. */
function markedLines(path) {
  return readFileSync(path, 'utf8').split('\n').flatMap((line, i) => (line.includes('✗') ? [i + 1] : []));
}

/** Runs `script` with Node in the project; fails if it does not exit by itself within EXIT_LIMIT_MS. */
function node(args) {
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', timeout: EXIT_LIMIT_MS });
  assert.equal(result.signal, null, `node ${args.join(' ')} did not exit by itself within ${EXIT_LIMIT_MS} ms (killed after ${Date.now() - started} ms); output: ${result.stdout}${result.stderr}`);
  assert.equal(result.status, 0, `node ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

describe('the npm package, installed from its tarball', () => {
  before(() => {
    work = mkdtempSync(`${tmpdir()}/consentkit-package-`);
    // A copy of the sources, so this build does not pull dist/ from under a test running beside it.
    const source = `${work}/source`;
    cpSync(root, source, { recursive: true, filter: (path) => !/\/(node_modules|dist|\.git)$/.test(path) && !path.endsWith('/demo/.data') });
    symlinkSync(`${root}node_modules`, `${source}/node_modules`, 'dir');
    run('npm', ['run', 'build'], source, { NODE_ENV: 'production' });
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], source));
    tarball = `${work}/${packed.filename}`;
    files = packed.files.map((f) => f.path);

    project = `${work}/app`;
    mkdirSync(project);
    writeFileSync(
      `${project}/package.json`,
      JSON.stringify({
        name: 'consentkit-user',
        private: true,
        type: 'module',
        dependencies: {
          consentkit: `file:${tarball}`,
          '@types/react': version('@types/react'),
          vue: version('vue'),
          'vue-tsc': version('vue-tsc'),
          // vue-tsc runs on TypeScript's JS API, which TypeScript 7 (the repo's) does not have.
          typescript: '~5.9.3',
        },
      }),
    );
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
    cpSync(`${apps}react`, `${project}/react`, { recursive: true });
    cpSync(`${apps}vue`, `${project}/vue`, { recursive: true });
  }, LIMIT);

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the built code, its typings, the manifest and the MIT license text, and no sources', () => {
    for (const file of ['dist/index.js', 'dist/consentkit.js', 'dist/custom-elements.json', 'dist/elements.d.ts', 'dist/react.d.ts', 'dist/vue.d.ts', 'dist/LICENSE', 'dist/types/src/index.d.ts', 'package.json', 'README.md']) {
      assert.ok(files.includes(file), `${file} is in the tarball`);
    }
    assert.ok(!files.some((f) => f.startsWith('src/')), 'no src/ in the tarball');
    assert.match(readFileSync(`${project}/node_modules/consentkit/dist/LICENSE`, 'utf8'), /^MIT License/);
  });

  it('on a server, import: the API answers, loadElement/defineAll resolve without a DOM, and Node exits by itself', LIMIT, () => {
    const script = `
      import * as ck from 'consentkit';
      const services = await ck.listServices();
      const out = {
        allowed: ck.allowed('youtube'),
        consentFor: ck.consentFor('youtube') ?? null,
        decisions: ck.decisions(),
        services: Array.isArray(services),
        withdraw: await ck.withdraw('youtube'),
        loadElement: (await ck.loadElement('ck-embed')) ?? null,
        defineAll: (await ck.defineAll(), true),
      };
      console.log(JSON.stringify(out));`;
    writeFileSync(`${project}/server.mjs`, script);
    const out = JSON.parse(node(['server.mjs']).trim().split('\n').at(-1));
    assert.deepEqual(out, { allowed: false, consentFor: null, decisions: [], services: true, withdraw: false, loadElement: null, defineAll: true });
  });

  it('on a server, require() (Node >= 20.19) gives the same API, the package.json and the manifest', LIMIT, () => {
    const script = `
      const ck = require('consentkit');
      const core = require('consentkit/core');
      const pkg = require('consentkit/package.json');
      const manifest = require('consentkit/custom-elements.json');
      console.log(JSON.stringify({ allowed: ck.allowed('youtube'), decisions: ck.decisions(), core: typeof core, name: pkg.name, schema: manifest.schemaVersion !== undefined }));`;
    writeFileSync(`${project}/server.cjs`, script);
    const out = JSON.parse(node(['--no-warnings', 'server.cjs']).trim().split('\n').at(-1));
    assert.deepEqual(out, { allowed: false, decisions: [], core: 'object', name: 'consentkit', schema: true });
  });

  it('type-checks a React 19 app that uses every tag with typed attributes and onck-* handlers', LIMIT, () => {
    // attributes.ts: every attribute the installed elements and providers take at runtime (Lit's
    // Node build defines the elements), each asserted to be in the typings.
    node(['--input-type=module', '-e', ATTRIBUTES_SCRIPT]);
    const { status, output } = check('tsc', 'tsconfig.json', `${project}/react`);
    assert.equal(status, 0, output);
  });

  it('fails the React check at each deliberate mistake in an attribute or handler, and nowhere else', LIMIT, () => {
    const { status, output } = check('tsc', 'tsconfig.broken.json', `${project}/react`);
    assert.notEqual(status, 0, 'the broken app must not type-check');
    assert.deepEqual([...new Set(errorLines(output, 'broken.tsx'))], markedLines(`${apps}react/broken.tsx`), output);
  });

  it('type-checks a Vue 3 app (vue-tsc) that uses every tag with typed attributes and @ck-* handlers', LIMIT, () => {
    const { status, output } = check('vue-tsc', 'tsconfig.json', `${project}/vue`);
    assert.equal(status, 0, output);
  });

  it('fails the Vue check at each deliberate mistake in an attribute or handler, and nowhere else', LIMIT, () => {
    const { status, output } = check('vue-tsc', 'tsconfig.broken.json', `${project}/vue`);
    assert.notEqual(status, 0, 'the broken app must not type-check');
    assert.deepEqual([...new Set(errorLines(output, 'Broken.vue'))], markedLines(`${apps}vue/Broken.vue`), output);
  });

  it('custom-elements.json: modules in the tarball, provider attributes, typed events, every part', () => {
    const manifest = JSON.parse(readFileSync(`${project}/node_modules/consentkit/dist/custom-elements.json`, 'utf8'));
    const elements = new Map(manifest.modules.flatMap((m) => m.declarations.map((d) => [d.tagName, { ...d, path: m.path }])));
    for (const [tag, d] of elements) {
      assert.ok(files.includes(d.path), `<${tag}>'s module ${d.path} is in the tarball`);
      for (const e of d.events ?? []) assert.match(e.type?.text ?? '', /^CustomEvent<.+>$/, `<${tag}> ${e.name} has a type`);
    }
    const attributes = (tag) => elements.get(tag).attributes.map((a) => a.name);
    for (const name of ['provider', 'video-id', 'url', 'start', 'post-id', 'phone']) assert.ok(attributes('ck-embed').includes(name), `<ck-embed ${name}>`);
    const parts = (tag) => elements.get(tag).cssParts.map((p) => p.name);
    for (const name of ['allow', 'deny', 'turn-off', 'button']) assert.ok(parts('ck-push-prompt').includes(name), `<ck-push-prompt> part ${name}`);
    for (const name of ['close', 'withdraw-all', 'erase']) assert.ok(parts('ck-privacy-center').includes(name), `<ck-privacy-center> part ${name}`);
  });
});

/**
 * Writes react/attributes.ts: for every element the package defines (as Lit's Node build lets a
 * server define them) its observed attributes, and for every provider the keys of its parameter
 * schema, each as a type that only compiles when the typings have that attribute.
 */
const ATTRIBUTES_SCRIPT = `
import 'lit';
import { writeFileSync } from 'node:fs';
import * as z from 'zod/mini';
const ck = await import('consentkit');
await ck.defineAll();
const manifest = (await import('consentkit/custom-elements.json', { with: { type: 'json' } })).default;
const tags = manifest.modules.flatMap((m) => m.declarations.map((d) => d.tagName));
const lines = ["import type { CkElements, CkProviderAttributes } from 'consentkit/elements';", 'type Has<T, K extends PropertyKey> = K extends keyof T ? true : false;'];
for (const tag of ['ck-embed', 'ck-chat-gate', 'ck-push-prompt', 'ck-privacy-center', 'ck-privacy-button', 'ck-policy-text']) {
  if (!tags.includes(tag)) throw new Error('custom-elements.json lacks <' + tag + '>');
}
for (const tag of tags) {
  const element = customElements.get(tag);
  if (!element) throw new Error('<' + tag + '> was not defined');
  for (const name of element.observedAttributes) lines.push('export const ' + JSON.stringify(tag + ' ' + name).replace(/\\W/g, '_') + ': Has<CkElements[' + JSON.stringify(tag) + "]['attributes'], " + JSON.stringify(name) + '> = true;');
}
for (const id of ck.providerIds()) {
  const provider = await ck.loadProvider(id);
  const schema = typeof provider.params === 'function' ? provider.params({ z, param: ck.param }) : provider.params;
  for (const name of Object.keys(schema._zod.def.shape)) lines.push('export const ' + JSON.stringify(id + ' ' + name).replace(/\\W/g, '_') + ': Has<CkProviderAttributes[' + JSON.stringify(id) + '], ' + JSON.stringify(name) + '> = true;');
}
writeFileSync('react/attributes.ts', lines.join('\\n') + '\\n');
`;
