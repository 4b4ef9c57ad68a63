import { buttonData, CHANNEL, DOMAIN, MsspBot } from './mssp-bot';

/* A hunt's later pages are read with its card's buttons: those of one tenant's hunt are not readable from another's conversation. */

jest.setTimeout(120_000);

const QUERY = 'hunt DeviceNetworkEvents | project DeviceName, RemoteIP | take 25';

describe('hunt pages per tenant', () => {
  const bot = new MsspBot();
  let next: { requestId: string };

  beforeAll(async () => {
    await bot.start();
    const cards = await bot.say({ channel: CHANNEL.contoso }, QUERY);
    const card = cards.filter((c) => buttonData(c.card, 'huntPage')).pop();
    if (!card) throw new Error(`no hunt card with pages:\n${cards.map((c) => c.text.slice(0, 300)).join('\n---\n')}`);
    expect(card.firstLine).toBe('Tenant: contoso');
    expect(card.text).toContain(DOMAIN.contoso);
    next = buttonData(card.card, 'huntPage') as { requestId: string };
  });
  afterAll(() => bot.close());

  it('page 2 of contoso’s hunt is refused where only fabrikam is bound, and where nobody is', async () => {
    for (const where of [{ channel: CHANNEL.fabrikam }, { channel: CHANNEL.none }]) {
      const { answer, cards } = await bot.click(where, 'huntPage', next);
      expect(answer).toMatch(/This button cannot be used here[\s\S]*tenant contoso/);
      expect(answer).not.toContain(DOMAIN.contoso);
      expect(cards.map((c) => c.text).join('\n')).not.toContain(DOMAIN.contoso);
    }
  });

  it('relabelled as fabrikam’s it is refused too, and in contoso’s conversation it shows page 2', async () => {
    const forged = await bot.click({ channel: CHANNEL.both }, 'huntPage', { requestId: next.requestId.replace(/^contoso~/, 'fabrikam~') });
    expect(forged.answer).not.toContain(DOMAIN.contoso);
    const own = await bot.click({ channel: CHANNEL.contoso }, 'huntPage', next);
    expect(own.answer.split('\n')[0]).toBe('Tenant: contoso');
    expect(own.answer).toMatch(/page 2 of 3/i);
    expect(own.answer).toContain(DOMAIN.contoso);
  });
});
