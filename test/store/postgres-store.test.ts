import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { openPostgresStore, openStore, StoreOpenError } from '../../src/store';
import { migratePostgres, quoteIdent } from '../../src/store/migrations';
import { makeRequest, type RawSql, type Row } from './fixtures';
import { describeStoreContract } from './store-contract';

const url = process.env.DATABASE_URL;
const ci = process.env.CI;
const inCi = ci !== undefined && !['', '0', 'false'].includes(ci.toLowerCase());

if (!url) {
  describe('PostgreSQL store', () => {
    it('needs DATABASE_URL', () => {
      const message = 'PostgreSQL suite needs DATABASE_URL (for example postgresql://postgres@127.0.0.1:5432/test)';
      // In CI a missing DATABASE_URL would silently drop the suite, so it fails instead.
      if (inCi) throw new Error(`${message}, and CI is set: the suite must run there`);
      console.warn(`${message}; not run on this machine`);
    });
  });
} else {
  describePostgres(url);
}

function describePostgres(url: string): void {
  // One schema per test file run (and per fresh database), so parallel runs never meet; all dropped at the end.
  const runId = `store_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  const newSchema = (suffix: string) => {
    schemas.push(`${runId}_${suffix}`);
    return `${runId}_${suffix}`;
  };

  async function withClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  }
  const rawIn =
    (schema: string): RawSql =>
    (sql) =>
      withClient(async (client) => {
        await client.query(`SET search_path TO ${quoteIdent(schema)}`);
        return (await client.query(sql)).rows as Row[];
      });

  afterAll(() =>
    withClient(async (client) => {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    }),
  );

  const schema = newSchema('contract');
  let freshCount = 0;
  describeStoreContract('PostgreSQL', () => openPostgresStore(url, { schema }), {
    raw: rawIn(schema),
    freshDatabase: async () => {
      const fresh = newSchema(`fresh${++freshCount}`);
      return { open: () => openPostgresStore(url, { schema: fresh }), raw: rawIn(fresh) };
    },
    databaseAt: async (version) => {
      const old = newSchema(`at${version}_${++freshCount}`);
      const pool = new Pool({ connectionString: url });
      try {
        await migratePostgres(pool, old, (m) => m.version <= version);
      } finally {
        await pool.end();
      }
      return { open: () => openPostgresStore(url, { schema: old }), raw: rawIn(old) };
    },
  });

  describe('PostgreSQL store', () => {
    it('refuses TRUNCATE of the audit table too', async () => {
      const store = await openPostgresStore(url, { schema });
      await store.audit.append({ at: new Date().toISOString(), event: 'requested', actor: 'system' });
      await store.close();
      await expect(rawIn(schema)('TRUNCATE audit_log')).rejects.toThrow(/audit is append-only/);
    });

    it('creates its schema, whatever characters its name has, and keeps its tables there', async () => {
      const odd = newSchema('Odd "name"; DROP');
      const store = await openPostgresStore(url, { schema: odd });
      await store.requests.create(makeRequest());
      await store.close();
      const tables = await withClient(
        async (client) => (await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [odd])).rows,
      );
      expect(tables.map((t) => t.table_name)).toEqual([
        'action_requests',
        'audit_log',
        'bindings',
        'conversation_settings',
        'conversations',
        'ephemeral',
        'incident_cards',
        'schema_migrations',
        'subscription_numbers',
        'subscriptions',
        'watermarks',
      ]);
    });

    it('is what openStore opens when DATABASE_URL is set, honouring a search_path given in the URL', async () => {
      const chosen = newSchema('openstore');
      await withClient((client) => client.query(`CREATE SCHEMA ${quoteIdent(chosen)}`));
      const withPath = new URL(url);
      withPath.searchParams.set('options', `-c search_path=${chosen}`);
      const dataDir = mkdtempSync(join(tmpdir(), 'store-pg-'));
      try {
        const store = await openStore({ databaseUrl: withPath.toString(), dataDir });
        await store.health();
        await store.close();
        expect(existsSync(join(dataDir, 'defender-chatops.db'))).toBe(false);
        expect(await rawIn(chosen)('SELECT version FROM schema_migrations ORDER BY version')).toEqual([
          { version: 1 },
          { version: 2 },
          { version: 3 },
          { version: 4 },
        ]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('names an unknown database in its error, without the password', async () => {
      const wrong = new URL(url);
      wrong.pathname = `/${runId}_missing`;
      wrong.password = 'hunter2-secret';
      const failure = await openStore({ databaseUrl: wrong.toString(), dataDir: tmpdir() }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(StoreOpenError);
      const { message } = failure as StoreOpenError;
      expect(message).toMatch(new RegExp(`^DATABASE_URL: cannot connect to [^ ]+/${runId}_missing \\(3D000\\): create the database`));
      expect(message).not.toContain('hunter2');
    });
  });
}
