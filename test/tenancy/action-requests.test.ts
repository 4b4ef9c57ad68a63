import { tenantStore } from '../../src/store';
import { CHANNEL, MsspBot } from './mssp-bot';

/* An action request made in one tenant is that tenant's only: another tenant's tracker, lookups and buttons never see it. */

jest.setTimeout(120_000);

describe('action requests per tenant', () => {
  const bot = new MsspBot();
  let token: string;
  let requestId: string;

  beforeAll(async () => {
    await bot.start();
    const cards = await bot.say({ channel: CHANNEL.contoso }, 'isolate ws-042 selective because C2 beacon seen');
    const card = cards.pop()!;
    expect(card.firstLine).toBe('Tenant: contoso');
    expect(card.text).toMatch(/Isolate device ws-042\.contoso\.com\?/);
    token = (card.card as { refresh: { action: { data: { requestId: string } } } }).refresh.action.data.requestId;
    requestId = /^r:contoso~([^.]+)\./.exec(token)![1]!;
  });
  afterAll(() => bot.close());

  it('is stored for contoso, and invisible to fabrikam’s view of the store (what its tracker and findOpen read)', async () => {
    const contoso = tenantStore(bot.app.store, 'contoso');
    const fabrikam = tenantStore(bot.app.store, 'fabrikam');
    const request = (await contoso.requests.get(requestId))!;
    expect(request).toMatchObject({ tenant: 'contoso', action: 'isolate' });
    expect(await contoso.requests.findOpen('isolate', request.target)).toEqual([expect.objectContaining({ id: requestId })]);
    expect(await fabrikam.requests.get(requestId)).toBeUndefined();
    // The same device name in fabrikam is not "already open" there.
    expect(await fabrikam.requests.findOpen('isolate', request.target)).toEqual([]);
    expect((await fabrikam.requests.listActive()).map((r) => r.id)).not.toContain(requestId);
    expect((await fabrikam.audit.query({})).map((e) => e.requestId)).not.toContain(requestId);
    expect(await fabrikam.requests.transition(requestId, [request.state], { state: 'cancelled' } as never, request.version)).toBeUndefined();
    expect((await contoso.requests.get(requestId))!.state).toBe(request.state);
  });

  it('its card’s buttons are refused in fabrikam’s conversation and work in contoso’s', async () => {
    const refused = await bot.click({ channel: CHANNEL.fabrikam }, 'status', { requestId: token });
    expect(refused.answer).toMatch(/comes from a card of tenant contoso/);
    expect(refused.answer).not.toContain('ws-042');
    const own = await bot.click({ channel: CHANNEL.contoso }, 'status', { requestId: token });
    expect(own.answer).toContain('ws-042.contoso.com');
    expect(own.answer.split('\n')[0]).toBe('Tenant: contoso');
  });

  it('a second isolate of the same device name, asked in fabrikam, is fabrikam’s own new request', async () => {
    const cards = await bot.say({ channel: CHANNEL.fabrikam }, 'isolate ws-042 selective because C2 beacon seen');
    const text = cards.map((c) => c.text).join('\n');
    expect(text).not.toMatch(/already/i);
    expect(text).not.toContain('contoso.com');
    expect(cards.pop()!.firstLine).toBe('Tenant: fabrikam');
    const target = (await tenantStore(bot.app.store, 'contoso').requests.get(requestId))!.target;
    expect((await tenantStore(bot.app.store, 'contoso').requests.findOpen('isolate', target)).map((r) => r.id)).toEqual([requestId]);
    const theirs = await tenantStore(bot.app.store, 'fabrikam').requests.findOpen('isolate', target);
    expect(theirs.map((r) => r.id)).not.toContain(requestId);
  });
});
