// `npm run bench`, section "a bundler app": what an app that only does
// `import { configure } from 'consentkit'` ships before any element appears, built from the
// package's own entry (dist/index.js, with lit, zod and js-cookie from node_modules) by esbuild
// and by Vite (Rolldown), minified, code-split. Counted: the entry chunk and its static imports,
// each file gzipped on its own; chunks fetched later (elements, providers, proofs) are not.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const APP = "import { configure } from 'consentkit';\nconfigure({ policyUrl: '/privacy' });\n";

/** gzip KB of `entry` and every file it imports statically, in `dir`. */
function weighEntry(dir, entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    for (const [, spec] of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
      visit(join(file, '..', spec));
    }
  };
  visit(entry);
  return { files: seen.size, gzip: [...seen].reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0) / 1024 };
}

/** Both bundlers' figures for the app above; `root` is the repository (dist/ built). */
export async function bundlerFigures(root) {
  const dir = mkdtempSync(join(tmpdir(), 'ck-app-'));
  try {
    writeFileSync(join(dir, 'app.js'), APP);
    const alias = { consentkit: join(root, 'dist/index.js') };
    await esbuild({ entryPoints: [join(dir, 'app.js')], bundle: true, splitting: true, format: 'esm', minify: true, outdir: join(dir, 'esbuild'), alias, nodePaths: [join(root, 'node_modules')], logLevel: 'silent' });
    await vite({
      configFile: false,
      logLevel: 'silent',
      root: dir,
      resolve: { alias },
      build: { outDir: join(dir, 'vite'), minify: true, rollupOptions: { input: join(dir, 'app.js'), preserveEntrySignatures: false, output: { entryFileNames: 'app.js' } } },
    });
    const rows = [
      ['esbuild', weighEntry(join(dir, 'esbuild'), 'app.js')],
      ['Vite (Rolldown)', weighEntry(join(dir, 'vite'), readdirSync(join(dir, 'vite')).includes('app.js') ? 'app.js' : readdirSync(join(dir, 'vite')).find((f) => f.endsWith('.js')))],
    ];
    console.log("\nA bundler app that only does `import { configure } from 'consentkit'` (before any element appears)\n");
    console.log('| bundler | files | gzip KB |');
    console.log('| --- | ---: | ---: |');
    for (const [name, w] of rows) console.log(`| ${name} | ${w.files} | ${w.gzip.toFixed(1)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
