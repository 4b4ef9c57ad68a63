import Redis from 'ioredis';
import { DEMO_MSSP_INDICATORS } from '../../emulator/multi-tenant';
import { CHANNEL, DOMAIN, MsspBot, SHARED_IP, type Card, type TenantName } from './mssp-bot';

/*
 * Two tenants that both saw 198.51.100.77 (and payload.exe): a lookup in one never answers from the other's cached
 * findings or waits on its read, in memory and with the shared state in Redis (REDIS_URL, as CI sets it).
 */

const REDIS_URL = process.env.REDIS_URL;
jest.setTimeout(120_000);

/** The lookup card among what the bot posted (progress first, then the answer in its place). */
function answer(cards: Card[], value: string): Card {
  const found = cards.filter((c) => c.text.includes(value) && /Highest severity|incidents? ·/.test(c.text)).pop();
  if (!found) throw new Error(`no lookup card for ${value}:\n${cards.map((c) => c.text.slice(0, 200)).join('\n---\n')}`);
  return found;
}

function expectOwn(card: Card, tenant: TenantName): void {
  const other: TenantName = tenant === 'contoso' ? 'fabrikam' : 'contoso';
  expect(card.firstLine).toBe(`Tenant: ${tenant}`);
  expect(card.text).toContain(DOMAIN[tenant]);
  expect(card.text).not.toContain(DOMAIN[other]);
}

const modes: [string, () => Promise<Record<string, string>>][] = [
  ['in memory', async () => ({})],
  ...(REDIS_URL
    ? ([
        [
          'with Redis',
          async () => {
            // A database of its own, emptied of earlier runs' findings for these indicators (the cache outlives a run).
            const url = new URL(REDIS_URL);
            url.pathname = `/${11 + Math.floor(Math.random() * 4)}`;
            const redis = new Redis(url.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
            await redis.connect();
            const keys = (await redis.keys('*tenant:*')).filter((k) => k.includes(SHARED_IP) || k.includes(DEMO_MSSP_INDICATORS.hashSeenInTwo));
            if (keys.length) await redis.del(...keys);
            await redis.quit();
            return { REDIS_URL: url.toString() };
          },
        ],
      ] as [string, () => Promise<Record<string, string>>][])
    : []),
];

describe.each(modes)('result cache and in-flight reads per tenant, %s', (_mode, env) => {
  const bot = new MsspBot();

  beforeAll(async () => {
    await bot.start({ env: { DEFENDER_CACHE_SECONDS: '600', ...(await env()) } });
  });
  afterAll(() => bot.close());

  it('the same indicator looked up in A then B reads Defender once in each, and each card shows its own tenant', async () => {
    const hunts = () => [bot.emulator.callsTo('graph.hunting', 'contoso'), bot.emulator.callsTo('graph.hunting', 'fabrikam')];
    const before = hunts();
    expectOwn(answer(await bot.say({ channel: CHANNEL.contoso }, `lookup ${SHARED_IP}`), SHARED_IP), 'contoso');
    expect(hunts()).toEqual([before[0]! + 1, before[1]]);
    expectOwn(answer(await bot.say({ channel: CHANNEL.fabrikam }, `lookup ${SHARED_IP}`), SHARED_IP), 'fabrikam');
    expect(hunts()).toEqual([before[0]! + 1, before[1]! + 1]);
    // Both cached now, each in its own tenant: asked again, neither reads Defender, neither shows the other's.
    expectOwn(answer(await bot.say({ channel: CHANNEL.fabrikam }, `lookup ${SHARED_IP}`), SHARED_IP), 'fabrikam');
    expectOwn(answer(await bot.say({ channel: CHANNEL.contoso }, `lookup ${SHARED_IP}`), SHARED_IP), 'contoso');
    expect(hunts()).toEqual([before[0]! + 1, before[1]! + 1]);
  });

  it('asked at the same moment in both (twice in A), each tenant reads once, neither waiting on the other', async () => {
    const hash = DEMO_MSSP_INDICATORS.hashSeenInTwo;
    const from = bot.emulator.calls.length;
    bot.emulator.setLatency('graph.hunting', 1500);
    try {
      const before = bot.connector.calls.length;
      const sent = [
        bot.sayWithoutWaiting({ channel: CHANNEL.contoso }, `lookup ${hash}`),
        bot.sayWithoutWaiting({ channel: CHANNEL.fabrikam }, `lookup ${hash}`),
        bot.sayWithoutWaiting({ channel: CHANNEL.contoso }, `lookup ${hash}`),
      ];
      await Promise.all(sent);
      await bot.app.teams.bot.idle();
      const cards = bot.cardsSince(before);
      const contosoCards = cards.filter((c) => c.conversationId.startsWith(CHANNEL.contoso));
      const fabrikamCards = cards.filter((c) => c.conversationId.startsWith(CHANNEL.fabrikam));
      expectOwn(answer(fabrikamCards, hash), 'fabrikam');
      expectOwn(answer(contosoCards, hash), 'contoso');
      expect(contosoCards.filter((c) => c.firstLine === 'Tenant: contoso' && c.text.includes('Highest severity'))).toHaveLength(2);
      const calls = bot.emulator.calls.slice(from);
      const huntsOf = (t: TenantName) => calls.filter((c) => c.route === 'graph.hunting' && c.tenantId === DEMO_MSSP_INDICATORS.tenants[t]);
      expect([huntsOf('contoso').length, huntsOf('fabrikam').length]).toEqual([1, 1]);
      // Both hunts were asked before either answered: fabrikam did not follow contoso's flight (or the reverse).
      const firstHunts = calls.filter((c) => c.route === 'graph.hunting');
      const afterHunts = calls.findIndex((c) => c.route !== 'graph.hunting' && c.route.startsWith('graph.') && c.route !== 'graph.checkMemberGroups');
      expect(calls.indexOf(firstHunts[1]!)).toBeLessThan(afterHunts);
    } finally {
      bot.emulator.setLatency('graph.hunting', 0);
    }
  });
});
