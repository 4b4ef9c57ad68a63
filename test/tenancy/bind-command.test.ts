/**
 * Bindings made in chat: `bind`, `unbind`, `bindings` through the real bot (startApp in demo mode with a tenants file:
 * one emulator serving three Entra tenants, the SQLite store), the TenantRouter as the Teams and Slack adapters call it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MSSP_INDICATORS } from '../../emulator/multi-tenant';
import { DEMO_USERS } from '../../emulator/tenant';
import { startApp, type App } from '../../src/app';
import type { AnswerView, MessageView } from '../../src/cards/view-models';
import type { Conversation } from '../../src/config/bindings';
import { loadConfig } from '../../src/config/load';
import type { Actor } from '../../src/core/actor';
import type { TurnContext } from '../../src/core/turn';
import type { AuditEntry } from '../../src/store/types';

jest.setTimeout(120_000);

const ORG = 'e2e00000-0000-4000-8000-000000000001';
const BOSS = '0b055000-0000-4000-8000-00000000b055';
const CAROL = 'ca701000-0000-4000-8000-0000000ca701';
const TEAM = '19:soc-team@thread.tacv2';
const { tenants: IDS, seenInTwo } = DEMO_MSSP_INDICATORS;

const TENANTS_YAML = `
tenants:
  - name: Contoso
    tenantId: ${IDS.contoso}
    credential: { app: shared }
    roles: { admin: ['aad:${DEMO_USERS.alex.objectId}'] }
  - name: fabrikam
    tenantId: ${IDS.fabrikam}
    credential: { app: shared }
    roles: { admin: ['aad:${DEMO_USERS.sam.objectId}'] }
  - name: northwind
    tenantId: ${IDS.northwind}
    credential: { app: shared }
bindings:
  - teams: { tenantId: ${ORG}, chatId: 'a:file-chat' }
    tenants: [northwind]
  - teams: { tenantId: ${ORG}, teamId: '${TEAM}' }
    tenants: [contoso, fabrikam, northwind]
`;

const actor = (objectId: string, displayName: string): Actor => ({
  platform: 'teams',
  userId: `29:${objectId}`,
  aadObjectId: objectId,
  tenantId: ORG,
  displayName,
});
const ALEX = actor(DEMO_USERS.alex.objectId, 'Alex Analyst');
const SAM = actor(DEMO_USERS.sam.objectId, 'Sam Soc');
const BOSS_ACTOR = actor(BOSS, 'Bea Boss');
const CAROL_ACTOR = actor(CAROL, 'Carol Curious');

const chat = (id: string): Conversation => ({ platform: 'teams', tenantId: ORG, conversationId: id });
const channel = (id: string): Conversation => ({
  platform: 'teams',
  tenantId: ORG,
  teamId: TEAM,
  channelId: id,
  conversationId: `${id};messageid=1700000000000`,
});

/** One message in a conversation: every view the bot sent for it, the last one as it finally reads. */
async function say(app: App, who: Actor, place: Conversation | undefined, text: string): Promise<AnswerView[]> {
  const sent: AnswerView[] = [];
  const ctx: TurnContext = {
    actor: who,
    conversationId: place?.platform === 'teams' ? place.conversationId : 'somewhere',
    ...(place ? { place } : {}),
    replier: {
      typing: async () => undefined,
      send: async (view) => {
        sent.push(view);
        return String(sent.length - 1);
      },
      update: async (id, view) => {
        sent[Number(id)] = view;
      },
    },
  };
  await app.conversation.handleText(ctx, text);
  return sent;
}

const message = (views: AnswerView[]): MessageView => {
  const last = views[views.length - 1];
  if (last?.kind !== 'message') throw new Error(`expected a message, got ${JSON.stringify(last).slice(0, 300)}`);
  return last;
};
const words = (views: AnswerView[]) => `${message(views).title}\n${message(views).text ?? ''}`;

async function auditRows(app: App, event: string, since: Date): Promise<AuditEntry[]> {
  return (await app.store.audit.query({ since, limit: 1000 })).filter((r) => r.event === event);
}

function start(dataDir: string, file: string, logs: string[] = []): Promise<App> {
  return startApp(loadConfig({ DATA_DIR: dataDir, TENANTS_FILE: file, ROLE_ADMINS: `aad:${BOSS}` }), { port: 0, log: (m) => logs.push(m) });
}

describe('bindings made in chat', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bind-'));
  const file = join(dataDir, 'tenants.yaml');
  writeFileSync(file, TENANTS_YAML);
  let app: App;
  let replica: App | undefined;
  const logs: string[] = [];

  beforeAll(async () => {
    app = await start(dataDir, file, logs);
  });
  afterAll(async () => {
    await replica?.close();
    await app?.close();
  });

  it('an admin binds an unbound chat, and lookups there answer for that tenant', async () => {
    const since = new Date();
    const place = chat('a:new-chat');
    expect(words(await say(app, ALEX, place, `lookup ${seenInTwo}`))).toMatch(/not bound to a Defender tenant[\s\S]*bind <tenant>/);

    const bound = await say(app, ALEX, place, 'bind contoso');
    expect(message(bound).title).toBe('This conversation now speaks for Contoso');
    // Visible at once on this replica, though it read the stored bindings a moment ago.
    const answer = await say(app, ALEX, place, `lookup ${seenInTwo}`);
    const card = answer.find((v) => v.kind === 'lookup');
    expect(card?.tenant).toBe('Contoso');

    const rows = await auditRows(app, 'binding-changed', since);
    expect(rows.map((r) => [r.tenant, r.action, r.target])).toEqual([['contoso', 'bind', `teams|${ORG}|chat:a:new-chat`]]);
    expect(rows[0]!.detail).toMatch(/^no tenant \(no binding\) → Contoso \(bound in chat by Alex Analyst/);
    expect(rows[0]!.actorId).toBe(DEMO_USERS.alex.objectId);

    expect(words(await say(app, CAROL_ACTOR, place, 'bindings'))).toMatch(
      /^This conversation speaks for Contoso\nContoso: this chat, bound in chat by Alex Analyst \(teams /,
    );
  });

  it('refuses someone who is no admin, says which role in which tenant, and audits it', async () => {
    const since = new Date();
    const place = chat('a:carol-chat');
    const refused = words(await say(app, CAROL_ACTOR, place, 'bind contoso'));
    expect(refused).toMatch(/^Nothing changed: you need the admin role/);
    expect(refused).toMatch(/Contoso: you do not have the admin role/);
    const rows = await auditRows(app, 'binding-refused', since);
    expect(rows.map((r) => [r.tenant, r.actor.startsWith('Carol Curious'), r.conversationId])).toEqual([['contoso', true, 'a:carol-chat']]);
    expect(await auditRows(app, 'binding-changed', since)).toEqual([]);
    expect(words(await say(app, CAROL_ACTOR, place, 'bindings'))).toMatch(/speaks for no tenant\nNo binding names it/);
    // An unbound conversation set to none keeps every tenant out: that needs the admin role in all of them.
    expect(words(await say(app, ALEX, place, 'bind none'))).toMatch(/in every tenant[\s\S]*fabrikam: you do not have the admin role\nnorthwind:/);
  });

  it('an admin of one tenant cannot bind, nor take away, another', async () => {
    const since = new Date();
    const place = chat('a:two-tenant-chat');
    const refused = words(await say(app, ALEX, place, 'bind contoso fabrikam'));
    expect(refused).toMatch(/fabrikam: you do not have the admin role/);
    expect(refused).not.toMatch(/Contoso:/);
    expect((await auditRows(app, 'binding-refused', since)).map((r) => r.tenant)).toEqual(['fabrikam']);

    expect(message(await say(app, BOSS_ACTOR, place, 'bind contoso fabrikam')).title).toBe('This conversation now speaks for Contoso and fabrikam');
    // Binding it to contoso alone would take fabrikam away; unbinding it, both.
    expect(words(await say(app, ALEX, place, 'bind contoso'))).toMatch(/fabrikam: you do not have the admin role/);
    expect(words(await say(app, SAM, place, 'unbind'))).toMatch(/Contoso: you do not have the admin role/);
    expect(words(await say(app, CAROL_ACTOR, place, 'bind none'))).toMatch(/Contoso: [\s\S]*fabrikam: /);
    expect(words(await say(app, BOSS_ACTOR, place, 'bindings'))).toMatch(/^This conversation speaks for Contoso and fabrikam/);
    expect(message(await say(app, BOSS_ACTOR, place, 'bind none')).title).toBe('This conversation now speaks for no tenant');
    expect((await auditRows(app, 'binding-changed', since)).map((r) => `${r.action}:${r.tenant}`).sort()).toEqual([
      'bind:contoso',
      'bind:contoso',
      'bind:fabrikam',
      'bind:fabrikam',
    ]);
  });

  it("a binding made in chat replaces the file's for the same conversation, and unbind falls back to the file", async () => {
    const since = new Date();
    const place = chat('a:file-chat;messageid=42');
    expect(words(await say(app, CAROL_ACTOR, place, 'bindings'))).toMatch(
      /^This conversation speaks for northwind\nnorthwind: this chat, the tenants file's bindings\[0\]/,
    );

    expect(message(await say(app, BOSS_ACTOR, place, 'bind FABRIKAM')).title).toBe('This conversation now speaks for fabrikam');
    expect(words(await say(app, CAROL_ACTOR, place, 'bindings'))).toMatch(
      /fabrikam: this chat, bound in chat by Bea Boss .*, in place of the tenants file's bindings\[0\]/,
    );
    const card = (await say(app, CAROL_ACTOR, place, `lookup ${seenInTwo}`)).find((v) => v.kind === 'lookup');
    expect(card?.tenant).toBe('fabrikam');
    expect(words(await say(app, CAROL_ACTOR, place, `northwind: lookup ${seenInTwo}`))).toMatch(/^Not bound to northwind/);

    const back = message(await say(app, SAM, place, 'unbind'));
    expect(back.title).toBe('This conversation speaks for northwind again');
    expect(back.text).toMatch(/Now: northwind \(the tenants file's bindings\[0\]\)/);
    expect(words(await say(app, CAROL_ACTOR, place, 'unbind'))).toMatch(
      /^No binding was made in chat here\nNothing changed: this conversation speaks for northwind/,
    );
    const rows = await auditRows(app, 'binding-changed', since);
    // One row per tenant the change touched: fabrikam and northwind, each time.
    expect(rows.map((r) => `${r.action}:${r.tenant}`).sort()).toEqual(['bind:fabrikam', 'bind:northwind', 'unbind:fabrikam', 'unbind:northwind']);
  });

  it("a channel's binding made in chat wins over its team's in the file, for that channel alone", async () => {
    const quiet = channel('19:social@thread.tacv2');
    const other = channel('19:general@thread.tacv2');
    expect(words(await say(app, CAROL_ACTOR, quiet, 'bindings'))).toMatch(
      /^This conversation speaks for Contoso, fabrikam and northwind\n.*the team, the tenants file's bindings\[1\]/,
    );
    expect(message(await say(app, BOSS_ACTOR, quiet, 'bind none')).title).toBe('This conversation now speaks for no tenant');
    expect(words(await say(app, CAROL_ACTOR, quiet, `lookup ${seenInTwo}`))).toMatch(/not bound to a Defender tenant/);
    expect(words(await say(app, CAROL_ACTOR, quiet, 'bindings'))).toMatch(
      /^This conversation speaks for no tenant\nno tenant: this channel, bound in chat by Bea Boss/,
    );
    expect(words(await say(app, CAROL_ACTOR, other, 'bindings'))).toMatch(/^This conversation speaks for Contoso, fabrikam and northwind/);
    expect((await app.store.bindings.get(`teams|${ORG}|channel:19:social@thread.tacv2`))?.target).toEqual({
      platform: 'teams',
      tenantId: ORG,
      teamId: TEAM,
      channelId: '19:social@thread.tacv2',
    });
  });

  it('hostile input: unknown names said, duplicates once, a thousand names, unicode, no place', async () => {
    const place = chat('a:hostile-chat');
    expect(words(await say(app, BOSS_ACTOR, place, 'bind contoso fabrikan'))).toBe('Nothing changed\n"fabrikan" is not a tenant of this bot.');
    // A Cyrillic "о" is not an "o": no tenant is matched by a look-alike.
    expect(words(await say(app, BOSS_ACTOR, place, 'bind cоntoso'))).toBe('Nothing changed\n"cоntoso" is not a tenant of this bot.');
    const thousand = Array.from({ length: 1000 }, (_, i) => `t${i}`).join(' ');
    expect(words(await say(app, BOSS_ACTOR, place, `bind contoso ${thousand}`))).toBe(
      'Nothing changed\n"t0", "t1", "t2", "t3", "t4" and 995 more are not tenants of this bot.',
    );
    const odd = words(await say(app, BOSS_ACTOR, place, `bind \u202eosotnoc\u0007${'x'.repeat(100)}`));
    expect(odd).not.toMatch(/[\u202e\u0007]/);
    expect(odd).toMatch(/"\ufffdosotnoc\ufffdx{31}…" is not a tenant/);
    expect(words(await say(app, BOSS_ACTOR, place, 'bind none contoso'))).toMatch(/takes no tenant names/);
    expect(words(await say(app, BOSS_ACTOR, place, 'bind'))).toMatch(/^Which tenants\?/);
    expect(words(await say(app, BOSS_ACTOR, place, 'unbind contoso'))).toMatch(/takes no tenant names/);
    expect(await app.store.bindings.get(`teams|${ORG}|chat:a:hostile-chat`)).toBeUndefined();

    const dupes = message(await say(app, BOSS_ACTOR, place, `bind ${'contoso CONTOSO, Contoso '.repeat(400)}`));
    expect(dupes.title).toBe('This conversation now speaks for Contoso');
    expect((await app.store.bindings.get(`teams|${ORG}|chat:a:hostile-chat`))?.tenants).toEqual(['contoso']);

    expect(words(await say(app, BOSS_ACTOR, undefined, 'bind contoso'))).toMatch(/^Which conversation is this\?\n.*cannot be bound from chat/);
    const bidiChat: Conversation = { platform: 'teams', tenantId: ORG, conversationId: 'a:chat\u202e' };
    expect(words(await say(app, BOSS_ACTOR, bidiChat, 'bind contoso'))).toMatch(/cannot be bound from chat/);
    const slackNoChannel = { platform: 'slack', teamId: 'T1', channelId: '' } as Conversation;
    expect(words(await say(app, BOSS_ACTOR, slackNoChannel, 'bind contoso'))).toMatch(/cannot be bound from chat/);
    // Behind a tenant's name the command is not a tenant's.
    expect(words(await say(app, BOSS_ACTOR, place, 'contoso: bind fabrikam'))).toMatch(/without a tenant's name/);
  });

  it('the help of a bot serving several tenants lists the binding commands, even where nothing is bound', async () => {
    const help = (await say(app, CAROL_ACTOR, chat('a:help-chat'), 'help'))[0]!;
    expect(help.kind).toBe('help');
    const usages = help.kind === 'help' ? help.commands.map((c) => c.usage) : [];
    expect(usages).toEqual(expect.arrayContaining(['bind <tenant> [<tenant> ...] | none', 'unbind', 'bindings']));
    expect(usages[usages.length - 1]).toBe('help');
  });

  it('a second replica on the same store sees a binding made on the first within the cache time', async () => {
    replica = await start(dataDir, file);
    const place = chat('a:replica-chat');
    expect(words(await say(replica, CAROL_ACTOR, place, `lookup ${seenInTwo}`))).toMatch(/not bound to a Defender tenant/);
    expect(message(await say(app, ALEX, place, 'bind contoso')).title).toBe('This conversation now speaks for Contoso');
    const started = Date.now();
    let card: AnswerView | undefined;
    while (!card && Date.now() - started < 8_000) {
      card = (await say(replica, CAROL_ACTOR, place, `lookup ${seenInTwo}`)).find((v) => v.kind === 'lookup');
      if (!card) await new Promise((r) => setTimeout(r, 250));
    }
    expect(card?.tenant).toBe('Contoso');
    expect(Date.now() - started).toBeLessThan(7_000);
    // And the replica's own change is seen at once by itself, and audited in its store (the same one).
    expect(message(await say(replica, SAM, chat('a:replica-2'), 'bind fabrikam')).title).toBe('This conversation now speaks for fabrikam');
    expect((await say(replica, CAROL_ACTOR, chat('a:replica-2'), `lookup ${seenInTwo}`)).find((v) => v.kind === 'lookup')?.tenant).toBe('fabrikam');
  });

  it('a stored binding naming a tenant the file no longer has: that tenant is ignored, with a log line', async () => {
    await app.store.bindings.put({
      key: `teams|${ORG}|chat:a:gone-chat`,
      platform: 'teams',
      target: { platform: 'teams', tenantId: ORG, chatId: 'a:gone-chat' },
      tenants: ['woodgrove', 'fabrikam'],
      updatedBy: 'an admin, before woodgrove left',
      updatedAt: new Date().toISOString(),
    });
    // Another replica's write: this one reads it within the cache time.
    await new Promise((r) => setTimeout(r, 5_100));
    expect(words(await say(app, CAROL_ACTOR, chat('a:gone-chat'), 'bindings'))).toMatch(/^This conversation speaks for fabrikam\n/);
    expect(logs.filter((l) => l.includes('names tenant woodgrove'))).toHaveLength(1);
    await say(app, CAROL_ACTOR, chat('a:gone-chat'), 'bindings');
    expect(logs.filter((l) => l.includes('names tenant woodgrove'))).toHaveLength(1);
  });
});

describe('one tenant (no TENANTS_FILE)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'bind-one-')) }), { port: 0 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers that the bot serves one tenant, and its help lists no binding command', async () => {
    for (const text of ['bind contoso', 'unbind', 'bindings', 'bind none'])
      expect(words(await say(app, ALEX, chat('a:one'), text))).toMatch(/^This bot serves one Defender tenant\n.*TENANTS_FILE/);
    const help = (await say(app, ALEX, chat('a:one'), 'help'))[0]!;
    const usages = help.kind === 'help' ? help.commands.map((c) => c.usage) : [];
    expect(usages).not.toContain('unbind');
    expect(usages).toContain('lookup <text>');
  });
});
