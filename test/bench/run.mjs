// `npm run bench`: figures measured in one run on this machine, printed as a table.
// Proof delivery: N proofs through the reference receiver failing half the requests, in Chromium.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer, runnerImport } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const COUNT = Number(process.env.BENCH_PROOFS ?? 1000);
const RETRY = { baseMs: 100, maxMs: 5000 };

const { module: receiverModule } = await runnerImport(fileURLToPath(new URL('../../demo/receiver.ts', import.meta.url)));
const receiver = receiverModule.createReceiver();
const flaky = receiverModule.withFaults(receiver, { failRate: Number(process.env.BENCH_FAIL ?? 0.5) });
let posts = 0;
const server = await createServer({
  root,
  configFile: false,
  logLevel: 'silent',
  server: { port: 0, host: '127.0.0.1' },
  plugins: [
    {
      name: 'bench-receiver',
      configureServer: (s) =>
        void s.middlewares.use('/bench-receiver', (req, res) => {
          if (req.method === 'POST') posts++;
          void flaky(req, res);
        }),
    },
  ],
});
await server.listen();
const base = `http://127.0.0.1:${server.httpServer.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/test/bench/proofs.html`);
  await page.waitForFunction(() => 'bench' in window);
  const result = await page.evaluate(([endpoint, count, retry]) => window.bench(endpoint, count, retry), ['/bench-receiver', COUNT, RETRY]);
  const stats = receiver.stats();
  const storedIds = receiver.proofs().map((p) => p.id);
  const rows = [
    ['proofs queued', COUNT],
    ['delivered (stored by the receiver)', stats.stored],
    ['lost', COUNT - new Set(storedIds).size],
    ['stored twice', storedIds.length - new Set(storedIds).size],
    ['duplicate POSTs turned away by id', stats.duplicates],
    ['POSTs in all (failed ones answered 503)', posts],
    ['dropped by the client', result.dropped],
    ['time to drain the queue', `${(result.ms / 1000).toFixed(2)} s`],
  ];
  console.log(`\nProof delivery: ${COUNT} proofs, endpoint failing ${Number(process.env.BENCH_FAIL ?? 0.5) * 100} % of requests, retry ${RETRY.baseMs} ms .. ${RETRY.maxMs} ms, 4 in flight (Chromium ${browser.version()})\n`);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log('');
} finally {
  await browser.close();
  await server.close();
}
