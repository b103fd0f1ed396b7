/** The DOM-free core: consent store, config schema, hashing and texts. Usable in Node too. */
export { ConsentStore, type ConsentChange, type ConsentListener, type ConsentStoreOptions, type Channel } from './consent-store.js';
export { memoryStorage, type CookieStorage } from './storage.js';
export { Decision, SERVICE_ID, type ConsentRecord } from './decision.js';
export { ConfigSchema, DEFAULT_CONFIG, validateConfig, mergeConfig, type Config, type ConfigInput } from './config.js';
export { textVersion } from './hash.js';
export { newSubjectId } from './subject.js';
export { serialize as serializeCookie, parse as parseCookie, CookieFormatError } from './cookie-format.js';
export { ProofSchema, PROOF_SCHEMA_VERSION, type Proof } from './proof.js';
export { ErasureRequestSchema, type ErasureRequest, type DataExport } from './erasure.js';
