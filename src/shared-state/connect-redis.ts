import Redis from 'ioredis';
import { explainConnectFailure, isConnectionClosed } from './connect-errors';
import { parseRedisUrl, scrubSecrets } from './redis-url';

export type Log = (message: string, level?: 'info' | 'warn') => void;

export interface ConnectRedisOptions {
  /** Prepended to every key and pub/sub channel, so several bots can share one server. Default `dc:`. */
  keyPrefix?: string;
  /** Per connection attempt. Default 5000. */
  connectTimeoutMs?: number;
  /** Attempts at start when the failure may pass (refused, timeout, server loading); 1 = no retry. Default 3. */
  startAttempts?: number;
  /** Once running: reconnections a command waits through before it fails. Default 3. */
  maxRetriesPerRequest?: number;
  /** Once running: a command without a reply for this long fails. Default 5000. */
  commandTimeoutMs?: number;
}

export const DEFAULT_KEY_PREFIX = 'dc:';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Connects to REDIS_URL and proves the connection usable before anything starts: the server answers, the
 * credentials are accepted and the database number exists (ioredis alone would quietly stay on database 0). A
 * failure throws a RedisConnectError naming REDIS_URL, host:port/db, the cause and the fix; the password never
 * appears. Failures that may pass are tried `startAttempts` times, 250 ms then 500 ms apart.
 *
 * Once running, a lost connection is re-established with backoff capped at 5 s, and a command fails after
 * `maxRetriesPerRequest` reconnections instead of waiting for ever. Close with `quit()`.
 */
export async function connectRedis(url: string, log?: Log, options: ConnectRedisOptions = {}): Promise<Redis> {
  const target = parseRedisUrl(url);
  const attempts = Math.max(1, options.startAttempts ?? 3);
  let starting = true;
  let lastError: unknown;
  const redis = new Redis(url, {
    lazyConnect: true,
    keyPrefix: options.keyPrefix ?? DEFAULT_KEY_PREFIX,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    commandTimeout: options.commandTimeoutMs ?? 5000,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 3,
    // At start the loop below decides; afterwards reconnect for as long as it takes, at most 5 s apart.
    retryStrategy: (times) => (starting ? null : Math.min(100 * 2 ** Math.min(times, 6), 5000)),
  });

  let reported: string | undefined;
  redis.on('error', (err: unknown) => {
    lastError = err;
    if (starting) return;
    const text = scrubSecrets(String((err as Error | undefined)?.message ?? err), target.secrets);
    if (text !== reported) log?.(`Redis at ${target.where}: ${text}`);
    reported = text;
  });
  redis.on('ready', () => {
    if (reported !== undefined) log?.(`Redis at ${target.where}: connected again`);
    reported = undefined;
  });

  for (let attempt = 1; ; attempt++) {
    lastError = undefined;
    try {
      await redis.connect();
      // ioredis reports a failed SELECT only as an event and carries on with database 0: select it ourselves.
      await redis.select(target.db);
      break;
    } catch (err) {
      const cause = isConnectionClosed(err) && lastError !== undefined ? lastError : err;
      const failure = explainConnectFailure(cause, target);
      // Only a connection still open (a failed SELECT) needs closing: on one that ended, ioredis arms a 2 s timer.
      if (redis.status !== 'end') redis.disconnect();
      if (!failure.transient || attempt >= attempts) throw failure.error;
      log?.(`${failure.error.message}; trying again (${attempt + 1} of ${attempts})`);
      await sleep(250 * 2 ** (attempt - 1));
    }
  }
  starting = false;
  log?.(`Redis at ${target.where}: connected, key prefix "${redis.options.keyPrefix ?? ''}"`, 'info');
  return redis;
}
