import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import { postgresMigrations } from './migrations-postgres';
import { SQLITE_MIGRATIONS } from './migrations-sqlite';

/**
 * One numbered step of a dialect's schema. Steps are applied once, in order, and recorded in schema_migrations.
 * A recorded version this code does not know (a newer replica got there first) is left alone, so steps must stay
 * compatible with the release before them.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const byVersion = (a: Migration, b: Migration) => a.version - b.version;

/**
 * Applies the missing SQLite migrations in one IMMEDIATE transaction: it takes the write lock first, so a second
 * process opening the same file waits (busy_timeout) and then finds the work done. Returns the versions applied.
 */
export function migrateSqlite(db: Database.Database, migrations: readonly Migration[] = SQLITE_MIGRATIONS): number[] {
  const run = db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    const done = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const m of [...migrations].sort(byVersion)) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
      applied.push(m.version);
    }
    return applied;
  });
  return run.immediate();
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Qualifies names with the schema, or leaves them to the connection's search_path when there is none. */
export function pgQualifier(schema: string | undefined): (name: string) => string {
  return schema === undefined ? (name) => name : (name) => `${quoteIdent(schema)}.${name}`;
}

/**
 * Applies the missing PostgreSQL migrations in one transaction, under a transaction-scoped advisory lock so replicas
 * starting together queue instead of racing on CREATE TABLE. Returns the versions applied. `only` narrows the steps (a
 * test builds a database of an earlier release with it).
 */
export async function migratePostgres(pool: Pool, schema: string | undefined, only?: (m: Migration) => boolean): Promise<number[]> {
  const q = pgQualifier(schema);
  const migrations = postgresMigrations(q)
    .filter(only ?? (() => true))
    .sort(byVersion);
  const client = await pool.connect();
  let clientBroken = false;
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('defender-chatops migrations ' || coalesce($1::text, current_schema(), '')))", [schema ?? null]);
    if (schema !== undefined) {
      const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      // Checked first: CREATE SCHEMA IF NOT EXISTS still wants CREATE on the database when the schema exists.
      if (found.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
    }
    await client.query(`CREATE TABLE IF NOT EXISTS ${q('schema_migrations')} (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query(`SELECT version FROM ${q('schema_migrations')}`)).rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${q('schema_migrations')} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      clientBroken = true;
    });
    throw err;
  } finally {
    client.release(clientBroken);
  }
}
