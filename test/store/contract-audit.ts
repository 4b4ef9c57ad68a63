import { StoreValueError, type AuditEntry } from '../../src/store';
import { HOSTILE, uid, type ContractContext } from './fixtures';

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { at: new Date().toISOString(), event: 'requested', actor: 'Alex Analyst (teams aad:AAD-0001)', actorId: 'AAD-0001', ...overrides };
}

/** Append ordering, query filters, and append-only at the database level. */
export function auditCases(ctx: ContractContext): void {
  const audit = () => ctx.store().audit;

  it('appends with increasing ids and returns what it stored', async () => {
    const requestId = `req-${uid()}`;
    const full = entry({
      requestId,
      action: 'isolate',
      target: 'ws-042.contoso.com',
      defenderActionId: 'act-1',
      conversationId: '19:c',
      detail: 'Full isolation',
    });
    const appended: AuditEntry[] = [];
    for (const event of ['requested', 'confirmed', 'submitted']) appended.push(await audit().append({ ...full, event }));
    const appendedIds = appended.map((e) => e.id ?? 0);
    expect(appendedIds).toEqual([...appendedIds].sort((a, b) => a - b));
    expect(new Set(appendedIds).size).toBe(3);
    expect(appended[0]).toStrictEqual({ ...full, event: 'requested', id: appended[0]?.id });
    expect(await audit().query({ requestId })).toStrictEqual([...appended].reverse());
  });

  it('keeps every one of 50 concurrent appends, each with its own id', async () => {
    const requestId = `req-${uid()}`;
    await Promise.all(Array.from({ length: 50 }, (_, i) => audit().append(entry({ requestId, event: 'status', detail: `#${i}` }))));
    const rows = await audit().query({ requestId });
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.id)).size).toBe(50);
    expect(new Set(rows.map((r) => r.detail)).size).toBe(50);
  });

  it('keeps hostile text and omits absent fields', async () => {
    const requestId = `req-${uid()}`;
    for (const text of HOSTILE) await audit().append({ at: new Date().toISOString(), event: 'refused-button', actor: text, detail: text, requestId });
    const rows = await audit().query({ requestId });
    expect(rows.map((r) => r.detail).reverse()).toEqual(HOSTILE);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(['actor', 'at', 'detail', 'event', 'id', 'requestId']);
  });

  it('refuses NUL characters and unreadable times, and finds nothing for a NUL filter', async () => {
    await expect(audit().append(entry({ detail: 'a\u0000b' }))).rejects.toThrow(StoreValueError);
    await expect(audit().append(entry({ at: 'yesterday' }))).rejects.toThrow(StoreValueError);
    expect(await audit().query({ target: 'ws\u0000' })).toEqual([]);
    await expect(audit().query({ limit: -1 })).rejects.toThrow(StoreValueError);
    await expect(audit().query({ since: new Date('nope') })).rejects.toThrow(StoreValueError);
  });

  it('queries by target case-insensitively and by the part before the first dot', async () => {
    const host = `ws-${uid()}`;
    const targets = [host, `${host}.contoso.com`, host.toUpperCase(), `${host}1`, `${host}x.contoso.com`, `${host}.fabrikam.net`];
    for (const target of targets) await audit().append(entry({ target }));
    const found = async (target: string) => (await audit().query({ target })).map((e) => e.target).sort();

    expect(await found(host)).toEqual([host, host.toUpperCase(), `${host}.contoso.com`, `${host}.fabrikam.net`].sort());
    expect(await found(host.toUpperCase())).toEqual(await found(host));
    expect(await found(`${host}.CONTOSO.com`)).toEqual([`${host}.contoso.com`]);
    expect(await found(`${host.slice(0, -1)}_`)).toEqual([]); // no LIKE wildcards
    expect(await found('%')).toEqual([]);
  });

  it('queries by actorId case-insensitively, by requestId, since a time, and with a limit, newest first', async () => {
    const actorId = `aad-${uid()}`;
    const requestId = `req-${uid()}`;
    const old = '2024-03-01T00:00:00.000Z';
    await audit().append(entry({ actorId, at: old, requestId, event: 'requested' }));
    const recent: AuditEntry[] = [];
    for (const event of ['confirmed', 'submitted', 'status']) recent.push(await audit().append(entry({ actorId: actorId.toUpperCase(), requestId, event })));
    await audit().append(entry({ actorId, event: 'other-request' }));

    expect((await audit().query({ actorId })).map((e) => e.event)).toEqual(['other-request', 'status', 'submitted', 'confirmed', 'requested']);
    expect((await audit().query({ actorId, requestId })).map((e) => e.event)).toEqual(['status', 'submitted', 'confirmed', 'requested']);
    expect((await audit().query({ requestId, since: new Date('2024-06-01T00:00:00Z') })).map((e) => e.event)).toEqual(['status', 'submitted', 'confirmed']);
    expect((await audit().query({ requestId, since: new Date(old) })).map((e) => e.event)).toContain('requested');
    expect(await audit().query({ requestId, limit: 2 })).toStrictEqual([recent[2], recent[1]]);
    expect(await audit().query({ requestId, limit: 0 })).toEqual([]);
    const newest = await audit().query({ limit: 3 });
    expect(newest.map((e) => e.id)).toEqual([...newest.map((e) => e.id)].sort((a, b) => (b ?? 0) - (a ?? 0)));
  });

  it('refuses UPDATE and DELETE on the audit table at the database level', async () => {
    const requestId = `req-${uid()}`;
    const kept = await audit().append(entry({ requestId, detail: 'original' }));
    await expect(ctx.raw(`UPDATE audit_log SET detail = 'forged' WHERE request_id = '${requestId}'`)).rejects.toThrow(/audit is append-only/);
    await expect(ctx.raw(`DELETE FROM audit_log WHERE request_id = '${requestId}'`)).rejects.toThrow(/audit is append-only/);
    await expect(ctx.raw('DELETE FROM audit_log')).rejects.toThrow(/audit is append-only/);
    expect(await audit().query({ requestId })).toStrictEqual([kept]);
  });
}
