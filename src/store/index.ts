import { join, resolve } from 'node:path';
import { checkDatabaseUrl, dataDirError, postgresOpenError } from './open-errors';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import type { StoreLog } from './private-files';
import type { Store } from './types';

export * from './types';
export * from './incident-types';
export * from './binding-types';
export { tenantStore, type TenantStoreOptions } from './tenant-store';
export { openPostgresStore, type PostgresStoreOptions } from './postgres-store';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite-store';

export const SQLITE_FILE_NAME = 'defender-chatops.db';

export interface StoreConfig {
  /** DATABASE_URL: PostgreSQL, for several replicas. */
  databaseUrl?: string;
  /** DATA_DIR: where the SQLite file lives when there is no databaseUrl. */
  dataDir: string;
  /** Where a tightened file mode of the SQLite store is reported. */
  log?: StoreLog;
}

/**
 * PostgreSQL when databaseUrl is set, else SQLite at <dataDir>/defender-chatops.db. Failures throw StoreOpenError
 * naming the setting to fix; a password in the URL never appears in its message.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  const url = config.databaseUrl?.trim();
  if (url) {
    checkDatabaseUrl(url);
    try {
      return await openPostgresStore(url);
    } catch (err) {
      throw postgresOpenError(err, url);
    }
  }
  const dir = resolve(config.dataDir);
  const file = join(dir, SQLITE_FILE_NAME);
  try {
    return openSqliteStore(file, { log: config.log });
  } catch (err) {
    throw dataDirError(err, dir, file);
  }
}
