// Runs `consentkit-server` from the TypeScript source (through Vite's module runner), as the built
// bin would: `node test/node/run-server-cli.mjs serve --db …`. Tests spawn it to kill it for real.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const { module: cli } = await runnerImport(fileURLToPath(new URL('../../src/server/cli.ts', import.meta.url)));
process.exitCode = await cli.main(process.argv.slice(2), process.env);
