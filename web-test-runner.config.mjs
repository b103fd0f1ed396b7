// Browser tests run in Debian's Chromium: see test/chromium.mjs.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { runnerImport } from 'vite';
import { CHROME_ARGS, CHROME_PATH } from './test/chromium.mjs';

/**
 * The network log: every request a test page (or any frame in it) makes to a host other than
 * the test server is recorded here and answered locally with an empty 204, so tests never wait
 * on the internet and can assert "zero third-party requests" from the browser's own log.
 */
const thirdPartyLog = new WeakMap();
const isLocal = (url) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || !/^(https?|wss?):$/.test(url.protocol);

/**
 * Server command `third-party-requests` ({clear?: boolean, clearThrough?: string[]}): the URLs
 * recorded for this page. `clear` empties the log; `clearThrough` removes what was logged up to
 * the last of these URLs (canaries), and keeps what came after them.
 */
const networkLogPlugin = {
  name: 'third-party-network-log',
  executeCommand({ command, payload, session }) {
    if (command !== 'third-party-requests') return undefined;
    const log = thirdPartyLog.get(session.browser.getPage(session.id)) ?? [];
    const urls = [...log];
    if (payload?.clear) log.length = 0;
    else if (payload?.clearThrough) log.splice(0, Math.max(...payload.clearThrough.map((url) => log.lastIndexOf(url))) + 1);
    return urls;
  },
};

/**
 * Server command `notifications` ({granted: boolean}): the browser's notification permission for
 * the test page, as a visitor would set it in the site settings (Playwright's permission API).
 * A "Block" the browser's own prompt gave cannot be undone this way: such a test gets a file
 * (a page) of its own.
 */
const permissionsPlugin = {
  name: 'notification-permission',
  async executeCommand({ command, payload, session }) {
    if (command !== 'notifications') return undefined;
    const page = session.browser.getPage(session.id);
    if (payload?.granted) await page.context().grantPermissions(['notifications'], { origin: new URL(page.url()).origin });
    else await page.context().clearPermissions();
    return true;
  },
};

/**
 * Server command `served`: the paths this test page (and its frames) asked the test server for,
 * in the order the browser issued the requests (logged when a request starts, not when it is
 * answered), so a test can tell "never requested" once a later request (a canary) shows up.
 */
const pageRequests = new WeakMap();
const requestLogPlugin = {
  name: 'request-log',
  executeCommand({ command, session }) {
    if (command !== 'served') return undefined;
    return [...(pageRequests.get(session.browser.getPage(session.id)) ?? [])];
  },
};

/**
 * Server command `cookies`: the cookies the browser holds for the test page, with what a page
 * cannot read from `document.cookie` (expiry, SameSite, Secure), as Playwright reports them.
 */
const cookiesPlugin = {
  name: 'cookie-jar',
  async executeCommand({ command, session }) {
    if (command !== 'cookies') return undefined;
    const page = session.browser.getPage(session.id);
    return page.context().cookies(page.url());
  },
};

/**
 * Test receivers: the reference receiver (demo/receiver.ts, loaded through Vite) mounted at
 * `/test-receiver/<name>`, one fresh in-memory instance per name, so each test has its own.
 * `POST /test-receiver/<name>/_faults` {offline, failRate, delayMs} makes it misbehave;
 * `GET /test-receiver/<name>/_stats` tells what it stored and how many duplicates it turned away.
 */
const { module: receiverModule } = await runnerImport(fileURLToPath(new URL('./demo/receiver.ts', import.meta.url)));
const receivers = new Map();
async function testReceivers(ctx, next) {
  const match = /^\/test-receiver\/([\w-]+)(?:\/_(faults|stats))?$/.exec(ctx.path);
  if (!match) return next();
  const [, name, control] = match;
  if (!receivers.has(name)) {
    const receiver = receiverModule.createReceiver();
    const faults = {};
    receivers.set(name, { receiver, faults, handle: receiverModule.withFaults(receiver, faults) });
  }
  const { receiver, faults, handle } = receivers.get(name);
  if (control === 'stats') {
    ctx.body = { ...receiver.stats(), ids: receiver.proofs().map((p) => p.id) };
  } else if (control === 'faults') {
    let text = '';
    for await (const chunk of ctx.req) text += chunk;
    for (const key of Object.keys(faults)) delete faults[key];
    Object.assign(faults, JSON.parse(text || '{}'));
    ctx.body = faults;
  } else {
    // The receiver answers on the raw response (or drops the connection when "offline"); the
    // status only keeps the runner from logging these requests as 404s.
    ctx.status = 200;
    ctx.respond = false;
    await handle(ctx.req, ctx.res);
  }
}

/**
 * Test proof servers: consentkit-server itself (src/server/, an in-memory SQLite store) mounted at
 * `/test-proof-server/<name>`, one per name. `?rateLimit=<n>` on the first request sets its
 * per-minute limit, so a test can meet a real 429 with Retry-After.
 */
const { module: proofServerModule } = await runnerImport(fileURLToPath(new URL('./src/server/index.ts', import.meta.url)));
const proofServers = new Map();
async function testProofServers(ctx, next) {
  const match = /^\/test-proof-server\/([\w-]+)(\/.*)?$/.exec(ctx.path);
  if (!match) return next();
  const [, name, rest = '/'] = match;
  if (!proofServers.has(name)) {
    proofServers.set(name, proofServerModule.createProofServer({ db: ':memory:', rateLimit: Number(ctx.query.rateLimit ?? 0), readToken: 'test-read-token-0123456789', log: () => {} }));
  }
  const handler = proofServers.get(name);
  await handler.ready;
  ctx.status = 200; // as for the receivers: keeps the runner from logging a 404
  ctx.respond = false;
  ctx.req.url = rest + (ctx.querystring ? `?${ctx.querystring}` : '');
  await new Promise((resolve) => {
    ctx.res.on('close', resolve);
    handler(ctx.req, ctx.res);
  });
}

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
        const failedBefore = count.failed;
        if (session.testResults) walk(session.testResults);
        // A file that failed outside its tests (it crashed, timed out, or a hook failed) counts as a failure.
        if (!session.passed && count.failed === failedBefore) count.failed++;
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
  middleware: [testReceivers, testProofServers],
  // Lit's dev-mode banner is noise in the log; everything else stays visible.
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
  testFramework: { config: { timeout: 5000 } },
  // A cold start on a fresh 2-core machine compiles every module once: allow for it.
  concurrency: 1,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
    networkLogPlugin,
    permissionsPlugin,
    cookiesPlugin,
    requestLogPlugin,
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROME_PATH,
        headless: true,
        args: CHROME_ARGS,
      },
      async createPage({ context }) {
        const page = await context.newPage();
        const log = [];
        thirdPartyLog.set(page, log);
        const requests = [];
        pageRequests.set(page, requests);
        page.on('request', (request) => {
          const url = new URL(request.url());
          if (isLocal(url)) requests.push(url.pathname);
        });
        // On the context, so that tabs the page opens (window.open of a chat link) are logged too.
        await context.route(
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
