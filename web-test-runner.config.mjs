// Browser tests run in Debian's Chromium (apt-get install -y chromium); tools cannot download
// their own browsers here. CHROME_PATH overrides the path on other machines.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * The network log: every request a test page (or any frame in it) makes to a host other than
 * the test server is recorded here and answered locally with an empty 204, so tests never wait
 * on the internet and can assert "zero third-party requests" from the browser's own log.
 */
const thirdPartyLog = new WeakMap();
const isLocal = (url) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || !/^(https?|wss?):$/.test(url.protocol);

/** Server command `third-party-requests` ({clear?: boolean}): the URLs recorded for this page. */
const networkLogPlugin = {
  name: 'third-party-network-log',
  executeCommand({ command, payload, session }) {
    if (command !== 'third-party-requests') return undefined;
    const log = thirdPartyLog.get(session.browser.getPage(session.id)) ?? [];
    const urls = [...log];
    if (payload?.clear) log.length = 0;
    return urls;
  },
};

/** Ends the run with one plain line CI can read: `tests: N passed, N failed, N skipped`. */
function summaryReporter() {
  let line = '';
  return {
    onTestRunFinished({ sessions }) {
      const count = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const t of suite.tests) count[t.skipped ? 'skipped' : t.passed ? 'passed' : 'failed']++;
        suite.suites.forEach(walk);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that crashed or timed out has no results of its own: count it as a failure.
        if (!session.passed && !session.testResults?.tests.length && !session.testResults?.suites.length) count.failed++;
      }
      line = `tests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`;
    },
    // Printed after the runner's own closing words, so it is the last line of the run.
    stop() {
      if (line) process.on('exit', () => process.stdout.write(`${line}\n`));
    },
  };
}

export default {
  reporters: [defaultReporter(), summaryReporter()],
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
    networkLogPlugin,
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-gpu'],
      },
      async createPage({ context }) {
        const page = await context.newPage();
        const log = [];
        thirdPartyLog.set(page, log);
        await page.route(
          (url) => !isLocal(url),
          (route) => {
            log.push(route.request().url());
            // The page may be gone by now (end of a test file); that is not an error.
            return route.fulfill({ status: 204, body: '' }).catch(() => {});
          },
        );
        return page;
      },
    }),
  ],
};
