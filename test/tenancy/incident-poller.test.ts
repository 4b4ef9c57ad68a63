import { DEMO_MSSP_INDICATORS } from '../../emulator/multi-tenant';
import { tenantStore } from '../../src/store';
import { CHANNEL, MsspBot, type TenantName } from './mssp-bot';

/* A subscription in a conversation bound to one tenant gets that tenant's incidents only; each tenant keeps its own watermark. */

jest.setTimeout(120_000);

describe('incident subscriptions per tenant', () => {
  const bot = new MsspBot();
  const poll = async () => {
    for (const t of bot.app.tenants) await t.poller.pollOnce();
    await bot.app.teams.bot.idle();
  };
  const posted = (channel: string, from: number) =>
    bot.connector.calls.slice(from).filter((c) => c.method === 'POST' && c.body.type === 'message' && c.conversationId.startsWith(channel));

  beforeAll(async () => {
    await bot.start();
    const answer = (await bot.say({ channel: CHANNEL.contoso }, 'subscribe')).pop()!;
    expect(answer.text).toMatch(/Incidents that change from now on/);
    expect(answer.firstLine).toBe('Tenant: contoso');
    // Whatever changed before the subscription is read now, so the checks below see only what is raised in them.
    await new Promise((r) => setTimeout(r, 1100));
    await poll();
  });
  afterAll(() => bot.close());

  it('an incident raised in fabrikam posts nothing in contoso’s subscribed conversation', async () => {
    const from = bot.connector.calls.length;
    bot.emulator.raiseIncident({ title: 'Raised for Fabrikam only', severity: 'high' }, 'fabrikam');
    await poll();
    expect(posted(CHANNEL.contoso, from)).toEqual([]);
    expect(JSON.stringify(bot.connector.calls.slice(from))).not.toContain('Raised for Fabrikam only');
  });

  it('one raised in contoso is posted there, naming contoso', async () => {
    const from = bot.connector.calls.length;
    bot.emulator.raiseIncident({ title: 'Raised for Contoso', severity: 'high' }, 'contoso');
    await poll();
    const cards = bot.cardsSince(from).filter((c) => c.text.includes('Raised for Contoso'));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.conversationId.startsWith(CHANNEL.contoso)).toBe(true);
    expect(cards[0]!.firstLine).toBe('Tenant: contoso');
  });

  it('subscribed in fabrikam too, each conversation gets its own tenant’s incident, and each tenant has its own watermark', async () => {
    await bot.say({ channel: CHANNEL.fabrikam }, 'subscribe');
    await new Promise((r) => setTimeout(r, 1100));
    const from = bot.connector.calls.length;
    bot.emulator.raiseIncident({ title: 'Second for Fabrikam', severity: 'high' }, 'fabrikam');
    await poll();
    const cards = bot.cardsSince(from).filter((c) => c.text.includes('Second for Fabrikam'));
    expect(cards.map((c) => [c.conversationId.split(';')[0], c.firstLine])).toEqual([[CHANNEL.fabrikam, 'Tenant: fabrikam']]);
    const watermark = (t: TenantName) => tenantStore(bot.app.store, t).incidents.getWatermark(`incidents:${DEMO_MSSP_INDICATORS.tenants[t]}`);
    const [contoso, fabrikam] = [await watermark('contoso'), await watermark('fabrikam')];
    expect(contoso).toBeDefined();
    expect(fabrikam).toBeDefined();
    // Neither tenant reads the other's: contoso's key under fabrikam's view is nothing.
    expect(await tenantStore(bot.app.store, 'fabrikam').incidents.getWatermark(`incidents:${DEMO_MSSP_INDICATORS.tenants.contoso}`)).toBeUndefined();
  });
});
