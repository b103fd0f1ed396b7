import { defineConfig } from 'vite';

/**
 * One config, three jobs:
 * - `npm run demo`: dev server at the project root, opening the demo site in demo/.
 * - `vite build`: ES modules for bundlers (dist/index.js, dist/core.js, lazy locale chunks).
 * - `vite build --mode drop-in`: one classic script for a `<script src>` tag (dist/consentkit.js).
 */
export default defineConfig(({ mode }) => ({
  server: { open: '/demo/', port: 5173 },
  build:
    mode === 'drop-in'
      ? {
          emptyOutDir: false,
          lib: { entry: 'src/drop-in.ts', formats: ['iife'], name: 'consentkitDropIn', fileName: () => 'consentkit.js' },
        }
      : {
          lib: { entry: { index: 'src/index.ts', core: 'src/core/index.ts' }, formats: ['es'] },
          rollupOptions: { external: [/^lit/, /^zod/, 'js-cookie'] },
        },
}));
