import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { connectRedis, DEFAULT_KEY_PREFIX, RedisConnectError } from '../../src/shared-state';

// CI (.ci/run) sets REDIS_URL and starts Redis when it is not running; without it the Redis suites are skipped.
const REDIS_URL = process.env.REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;

async function failure(promise: Promise<unknown>): Promise<RedisConnectError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RedisConnectError);
  return err as RedisConnectError;
}

/** A port nothing listens on: bound by the OS, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function redisUrlWith(change: (url: URL) => void): string {
  const url = new URL(REDIS_URL!);
  change(url);
  return url.toString();
}

describe('connectRedis without a server', () => {
  it('names REDIS_URL, the address and the cause when the port is closed', async () => {
    const port = await closedPort();
    const err = await failure(connectRedis(`redis://127.0.0.1:${port}/2`, undefined, { startAttempts: 1 }));
    expect(err.setting).toBe('REDIS_URL');
    expect(err.code).toBe('ECONNREFUSED');
    expect(err.message).toBe(
      `REDIS_URL: cannot use Redis at 127.0.0.1:${port}/2 (ECONNREFUSED): check the host and port, ` +
        `and that Redis is running and accepts TCP connections there (connect ECONNREFUSED 127.0.0.1:${port})`,
    );
  });

  it('tries a refused connection again a bounded number of times, saying so, and never shows the password', async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const err = await failure(connectRedis(`redis://bot:s3cr%2Ft@127.0.0.1:${port}/0`, (m) => lines.push(m), { startAttempts: 3 }));
    expect(err.code).toBe('ECONNREFUSED');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/trying again \(2 of 3\)$/);
    for (const text of [err.message, ...lines]) {
      expect(text).not.toContain('s3cr');
      expect(text).toContain(`127.0.0.1:${port}/0`);
    }
  });

  it.each([
    ['localhost:6379', /REDIS_URL has the scheme localhost: expected redis:\/\//],
    ['http://127.0.0.1:6379', /REDIS_URL has the scheme http: expected redis:\/\//],
    ['not a url', /REDIS_URL cannot be read as a URL: expected redis:\/\//],
    ['redis://127.0.0.1:6379/abc', /REDIS_URL ends in "\/abc", not a database number/],
    ['redis://:pa%zzword@127.0.0.1:6379/0', /password that is not correctly percent-encoded/],
  ])('refuses %p before connecting', async (url, message) => {
    const err = await failure(connectRedis(url));
    expect(err.code).toBe('EINVAL');
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('pa%zz');
  });
});

describeRedis('connectRedis with a server', () => {
  it('refuses a database number the server does not have, instead of quietly using database 0', async () => {
    const err = await failure(connectRedis(redisUrlWith((u) => (u.pathname = '/9999'))));
    expect(err.code).toBe('DB');
    expect(err.message).toMatch(/^REDIS_URL: cannot use Redis at .+\/9999 \(DB\): the server has fewer databases: fix the number/);
  });

  it('refuses wrong credentials and keeps the password out of the message', async () => {
    const err = await failure(
      connectRedis(
        redisUrlWith((u) => {
          u.username = `nobody-${randomUUID().slice(0, 8)}`;
          u.password = 'hunter2-secret';
        }),
      ),
    );
    expect(err.code).toBe('WRONGPASS');
    expect(err.message).toMatch(/check the user name and password in REDIS_URL/);
    expect(err.message).not.toContain('hunter2-secret');
  });

  it('selects the database of the URL and prefixes keys (dc: unless told otherwise)', async () => {
    const lines: string[] = [];
    const plain = await connectRedis(
      redisUrlWith((u) => (u.pathname = '/3')),
      (m) => lines.push(m),
    );
    const prefix = `dc-test-${randomUUID().slice(0, 8)}:`;
    const prefixed = await connectRedis(
      redisUrlWith((u) => (u.pathname = '/3')),
      undefined,
      { keyPrefix: prefix },
    );
    try {
      expect(plain.options.keyPrefix).toBe(DEFAULT_KEY_PREFIX);
      expect(lines.at(-1)).toMatch(/\/3: connected, key prefix "dc:"$/);
      expect(String(await plain.call('CLIENT', 'INFO'))).toMatch(/ db=3 /);
      await prefixed.set('probe', 'x', 'PX', 60_000);
      const full = await prefixed.keys(`${prefix}*`);
      expect(full).toEqual([`${prefix}probe`]);
    } finally {
      await prefixed.del('probe');
      await Promise.all([plain.quit(), prefixed.quit()]);
    }
  });
});
