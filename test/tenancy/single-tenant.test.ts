import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../src/app';
import { TenantRouter } from '../../src/core/tenancy/tenant-router';
import { loadConfig } from '../../src/config/load';
import { buttonData, CHANNEL, MsspBot, SHARED_IP } from './mssp-bot';

/* Without TENANTS_FILE nothing of the tenancy shows: no router, no tenant line, button ids as before. */

jest.setTimeout(120_000);

describe('single-tenant mode is unchanged', () => {
  const bot = new MsspBot();

  beforeAll(async () => {
    await bot.connector.start();
    bot.app = await startApp(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'single-')) }), { port: 0 });
  });
  afterAll(() => bot.close());

  it('one tenant, no router; any conversation is answered, with no tenant line and unscoped ids that work', async () => {
    expect(bot.app.tenants.map((t) => t.tenant.name)).toEqual(['demo']);
    expect(bot.app.conversation).not.toBeInstanceOf(TenantRouter);
    // A channel no tenants file binds (there is none): answered by the one tenant.
    const cards = await bot.say({ channel: CHANNEL.none }, `lookup ${SHARED_IP}`);
    const card = cards.filter((c) => buttonData(c.card, 'refresh')).pop()!;
    expect(card.text).toContain('srv-fin-01.contoso.com');
    expect(card.text).not.toMatch(/Tenant:/);
    expect(card.firstLine).toMatch(/^DEMO DATA/);
    const refresh = buttonData(card.card, 'refresh') as { requestId: string };
    expect(refresh.requestId).not.toContain('~');
    const { answer } = await bot.click({ channel: CHANNEL.none }, 'refresh', refresh);
    expect(answer).toContain(SHARED_IP);
    expect(answer).not.toMatch(/Tenant:/);
    // A multi-tenant id is not this bot's.
    const scoped = await bot.click({ channel: CHANNEL.none }, 'refresh', { requestId: `demo~${refresh.requestId}` });
    expect(scoped.answer).not.toContain(SHARED_IP);
  });
});
