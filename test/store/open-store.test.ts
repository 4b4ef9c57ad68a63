import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SQLITE_FILE_NAME, StoreOpenError } from '../../src/store';
import { postgresOpenError } from '../../src/store/open-errors';

const dir = mkdtempSync(join(tmpdir(), 'store-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<StoreOpenError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreOpenError);
  return err as StoreOpenError;
}

describe('openStore', () => {
  it.each([undefined, '', '   '])('opens SQLite in DATA_DIR when DATABASE_URL is %p', async (databaseUrl) => {
    const dataDir = join(dir, `sqlite-${String(databaseUrl).trim() || 'empty'}-${Math.random()}`, 'nested');
    const store = await openStore({ databaseUrl, dataDir });
    await store.health();
    await store.close();
    expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(true);
  });

  it('says which DATA_DIR cannot be written, and why', async () => {
    const err = await failure(openStore({ dataDir: '/dev/null/data' }));
    expect(err.setting).toBe('DATA_DIR');
    expect(err.message).toBe(
      'DATA_DIR /dev/null/data cannot be written (ENOTDIR): part of the path is a file, not a folder; ' +
        'set DATA_DIR to a folder this process can write, or fix its permissions',
    );
  });

  it('says when DATA_DIR is a file', async () => {
    const notADir = join(dir, 'a-file');
    writeFileSync(notADir, 'x');
    expect((await failure(openStore({ dataDir: notADir }))).message).toMatch(/^DATA_DIR .*a-file cannot be written \(EEXIST\): it is a file/);
  });

  it('says when the database file in DATA_DIR is not a database', async () => {
    const dataDir = join(dir, 'corrupt');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, SQLITE_FILE_NAME), 'not a database, '.repeat(512));
    expect((await failure(openStore({ dataDir }))).message).toMatch(
      /^DATA_DIR .*corrupt: .*defender-chatops\.db is not a usable SQLite database \(SQLITE_NOTADB\): restore it from a backup/,
    );
  });

  it('says which DATABASE_URL server refused, without the password', async () => {
    const err = await failure(openStore({ databaseUrl: 'postgresql://chatops:hunter2-secret@127.0.0.1:1/chatops', dataDir: dir }));
    expect(err.setting).toBe('DATABASE_URL');
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.message).toMatch(/^DATABASE_URL: cannot connect to 127\.0\.0\.1:1\/chatops \(ECONNREFUSED\): check the host and port/);
    expect(err.message).not.toContain('hunter2');
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, without echoing it', async () => {
    const err = await failure(openStore({ databaseUrl: 'mysql://root:hunter2-secret@db/chatops', dataDir: dir }));
    expect(err.message).toBe('DATABASE_URL is not a PostgreSQL URL: expected postgresql://user:password@host:5432/database');
    const unreadable = await failure(openStore({ databaseUrl: 'postgresql://root:hunter2-secret@[db/chatops', dataDir: dir }));
    expect(unreadable.message).toMatch(/^DATABASE_URL cannot be read as a PostgreSQL URL/);
    expect(unreadable.message).not.toContain('hunter2');
  });
});

describe('postgresOpenError', () => {
  const url = 'postgresql://chatops:hunter2-secret@db.internal:6432/chatops';

  it('scrubs the password even where a driver message repeats it', () => {
    const err = postgresOpenError(Object.assign(new Error('bad auth for hunter2-secret'), { code: '28P01' }), url);
    expect(err.message).toBe('DATABASE_URL: cannot connect to db.internal:6432/chatops (28P01): check the user name and password ' + '(bad auth for ***)');
  });

  it('tells a missing privilege apart from a failed connection', () => {
    const err = postgresOpenError(Object.assign(new Error('permission denied for schema public'), { code: '42501' }), url);
    expect(err.message).toMatch(
      /^DATABASE_URL: connected to db\.internal:6432\/chatops but cannot prepare the tables \(42501\): permission denied .*needs CREATE/,
    );
  });

  it('points at certificates for TLS failures and names timeouts', () => {
    expect(postgresOpenError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), url).message).toContain(
      '(DEPTH_ZERO_SELF_SIGNED_CERT): check the server certificate',
    );
    expect(postgresOpenError(new Error('Connection terminated due to connection timeout'), url).message).toContain(
      'cannot connect to db.internal:6432/chatops (timeout): check the host, the port and any firewall',
    );
  });
});
