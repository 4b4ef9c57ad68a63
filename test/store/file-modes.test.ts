import fs, { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, openStore, SQLITE_FILE_NAME, StoreOpenError } from '../../src/store';
import { makeRequest } from './fixtures';

// The audit log, stored hunting results and button data live in this database: only the bot's own user may read it.
const posix = process.platform !== 'win32';
const root = mkdtempSync(join(tmpdir(), 'store-modes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

const modeOf = (path: string) => statSync(path).mode & 0o777;
let n = 0;
const fresh = () => join(root, `case-${++n}`);

const request = makeRequest();
async function writeSomething(store: Awaited<ReturnType<typeof openStore>>): Promise<void> {
  await store.requests.create({ ...request, id: `${request.id}-${n}` });
  await store.ephemeral.put('button', '{"verb":"isolate"}', 60_000);
}

(posix ? describe : describe.skip)('SQLite file modes', () => {
  it('creates DATA_DIR 0700 and the database with its -wal and -shm files 0600, whatever a loose umask says', async () => {
    const dataDir = join(fresh(), 'nested', 'data');
    const previous = process.umask(0o000);
    let store;
    try {
      store = await openStore({ dataDir });
      await writeSomething(store);
    } finally {
      process.umask(previous);
    }
    const file = join(dataDir, SQLITE_FILE_NAME);
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(dataDir, '..'))).toBe(0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) {
        expect(existsSync(path)).toBe(true);
        expect([path, modeOf(path).toString(8)]).toEqual([path, '600']);
      }
    } finally {
      await store.close();
    }
  });

  it('tightens an earlier 0644 database, its side files and its own 0755 folder, and logs each', async () => {
    const dataDir = fresh();
    const first = await openStore({ dataDir });
    await writeSomething(first);
    const file = join(dataDir, SQLITE_FILE_NAME);
    // As an earlier version left them (SQLite's 0644 under umask 022), while the first store still holds -wal and -shm.
    for (const path of [file, `${file}-wal`, `${file}-shm`]) chmodSync(path, 0o644);
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'signing-key'), 'k', { mode: 0o600 });
    const logs: string[] = [];
    const second = await openStore({ dataDir, log: (m) => logs.push(m) });
    try {
      expect(await second.requests.get(`${request.id}-${n}`)).toBeDefined();
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(path)).toBe(0o600);
      expect(modeOf(dataDir)).toBe(0o700);
      expect(logs).toEqual(
        expect.arrayContaining([
          `DATA_DIR: the folder ${dataDir} could be read by other users (mode 0755); the bot made it 0700`,
          `DATA_DIR: the database file ${file} could be read by other users (mode 0644); the bot made it 0600`,
          `DATA_DIR: the database file ${file}-wal could be read by other users (mode 0644); the bot made it 0600`,
        ]),
      );
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('removes only the group and other bits, and says nothing when the modes are already private', () => {
    const dataDir = fresh();
    mkdirSync(dataDir, { mode: 0o700 });
    const file = join(dataDir, 'x.db');
    openSqliteStore(file).close();
    chmodSync(file, 0o640);
    const logs: string[] = [];
    const store = openSqliteStore(file, { log: (m) => logs.push(m) });
    void store.close();
    expect(modeOf(file)).toBe(0o600);
    chmodSync(file, 0o600);
    const quiet: string[] = [];
    void openSqliteStore(file, { log: (m) => quiet.push(m) }).close();
    expect(quiet).toEqual([]);
  });

  it('leaves a shared folder such as /tmp alone and says how to fix it, but still makes the files private', async () => {
    const shared = fresh();
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o1777);
    writeFileSync(join(shared, 'someone-elses-file'), 'x');
    const logs: string[] = [];
    const store = await openStore({ dataDir: shared, log: (m) => logs.push(m) });
    try {
      expect(statSync(shared).mode & 0o7777).toBe(0o1777);
      expect(logs.join('\n')).toContain(
        `DATA_DIR ${shared} can be listed by other users (mode 0777) and holds other files, so the bot leaves its mode alone: give the bot a folder of its own (mode 0700) or run \`chmod 700 ${shared}\``,
      );
      expect(modeOf(join(shared, SQLITE_FILE_NAME))).toBe(0o600);
    } finally {
      await store.close();
    }
  });

  it('refuses a database that others can read when its mode cannot be changed, naming the fix', async () => {
    const dataDir = fresh();
    const first = await openStore({ dataDir });
    await first.close();
    const file = join(dataDir, SQLITE_FILE_NAME);
    chmodSync(file, 0o644);
    // What a process that does not own the file gets from chmod (the tests run as root, which may always chmod).
    jest.spyOn(fs, 'chmodSync').mockImplementation(() => {
      throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
    });
    const err = await openStore({ dataDir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as StoreOpenError).setting).toBe('DATA_DIR');
    expect((err as StoreOpenError).message).toBe(
      `DATA_DIR: the database file ${file} can be read by other users (mode 0644) and this process cannot change that (EPERM): run \`chmod 0600 ${file}\` as its owner, or run the bot as the user that owns it`,
    );
  });
});
