/**
 * `consentkit-server`: the proof server as a command. Every option also comes from an
 * environment variable (the flag wins); a bad value names the option and stops the command
 * before anything starts. `main` returns the exit code, so tests can run it in a process.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Writable } from 'node:stream';
import { exportLines, parseRange } from './export.js';
import { createProofServer } from './handler.js';
import { POSTER_DEFAULTS } from './posters.js';
import { openStore } from './open.js';
import { MissingDriverError, isPostgresUrl } from './store.js';

type Value = string | number | boolean | string[];
interface Spec {
  flag: string;
  env: string[];
  arg?: string;
  help: string;
  commands: Array<'serve' | 'migrate' | 'verify' | 'export'>;
  default?: Value;
  /** The value, or a message saying what it must be. */
  parse?: (raw: string) => Value | { error: string };
}

const ALL = ['serve', 'migrate', 'verify', 'export'] as const;
const int = (min: number, max: number) => (raw: string) => (/^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max ? Number(raw) : { error: `a whole number from ${min} to ${max}` });
const bool = (raw: string) => (/^(1|true|yes|on)$/i.test(raw) ? true : /^(0|false|no|off)$/i.test(raw) ? false : { error: 'on or off' });
const baseUrl = (raw: string) => (/^https?:\/\/[^/?#\s]+$/.test(raw.replace(/\/+$/, '')) ? raw.replace(/\/+$/, '') : { error: 'an http(s) origin such as https://i.ytimg.com' });

export const OPTIONS: Spec[] = [
  { flag: 'db', env: ['CK_DB', 'DATABASE_URL'], arg: 'path|postgres://…', help: 'SQLite file, or a PostgreSQL URL (then several servers may share it)', commands: [...ALL], default: './proofs.db' },
  { flag: 'port', env: ['CK_PORT', 'PORT'], arg: 'n', help: 'port to listen on (0: any free port)', commands: ['serve'], default: 8787, parse: int(0, 65535) },
  { flag: 'host', env: ['CK_HOST'], arg: 'address', help: 'address to listen on (0.0.0.0 for every interface)', commands: ['serve'], default: '127.0.0.1' },
  {
    flag: 'allow-origin', env: ['CK_ALLOW_ORIGIN'], arg: 'origins', help: 'comma-separated origins whose pages may POST from another origin (default: none)', commands: ['serve'], default: [],
    parse: (raw) => {
      const list = raw.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);
      const bad = list.find((o) => !/^https?:\/\/[^/?#\s]+$/.test(o));
      return bad ? { error: `origins such as https://example.org (not ${JSON.stringify(bad)})` } : list;
    },
  },
  { flag: 'read-token', env: ['CK_READ_TOKEN'], arg: 'token', help: 'bearer token for GET /proofs, the live stream and export over HTTP (at least 16 characters; default: reading off)', commands: ['serve'], parse: (raw) => (raw.length >= 16 && /^[\x21-\x7e]+$/.test(raw) ? raw : { error: 'at least 16 printable characters without spaces' }) },
  { flag: 'rate-limit', env: ['CK_RATE_LIMIT'], arg: 'n', help: 'requests per minute per client address, answered 429 + Retry-After beyond (0: off)', commands: ['serve'], default: 300, parse: int(0, 10_000_000) },
  { flag: 'trust-proxy', env: ['CK_TRUST_PROXY'], arg: 'on|off', help: 'behind your reverse proxy: the client address is the last X-Forwarded-For entry (else one rate limit for all), the host the last X-Forwarded-Host', commands: ['serve'], default: false, parse: bool },
  { flag: 'retain-days', env: ['CK_RETAIN_DAYS'], arg: 'n', help: 'empty proofs older than this many days, hourly (0: keep them)', commands: ['serve'], default: 0, parse: int(0, 36_500) },
  { flag: 'queue-limit', env: ['CK_QUEUE_LIMIT'], arg: 'n', help: 'records waiting for the database at most; beyond, 503 + Retry-After', commands: ['serve'], default: 10_000, parse: int(1, 1_000_000) },
  { flag: 'body-timeout-ms', env: ['CK_BODY_TIMEOUT_MS'], arg: 'ms', help: 'a request body not complete by then is answered 408', commands: ['serve'], default: 10_000, parse: int(100, 600_000) },
  { flag: 'posters', env: ['CK_POSTERS'], arg: 'on|off', help: 'serve first-party video posters at /posters/youtube/<id> and /posters/vimeo/<id>', commands: ['serve'], default: true, parse: bool },
  { flag: 'poster-youtube-base', env: ['CK_POSTER_YOUTUBE_BASE'], arg: 'url', help: "YouTube's thumbnail host", commands: ['serve'], default: POSTER_DEFAULTS.youtubeBase, parse: baseUrl },
  { flag: 'poster-vimeo-base', env: ['CK_POSTER_VIMEO_BASE'], arg: 'url', help: "Vimeo's oEmbed host", commands: ['serve'], default: POSTER_DEFAULTS.vimeoBase, parse: baseUrl },
  { flag: 'poster-max-bytes', env: ['CK_POSTER_MAX_BYTES'], arg: 'n', help: 'largest thumbnail kept', commands: ['serve'], default: POSTER_DEFAULTS.maxBytes, parse: int(1024, 16 * 1024 * 1024) },
  { flag: 'poster-max-count', env: ['CK_POSTER_MAX_COUNT'], arg: 'n', help: 'posters kept at most; beyond, the ones fetched longest ago go', commands: ['serve'], default: POSTER_DEFAULTS.maxCount, parse: int(1, 10_000_000) },
  { flag: 'poster-timeout-ms', env: ['CK_POSTER_TIMEOUT_MS'], arg: 'ms', help: 'an upstream thumbnail request taking longer fails', commands: ['serve'], default: POSTER_DEFAULTS.timeoutMs, parse: int(100, 120_000) },
  { flag: 'subject', env: ['CK_SUBJECT'], arg: 'id', help: "export: one visitor's records (their subject id), e.g. for an access request", commands: ['export'] },
  { flag: 'service', env: ['CK_SERVICE'], arg: 'id', help: 'export: records of one service, e.g. youtube', commands: ['export'] },
  { flag: 'from', env: ['CK_FROM'], arg: 'date', help: 'export: decisions at or after (2026-12-01 or an ISO 8601 time)', commands: ['export'] },
  { flag: 'to', env: ['CK_TO'], arg: 'date', help: 'export: decisions up to (a day includes the whole day)', commands: ['export'] },
  { flag: 'format', env: ['CK_FORMAT'], arg: 'jsonl|csv', help: 'export: JSON lines or CSV', commands: ['export'], default: 'jsonl', parse: (raw) => (raw === 'jsonl' || raw === 'csv' ? raw : { error: 'jsonl or csv' }) },
  { flag: 'out', env: ['CK_OUT'], arg: 'file', help: 'export: write to this file instead of standard output', commands: ['export'] },
];

export const HELP = `consentkit-server: receives consent proofs from consentkit's elements, keeps them in a
tamper-evident chain (SQLite, or PostgreSQL at scale) and answers auditors.

Usage:
  consentkit-server [serve] [options]   run the server (POST /proofs, GET /proofs, /posters/…)
  consentkit-server migrate [--db …]    create or upgrade the database schema, then exit
  consentkit-server verify [--db …]     recompute the hash chain; exit 1 naming the first bad record
  consentkit-server export [--db …] [--subject id | --service id] [--from d] [--to d] [--format jsonl|csv]

Options (each also from the environment variable named; a flag wins over the variable):
${OPTIONS.map((o) => {
  const left = `  --${o.flag}${o.arg ? ` <${o.arg}>` : ''}`;
  const def = o.default === undefined || (Array.isArray(o.default) && !o.default.length) ? '' : ` (default ${Array.isArray(o.default) ? o.default.join(',') : typeof o.default === 'boolean' ? (o.default ? 'on' : 'off') : o.default})`;
  return `${left.padEnd(38)} ${o.help}${def}\n${' '.repeat(39)}env ${o.env.join(' or ')}; ${o.commands.length === ALL.length ? 'every command' : o.commands.join(', ')}`;
}).join('\n')}
  --help                               this text

Drivers are optional peer dependencies: npm install better-sqlite3@12 (SQLite) or npm install pg (PostgreSQL).
`;

export interface Io {
  out: Writable;
  err: Writable;
  /** Called once the server listens (tests); the command itself prints the address. */
  onListening?: (url: string) => void;
}

type Parsed = { command: (typeof ALL)[number]; values: Record<string, Value | undefined> } | { help: true } | { error: string };

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Parsed {
  const args = [...argv];
  let command: (typeof ALL)[number] = 'serve';
  if (args[0] && !args[0].startsWith('-')) {
    const name = args.shift()!;
    if (!(ALL as readonly string[]).includes(name)) return { error: `unknown command ${JSON.stringify(name)}; one of ${ALL.join(', ')} (see --help)` };
    command = name as (typeof ALL)[number];
  }
  const raw = new Map<string, { value: string; from: string }>();
  while (args.length) {
    const arg = args.shift()!;
    if (arg === '--help' || arg === '-h') return { help: true };
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const spec = match && OPTIONS.find((o) => o.flag === match[1]);
    if (!match || !spec) return { error: `unknown option ${JSON.stringify(arg.slice(0, 60))} (see --help)` };
    if (!spec.commands.includes(command)) return { error: `--${spec.flag} is not an option of ${command} (see --help)` };
    const value = match[2] ?? args.shift();
    if (value === undefined) return { error: `--${spec.flag} needs a value <${spec.arg}>` };
    raw.set(spec.flag, { value, from: `--${spec.flag}` });
  }
  const values: Record<string, Value | undefined> = {};
  for (const spec of OPTIONS) {
    if (!spec.commands.includes(command)) continue;
    const fromEnv = spec.env.find((name) => env[name] !== undefined && env[name] !== '');
    const given = raw.get(spec.flag) ?? (fromEnv ? { value: env[fromEnv]!, from: `${fromEnv} (environment)` } : undefined);
    if (!given) {
      values[spec.flag] = spec.default;
      continue;
    }
    const parsed = spec.parse ? spec.parse(given.value) : given.value;
    if (typeof parsed === 'object' && !Array.isArray(parsed)) return { error: `${given.from} must be ${parsed.error}, got ${JSON.stringify(given.value.slice(0, 80))}` };
    values[spec.flag] = parsed;
  }
  if (command === 'export') {
    const range = parseRange(values.from as string | undefined, values.to as string | undefined);
    if (typeof range === 'string') return { error: `--${range}` };
  }
  return { command, values };
}

/** A PostgreSQL URL without its password, for messages. */
export const describeDb = (db: string): string => (isPostgresUrl(db) ? `postgres ${db.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}` : `sqlite ${db}`);

export async function main(argv: string[], env: NodeJS.ProcessEnv, io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  const say = (stream: Writable, text: string) => stream.write(`${text}\n`);
  const parsed = parseArgs(argv, env);
  if ('help' in parsed) return say(io.out, HELP), 0;
  if ('error' in parsed) return say(io.err, `consentkit-server: ${parsed.error}`), 2;
  const v = parsed.values;
  const db = v.db as string;
  try {
    switch (parsed.command) {
      case 'migrate': {
        const store = await openStore(db, { migrate: false });
        const { from, to } = await store.migrate();
        await store.close();
        say(io.out, from === to ? `consentkit-server: ${describeDb(db)} is at schema version ${to}` : `consentkit-server: ${describeDb(db)} migrated from schema version ${from} to ${to}`);
        return 0;
      }
      case 'verify': {
        const store = await openStore(db);
        const result = await store.verify();
        await store.close();
        if (result.ok) {
          say(io.out, `verify: ${result.records} records, the chain holds. Head: record ${result.head.seq}, hash ${result.head.hash}`);
          return 0;
        }
        const p = result.problem!;
        say(io.err, `verify: FAILED at record ${p.seq}${p.id ? ` (id ${p.id})` : ''}: ${p.problem}`);
        return 1;
      }
      case 'export': {
        const range = parseRange(v.from as string | undefined, v.to as string | undefined) as Exclude<ReturnType<typeof parseRange>, string>;
        const store = await openStore(db);
        const out = v.out ? createWriteStream(v.out as string) : io.out;
        const filter = { ...range, ...(v.subject !== undefined && { subject: v.subject as string }), ...(v.service !== undefined && { service: v.service as string }) };
        for await (const line of exportLines(store.export(filter), v.format as 'jsonl' | 'csv')) {
          if (!out.write(line)) await once(out, 'drain');
        }
        if (out !== io.out) await new Promise((r) => out.end(r));
        await store.close();
        return 0;
      }
      case 'serve':
        return await serve(v, io);
    }
  } catch (error) {
    say(io.err, `consentkit-server: ${error instanceof MissingDriverError ? error.message : `${describeDb(db)}: ${(error as Error).message}`}`);
    return 1;
  }
}

/** How long requests still running at SIGTERM/SIGINT may take before their connections are closed. */
const SHUTDOWN_GRACE_MS = 5000;

async function serve(v: Record<string, Value | undefined>, io: Io): Promise<number> {
  const handler = createProofServer({
    db: v.db as string,
    allowOrigins: v['allow-origin'] as string[],
    readToken: v['read-token'] as string | undefined,
    rateLimit: v['rate-limit'] as number,
    trustProxy: v['trust-proxy'] as boolean,
    retainDays: v['retain-days'] as number,
    queueLimit: v['queue-limit'] as number,
    bodyTimeoutMs: v['body-timeout-ms'] as number,
    posters: v.posters
      ? { youtubeBase: v['poster-youtube-base'] as string, vimeoBase: v['poster-vimeo-base'] as string, maxBytes: v['poster-max-bytes'] as number, maxCount: v['poster-max-count'] as number, timeoutMs: v['poster-timeout-ms'] as number }
      : false,
    log: (m) => io.err.write(`${m}\n`),
  });
  await handler.ready; // a database that cannot be opened stops the command here
  const server = createServer(handler);
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(v.port as number, v.host as string, resolve);
  });
  const address = server.address() as { address: string; port: number };
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  io.out.write(`consentkit-server: listening on ${url} (${describeDb(v.db as string)}); POST proofs to ${url}/proofs\n`);
  io.onListening?.(url);
  if (!v['read-token']) io.err.write('consentkit-server: no --read-token: GET /proofs, the live stream and export over HTTP are off\n');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // Live streams first: they never end on their own, and server.close() waits for every connection.
      void handler.endLiveStreams().then(() => setImmediate(() => server.closeIdleConnections()));
      server.close(() => resolve());
      server.closeIdleConnections();
      // Requests still running get a grace period, then their connections are closed.
      setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await handler.close();
  return 0;
}
