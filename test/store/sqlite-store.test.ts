import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store';
import { migrateSqlite } from '../../src/store/migrations';
import { SQLITE_MIGRATIONS } from '../../src/store/migrations-sqlite';
import { makeRequest, type RawSql, type Row } from './fixtures';
import { describeStoreContract } from './store-contract';

const dir = mkdtempSync(join(tmpdir(), 'store-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A second handle on the file, as another process would have. Its errors are rethrown as plain Errors: SqliteError is
 * not an Error to jest's matchers (its prototype comes from outside the test's realm).
 */
function rawOn(file: string): RawSql {
  return async (sql) => {
    const db = new Database(file, { timeout: 5000 });
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all() as Row[];
      statement.run();
      return [];
    } catch (err) {
      throw new Error((err as { message: string }).message);
    } finally {
      db.close();
    }
  };
}

const file = join(dir, 'not', 'yet', 'there', 'contract.db');
let freshCount = 0;
describeStoreContract('SQLite', async () => openSqliteStore(file), {
  raw: rawOn(file),
  freshDatabase: async () => {
    const freshFile = join(dir, `fresh-${++freshCount}.db`);
    return { open: async () => openSqliteStore(freshFile), raw: rawOn(freshFile) };
  },
  databaseAt: async (version) => {
    const oldFile = join(dir, `at-${version}-${++freshCount}.db`);
    const db = new Database(oldFile);
    try {
      migrateSqlite(
        db,
        SQLITE_MIGRATIONS.filter((m) => m.version <= version),
      );
    } finally {
      db.close();
    }
    return { open: async () => openSqliteStore(oldFile), raw: rawOn(oldFile) };
  },
});

describe('SQLite store', () => {
  it('creates its folder and runs in WAL mode', async () => {
    const nested = join(dir, 'a', 'b', 'wal.db');
    const store = openSqliteStore(nested);
    try {
      expect(existsSync(nested)).toBe(true);
      expect(await rawOn(nested)('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      await store.close();
    }
  });

  it('works in memory', async () => {
    const store = openSqliteStore(':memory:');
    const request = makeRequest();
    await store.requests.create(request);
    expect(await store.requests.get(request.id)).toStrictEqual(request);
    await store.close();
  });

  it('survives a restart: a new handle on the same file finds the data', async () => {
    const restartFile = join(dir, 'restart.db');
    const before = openSqliteStore(restartFile);
    const request = makeRequest({ state: 'inProgress' });
    await before.requests.create(request);
    await before.close();
    const after = openSqliteStore(restartFile);
    expect(await after.requests.listActive()).toStrictEqual([request]);
    await after.close();
  });
});
