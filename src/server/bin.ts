#!/usr/bin/env node
// The `consentkit-server` command (package.json "bin"): see cli.ts, or run it with --help.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2), process.env);
