import { setTimeout as sleep } from 'node:timers/promises';
import { asLogFunction, createLogger, newTurnId, withTurn, type LogLevel } from '../../src/ops/logger';

function memoryLogger(level: LogLevel = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

// Fake, but shaped like the real thing.
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImFiYyJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJ0aWQiOiIxMjMifQ.Zm9vYmFyYmF6cXV4c2lnbmF0dXJlc2lnbmF0dXJl';
const SLACK_BOT = 'xoxb-2024010101234-7654321098765-AbCdEfGhIjKlMnOpQrStUvWx';
const SLACK_USER = 'xoxp-2024010101234-7654321098765-1111111111111-0123456789abcdef0123456789abcdef';
const SLACK_APP = 'xapp-1-A01BCDEFGHI-7654321098765-0123456789abcdef0123456789abcdef0123456789abcdef';
const ENTRA_SECRET = 'kR98Q~aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456.';
const APP_PASSWORD = 'Zx71Q~hgfedcbaZYXWVUTSRQPONMLKJIH98765_-';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const ACTION_KEY = 'v3ry-l0ng-act10n-s1gn1ng-k3y-for-buttons';
const PG_PASSWORD = 'Pg5ecr3t-Horse-Battery';
const REDIS_PASSWORD = 'R3d1sP4ss-Staple';
const OPAQUE_TOKEN = 'opaqueAccessTokenQWERTY0123456789';
const COOKIE = 'sessionCookieValue77777';
const FORM_SECRET = 'FormBodySecretValue999';
const DB_URL = `postgres://chatops:${PG_PASSWORD}@postgres:5432/chatops`;
const REDIS_URL = `redis://:${REDIS_PASSWORD}@redis:6379/0`;

const SECRETS = [
  JWT,
  SLACK_BOT,
  SLACK_USER,
  SLACK_APP,
  ENTRA_SECRET,
  APP_PASSWORD,
  SIGNING_SECRET,
  ACTION_KEY,
  PG_PASSWORD,
  REDIS_PASSWORD,
  OPAQUE_TOKEN,
  COOKIE,
  FORM_SECRET,
];

function expectNoSecrets(output: string) {
  const leaked = SECRETS.filter((s) => output.includes(s));
  expect(leaked).toEqual([]);
}

describe('createLogger redaction', () => {
  it('censors secret fields at the top level', () => {
    const { logger, lines, records } = memoryLogger();
    logger.info(
      {
        token: JWT,
        accessToken: OPAQUE_TOKEN,
        clientSecret: ENTRA_SECRET,
        password: PG_PASSWORD,
        appPassword: APP_PASSWORD,
        signingSecret: SIGNING_SECRET,
        botToken: SLACK_BOT,
        appToken: SLACK_APP,
        key: ACTION_KEY,
        secret: FORM_SECRET,
        databaseUrl: DB_URL,
        REDIS_URL,
        tenant: 'contoso',
      },
      'settings loaded',
    );
    expectNoSecrets(lines.join(''));
    expect(records()[0]).toMatchObject({ msg: 'settings loaded', tenant: 'contoso', token: '[REDACTED]', key: '[REDACTED]' });
  });

  it('censors secret fields at any depth, in arrays, headers and child bindings', () => {
    const { logger, lines } = memoryLogger();
    logger.info(
      { config: { slack: { signingSecret: SIGNING_SECRET, botToken: SLACK_BOT }, teams: { auth: { MicrosoftAppPassword: APP_PASSWORD } } } },
      'nested',
    );
    logger.info({ a: { b: { c: { d: { password: PG_PASSWORD, slack_user_token: SLACK_USER } } } } }, 'deep');
    logger.info({ items: [{ accessToken: OPAQUE_TOKEN }, { value: REDIS_URL }] }, 'array');
    logger.info({ req: { method: 'POST', headers: { authorization: `Bearer ${OPAQUE_TOKEN}`, cookie: `s=${COOKIE}` } } }, 'request');
    logger.info({ response: { headers: { 'Set-Cookie': [`s=${COOKIE}`], 'X-Slack-Signature': 'v0=abc' } } }, 'response');
    logger.child({ slackAppToken: SLACK_APP, url: DB_URL }).child({ component: 'x', password: PG_PASSWORD }).info('grandchild');
    expectNoSecrets(lines.join(''));
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[5]!)).toMatchObject({ component: 'x', slackAppToken: '[REDACTED]', url: 'postgres://chatops:[REDACTED]@postgres:5432/chatops' });
  });

  it('scrubs secret-shaped text from messages, interpolated arguments and plain fields', () => {
    const { logger, lines, records } = memoryLogger();
    logger.info(`token ${JWT} for ${DB_URL} and ${REDIS_URL}`);
    logger.info('slack %s %s %s', SLACK_BOT, SLACK_USER, SLACK_APP);
    logger.info('config %j', { clientSecret: ENTRA_SECRET, nested: { appPassword: APP_PASSWORD } });
    logger.info({ detail: `sent Authorization: Bearer ${OPAQUE_TOKEN}` }, 'header in text');
    logger.info({ body: `grant_type=client_credentials&client_id=abc&client_secret=${FORM_SECRET}&scope=x` }, 'form body');
    logger.info({ body: `{"client_secret":"${FORM_SECRET}","client_id":"abc"}` }, 'json body');
    logger.info(`GET https://login.example.test/token?client_id=abc&client_secret=${FORM_SECRET}&sig=${OPAQUE_TOKEN}`);
    logger.info(`secret pasted: ${ENTRA_SECRET}`);
    const out = lines.join('');
    expectNoSecrets(out);
    // Only the secret goes: the rest stays readable.
    expect(records()[0]!.msg).toBe('token [REDACTED_JWT] for postgres://chatops:[REDACTED]@postgres:5432/chatops and redis://:[REDACTED]@redis:6379/0');
    expect(out).toContain('client_id=abc');
  });

  it('scrubs error messages, stacks, causes and fields of errors', () => {
    const { logger, lines, records } = memoryLogger();
    const err = Object.assign(new Error(`login failed for ${DB_URL} with Bearer ${JWT}`), {
      request: { url: `https://graph.example.test/?access_token=${OPAQUE_TOKEN}`, headers: { Authorization: `Bearer ${OPAQUE_TOKEN}` } },
      cause: new Error(`redis said no to ${REDIS_URL} (${SLACK_BOT})`),
    });
    logger.error(err);
    logger.error({ err }, 'turn failed');
    logger.warn({ failure: { error: new TypeError(`bad ${SLACK_APP}`) } }, 'nested error');
    const out = lines.join('');
    expectNoSecrets(out);
    const first = records()[0]!;
    expect(first.msg).toBe('login failed for postgres://chatops:[REDACTED]@postgres:5432/chatops with Bearer [REDACTED_JWT]');
    expect((first.err as { stack: string }).stack).toContain('at ');
    expect((first.err as { type: string }).type).toBe('Error');
    expect((records()[2]!.failure as { error: { type: string } }).error.type).toBe('TypeError');
  });

  it('survives circular objects', () => {
    const { logger, lines } = memoryLogger();
    const loop: Record<string, unknown> = { password: PG_PASSWORD };
    loop.self = loop;
    logger.info({ loop }, 'loop');
    expectNoSecrets(lines.join(''));
    expect(lines[0]).toContain('[Circular]');
  });

  it('writes JSON with a level label and respects the level', () => {
    const { logger, records } = memoryLogger('info');
    logger.debug('hidden');
    logger.warn('shown');
    expect(records()).toHaveLength(1);
    expect(records()[0]).toMatchObject({ level: 'warn', msg: 'shown' });
    expect(typeof records()[0]!.time).toBe('string');
  });

  it('adapts to a (message) => void log function, scrubbed', () => {
    const { logger, records } = memoryLogger();
    asLogFunction(logger)(`polling failed: Bearer ${OPAQUE_TOKEN}`);
    asLogFunction(logger, 'error')('boom');
    expect(records()).toMatchObject([
      { level: 'warn', msg: 'polling failed: Bearer [REDACTED]' },
      { level: 'error', msg: 'boom' },
    ]);
  });
});

describe('turn ids', () => {
  it('are carried by every line inside withTurn, through async work, and by no line outside', async () => {
    const { logger, records } = memoryLogger();
    logger.info('before');
    await withTurn('turn-1', async () => {
      logger.info('start');
      await sleep(1);
      logger.child({ component: 'lookup' }).info('after await');
      await new Promise<void>((resolve) => setImmediate(() => (logger.info('in callback'), resolve())));
      await Promise.all([1, 2].map(async (n) => (await sleep(n), logger.info(`parallel ${n}`))));
    });
    logger.info('after');
    const byMsg = Object.fromEntries(records().map((r) => [r.msg, r.turn]));
    expect(byMsg).toEqual({
      before: undefined,
      start: 'turn-1',
      'after await': 'turn-1',
      'in callback': 'turn-1',
      'parallel 1': 'turn-1',
      'parallel 2': 'turn-1',
      after: undefined,
    });
  });

  it('do not leak between concurrent turns', async () => {
    const { logger, records } = memoryLogger();
    const turn = (id: string, delays: number[]) =>
      withTurn(id, async () => {
        for (const d of delays) {
          await sleep(d);
          logger.info(id);
        }
      });
    await Promise.all([turn('a', [3, 1, 4]), turn('b', [1, 5, 1])]);
    const lines = records();
    expect(lines).toHaveLength(6);
    for (const r of lines) expect(r.turn).toBe(r.msg);
  });

  it('newTurnId gives a fresh id each time', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newTurnId()));
    expect(ids.size).toBe(100);
    expect([...ids][0]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
