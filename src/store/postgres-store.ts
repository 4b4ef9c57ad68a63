import { Pool } from 'pg';
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
import { migratePostgres, pgQualifier } from './migrations';
import { postgresBindingStores } from './postgres-binding-store';
import { tenantValues } from './tenant-codec';
import { postgresIncidentStore } from './postgres-incident-store';
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
type Param = SqlValue | readonly string[];

export interface PostgresStoreOptions {
  /** Tables live in this schema (created if missing); without it, in the connection's search_path. */
  schema?: string;
}

const placeholders = (count: number, first = 1) => Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ');
/** ` AND tenant = ANY($n)` for the values a tenant filter admits; nothing when it admits every row. */
const tenantTerm = (tenants: string[] | undefined, n: number) => (tenants ? ` AND tenant = ANY($${n}::text[])` : '');

/** A store in PostgreSQL: any number of replicas may share it. Opening applies the missing migrations. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined && (schema.length === 0 || schema.length > 63 || !isStorable(schema))) {
    throw new StoreValueError('schema must be a name of 1 to 63 characters');
  }
  const pool = new Pool({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: 'defender-chatops' });
  // An idle client whose server went away reports here. The pool has already dropped it and the next query connects
  // afresh; without a listener Node would end the process.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, schema);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }

  const q = pgQualifier(schema);
  const requestsTable = q('action_requests');
  const auditTable = q('audit_log');
  const rows = async (sql: string, params: Param[] = []) => (await pool.query(sql, params as unknown[])).rows as Row[];
  const requestRows = async (sql: string, params: Param[] = []) => (await rows(sql, params)).map(decodeRequest);

  // One UPDATE ... RETURNING whose WHERE is the compare-and-set condition. Under READ COMMITTED a concurrent writer of
  // the same row waits, then re-checks the WHERE against the committed row, so only one of them matches.
  const casUpdate = async (id: string, sets: Array<[string, SqlValue]>, condition: (next: number) => string, params: Param[]) => {
    const assignments = sets.map(([column], i) => `${column} = $${i + 1}`).join(', ');
    const idParam = sets.length + 1;
    const sql = `UPDATE ${requestsTable} SET ${assignments}, version = version + 1
      WHERE id = $${idParam} AND ${condition(idParam + 1)} RETURNING *`;
    const [row] = await rows(sql, [...sets.map(([, value]) => value), id, ...params]);
    return row && decodeRequest(row);
  };

  const requests: ActionRequestStore = {
    async create(request: ActionRequest) {
      const row = encodeRequest(request);
      try {
        await pool.query(
          `INSERT INTO ${requestsTable} (${REQUEST_COLUMNS.join(', ')}) VALUES (${placeholders(REQUEST_COLUMNS.length)})`,
          REQUEST_COLUMNS.map((c) => row[c]),
        );
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw new StoreConflictError('a request with this id already exists');
        throw err;
      }
    },

    async get(id) {
      if (!isStorable(id)) return undefined;
      const [row] = await rows(`SELECT * FROM ${requestsTable} WHERE id = $1`, [id]);
      return row && decodeRequest(row);
    },

    async transition(id, from, patch, expectedVersion) {
      if (patch.state === undefined) throw new StoreValueError('a transition sets state');
      checkParamsPatch(from, patch);
      checkVersion(expectedVersion);
      const states = movableStates(from);
      const sets = encodePatch(patch, TRANSITION_FIELDS, new Date());
      if (states.length === 0 || !isStorable(id)) return undefined;
      if (expectedVersion === undefined) return casUpdate(id, sets, (n) => `state = ANY($${n}::text[])`, [states]);
      return casUpdate(id, sets, (n) => `state = ANY($${n}::text[]) AND version = $${n + 1}`, [states, expectedVersion]);
    },

    async update(id, expectedVersion, patch) {
      checkVersion(expectedVersion);
      const sets = encodePatch(patch, UPDATE_FIELDS, new Date());
      if (!isStorable(id)) return undefined;
      return casUpdate(id, sets, (n) => `version = $${n}`, [expectedVersion]);
    },

    async listActive(tenant) {
      const tenants = tenantValues(tenant);
      if (tenants?.length === 0) return [];
      return requestRows(
        `SELECT * FROM ${requestsTable} WHERE state = ANY($1::text[])${tenantTerm(tenants, 2)} ORDER BY created_at, id`,
        tenants ? [ACTIVE_STATES, tenants] : [ACTIVE_STATES],
      );
    },

    async listExpired(now, tenant) {
      const tenants = tenantValues(tenant);
      if (tenants?.length === 0) return [];
      return requestRows(
        `SELECT * FROM ${requestsTable} WHERE state = ANY($1::text[]) AND expires_at < $2${tenantTerm(tenants, 3)} ORDER BY expires_at, id`,
        tenants ? [WAITING_STATES, now.toISOString(), tenants] : [WAITING_STATES, now.toISOString()],
      );
    },

    async findOpen(action, target, tenant) {
      const tenants = tenantValues(tenant);
      if (!isStorable(action) || !isStorable(target) || tenants?.length === 0) return [];
      const params: Param[] = [action, target.toLowerCase(), FINAL_STATES];
      return requestRows(
        `SELECT * FROM ${requestsTable} WHERE action = $1 AND target_key = $2 AND NOT (state = ANY($3::text[]))${tenantTerm(tenants, 4)}
        ORDER BY created_at, id`,
        tenants ? [...params, tenants] : params,
      );
    },
  };

  const audit: AuditLog = {
    async append(entry) {
      const row = encodeAudit(entry);
      const [stored] = await rows(
        `INSERT INTO ${auditTable} (${AUDIT_COLUMNS.join(', ')}) VALUES (${placeholders(AUDIT_COLUMNS.length)})
        RETURNING *`,
        AUDIT_COLUMNS.map((c) => row[c]),
      );
      return decodeAudit(stored as Row);
    },

    async query(filter) {
      const limit = checkLimit(filter.limit);
      const terms = auditConditions(filter);
      if (!terms) return [];
      const where = terms.length
        ? `WHERE ${terms.map((t, i) => (t.op === 'in' ? `${t.column} = ANY($${i + 1}::text[])` : `${t.column} ${t.op} $${i + 1}`)).join(' AND ')}`
        : '';
      const params: Param[] = terms.map((t) => (t.op === 'in' ? t.values : t.value));
      const sql = `SELECT * FROM ${auditTable} ${where} ORDER BY id DESC${limit === undefined ? '' : ` LIMIT $${params.length + 1}`}`;
      return (await rows(sql, limit === undefined ? params : [...params, limit])).map(decodeAudit);
    },
  };

  let closed = false;
  return {
    requests,
    audit,
    incidents: postgresIncidentStore(pool, q),
    ...postgresBindingStores(pool, q),
    ephemeral: {
      async put(key, value, ttlMs) {
        await pool.query(
          `INSERT INTO ${q('ephemeral')} (key, value, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
          [key, value, Date.now() + ttlMs],
        );
      },
      async putMany(entries, ttlMs) {
        if (entries.length === 0) return;
        await pool.query(
          `INSERT INTO ${q('ephemeral')} (key, value, expires_at) SELECT k, v, $3 FROM unnest($1::text[], $2::text[]) AS t(k, v)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
          [entries.map((e) => e.key), entries.map((e) => e.value), Date.now() + ttlMs],
        );
      },
      async get(key) {
        const result = await pool.query<{ value: string }>(`SELECT value FROM ${q('ephemeral')} WHERE key = $1 AND expires_at > $2`, [key, Date.now()]);
        return result.rows[0]?.value;
      },
      async sweep() {
        return (await pool.query(`DELETE FROM ${q('ephemeral')} WHERE expires_at <= $1`, [Date.now()])).rowCount ?? 0;
      },
    },
    async health() {
      await pool.query(`SELECT 1 FROM ${q('schema_migrations')} LIMIT 1`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
