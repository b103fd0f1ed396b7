/**
 * `consentkit/server`: the proof server for Node ≥ 20. Node code only: nothing here belongs in a
 * browser bundle. The drivers are optional peer dependencies: `better-sqlite3@12` for SQLite,
 * `pg` for PostgreSQL.
 */
export { createProofServer, type ProofServer, type ProofServerOptions, type ProofServerStats } from './handler.js';
export { openStore } from './open.js';
export { MissingDriverError, type ProofStore, type StoredRecord, type ExportFilter, type ExportRecord, type Submission, type Outcome } from './store.js';
export { verifyChain, canonicalJson, linkHash, GENESIS, type VerifyResult, type ChainRow } from './chain.js';
export { exportLines, type ExportFormat } from './export.js';
export { main as runCommand, HELP } from './cli.js';
