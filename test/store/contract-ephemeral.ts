import { uid, type ContractContext } from './fixtures';

/** Short-lived shared values (lookup-card buttons, hunt pages): readable from another replica until they expire. */
export function ephemeralCases(ctx: ContractContext): void {
  const ephemeral = () => ctx.store().ephemeral;

  it('gives a value back to another replica, and a later put replaces it', async () => {
    const key = `button:${uid()}`;
    await ephemeral().put(key, '{"verb":"isolate"}', 60_000);
    const other = await ctx.open();
    expect(await other.ephemeral.get(key)).toBe('{"verb":"isolate"}');
    await ephemeral().put(key, '{"verb":"release"}', 60_000);
    expect(await other.ephemeral.get(key)).toBe('{"verb":"release"}');
  });

  it('reads an expired or unknown value as absent, and sweep deletes what expired', async () => {
    const gone = `hunt:${uid()}`;
    const kept = `hunt:${uid()}`;
    await ephemeral().put(gone, 'x', 1);
    await ephemeral().put(kept, 'y', 60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(await ephemeral().get(gone)).toBeUndefined();
    expect(await ephemeral().get(`never:${uid()}`)).toBeUndefined();
    expect(await ephemeral().sweep()).toBeGreaterThanOrEqual(1);
    expect(await ephemeral().get(kept)).toBe('y');
  });

  it("writes a card's buttons in one call, readable by another replica", async () => {
    const keys = Array.from({ length: 30 }, () => `button:${uid()}`);
    await ephemeral().putMany(
      keys.map((key, i) => ({ key, value: `{"n":${i}}` })),
      60_000,
    );
    await ephemeral().putMany([], 60_000);
    const other = await ctx.open();
    expect(await Promise.all(keys.map((k) => other.ephemeral.get(k)))).toEqual(keys.map((_, i) => `{"n":${i}}`));
  });

  it('keeps hostile keys and values exactly, as data', async () => {
    const key = `k:${uid()}'; DROP TABLE ephemeral; --\u0000\u202e`.replace('\u0000', '');
    const value = `'"\\ ${'é'.repeat(1000)} 🚨 ${'x'.repeat(100_000)}`;
    await ephemeral().put(key, value, 60_000);
    expect(await ephemeral().get(key)).toBe(value);
  });
}
