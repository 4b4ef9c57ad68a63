import { RequestTokens } from '../../src/core/request-tokens';
import { loadSigningKey } from '../../src/core/signing-key';
import { buttonData, CHANNEL, MsspBot, SHARED_IP, type Card } from './mssp-bot';

/*
 * A button's id names its tenant inside the signed part: the router answers it only where that tenant is bound, and
 * a tenant answers only its own ids. Refusals are audited with the tenant the button came from.
 */

jest.setTimeout(120_000);

describe('buttons of one tenant in another tenant’s conversation', () => {
  const bot = new MsspBot();
  let contosoCard: Card;
  let refresh: { requestId: string };

  beforeAll(async () => {
    await bot.start();
    const cards = await bot.say({ channel: CHANNEL.contoso }, `lookup ${SHARED_IP}`);
    contosoCard = cards.filter((c) => buttonData(c.card, 'refresh')).pop()!;
    refresh = buttonData(contosoCard.card, 'refresh') as { requestId: string };
  });
  afterAll(() => bot.close());

  it('a contoso card carries ids scoped to contoso', () => {
    expect(contosoCard.firstLine).toBe('Tenant: contoso');
    expect(refresh.requestId).toMatch(/^contoso~/);
  });

  it('clicked where only fabrikam is bound, a correctly signed contoso button is refused, audited with contoso, and reads nothing', async () => {
    const reads = bot.emulator.calls.length;
    const since = new Date(Date.now() - 1000);
    const { response, answer } = await bot.click({ channel: CHANNEL.fabrikam }, 'refresh', refresh);
    expect(response.status).toBe(200);
    expect(answer).toMatch(/comes from a card of tenant contoso, and this conversation speaks for fabrikam/);
    expect(answer).not.toContain(SHARED_IP);
    expect(bot.emulator.calls.slice(reads).filter((c) => c.route.startsWith('graph.') || c.route.startsWith('mde.'))).toEqual([]);
    const rows = await bot.app.store.audit.query({ since });
    expect(rows.filter((r) => r.event === 'refused-button')).toEqual([
      expect.objectContaining({ tenant: 'contoso', detail: expect.stringContaining('refresh') }),
    ]);
  });

  it('the same button in a conversation bound to contoso works', async () => {
    const { answer } = await bot.click({ channel: CHANNEL.contoso }, 'refresh', refresh);
    expect(answer).toContain(SHARED_IP);
    expect(answer).toContain('contoso.com');
    expect(answer.split('\n')[0]).toBe('Tenant: contoso');
  });

  it('a forged scope (contoso’s id relabelled fabrikam) is refused, even where fabrikam is bound', async () => {
    const forged = { requestId: refresh.requestId.replace(/^contoso~/, 'fabrikam~') };
    for (const channel of [CHANNEL.fabrikam, CHANNEL.both]) {
      const reads = bot.emulator.calls.length;
      const { answer } = await bot.click({ channel }, 'refresh', forged);
      expect(answer).not.toContain(SHARED_IP);
      expect(answer).toMatch(/cannot be used|altered|expired|no longer/i);
      expect(bot.emulator.calls.slice(reads).filter((c) => c.route.startsWith('graph.') || c.route.startsWith('mde.'))).toEqual([]);
    }
    // A scope that is no tenant of this bot, junk scopes and a relabelled id in contoso's own channel.
    for (const requestId of [
      refresh.requestId.replace(/^contoso~/, 'northwind~'),
      refresh.requestId.replace(/^contoso~/, 'CONTOSO~'),
      refresh.requestId.replace(/^contoso~/, '~'),
      `contoso~${refresh.requestId}`,
    ]) {
      const { answer } = await bot.click({ channel: CHANNEL.contoso }, 'refresh', { requestId });
      expect(answer).not.toContain(SHARED_IP);
    }
  });

  it('a single-tenant bot’s unscoped ids, signed with the same key, are refused', async () => {
    const key = await loadSigningKey(bot.app.config.actions.signingKey, bot.app.config.storage.dataDir);
    const unscopedLookup = { requestId: refresh.requestId.replace(/^contoso~/, '') };
    const conversationId = `${CHANNEL.contoso};messageid=1000`;
    const unscopedRequest = { requestId: new RequestTokens(key).mint('req-0123456789', 'status', conversationId) };
    for (const [verb, data] of [
      ['refresh', unscopedLookup],
      ['status', unscopedRequest],
    ] as const) {
      const { answer } = await bot.click({ channel: CHANNEL.contoso }, verb, data);
      expect(answer).toMatch(/names no tenant of this bot/);
    }
  });
});
