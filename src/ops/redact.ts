/**
 * Removing secrets from what is logged: by field name at any depth, and by shape inside any string
 * (messages, error messages and stacks, URLs, request bodies).
 */

export const CENSOR = '[REDACTED]';

// Field names compared lower-cased with "-" and "_" removed.
const SECRET_NAME_ENDINGS = [
  'token',
  'secret',
  'password',
  'passwd',
  'authorization',
  'cookie',
  'connectionstring',
  'signingkey',
  'apikey',
  'clientassertion',
  'accountkey',
];
const SECRET_NAMES = new Set(['key', 'pwd', 'databaseurl', 'redisurl', 'cookies', 'sharedaccesskey']);

export function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_]/g, '');
  return SECRET_NAMES.has(n) || SECRET_NAME_ENDINGS.some((end) => n.endsWith(end));
}

const SECRET_PARAMS =
  'client_secret|client_assertion|access_token|refresh_token|id_token|code_verifier|password|passwd|pwd|secret|token|sig|signature|apikey|api_key|accountkey|sharedaccesskey';

const PATTERNS: Array<[RegExp, string]> = [
  // JSON Web Tokens (header and payload are base64url JSON, so both start with eyJ).
  [/eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '[REDACTED_JWT]'],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, `Bearer ${CENSOR}`],
  // Slack bot/user/app-level tokens.
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, '[REDACTED_SLACK_TOKEN]'],
  [/\bxapp-[A-Za-z0-9-]+/g, '[REDACTED_SLACK_TOKEN]'],
  // Entra ID client secrets: three characters, a digit, "Q~", then 31-34 more.
  [/\b[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/g, '[REDACTED_CLIENT_SECRET]'],
  // user:password@ in any URL (postgres://user:pass@, redis://:pass@); up to the last "@" in case the password has one.
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*):[^/\s]+@/gi, `$1$2:${CENSOR}@`],
  // key=value in query strings, form bodies and connection strings.
  [new RegExp(`\\b(${SECRET_PARAMS})=[^&;\\s"',]+`, 'gi'), `$1=${CENSOR}`],
  // "key": "value" in JSON text.
  [
    new RegExp(`"(${SECRET_PARAMS}|clientSecret|accessToken|refreshToken|appPassword|signingSecret|botToken|appToken)"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*"`, 'gi'),
    `"$1":"${CENSOR}"`,
  ],
];

export function scrubString(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 12;

/**
 * A copy of the value that is safe to log: secret-named fields censored, strings scrubbed, errors turned into
 * { type, message, stack, ...own fields } by `serializeError`, cycles cut.
 */
export function scrubValue(value: unknown, serializeError: (err: Error) => unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  seen.add(value);
  try {
    if (value instanceof Error) return scrubValue(serializeError(value), serializeError, seen, depth + 1);
    if (value instanceof Date) return value;
    if (Buffer.isBuffer(value)) return `[Buffer ${value.length} bytes]`;
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return scrubValue(withJson.toJSON(), serializeError, seen, depth + 1);
    if (Array.isArray(value)) return value.map((v) => scrubValue(v, serializeError, seen, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = isSecretName(key) && v !== undefined && v !== null && v !== '' ? CENSOR : scrubValue(v, serializeError, seen, depth + 1);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
