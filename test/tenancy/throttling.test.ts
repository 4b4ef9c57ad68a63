import { CHANNEL, MsspBot } from './mssp-bot';

/*
 * Microsoft's limits are per tenant and app: hunting exhausted in one tenant (by Defender, or by the bot's own budget
 * of 45 a minute) leaves another answering.
 */

jest.setTimeout(180_000);

const hunt = (n: number) => `hunt DeviceNetworkEvents | where RemoteIP == "198.51.100.77" | summarize Connections = count() by DeviceName | take ${n}`;

describe('throttling per tenant', () => {
  const bot = new MsspBot();

  beforeAll(async () => {
    await bot.start({ env: { DEFENDER_MAX_RETRY_WAIT_SECONDS: '1' } });
  });
  afterAll(() => bot.close());

  it('Defender throttling hunting in contoso leaves fabrikam answering', async () => {
    bot.emulator.setRateLimits({ 'graph:hunting': [{ limit: 1, windowMs: 3_600_000 }] }, 'contoso');
    try {
      expect((await bot.say({ channel: CHANNEL.contoso }, hunt(5))).pop()!.text).toContain('contoso.com');
      const throttled = (await bot.say({ channel: CHANNEL.contoso }, hunt(6))).pop()!;
      expect(throttled.text).not.toContain('contoso.com');
      expect(throttled.text).toMatch(/limit|busy|throttl|too many|try again/i);
      const fabrikam = (await bot.say({ channel: CHANNEL.fabrikam }, hunt(7))).pop()!;
      expect(fabrikam.firstLine).toBe('Tenant: fabrikam');
      expect(fabrikam.text).toContain('fabrikam.com');
    } finally {
      bot.emulator.setRateLimits('off', 'contoso');
    }
  });

  it('the bot’s own hunting budget (45 a minute) is per tenant: spent in contoso, fabrikam still hunts', async () => {
    const before = bot.emulator.callsTo('graph.hunting', 'contoso');
    let refused = 0;
    for (let i = 0; i < 50 && refused === 0; i++) {
      const card = (await bot.say({ channel: CHANNEL.contoso }, hunt(10 + i))).pop()!;
      if (!card.text.includes('contoso.com')) refused++;
    }
    expect(refused).toBe(1);
    // Refused by the bot's own budget, not by Defender: fewer than 46 hunting calls reached contoso this minute.
    expect(bot.emulator.callsTo('graph.hunting', 'contoso') - before).toBeLessThanOrEqual(45);
    const fabrikam = (await bot.say({ channel: CHANNEL.fabrikam }, hunt(99))).pop()!;
    expect(fabrikam.text).toContain('fabrikam.com');
  });
});
