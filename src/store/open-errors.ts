import { Client } from 'pg';
import { StoreOpenError } from './types';

type ErrorLike = { code?: unknown; message?: unknown };

const codeOf = (err: unknown) => {
  const code = (err as ErrorLike | undefined)?.code;
  return typeof code === 'string' && code ? code : undefined;
};
const messageOf = (err: unknown) => String((err as ErrorLike | undefined)?.message ?? err);

const POSTGRES_URL = /^(postgres|postgresql):\/\//i;

/** Where a DATABASE_URL points, as host:port/database, and its password (to keep it out of messages). */
function describeUrl(url: string): { where: string; password: string | undefined } {
  const params = new Client({ connectionString: url });
  return { where: `${params.host}:${params.port}/${params.database ?? ''}`, password: params.password };
}

/** Replaces every occurrence of the password, whatever produced the text. */
function scrub(text: string, password: string | undefined): string {
  return password ? text.split(password).join('***') : text;
}

export function checkDatabaseUrl(url: string): void {
  if (!POSTGRES_URL.test(url)) {
    throw new StoreOpenError('DATABASE_URL', 'DATABASE_URL is not a PostgreSQL URL: expected postgresql://user:password@host:5432/database', 'EINVAL');
  }
}

const CONNECT_HINTS: Record<string, string> = {
  ECONNREFUSED: 'check the host and port, and that PostgreSQL is running and accepts TCP connections there',
  ENOTFOUND: 'check the host name',
  EAI_AGAIN: "check the host name and this machine's DNS",
  ETIMEDOUT: 'check the host, the port and any firewall in between',
  EHOSTUNREACH: 'check the host, the port and any firewall in between',
  ENETUNREACH: 'check the host, the port and any firewall in between',
  timeout: 'check the host, the port and any firewall in between',
  ECONNRESET: "check that the port is PostgreSQL's, and the sslmode the server expects",
  '28P01': 'check the user name and password',
  '28000': "check that the server's pg_hba.conf lets this user connect from here, and the sslmode",
  '3D000': 'create the database, or fix its name at the end of the URL',
  '53300': "the server has no free connections: raise max_connections or shrink other clients' pools",
  '57P03': 'the server is starting or stopping: try again shortly',
};

/** Anything that is not a SQLSTATE (errno, TLS, timeout), and the SQLSTATEs of connection and login failures. */
function isConnectFailure(code: string): boolean {
  const sqlState = /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('E');
  return !sqlState || /^(08|28)/.test(code) || ['3D000', '53300', '57P03'].includes(code);
}

function connectHint(code: string): string {
  if (/CERT|TLS|SSL/.test(code)) return 'check the server certificate, or the sslmode and sslrootcert in the URL';
  return CONNECT_HINTS[code] ?? 'check the URL';
}

const UNREADABLE_URL =
  'DATABASE_URL cannot be read as a PostgreSQL URL: expected postgresql://user:password@host:5432/database, ' +
  'with special characters in the password percent-encoded';

export function postgresOpenError(err: unknown, url: string): Error {
  if (err instanceof StoreOpenError) return err;
  let described: ReturnType<typeof describeUrl>;
  try {
    described = describeUrl(url);
  } catch {
    return new StoreOpenError('DATABASE_URL', UNREADABLE_URL, 'EINVAL');
  }
  const { where, password } = described;
  const message = messageOf(err);
  const code = codeOf(err) ?? (/timeout|timed out/i.test(message) ? 'timeout' : 'error');
  const text = isConnectFailure(code)
    ? `DATABASE_URL: cannot connect to ${where} (${code}): ${connectHint(code)} (${message})`
    : `DATABASE_URL: connected to ${where} but cannot prepare the tables (${code}): ${message}` +
      (code === '42501' ? ': the user needs CREATE on the database, or an existing schema it may create tables in' : '');
  return new StoreOpenError('DATABASE_URL', scrub(text, password), code);
}

const DATA_DIR_WHY: Record<string, string> = {
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'it is a file, not a folder',
  EACCES: 'this process may not write there',
  EPERM: 'this process may not write there',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  SQLITE_FULL: 'the disk is full',
  SQLITE_CANTOPEN: 'the database file cannot be created or opened there',
};

export function dataDirError(err: unknown, dir: string, file: string): Error {
  if (err instanceof StoreOpenError) return err;
  const code = codeOf(err) ?? 'error';
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return new StoreOpenError(
      'DATA_DIR',
      `DATA_DIR ${dir}: ${file} is not a usable SQLite database (${code}): ` + 'restore it from a backup, or move it away to start with an empty store',
      code,
    );
  }
  if (code.startsWith('SQLITE_BUSY')) {
    return new StoreOpenError(
      'DATA_DIR',
      `DATA_DIR ${dir}: ${file} stayed locked by another process (${code}): ` + 'check for another instance writing to it',
      code,
    );
  }
  const why = DATA_DIR_WHY[code] ?? (code.startsWith('SQLITE_READONLY') ? 'the database file or its folder is read-only' : messageOf(err));
  return new StoreOpenError(
    'DATA_DIR',
    `DATA_DIR ${dir} cannot be written (${code}): ${why}; ` + 'set DATA_DIR to a folder this process can write, or fix its permissions',
    code,
  );
}
