import { RedisConnectError } from './redis-connect-error';

/** What a REDIS_URL points at, fit for messages: no password in `where`; `secrets` only to scrub them from texts. */
export interface RedisTarget {
  where: string;
  db: number;
  tls: boolean;
  /** The password as written in the URL and decoded. */
  secrets: string[];
}

const EXPECTED = 'expected redis://[user:password@]host:6379/0 (rediss:// for TLS), with special characters in the ' + 'user name and password percent-encoded';

/**
 * Reads REDIS_URL before ioredis sees it: ioredis takes a malformed database number as NaN (an uncaught error later)
 * and any other string as a host name, so those are refused here with a message that says what is expected.
 */
export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisConnectError(`REDIS_URL cannot be read as a URL: ${EXPECTED}`, 'EINVAL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisConnectError(`REDIS_URL has the scheme ${parsed.protocol.replace(/:$/, '')}: ${EXPECTED}`, 'EINVAL');
  }
  if (!parsed.hostname) throw new RedisConnectError(`REDIS_URL names no host: ${EXPECTED}`, 'EINVAL');
  const path = parsed.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,5}$/.test(path)) {
    throw new RedisConnectError(`REDIS_URL ends in "/${path.slice(0, 20)}", not a database number: ${EXPECTED}`, 'EINVAL');
  }
  let password: string | undefined;
  try {
    password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  } catch {
    throw new RedisConnectError(`REDIS_URL has a password that is not correctly percent-encoded: ${EXPECTED}`, 'EINVAL');
  }
  const db = path === '' ? 0 : Number(path);
  const secrets = [...new Set([parsed.password, password ?? ''])].filter((s) => s.length > 0);
  return { where: `${parsed.hostname}:${parsed.port || '6379'}/${db}`, db, tls: parsed.protocol === 'rediss:', secrets };
}

/** Replaces the password wherever it appears, whatever produced the text. */
export function scrubSecrets(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}
