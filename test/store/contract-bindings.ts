import { StoreValueError, type ConversationSettings, type StoredBinding } from '../../src/store';
import { HOSTILE, uid, type ContractContext } from './fixtures';

function makeBinding(overrides: Partial<StoredBinding> = {}): StoredBinding {
  const team = uid();
  return {
    key: `teams:tenant-1:${team}`,
    platform: 'teams',
    target: { platform: 'teams', tenantId: 'tenant-1', teamId: team },
    tenants: ['contoso', 'fabrikam'],
    updatedBy: 'Alex Analyst (teams aad:AAD-0001)',
    updatedAt: new Date().toISOString(),
    ...overrides,
  };
}

function makeSettings(overrides: Partial<ConversationSettings> = {}): ConversationSettings {
  return {
    conversationKey: `teams:19:${uid()}@thread.v2`,
    settings: { huntingDays: 7, sections: ['devices', 'files'], hunting: false, note: null },
    updatedBy: 'Alex Analyst',
    updatedAt: '2025-02-01T10:00:00+01:00',
    ...overrides,
  };
}

/** Chat-made conversation bindings and per-conversation lookup settings. */
export function bindingCases(ctx: ContractContext): void {
  const bindings = () => ctx.store().bindings;
  const settings = () => ctx.store().conversationSettings;

  it('puts, replaces, lists, gets and deletes bindings, from any replica', async () => {
    const binding = makeBinding();
    expect(await bindings().get(binding.key)).toBeUndefined();
    await bindings().put(binding);
    const other = await ctx.open();
    expect(await other.bindings.get(binding.key)).toStrictEqual(binding);
    const optedOut = { ...binding, tenants: [], updatedAt: '2025-03-01T12:00:00+02:00' };
    await other.bindings.put(optedOut);
    expect(await bindings().get(binding.key)).toStrictEqual({ ...optedOut, updatedAt: '2025-03-01T10:00:00.000Z' });
    const second = makeBinding({ key: `${binding.key}:z`, platform: 'slack', target: { platform: 'slack', teamId: 'T0SLACK' } });
    await bindings().put(second);
    const listed = (await bindings().list()).filter((b) => b.key.startsWith(binding.key));
    expect(listed.map((b) => b.key)).toEqual([binding.key, second.key]);
    expect(await bindings().delete(binding.key)).toBe(true);
    expect(await bindings().delete(binding.key)).toBe(false);
    expect(await bindings().get(binding.key)).toBeUndefined();
    expect(await other.bindings.get(second.key)).toStrictEqual(second);
  });

  it('puts, replaces, gets and deletes conversation settings', async () => {
    const stored = makeSettings();
    await settings().put(stored);
    expect(await settings().get(stored.conversationKey)).toStrictEqual({ ...stored, updatedAt: '2025-02-01T09:00:00.000Z' });
    const changed = { ...stored, settings: {}, updatedAt: '2025-02-02T00:00:00.000Z' };
    await settings().put(changed);
    expect(await settings().get(stored.conversationKey)).toStrictEqual(changed);
    expect(await settings().delete(stored.conversationKey)).toBe(true);
    expect(await settings().delete(stored.conversationKey)).toBe(false);
    expect(await settings().get(stored.conversationKey)).toBeUndefined();
  });

  it('keeps hostile keys and JSON exactly: quotes, unicode, nesting, a key of 512 characters, JSON of 64 KiB', async () => {
    for (const text of HOSTILE) {
      const key = `${text}-${uid()}`;
      const binding = makeBinding({ key, updatedBy: text, target: { [text]: text, nested: { list: [text, 1.5, -0.25, true, null] }, '': 'empty key' } });
      await bindings().put(binding);
      expect(await bindings().get(key)).toStrictEqual(binding);
      const stored = makeSettings({ conversationKey: key, updatedAt: new Date().toISOString(), settings: { [text]: { [text]: [text] }, __proto__x: text } });
      await settings().put(stored);
      expect(await settings().get(key)).toStrictEqual(stored);
    }
    const longKey = `${uid()}${'ü🛡'.repeat(200)}`.slice(0, 512);
    const big = { blob: 'x'.repeat(64 * 1024 - 20) };
    expect(JSON.stringify(big).length).toBeLessThanOrEqual(64 * 1024);
    await bindings().put(makeBinding({ key: longKey, target: big }));
    expect((await bindings().get(longKey))?.target).toStrictEqual(big);
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, never>;
    const protoKey = `proto-${uid()}`;
    await settings().put(makeSettings({ conversationKey: protoKey, settings: parsed }));
    const back = await settings().get(protoKey);
    expect(Object.keys(back?.settings ?? {}).sort()).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses oversize keys and JSON, NUL characters, non-JSON values, bad tenants and platforms, writing nothing', async () => {
    const key = `bad-${uid()}`;
    const bad: Array<Partial<StoredBinding>> = [
      { key: '' },
      { key: 'k'.repeat(513) },
      { key: 'nul\u0000' },
      { key: 'half \uD83D' },
      { platform: 'discord' as never },
      { tenants: ['Contoso'] },
      { tenants: [''] },
      { tenants: ["it's"] },
      { tenants: 'contoso' as never },
      { target: [] as never },
      { target: null as never },
      { target: { x: 'a\u0000' } },
      { target: { ['k\u0000']: 1 } },
      { target: { n: Number.NaN } },
      { target: { n: Infinity } },
      { target: { d: new Date() as never } },
      { target: { u: undefined as never } },
      { target: { blob: 'x'.repeat(64 * 1024) } },
      { updatedAt: 'yesterday' },
      { updatedBy: '' },
    ];
    for (const overrides of bad) {
      await expect(bindings().put(makeBinding({ key, ...overrides }))).rejects.toThrow(StoreValueError);
    }
    expect(await bindings().get(key)).toBeUndefined();
    for (const overrides of [{ settings: [] as never }, { settings: { x: 1n as never } }, { conversationKey: 'x'.repeat(513) }, { updatedAt: '' }]) {
      await expect(settings().put(makeSettings({ conversationKey: key, ...overrides }))).rejects.toThrow(StoreValueError);
    }
    expect(await settings().get(key)).toBeUndefined();
    for (const lookup of ['', 'k'.repeat(513), 'nul\u0000']) {
      expect(await bindings().get(lookup)).toBeUndefined();
      expect(await bindings().delete(lookup)).toBe(false);
      expect(await settings().get(lookup)).toBeUndefined();
      expect(await settings().delete(lookup)).toBe(false);
    }
  });
}
