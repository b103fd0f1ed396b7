import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import { isPostgresUrl, type ProofStore } from './store.js';

/** Opens the store `db` names: a `postgres://` URL, or a SQLite file path. Migrates it unless told not to. */
export async function openStore(db: string, { migrate = true }: { migrate?: boolean } = {}): Promise<ProofStore> {
  const store = isPostgresUrl(db) ? await openPostgres(db) : await openSqlite(db);
  if (migrate) await store.migrate();
  return store;
}
