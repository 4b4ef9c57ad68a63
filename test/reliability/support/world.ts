import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import type { DefenderEmulator, EmulatorOptions } from '../../../emulator/server';
import { DefenderEmulator as Emulator } from '../../../emulator/server';
import { DEMO_GROUPS, DEMO_USERS } from '../../../emulator/tenant';
import type { RateBudget } from '../../../src/net/memory-rate-budget';
import type { MachineAction } from '../../../src/defender/types';
import type { AuditEntry } from '../../../src/store/types';
import { FakeConnector } from '../../helpers/fake-connector';
import { invokeActivity, messageActivity, newestRefreshingCard, postToBot, readable, refreshActivity, type ActivityOptions, type HttpAnswer } from './teams';

export interface WorldOptions {
  /** Settings on top of the defaults below (the emulator's connection settings come first). */
  env?: Record<string, string>;
  emulator?: EmulatorOptions;
  /** The bot's own rate budget (default: Microsoft's limits, in memory). */
  budget?: RateBudget;
  /** Really wait when the pipeline asks to (default: record the wait and go on at once). */
  realSleep?: boolean;
}

/** What the bot sent after one message: every message it posted or replaced, and the final one. */
export interface TurnAnswer {
  http: HttpAnswer;
  messages: { method: string; card?: Record<string, unknown>; text?: string }[];
  /** The last card (or text) the person sees for the turn: the answer, or the progress message it replaced. */
  final?: Record<string, unknown>;
  finalText: string;
}

/** What a click answered: the card or message for the clicker (the invoke response). */
export interface ClickResult {
  http: HttpAnswer;
  kind: 'card' | 'message' | 'error';
  card?: Record<string, unknown>;
  text: string;
}

export interface OutgoingCall {
  api: string;
  operation: string;
  method: string;
  status: number | 'error';
  url: string;
}

/** A rate budget that never holds back: for tests about something else than Microsoft's limits. */
export const UNLIMITED_BUDGET: RateBudget = { reserve: async () => ({ waitMs: 0, booked: true }) };

/** Settings every world starts from: the bot outside demo mode, pointed at the emulator, roles from the demo groups. */
export function baseEnv(emulator: DefenderEmulator, dataDir: string): Record<string, string> {
  return {
    ...emulator.environment(),
    BOT_AUTH: 'off',
    DATA_DIR: dataDir,
    DEFENDER_CACHE_SECONDS: '0',
    DEFENDER_REQUEST_TIMEOUT_SECONDS: '1',
    DEFENDER_ENABLE_DEVICE_ISOLATION: 'true',
    DEFENDER_ENABLE_FILE_QUARANTINE: 'true',
    DEFENDER_ENABLE_AV_SCAN: 'true',
    DEFENDER_ENABLE_BLOCK_INDICATOR: 'true',
    ROLE_RESPONDERS: `group:${DEMO_GROUPS.responders.id}`,
    ROLE_APPROVERS: `group:${DEMO_GROUPS.approvers.id}`,
    ROLE_HUNTERS: `group:${DEMO_GROUPS.hunters.id}`,
    // Reading needs a role outside demo mode (issue 13): the demo users read by their own ids, so a lookup needs no
    // group read and the faults of the membership read stay the click's.
    ROLE_VIEWERS: Object.values(DEMO_USERS)
      .map((u) => `aad:${u.objectId}`)
      .join(','),
  };
}

/**
 * The real bot in this process: startApp (composition root, CloudAdapter on restify, SQLite store, action tracker)
 * outside demo mode, connected through @azure/identity and the HTTP pipeline to an emulator started here, its replies
 * landing on a fake Bot Connector. Retry waits are recorded instead of slept unless `realSleep`.
 */
export class World {
  readonly waits: number[] = [];
  readonly logs: string[] = [];
  readonly outgoing: OutgoingCall[] = [];
  readonly unhandled: unknown[] = [];
  private readonly onUnhandled = (err: unknown) => this.unhandled.push(err);

  private constructor(
    readonly emulator: DefenderEmulator,
    readonly connector: FakeConnector,
    readonly app: App,
    readonly dataDir: string,
    readonly startedAt: number,
  ) {
    process.on('unhandledRejection', this.onUnhandled);
  }

  static async start(options: WorldOptions = {}): Promise<World> {
    const startedAt = Date.now();
    const emulator = await Emulator.start({ rateLimits: 'off', timeline: { pendingMs: 150, inProgressMs: 150, outcome: 'Succeeded' }, ...options.emulator });
    const connector = new FakeConnector();
    await connector.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'reliability-'));
    const config = loadConfig({ ...baseEnv(emulator, dataDir), ...options.env });
    const holder: { world?: World } = {};
    const agent = emulator.agent();
    const app = await startApp(config, {
      port: 0,
      agent,
      budget: options.budget,
      sleep: options.realSleep
        ? undefined
        : async (ms) => {
            holder.world?.waits.push(ms);
          },
      onResponse: (e) => holder.world?.outgoing.push({ ...e }),
      log: (m) => holder.world?.logs.push(m),
    });
    const world = new World(emulator, connector, app, dataDir, startedAt);
    holder.world = world;
    return world;
  }

  get tenantId(): string {
    return this.emulator.tenantId;
  }

  /** Sends a message and waits until the bot has sent everything for it. */
  async say(text: string, o: ActivityOptions = {}): Promise<TurnAnswer> {
    const before = this.connector.calls.length;
    const http = await postToBot(this.app.teams.url, messageActivity(this.connector.url, this.tenantId, text, o));
    await this.app.teams.bot.idle();
    const messages = this.connector.calls
      .slice(before)
      .filter((c) => c.body.type === 'message')
      .map((c) => ({
        method: c.method,
        text: c.body.text as string | undefined,
        card: (c.body.attachments as { content?: Record<string, unknown> }[] | undefined)?.[0]?.content,
      }));
    const last = messages[messages.length - 1];
    return { http, messages, final: last?.card, finalText: last?.card ? readable(last.card) : (last?.text ?? '') };
  }

  /** Clicks a button (an adaptiveCard/action invoke) and reads the answer Teams would show the clicker. */
  async click(verb: unknown, data: unknown, o: ActivityOptions = {}): Promise<ClickResult> {
    const http = await postToBot(this.app.teams.url, invokeActivity(this.connector.url, this.tenantId, verb, data, o));
    await this.app.teams.bot.idle();
    return clickResult(http);
  }

  /**
   * Clicks a response-action button as Teams does it: the click is answered with a notice and the request card is
   * posted to the conversation; the requester's client, showing that card, fetches their own view (the confirmation
   * form) through its refresh. Returns that form, or the click's own answer when nothing was posted (a refusal).
   */
  async propose(verb: unknown, data: unknown, o: ActivityOptions = {}): Promise<ClickResult> {
    const before = this.connector.calls.length;
    const answer = await this.click(verb, data, o);
    if (answer.kind !== 'message') return answer;
    const card = newestRefreshingCard(this.connector.calls.slice(before));
    return card ? this.shown(card, o) : answer;
  }

  /** A card with `refresh` shown by the client of `o.user`: the view that client fetches (a card without one is shown as it is). */
  async shown(card: Record<string, unknown>, o: ActivityOptions = {}): Promise<ClickResult> {
    const refresh = refreshActivity(this.connector.url, this.tenantId, card, o);
    if (!refresh) return { http: { status: 200, text: '', body: undefined }, kind: 'card', card, text: readable(card) };
    const view = clickResult(await postToBot(this.app.teams.url, refresh));
    await this.app.teams.bot.idle();
    return view;
  }

  /** Machine actions the bot created in Defender (its comment names the request). */
  botActions(): MachineAction[] {
    return this.emulator.context.tenant.machineActions.filter((a) => (a.requestorComment ?? '').startsWith('defender-chatops request'));
  }

  /** HTTP attempts that reached the emulator on a route (parts of a $batch count one each). */
  attempts(route: string): number {
    return this.emulator.calls.filter((c) => c.route === route).length;
  }

  async audit(requestId?: string): Promise<AuditEntry[]> {
    return (await this.app.store.audit.query(requestId ? { requestId } : { limit: 1000 })).reverse();
  }

  async events(requestId: string): Promise<string[]> {
    return (await this.audit(requestId)).map((e) => e.event);
  }

  /** Polls the store until the request reaches one of the states (the tracker runs on real timers). */
  async waitForState(requestId: string, states: string[], timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.app.store.requests.get(requestId);
      if (r && states.includes(r.state)) return r.state;
      if (Date.now() > deadline) throw new Error(`request ${requestId} is ${r?.state ?? 'missing'}, not ${states.join(' or ')}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  async close(): Promise<void> {
    process.off('unhandledRejection', this.onUnhandled);
    await this.app.close();
    await this.emulator.close();
    await this.connector.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export function clickResult(http: HttpAnswer): ClickResult {
  const body = http.body as { statusCode?: number; type?: string; value?: unknown } | undefined;
  if (http.status !== 200 || !body || typeof body !== 'object') return { http, kind: 'error', text: http.text };
  if (body.type === 'application/vnd.microsoft.card.adaptive')
    return { http, kind: 'card', card: body.value as Record<string, unknown>, text: readable(body.value) };
  if (body.type === 'application/vnd.microsoft.activity.message') return { http, kind: 'message', text: String(body.value) };
  return { http, kind: 'error', text: JSON.stringify(body) };
}

/** The request id inside a signed request token (`r:<id>.<signature>`). */
export function requestIdOf(token: unknown): string {
  const t = String(token);
  return t.slice(2, t.lastIndexOf('.'));
}
