import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MSSP_INDICATORS } from '../../emulator/multi-tenant';
import { DEMO_USERS } from '../../emulator/tenant';
import type { DefenderEmulator } from '../../emulator/server';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/load';
import { DEMO_TENANT_ID } from '../../src/config/demo';
import type { TenantRuntime } from '../../src/app/tenant-runtime';
import { cardText, FakeConnector } from '../helpers/fake-connector';

/*
 * One bot in demo mode serving two tenants of the emulator's MSSP set (contoso and fabrikam, both of which saw
 * 198.51.100.77), driven through startApp and the real Teams adapter: activities are POSTed to /api/messages and the
 * bot's answers land on a FakeConnector. The SOC's people live in the Teams organisation DEMO_TENANT_ID (contoso's
 * directory, where the demo groups are).
 */

export const SHARED_IP = DEMO_MSSP_INDICATORS.seenInTwo;
export const ORG = DEMO_TENANT_ID;
/** A Teams organisation no binding names. */
export const OTHER_ORG = 'e2e00000-0000-4000-8000-0000000000ff';
export const TEAM = '19:mssp-team@thread.tacv2';
export const CHANNEL = {
  contoso: '19:contoso-soc@thread.tacv2',
  fabrikam: '19:fabrikam-soc@thread.tacv2',
  both: '19:mssp-soc@thread.tacv2',
  none: '19:social@thread.tacv2',
  /** A channel of TEAM without a binding of its own: the team's binding (fabrikam) applies. */
  teamOnly: '19:team-general@thread.tacv2',
} as const;
export const SLACK_TEAM = 'T0MSSP';
export const SLACK_FABRIKAM_CHANNEL = 'CFABRIKAM';

/** The bot's button key (set, so a test can mint ids as another bot with the same key would). */
export const SIGNING_KEY = randomBytes(48).toString('base64');

export type TenantName = 'contoso' | 'fabrikam';
export const DOMAIN: Record<TenantName, string> = { contoso: 'contoso.com', fabrikam: 'fabrikam.com' };

export interface User {
  objectId: string;
  displayName: string;
}
export const ALEX: User = DEMO_USERS.alex;
export const SAM: User = DEMO_USERS.sam;
export const PAT: User = DEMO_USERS.pat;

export interface MsspOptions {
  /** Added to the settings (REDIS_URL, DATABASE_URL, SLACK_*, ...). */
  env?: Record<string, string>;
  /** Extra fields of each tenant in the file (roles). */
  tenantExtras?: Partial<Record<TenantName, Record<string, unknown>>>;
  /** Instead of the harness's own bindings. */
  bindings?: unknown[];
}

export function msspTenantsFile(dir: string, options: MsspOptions = {}): string {
  const ids = DEMO_MSSP_INDICATORS.tenants;
  const file = {
    tenants: (['contoso', 'fabrikam'] as const).map((name) => ({
      name,
      tenantId: ids[name],
      credential: { app: 'shared' },
      ...(options.tenantExtras?.[name] ?? {}),
    })),
    bindings: options.bindings ?? [
      // The SOC's whole Teams organisation speaks for both customers...
      { teams: { tenantId: ORG }, tenants: ['contoso', 'fabrikam'] },
      // ...its customer team for fabrikam, except the channels with a binding of their own.
      { teams: { tenantId: ORG, teamId: TEAM }, tenants: ['fabrikam'] },
      { teams: { tenantId: ORG, channelId: CHANNEL.contoso }, tenants: ['contoso'] },
      { teams: { tenantId: ORG, channelId: CHANNEL.fabrikam }, tenants: ['fabrikam'] },
      { teams: { tenantId: ORG, channelId: CHANNEL.both }, tenants: ['contoso', 'fabrikam'] },
      { teams: { tenantId: ORG, channelId: CHANNEL.none }, tenants: [] },
      { slack: { teamId: SLACK_TEAM }, tenants: ['contoso', 'fabrikam'] },
      { slack: { teamId: SLACK_TEAM, channelId: SLACK_FABRIKAM_CHANNEL }, tenants: ['fabrikam'] },
    ],
  };
  const path = join(dir, 'tenants.json');
  writeFileSync(path, JSON.stringify(file, null, 2));
  return path;
}

export interface Where {
  org?: string;
  channel?: string;
  team?: string;
  /** A personal chat's id (no channel). */
  chat?: string;
}

export interface Posted {
  status: number;
  body: Record<string, unknown>;
}

let seq = 0;

export class MsspBot {
  readonly connector = new FakeConnector();
  app!: App;
  readonly dir = mkdtempSync(join(tmpdir(), 'tenancy-'));

  async start(options: MsspOptions = {}): Promise<this> {
    await this.connector.start();
    const file = msspTenantsFile(this.dir, options);
    this.app = await startApp(loadConfig({ DATA_DIR: join(this.dir, 'data'), TENANTS_FILE: file, ACTION_SIGNING_KEY: SIGNING_KEY, ...options.env }), {
      port: 0,
    });
    return this;
  }

  get emulator(): DefenderEmulator {
    return this.app.defender.emulator!;
  }

  tenant(name: TenantName): TenantRuntime {
    return this.app.tenants.find((t) => t.tenant.key === name)!;
  }

  activity(where: Where, user: User, extra: Record<string, unknown>): Record<string, unknown> {
    const org = where.org ?? ORG;
    const channel = where.channel;
    const team = where.team ?? (channel && channel !== CHANNEL.both && channel !== CHANNEL.none ? TEAM : undefined);
    return {
      type: 'message',
      id: `msg-${++seq}`,
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      from: { id: `29:${user.objectId}`, name: user.displayName, aadObjectId: user.objectId },
      recipient: { id: '28:defender-bot', name: 'Defender' },
      conversation: channel
        ? { id: `${channel};messageid=1000`, conversationType: 'channel', tenantId: org }
        : { id: where.chat ?? `a:personal-${user.objectId}`, conversationType: 'personal', tenantId: org },
      channelData: { tenant: { id: org }, ...(team ? { team: { id: team } } : {}), ...(channel ? { channel: { id: channel } } : {}) },
      ...extra,
    };
  }

  async post(body: unknown): Promise<Posted> {
    const res = await fetch(`${this.app.teams.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  /** Says `text` (to the bot, @mentioned in a channel) and returns the cards posted or updated in answer. */
  async say(where: Where, text: string, user: User = ALEX): Promise<Card[]> {
    const before = this.connector.calls.length;
    const res = await this.post(this.activity(where, user, this.mentioned(where, text)));
    if (res.status !== 200) throw new Error(`the bot answered ${res.status}`);
    await this.app.teams.bot.idle();
    return this.cardsSince(before);
  }

  /** Says `text` without waiting for the answer (the bot answers in the background; `idle()` waits). */
  async sayWithoutWaiting(where: Where, text: string, user: User = ALEX): Promise<void> {
    const res = await this.post(this.activity(where, user, this.mentioned(where, text)));
    if (res.status !== 200) throw new Error(`the bot answered ${res.status}`);
  }

  private mentioned(where: Where, text: string): Record<string, unknown> {
    return where.channel
      ? {
          entities: [{ type: 'mention', text: '<at>Defender</at>', mentioned: { id: '28:defender-bot', name: 'Defender' } }],
          text: `<at>Defender</at> ${text}`,
        }
      : { text };
  }

  /** Clicks a card's button (Action.Execute) and returns the invoke's answer and the cards posted meanwhile. */
  async click(where: Where, verb: string, data: Record<string, unknown>, user: User = ALEX): Promise<{ response: Posted; answer: string; cards: Card[] }> {
    const before = this.connector.calls.length;
    const response = await this.post(
      this.activity(where, user, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: 'activity-1',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );
    await this.app.teams.bot.idle();
    const value = response.body.value;
    const answer = typeof value === 'string' ? value : cardText(value);
    return { response, answer, cards: this.cardsSince(before) };
  }

  cardsSince(index: number): Card[] {
    return this.connector.calls
      .slice(index)
      .filter((c) => c.body.type === 'message')
      .map((c) => {
        const card = (c.body.attachments as { content?: Record<string, unknown> }[] | undefined)?.[0]?.content;
        return { conversationId: c.conversationId, card, text: card ? cardText(card) : String(c.body.text ?? ''), firstLine: firstLine(card) };
      });
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.connector.close();
  }
}

export interface Card {
  conversationId: string;
  card?: Record<string, unknown>;
  text: string;
  /** The text of the card's first element: "Tenant: <name>" on a card of a bot serving several tenants. */
  firstLine?: string;
}

export function firstLine(card: Record<string, unknown> | undefined): string | undefined {
  const body = card?.body as Record<string, unknown>[] | undefined;
  const first = body?.[0];
  return first ? cardText(first).split('\n')[0] : undefined;
}

/** The data of the first Action.Execute with `verb` on a card (a button as Teams would send it back). */
export function buttonData(card: unknown, verb: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (v: unknown): void => {
    if (found || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    if (o.type === 'Action.Execute' && o.verb === verb) found = o.data as Record<string, unknown>;
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

/** Every Action.Execute verb on a card. */
export function verbs(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    if (o.type === 'Action.Execute' && typeof o.verb === 'string') out.push(o.verb);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

/** Defender reads of one tenant in the emulator (every Graph and MDE route, token requests excluded). */
export function readsOf(emulator: DefenderEmulator, tenant: TenantName, from = 0): number {
  const id = DEMO_MSSP_INDICATORS.tenants[tenant];
  return emulator.calls.slice(from).filter((c) => c.tenantId === id && (c.route.startsWith('graph.') || c.route.startsWith('mde.'))).length;
}
