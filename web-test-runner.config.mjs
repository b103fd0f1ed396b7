// Browser tests run in Debian's Chromium (apt-get install -y chromium); tools cannot download
// their own browsers here. CHROME_PATH overrides the path on other machines.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export default {
  files: 'test/**/*.test.ts',
  nodeResolve: true,
  // Lit's dev-mode banner is noise in the log; everything else stays visible.
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
  testFramework: { config: { timeout: 5000 } },
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-gpu'],
      },
    }),
  ],
};
