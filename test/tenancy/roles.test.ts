import { tenantStore } from '../../src/store';
import { CHANNEL, MsspBot, PAT } from './mssp-bot';

/* A tenant's own `roles:` hold in that tenant only: Pat, responder of contoso, may not isolate in fabrikam. */

jest.setTimeout(120_000);

describe('roles per tenant', () => {
  const bot = new MsspBot();

  beforeAll(async () => {
    await bot.start({ tenantExtras: { contoso: { roles: { responder: [`aad:${PAT.objectId}`] } } } });
  });
  afterAll(() => bot.close());

  it('Pat may request an isolate in contoso', async () => {
    const card = (await bot.say({ channel: CHANNEL.contoso }, 'isolate ws-042 selective because beacon', PAT)).pop()!;
    expect(card.firstLine).toBe('Tenant: contoso');
    expect(card.text).toMatch(/Isolate device ws-042\.contoso\.com\?/);
  });

  it('and is refused one in fabrikam, where nothing is requested', async () => {
    const cards = await bot.say({ channel: CHANNEL.fabrikam }, 'isolate ws-042 selective because beacon', PAT);
    const text = cards.map((c) => c.text).join('\n');
    expect(text).toMatch(/responder role/i);
    expect(text).not.toMatch(/Isolate device .*\?/);
    expect(await tenantStore(bot.app.store, 'fabrikam').requests.listActive()).toEqual([]);
  });
});
