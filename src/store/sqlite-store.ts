import Database from 'better-sqlite3';
import { basename, dirname } from 'node:path';
import {
  AUDIT_COLUMNS,
  REQUEST_COLUMNS,
  TRANSITION_FIELDS,
  UPDATE_FIELDS,
  auditConditions,
  checkLimit,
  checkParamsPatch,
  checkVersion,
  decodeAudit,
  decodeRequest,
  encodeAudit,
  encodePatch,
  encodeRequest,
  isStorable,
  movableStates,
  type SqlValue,
} from './codec';
import { migrateSqlite } from './migrations';
import { sqliteBindingStores } from './sqlite-binding-store';
import { tenantValues } from './tenant-codec';
import { sqliteIncidentStore } from './sqlite-incident-store';
import { checkPrivateDatabase, preparePrivateDatabase, preparePrivateDir, type StoreLog } from './private-files';
import {
  ACTIVE_STATES,
  FINAL_STATES,
  StoreConflictError,
  StoreValueError,
  WAITING_STATES,
  type ActionRequest,
  type ActionRequestStore,
  type AuditLog,
  type Store,
} from './types';

type Row = Record<string, unknown>;
const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
/** ` AND tenant IN (?, ...)` for the values a tenant filter admits; nothing when it admits every row. */
const tenantTerm = (tenants: string[] | undefined) => (tenants ? ` AND tenant IN (${tenants.map(() => '?').join(', ')})` : '');

export interface SqliteStoreOptions {
  /** Where a tightened file mode is reported. */
  log?: StoreLog;
}

/**
 * A store in one SQLite file (or `:memory:`). better-sqlite3 is synchronous; the methods are async to match the
 * interface. Several processes may share the file (WAL, busy_timeout), but replicas on different hosts need PostgreSQL.
 * The folder is private (0700) and the database with its -wal and -shm files too (0600).
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const onDisk = file !== ':memory:';
  if (onDisk) {
    preparePrivateDir(dirname(file), basename(file), options.log);
    preparePrivateDatabase(file, options.log);
  }
  const db = new Database(file, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a committed audit row survives a power cut, not only a crash. The volume is small.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrateSqlite(db);
    if (onDisk) checkPrivateDatabase(file, options.log);
  } catch (err) {
    db.close();
    throw err;
  }

  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const all = (sql: string, ...params: SqlValue[]) => (prepared(sql).all(...params) as Row[]).map(decodeRequest);

  // Writes a patch with a single UPDATE whose WHERE is the compare-and-set condition; no row back means it lost.
  const casUpdate = (id: string, sets: Array<[string, SqlValue]>, condition: string, params: SqlValue[]) => {
    const sql = `UPDATE action_requests SET ${sets.map(([column]) => `${column} = ?`).join(', ')}, version = version + 1
      WHERE id = ? AND ${condition} RETURNING *`;
    const row = prepared(sql).get(...sets.map(([, value]) => value), id, ...params) as Row | undefined;
    return row && decodeRequest(row);
  };

  const requests: ActionRequestStore = {
    async create(request: ActionRequest) {
      const row = encodeRequest(request);
      try {
        prepared(`INSERT INTO action_requests (${REQUEST_COLUMNS.join(', ')}) VALUES (${REQUEST_COLUMNS.map((c) => `@${c}`).join(', ')})`).run(row);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new StoreConflictError('a request with this id already exists');
        throw err;
      }
    },

    async get(id) {
      if (!isStorable(id)) return undefined;
      const row = prepared('SELECT * FROM action_requests WHERE id = ?').get(id) as Row | undefined;
      return row && decodeRequest(row);
    },

    async transition(id, from, patch, expectedVersion) {
      if (patch.state === undefined) throw new StoreValueError('a transition sets state');
      checkParamsPatch(from, patch);
      checkVersion(expectedVersion);
      const states = movableStates(from);
      const sets = encodePatch(patch, TRANSITION_FIELDS, new Date());
      if (states.length === 0 || !isStorable(id)) return undefined;
      const condition = `state IN (${states.map(() => '?').join(', ')})${expectedVersion === undefined ? '' : ' AND version = ?'}`;
      return casUpdate(id, sets, condition, expectedVersion === undefined ? states : [...states, expectedVersion]);
    },

    async update(id, expectedVersion, patch) {
      checkVersion(expectedVersion);
      const sets = encodePatch(patch, UPDATE_FIELDS, new Date());
      if (!isStorable(id)) return undefined;
      return casUpdate(id, sets, 'version = ?', [expectedVersion]);
    },

    async listActive(tenant) {
      const tenants = tenantValues(tenant);
      if (tenants?.length === 0) return [];
      return all(`SELECT * FROM action_requests WHERE state IN (${inList(ACTIVE_STATES)})${tenantTerm(tenants)} ORDER BY created_at, id`, ...(tenants ?? []));
    },

    async listExpired(now, tenant) {
      const tenants = tenantValues(tenant);
      if (tenants?.length === 0) return [];
      return all(
        `SELECT * FROM action_requests WHERE state IN (${inList(WAITING_STATES)}) AND expires_at < ?${tenantTerm(tenants)} ORDER BY expires_at, id`,
        now.toISOString(),
        ...(tenants ?? []),
      );
    },

    async findOpen(action, target, tenant) {
      const tenants = tenantValues(tenant);
      if (!isStorable(action) || !isStorable(target) || tenants?.length === 0) return [];
      return all(
        `SELECT * FROM action_requests WHERE action = ? AND target_key = ? AND state NOT IN (${inList(FINAL_STATES)})${tenantTerm(tenants)}
        ORDER BY created_at, id`,
        action,
        target.toLowerCase(),
        ...(tenants ?? []),
      );
    },
  };

  const audit: AuditLog = {
    async append(entry) {
      const row = prepared(`INSERT INTO audit_log (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map((c) => `@${c}`).join(', ')})
        RETURNING *`).get(encodeAudit(entry)) as Row;
      return decodeAudit(row);
    },

    async query(filter) {
      const limit = checkLimit(filter.limit);
      const terms = auditConditions(filter);
      if (!terms) return [];
      const where = terms.length
        ? `WHERE ${terms.map((t) => (t.op === 'in' ? `${t.column} IN (${t.values.map(() => '?').join(', ')})` : `${t.column} ${t.op} ?`)).join(' AND ')}`
        : '';
      const params = terms.flatMap((t) => (t.op === 'in' ? t.values : [t.value]));
      const sql = `SELECT * FROM audit_log ${where} ORDER BY id DESC${limit === undefined ? '' : ' LIMIT ?'}`;
      const rows = prepared(sql).all(...(limit === undefined ? params : [...params, limit])) as Row[];
      return rows.map(decodeAudit);
    },
  };

  return {
    requests,
    audit,
    incidents: sqliteIncidentStore(db, prepared),
    ...sqliteBindingStores(prepared),
    ephemeral: {
      async put(key, value, ttlMs) {
        prepared(
          'INSERT INTO ephemeral (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
        ).run(key, value, Date.now() + ttlMs);
      },
      async putMany(entries, ttlMs) {
        const upsert = prepared(
          'INSERT INTO ephemeral (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
        );
        const expires = Date.now() + ttlMs;
        db.transaction(() => {
          for (const e of entries) upsert.run(e.key, e.value, expires);
        })();
      },
      async get(key) {
        const row = prepared('SELECT value FROM ephemeral WHERE key = ? AND expires_at > ?').get(key, Date.now()) as { value: string } | undefined;
        return row?.value;
      },
      async sweep() {
        return prepared('DELETE FROM ephemeral WHERE expires_at <= ?').run(Date.now()).changes;
      },
    },
    async health() {
      prepared('SELECT count(*) FROM schema_migrations').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
