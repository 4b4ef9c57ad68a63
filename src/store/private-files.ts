import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { StoreOpenError } from './types';

export type StoreLog = (message: string, level?: 'info' | 'warn') => void;

/** The database holds the audit log, stored hunting results and button data: only the bot's own user reads it. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Files SQLite keeps beside the database in WAL mode (and a rollback journal if one is ever left behind). */
export const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'];

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;
// POSIX modes only: on Windows chmod sets the read-only flag and nothing else.
const posix = process.platform !== 'win32';

function currentMode(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Removes the group and other bits of an existing file or folder (the owner's bits are kept, so a read-only file
 * stays read-only), and says so. When the mode cannot be changed, `mustTighten` decides: refuse to open a
 * database others can read, or only warn about its folder.
 */
function tighten(path: string, what: string, log: StoreLog | undefined, mustTighten: boolean): void {
  const mode = currentMode(path);
  if (mode === undefined || (mode & 0o077) === 0) return;
  const wanted = mode & 0o700;
  try {
    chmodSync(path, wanted);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const fix = `run \`chmod ${octal(wanted)} ${path}\` as its owner, or run the bot as the user that owns it`;
    if (mustTighten)
      throw new StoreOpenError(
        'DATA_DIR',
        `DATA_DIR: ${what} ${path} can be read by other users (mode ${octal(mode)}) and this process cannot change that (${code}): ${fix}`,
        code,
      );
    log?.(`DATA_DIR: ${what} ${path} can be read by other users (mode ${octal(mode)}) and this process cannot change that (${code}): ${fix}`, 'warn');
    return;
  }
  log?.(`DATA_DIR: ${what} ${path} could be read by other users (mode ${octal(mode)}); the bot made it ${octal(wanted)}`, 'warn');
}

/** What the bot keeps in DATA_DIR besides the database (src/core/signing-key.ts). */
const OTHER_OWN_FILES = ['signing-key'];

/**
 * The folder of the database: created 0700 (with any missing parents). An existing looser folder is tightened only
 * when it is the bot's own (it holds nothing but the bot's files, and is not a shared sticky folder such as /tmp);
 * otherwise changing it could lock others out of their files, so the bot only says how to fix it.
 */
export function preparePrivateDir(dir: string, databaseName: string, log?: StoreLog): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!posix) return;
  const stat = statSync(dir);
  const mode = stat.mode & 0o777;
  if ((mode & 0o077) === 0) return;
  const own = new Set([databaseName, ...SQLITE_SIDE_FILES.map((s) => `${databaseName}${s}`), ...OTHER_OWN_FILES]);
  const shared = (stat.mode & 0o1000) !== 0 || readdirSync(dir).some((name) => !own.has(name));
  if (shared) {
    log?.(
      `DATA_DIR ${dir} can be listed by other users (mode ${octal(mode)}) and holds other files, so the bot leaves its mode alone: ` +
        `give the bot a folder of its own (mode 0700) or run \`chmod 700 ${dir}\`; the database files themselves are 0600`,
      'warn',
    );
    return;
  }
  tighten(dir, 'the folder', log, false);
}

/**
 * The database file: created 0600 before SQLite opens it, because SQLite creates its files 0644 (less the umask) and
 * then gives the -wal and -shm files the mode of the database file. An existing looser file, or side file, is tightened.
 */
export function preparePrivateDatabase(file: string, log?: StoreLog): void {
  if (!posix) return;
  if (currentMode(file) === undefined) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  checkPrivateDatabase(file, log);
}

/** After opening: the database and every side file SQLite made must be private (a safety net; normally a no-op). */
export function checkPrivateDatabase(file: string, log?: StoreLog): void {
  if (!posix) return;
  for (const path of [file, ...SQLITE_SIDE_FILES.map((s) => `${file}${s}`)]) tighten(path, 'the database file', log, true);
}
