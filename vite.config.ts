import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { z } from 'zod/mini';
import { randomBytes } from 'node:crypto';
import { withFaults, type Faults } from './demo/receiver.js';
import { createProofServer } from './src/server/index.js';
import { ProofSchema } from './src/core/proof.js';
import { boxRules } from './src/kit/boxes.js';
import minifyLiterals from '@lit-labs/rollup-plugin-minify-html-literals';

/**
 * The demo's backend, in the dev server: consentkit-server (src/server/, the SQLite store in
 * demo/.data/proofs.db, git-ignored) at `/api/proofs`, and a switch at `/api/receiver` to take it
 * offline or make it flaky, so a site owner can watch the client queue and redeliver.
 */
function demoReceiver(): Plugin {
  return {
    name: 'consentkit-demo-receiver',
    configureServer(server) {
      // Reading needs a token; the demo hands it to its own proof log through /api/receiver. A real
      // site keeps its token on the server side (an admin tool, curl), never in a public page.
      const readToken = randomBytes(24).toString('hex');
      const proofServer = createProofServer({ db: fileURLToPath(new URL('./demo/.data/proofs.db', import.meta.url)), readToken });
      proofServer.ready.catch((error: Error) => server.config.logger.error(`consentkit-server: ${error.message}`));
      const faults: Faults = {};
      const handle = withFaults({ handle: async (req, res) => proofServer(req, res) }, faults);
      server.middlewares.use('/api', (req, res, next) => (req.url?.startsWith('/proofs') ? void handle(req, res) : next()));
      server.middlewares.use('/api/receiver', async (req, res) => {
        if (req.method === 'POST') {
          let body = '';
          for await (const chunk of req) body += chunk;
          const { mode } = JSON.parse(body || '{}') as { mode?: string };
          faults.offline = mode === 'offline';
          faults.failRate = mode === 'flaky' ? 0.5 : 0;
        }
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ mode: faults.offline ? 'offline' : faults.failRate ? 'flaky' : 'online', readToken, ...proofServer.stats() }));
      });
      server.httpServer?.on('close', () => void proofServer.close());
    },
  };
}

/**
 * `npm run demo` serves the project root, which has no index.html: `/` goes to the demo site, not
 * to an empty 404.
 */
function demoStart(): Plugin {
  return {
    name: 'consentkit-demo-start',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url !== '/' && req.url !== '/index.html') return next();
        res.statusCode = 302;
        res.setHeader('location', '/demo/');
        res.end();
      });
    },
  };
}

/** Emits dist/consent-proof.schema.json: the proof record as JSON Schema, for backend authors. */
function proofJsonSchema(): Plugin {
  return {
    name: 'consentkit-proof-json-schema',
    apply: 'build',
    generateBundle() {
      const schema = { title: 'consentkit consent proof', ...z.toJSONSchema(ProofSchema) };
      this.emitFile({ type: 'asset', fileName: 'consent-proof.schema.json', source: `${JSON.stringify(schema, null, 2)}\n` });
    },
  };
}

/**
 * consentkit.js runs as a classic `<script src>` and as a module. The build fails when it could
 * not: a static `import` or `export`, or `import.meta`, is a SyntaxError in a classic script.
 * Its `import()` of a chunk is made absolute against the script's own URL, taken while it runs:
 * a classic script from another origin (a CDN) without `crossorigin` has no base URL of its own
 * (Chromium: "The base URL is about:blank because import() is called from a CORS-cross-origin
 * script"). A module has no `currentScript`; its relative `import()` already resolves against it.
 */
function classicEntry(): Plugin {
  return {
    name: 'consentkit-classic-entry',
    apply: 'build',
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isEntry) continue;
        const found = [chunk.imports.length && `imports ${chunk.imports.join(', ')}`, chunk.exports.length && `exports ${chunk.exports.join(', ')}`, /\bimport\.meta\b/.test(chunk.code) && 'uses import.meta'].filter(Boolean);
        if (found.length) this.error(`${chunk.fileName} must run as a classic script too, but it ${found.join('; ')}. Keep src/drop-in.ts free of static imports of code the chunks share.`);
        let rewritten = 0;
        const code = chunk.code.replace(/\bimport\((`|"|')(\.\/[^`"'$]+)\1\)/g, (_whole, quote: string, spec: string) => {
          rewritten++;
          return `import(ck$url(${quote}${spec}${quote}))`;
        });
        if (rewritten !== chunk.dynamicImports.length) this.error(`${chunk.fileName}: ${rewritten} of its ${chunk.dynamicImports.length} import() calls could be made absolute.`);
        // In a function: a classic script's top-level names would become the page's globals (e, t, n…).
        chunk.code = `(()=>{var ck$base=document.currentScript?.src,ck$url=s=>ck$base?new URL(s,ck$base).href:s;${code}})();`;
      }
    },
  };
}

/**
 * The drop-in's shared chunks. Left alone, the bundler makes a dozen small files for one
 * <ck-embed> (each compressed and fetched on its own); grouped, it is 6 files and
 * 0.8 KB less. `lit`: Lit (not its static templates, which only <ck-policy-text> uses) and our code
 * that needs it (controllers, design tokens) — the self-check
 * and the API do not load it. `base`: the page's state every element reads (store, config
 * defaults, registry, English texts). Modules are grouped without their dependencies, so what the
 * loader itself needs (queued configuration, box hints) stays in the loader.
 */
const LIT_GROUP = /[\\/]node_modules[\\/](@lit|lit|lit-html|lit-element)[\\/](?!static)|[\\/]src[\\/](controllers[\\/]|elements[\\/]shared[\\/]shared\.styles\.ts$)/;
const BASE_GROUP =
  /[\\/]node_modules[\\/]js-cookie[\\/]|[\\/]src[\\/](core[\\/](url|decision|config-defaults|i18n|push|subject|cookie-format|consent-store|storage-keys|waiting-decision|hash)|kit[\\/](runtime|cookie-storage|events|services|local-storage|trusted-types)|i18n[\\/](en|load)|providers[\\/](registry|provider|hints))\.ts$/;

/**
 * One config, five jobs:
 * - `npm run demo`: dev server at the project root, opening the demo site in demo/.
 * - `vite build`: ES modules for bundlers (dist/index.js, dist/core.js, lazy locale chunks).
 * - `vite build --mode drop-in`: the script-tag build, `<script src=".../consentkit.js">` (classic or
 *   `type="module"`; dist/consentkit.js and its chunks in dist/consentkit/), lit, zod and js-cookie inside.
 * - `vite build --mode consent-mode`: dist/consent-mode.classic.js, the Google Consent Mode adapter
 *   as a classic script for <head> (before the Google tag); it talks to `window.consentkit` only.
 *   Its ES twin for bundlers is dist/consent-mode.js from the main build.
 * - `vite build --mode server`: dist/server/, the proof server for Node (`consentkit/server` and the
 *   `consentkit-server` command). Node code only, outside every browser bundle; the database
 *   drivers stay external (optional peer dependencies).
 */
export default defineConfig(({ mode }) => ({
  server: { open: '/demo/', port: 5173 },
  plugins: [
    ...(mode === 'drop-in' ? [classicEntry()] : mode === 'consent-mode' || mode === 'server' ? [] : [demoStart(), demoReceiver(), proofJsonSchema()]),
    // Lit ships the html`` and css`` templates as written: builds minify them (the dev server keeps them readable).
    // Lit's plain `html` only: static-html templates (a tag name as a value) are not HTML the minifier can parse.
    // CSS for the browsers of Vite's default build target (baseline widely available: Chrome 107,
    // Firefox 104, Safari 16), so that no newer syntax (media ranges, say) replaces what they read.
    {
      ...minifyLiterals({
        failOnError: true,
        include: ['src/**/*.ts'], // our templates only: a dependency's code is left as it is
        options: {
          shouldMinify: (template) => template.tag === 'html',
          minifyOptions: { minifyCSS: { targets: { chrome: 107 << 16, firefox: 104 << 16, safari: 16 << 16 } } },
        },
      }),
      apply: 'build' as const,
    },
  ],
  // The drop-in reserves each element's box before the first paint: the rules, written in at build time.
  define: mode === 'drop-in' ? { __CK_BOX_RULES__: JSON.stringify(boxRules()) } : {},
  build:
    mode === 'server'
      ? {
          emptyOutDir: false,
          outDir: 'dist/server',
          ssr: true,
          target: 'node20',
          copyPublicDir: false,
          minify: false,
          rollupOptions: {
            input: { index: 'src/server/index.ts', cli: 'src/server/bin.ts' },
            external: [/^node:/, 'better-sqlite3', 'pg', /^zod/],
            output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
          },
        }
      : mode === 'consent-mode'
      ? {
          emptyOutDir: false,
          // Classic, not a module: it must run before the Google tag, which a module (deferred) cannot promise.
          // Not lib mode: an IIFE there needs a global name, and start() is exported for the tests only.
          rollupOptions: { input: 'src/consent-mode/classic.ts', output: { format: 'iife', entryFileNames: 'consent-mode.classic.js' } },
          copyPublicDir: false,
          minify: true,
        }
      : mode === 'drop-in'
      ? {
          emptyOutDir: false,
          // consentkit.js and its chunks: each element, provider and locale is fetched when first needed.
          lib: { entry: 'src/drop-in.ts', formats: ['es'], fileName: () => 'consentkit.js' },
          // Lib mode keeps ES output readable; visitors download this one, so it is minified.
          rollupOptions: {
            // consentkit.js must stay a classic script too: it exports nothing, chunks share nothing with it.
            preserveEntrySignatures: false,
            output: {
              // The JS API (src/index.ts) is "api-…", not "src-…", in the network log.
              chunkFileNames: (chunk) => `consentkit/${chunk.facadeModuleId?.endsWith('/src/index.ts') ? 'api' : '[name]'}-[hash].js`,
              minify: true,
              // `npm run bench` only (CK_SPLIT_DEPS=1, a throwaway outDir): Lit and zod in chunks of
              // their own, to weigh them. Visitors' builds keep fewer, larger chunks.
              ...(!process.env.CK_SPLIT_DEPS && {
                codeSplitting: {
                  groups: [
                    { name: 'lit', test: LIT_GROUP, includeDependenciesRecursively: false },
                    { name: 'base', test: BASE_GROUP, includeDependenciesRecursively: false },
                  ],
                },
              }),
              ...(process.env.CK_SPLIT_DEPS && {
                manualChunks: (id: string) => (/[\\/]node_modules[\\/]zod[\\/]/.test(id) ? 'zod' : /[\\/]node_modules[\\/](@lit|lit|lit-html|lit-element)[\\/]/.test(id) ? 'lit' : undefined),
              }),
            },
          },
        }
      : {
          lib: { entry: { index: 'src/index.ts', core: 'src/core/index.ts', 'consent-mode': 'src/consent-mode/consent-mode.ts' }, formats: ['es'] },
          rollupOptions: { external: [/^lit/, /^zod/, 'js-cookie'] },
        },
}));
