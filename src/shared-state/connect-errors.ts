import { RedisConnectError } from './redis-connect-error';
import { scrubSecrets, type RedisTarget } from './redis-url';

type ErrorLike = { code?: unknown; message?: unknown };

const HINTS: Record<string, string> = {
  ECONNREFUSED: 'check the host and port, and that Redis is running and accepts TCP connections there',
  ENOTFOUND: 'check the host name',
  EAI_AGAIN: "check the host name and this machine's DNS",
  ETIMEDOUT: 'check the host, the port and any firewall in between',
  EHOSTUNREACH: 'check the host, the port and any firewall in between',
  ENETUNREACH: 'check the host, the port and any firewall in between',
  ECONNRESET: "check that the port is Redis's, and use rediss:// if the server expects TLS",
  EPROTO: "check that the port is Redis's, and use rediss:// if the server expects TLS",
  PROTOCOL: 'the server does not speak Redis: check the port, and use rediss:// if the server expects TLS',
  WRONGPASS: 'check the user name and password in REDIS_URL (redis://user:password@host:6379/0)',
  NOAUTH: 'the server requires a password: add it to REDIS_URL (redis://user:password@host:6379/0)',
  NOPERM: 'the Redis user may not run the commands the bot needs (GET, SET, EVAL, PUBLISH, SUBSCRIBE, ZADD): grant them in its ACL',
  DB: 'the server has fewer databases: fix the number at the end of REDIS_URL (redis://host:6379/0)',
  LOADING: 'the server is loading its data set: try again shortly',
  TLS: 'check the server certificate (NODE_EXTRA_CA_CERTS) or whether the server expects TLS (rediss://)',
};

/** Failures that may pass on their own (Redis starting next to the bot); the rest are configuration. */
const TRANSIENT = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'LOADING']);

function codeOf(err: unknown): string {
  const message = String((err as ErrorLike | undefined)?.message ?? err);
  const code = (err as ErrorLike | undefined)?.code;
  if (typeof code === 'string' && code) return /CERT|TLS|SSL/.test(code) ? 'TLS' : code;
  if (/DB index is out of range|invalid DB index/i.test(message)) return 'DB';
  if (/^(WRONGPASS|NOAUTH|NOPERM|LOADING)\b/.test(message)) return message.split(' ')[0]!;
  if (/invalid password|invalid username-password/i.test(message)) return 'WRONGPASS';
  if (/Unknown RESP type|Protocol error/i.test(message)) return 'PROTOCOL';
  if (/ETIMEDOUT|timed? ?out/i.test(message)) return 'ETIMEDOUT';
  if (/certificate|SSL|TLS/i.test(message)) return 'TLS';
  return 'error';
}

/** The error to report for a failure to connect, and whether trying again shortly could help. */
export function explainConnectFailure(cause: unknown, target: RedisTarget): { error: RedisConnectError; transient: boolean } {
  const code = codeOf(cause);
  const message = String((cause as ErrorLike | undefined)?.message ?? cause);
  const hint = HINTS[code] ?? 'check REDIS_URL';
  const text = `REDIS_URL: cannot use Redis at ${target.where} (${code}): ${hint} (${message})`;
  return { error: new RedisConnectError(scrubSecrets(text, target.secrets), code), transient: TRANSIENT.has(code) };
}

/** ioredis rejects connect() with this when the socket closed; the reason came earlier as an 'error' event. */
export function isConnectionClosed(err: unknown): boolean {
  return /Connection is closed/i.test(String((err as ErrorLike | undefined)?.message ?? err));
}
