import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import { CENSOR, scrubString, scrubValue } from './redact';

export type { Logger } from 'pino';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface CreateLoggerOptions {
  level: LogLevel;
  /** JSON only: pretty printing is for a terminal, and the image has no pino-pretty. */
  pretty?: false;
  /** Default: stdout, written synchronously so that nothing is lost when the process exits. */
  destination?: DestinationStream;
}

const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'password',
  'appPassword',
  'signingSecret',
  'botToken',
  'appToken',
  'key',
  'secret',
  'connectionString',
  'databaseUrl',
  'redisUrl',
  'DATABASE_URL',
  'REDIS_URL',
];
const HEADER_HOLDERS = ['headers', 'req.headers', 'res.headers', 'request.headers', 'response.headers', '*.headers'];

/** pino redact paths: top level and one level down. Deeper fields are censored by the log formatter (./redact). */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]),
  ...HEADER_HOLDERS.flatMap((h) => [`${h}.authorization`, `${h}.cookie`, `${h}["set-cookie"]`, `${h}["proxy-authorization"]`]),
];

const turns = new AsyncLocalStorage<{ turn: string }>();

export function newTurnId(): string {
  return randomUUID();
}

/** Runs fn so that every log line written inside it, including in async work it starts, carries `turn`. */
export function withTurn<T>(turnId: string, fn: () => T): T {
  return turns.run({ turn: turnId }, fn);
}

export function currentTurnId(): string | undefined {
  return turns.getStore()?.turn;
}

const serializeError = (err: Error): unknown => pino.stdSerializers.err(err);
const scrubObject = (obj: Record<string, unknown>) => scrubValue(obj, serializeError) as Record<string, unknown>;

export function createLogger(options: CreateLoggerOptions): Logger {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  const logger = pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: CENSOR },
      mixin: () => {
        const turn = currentTurnId();
        return turn ? { turn } : {};
      },
      formatters: {
        level: (label) => ({ level: label }),
        // Runs before pino's serializers: errors are serialized and scrubbed here, everything else scrubbed.
        log: scrubObject,
        bindings: scrubObject,
      },
      serializers: {
        // Already serialized (and scrubbed) by formatters.log; pino's own would serialize it a second time.
        err: (value: unknown) => value,
        // The final message, after %s/%j interpolation or taken from err.message.
        msg: (value: unknown) => (typeof value === 'string' ? scrubString(value) : value),
      },
    },
    destination,
  );
  // pino applies formatters.bindings to the root's bindings only; children inherit this method, and `this` is the child.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, scrubObject(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

/** For code that takes `log?: (message: string) => void`. */
export type LogFunction = (message: string, level?: 'info' | 'warn' | 'error') => void;

/** The bot's `log` option: problems at `level` (warn), routine events when the caller says 'info'. */
export function asLogFunction(logger: Logger, level: 'info' | 'warn' | 'error' = 'warn'): LogFunction {
  return (message, at = level) => logger[at](message);
}
