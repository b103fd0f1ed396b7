import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { z } from 'zod/mini';
import { randomBytes } from 'node:crypto';
import { withFaults, type Faults } from './demo/receiver';
import { createProofServer } from './src/server/index';
import { ProofSchema } from './src/core/proof';

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
 * One config, three jobs:
 * - `npm run demo`: dev server at the project root, opening the demo site in demo/.
 * - `vite build`: ES modules for bundlers (dist/index.js, dist/core.js, lazy locale chunks).
 * - `vite build --mode drop-in`: the script-tag build, `<script type="module" src=".../consentkit.js">`
 *   (dist/consentkit.js and its chunks in dist/consentkit/), with lit, zod and js-cookie inside.
 * - `vite build --mode consent-mode`: dist/consent-mode.classic.js, the Google Consent Mode adapter
 *   as a classic script for <head> (before the Google tag); it talks to `window.consentkit` only.
 *   Its ES twin for bundlers is dist/consent-mode.js from the main build.
 * - `vite build --mode server`: dist/server/, the proof server for Node (`consentkit/server` and the
 *   `consentkit-server` command). Node code only, outside every browser bundle; the database
 *   drivers stay external (optional peer dependencies).
 */
export default defineConfig(({ mode }) => ({
  server: { open: '/demo/', port: 5173 },
  plugins: mode === 'drop-in' || mode === 'consent-mode' || mode === 'server' ? [] : [demoReceiver(), proofJsonSchema()],
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
          rollupOptions: { input: 'src/consent-mode-classic.ts', output: { format: 'iife', entryFileNames: 'consent-mode.classic.js' } },
          copyPublicDir: false,
          minify: true,
        }
      : mode === 'drop-in'
      ? {
          emptyOutDir: false,
          // An ES module with chunks: each element, provider and locale is fetched when first needed.
          lib: { entry: 'src/drop-in.ts', formats: ['es'], fileName: () => 'consentkit.js' },
          // Lib mode keeps ES output readable; visitors download this one, so it is minified.
          rollupOptions: {
            // Nothing imports the drop-in, so it may export more than its own: the modules it shares
            // with the chunks it fetches (the tag watcher) then travel inside it, not as extra files.
            preserveEntrySignatures: 'allow-extension',
            output: {
              // The JS API (src/index.ts) is "api-…", not "src-…", in the network log.
              chunkFileNames: (chunk) => `consentkit/${chunk.facadeModuleId?.endsWith('/src/index.ts') ? 'api' : '[name]'}-[hash].js`,
              minify: true,
              // `npm run bench` only (CK_SPLIT_DEPS=1, a throwaway outDir): Lit and zod in chunks of
              // their own, to weigh them. Visitors' builds keep fewer, larger chunks.
              ...(process.env.CK_SPLIT_DEPS && {
                manualChunks: (id: string) => (/[\\/]node_modules[\\/]zod[\\/]/.test(id) ? 'zod' : /[\\/]node_modules[\\/](@lit|lit|lit-html|lit-element)[\\/]/.test(id) ? 'lit' : undefined),
              }),
            },
          },
        }
      : {
          lib: { entry: { index: 'src/index.ts', core: 'src/core/index.ts', 'consent-mode': 'src/consent-mode.ts' }, formats: ['es'] },
          rollupOptions: { external: [/^lit/, /^zod/, 'js-cookie'] },
        },
}));
