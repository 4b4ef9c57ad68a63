import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { decideBotAuth } from '../../../src/bot/teams/bot-auth';
import { conversationOf, TEAMS_CONVERSATION_WINDOWS } from '../../../src/bot/teams/connector-limits';
import { BotConnectorError } from '../../../src/bot/teams/connector-transport';
import { createTeamsAdapter } from '../../../src/bot/teams/teams-adapter';
import { loadConfig } from '../../../src/config/load';
import { MemoryRateBudget, type RateBudget } from '../../../src/net/memory-rate-budget';
import { ScriptedConnector } from './support/scripted-connector';
import { VirtualClock } from './support/virtual-clock';

/*
 * Every Bot Connector call botbuilder makes goes through ConnectorTransport (createTeamsAdapter hands it to
 * ConfigurationBotFrameworkAuthentication as ConnectorClientOptions.httpClient). These tests drive the real
 * CloudAdapter and ConnectorClient against a local Bot Connector that throttles and fails on cue; waiting happens on
 * a virtual clock, and each attempt is recorded with the clock's time when it leaves for the wire.
 */

interface Attempt {
  method: string;
  conversation: string | undefined;
  text?: string;
  at: number;
}

interface Harness {
  adapter: CloudAdapter;
  clock: VirtualClock;
  attempts: Attempt[];
  logs: string[];
}

let connector: ScriptedConnector;
let h: Harness;

function harness(
  options: { random?: () => number; budget?: RateBudget; http?: HttpClient; maxPacingWaitMs?: number; attemptTimeoutMs?: number; clock?: VirtualClock } = {},
): Harness {
  const clock = options.clock ?? new VirtualClock();
  const attempts: Attempt[] = [];
  const logs: string[] = [];
  const real = options.http ?? createDefaultHttpClient();
  const recording: HttpClient = {
    async sendRequest(request) {
      const body = typeof request.body === 'string' ? (JSON.parse(request.body) as { text?: string }) : {};
      attempts.push({ method: request.method, conversation: conversationOf(request.url), text: body.text, at: clock.now });
      clock.inFlight++;
      try {
        return await real.sendRequest(request);
      } finally {
        clock.inFlight--;
      }
    },
  };
  const config = loadConfig({});
  const decision = decideBotAuth(config, true);
  if (!decision.ok) throw new Error(decision.message);
  const { adapter } = createTeamsAdapter(config, decision, (m) => logs.push(m), {
    budget: options.budget ?? new MemoryRateBudget(() => clock.now),
    transport: {
      sleep: clock.sleep,
      random: options.random ?? (() => 0.5),
      http: recording,
      maxPacingWaitMs: options.maxPacingWaitMs,
      attemptTimeoutMs: options.attemptTimeoutMs,
    },
  });
  return { adapter, clock, attempts, logs };
}

/** A proactive send (continueConversationAsync), as the bot answers after acknowledging the incoming message. */
async function send(conversationId: string, text: string, serviceUrl = connector.url): Promise<{ id?: string; error?: unknown }> {
  let out: { id?: string; error?: unknown } = {};
  await h.adapter.continueConversationAsync(
    '',
    { serviceUrl, channelId: 'msteams', conversation: { id: conversationId } as never },
    async (ctx: TurnContext) => {
      try {
        out = { id: (await ctx.sendActivity(text))?.id };
      } catch (error) {
        out = { error };
      }
    },
  );
  return out;
}

beforeEach(async () => {
  connector = new ScriptedConnector(() => h.clock.now);
  await connector.start();
  h = harness();
});
afterEach(async () => {
  await connector.close();
});

describe('retries as Teams asks (msteams-docs bots/how-to/rate-limit.md)', () => {
  it('429 with Retry-After: waits exactly that long, then the message is sent', async () => {
    connector.script('a:1', { status: 429, headers: { 'retry-after': '3' } });
    const out = await h.clock.run(send('a:1', 'hello'));
    expect(out.id).toBe('activity-1');
    expect(connector.to('a:1').map((r) => r.at)).toEqual([0, 3000]);
    expect(h.logs.join('\n')).toMatch(/Teams answered 429 Too Many Requests for conversation a:1: retry 1 of 3 in 3 s \(Retry-After\)/);
  });

  it('429 with Retry-After as an HTTP date', async () => {
    connector.script('a:1', { status: 429, headers: { 'retry-after': new Date(Date.now() + 5000).toUTCString() } });
    expect((await h.clock.run(send('a:1', 'hello'))).id).toBeDefined();
    const [first, second] = connector.to('a:1');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(3000);
    expect(second!.at - first!.at).toBeLessThanOrEqual(5000);
  });

  it('429 without Retry-After: jittered exponential backoff (2 s, 4 s, 8 s, +-20%)', async () => {
    connector.script('a:1', { status: 429 }, { status: 429 }, { status: 429 });
    expect((await h.clock.run(send('a:1', 'hello'))).id).toBeDefined();
    expect(h.clock.slept).toEqual([2000, 4000, 8000]);
    for (const [random, waits] of [
      [0, [1600, 3200]],
      [0.999999, [2400, 4800]],
    ] as const) {
      h = harness({ random: () => random });
      connector.script('a:2', { status: 429 }, { status: 429 });
      await h.clock.run(send('a:2', 'again'));
      expect(h.clock.slept).toEqual(waits);
    }
  });

  it.each([412, 502, 504])('%i, then success: retried once', async (status) => {
    connector.script('a:1', { status });
    expect((await h.clock.run(send('a:1', 'hello'))).id).toBeDefined();
    expect(h.attempts).toHaveLength(2);
    expect(h.clock.slept).toEqual([2000]);
  });

  it("400: one attempt, Teams' own error reaches the caller", async () => {
    connector.script('a:1', { status: 400, body: { error: { code: 'BadArgument', message: 'Unknown activity type' } } });
    const out = await h.clock.run(send('a:1', 'hello'));
    expect(out.error).toMatchObject({ statusCode: 400, code: 'BadArgument' });
    expect(connector.requests).toHaveLength(1);
  });

  it.each([500, 503, 408])("%i: one attempt, not repeated by botbuilder's own pipeline either", async (status) => {
    connector.script('a:1', { status, headers: { 'retry-after': '1' } });
    const out = await h.clock.run(send('a:1', 'hello'));
    expect(out.error).toBeInstanceOf(BotConnectorError);
    expect((out.error as BotConnectorError).message).toMatch(
      new RegExp(`Teams answered ${status} for conversation a:1; not retried \\(only 429, 412, 502 and 504 are\\), so this message was not sent`),
    );
    expect(connector.requests).toHaveLength(1);
    expect(h.clock.slept).toEqual([]);
  });

  it('bounded in count: 429 on every attempt gives up after 4 attempts, and the pipeline adds none', async () => {
    connector.script('a:1', ...Array.from({ length: 10 }, () => ({ status: 429 })));
    const out = await h.clock.run(send('a:1', 'hello'));
    expect(out.error).toBeInstanceOf(BotConnectorError);
    expect(out.error).toMatchObject({ failure: 'throttled', statusCode: 429, attempts: 4 });
    expect((out.error as Error).message).toMatch(
      /Teams answered 429 Too Many Requests for conversation a:1; the bot gave up \(after 4 attempts and 14 s of waiting\), so this message was not sent/,
    );
    expect(connector.requests).toHaveLength(4);
  });

  it('bounded in total wait: a Retry-After beyond the bound is not waited for', async () => {
    connector.script('a:1', { status: 429, headers: { 'retry-after': '120' } });
    const out = await h.clock.run(send('a:1', 'hello'));
    expect((out.error as Error).message).toMatch(/it asked to wait 120 s, beyond the 30 s a message may wait/);
    expect(connector.requests).toHaveLength(1);
    expect(h.clock.slept).toEqual([]);
  });

  it('bounded in total wait across attempts: 20 s and 20 s make 40 s, so the second is not waited for', async () => {
    connector.script('a:1', { status: 504, headers: { 'retry-after': '20' } }, { status: 504, headers: { 'retry-after': '20' } });
    const out = await h.clock.run(send('a:1', 'hello'));
    expect(out.error).toMatchObject({ failure: 'rejected', statusCode: 504, attempts: 2 });
    expect(h.clock.slept).toEqual([20000]);
  });

  it('a connector that cannot be reached: one attempt, a clear error, no repeat (the message may have arrived)', async () => {
    const closed = new ScriptedConnector();
    await closed.start();
    const url = closed.url;
    await closed.close();
    const out = await h.clock.run(send('a:1', 'hello', url));
    expect(out.error).toBeInstanceOf(BotConnectorError);
    expect((out.error as Error).message).toMatch(/The Bot Connector could not be reached for conversation a:1 \(ECONNREFUSED\)\. Not retried/);
    expect(h.attempts).toHaveLength(1);
  });

  it('a reset while updating a card (a keep-alive connection closed as the update left) is retried: the same card again changes nothing', async () => {
    connector.script('a:1', { status: 0, reset: true });
    await h.clock.run(
      h.adapter.continueConversationAsync('', { serviceUrl: connector.url, channelId: 'msteams', conversation: { id: 'a:1' } as never }, async (ctx) => {
        await ctx.updateActivity({ type: 'message', id: 'activity-7', text: 'Succeeded' });
      }),
    );
    expect(connector.to('a:1').map((r) => [r.method, r.text])).toEqual([
      ['PUT', 'Succeeded'],
      ['PUT', 'Succeeded'],
    ]);
    expect(h.logs.some((l) => /connection failed for conversation a:1 \(ECONNRESET\): retry 1 of 3/.test(l))).toBe(true);
  });

  it('a reset while posting is not retried: the message may have arrived, and a repeat would post it twice', async () => {
    connector.script('a:1', { status: 0, reset: true });
    const out = await h.clock.run(send('a:1', 'hello'));
    expect((out.error as Error).message).toMatch(/could not be reached for conversation a:1 \(ECONNRESET\)\. Not retried/);
    expect(connector.to('a:1')).toHaveLength(1);
  });

  it('a connector that does not answer: given up after the attempt timeout, not repeated', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    try {
      h = harness({ attemptTimeoutMs: 300 });
      const out = await h.clock.run(send('a:1', 'hello', `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`));
      expect((out.error as Error).message).toMatch(/could not be reached for conversation a:1 \(no answer within 0\.3 s\)\. Not retried/);
      expect(h.attempts).toHaveLength(1);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('every Bot Connector call goes through it', () => {
  it('a reply inside the incoming turn (CloudAdapter.process)', async () => {
    connector.script('a:turn', { status: 502 });
    const activity = {
      type: 'message',
      id: 'in-1',
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:u' },
      recipient: { id: '28:bot' },
      conversation: { id: 'a:turn' },
      text: 'ping',
    };
    const res = { status: () => res, header: () => res, send: () => res, end: () => res };
    await h.clock.run(
      h.adapter.process({ method: 'POST', headers: {}, body: activity } as never, res as never, async (ctx) => void (await ctx.sendActivity('pong'))),
    );
    expect(connector.to('a:turn').map((r) => [r.method, r.path.replace(/\?.*$/, ''), r.text])).toEqual([
      ['POST', '/v3/conversations/a%3Aturn/activities/in-1', 'pong'],
      ['POST', '/v3/conversations/a%3Aturn/activities/in-1', 'pong'],
    ]);
  });

  it('an update of a card (updateActivity), paced with the sends of its conversation', async () => {
    connector.script('a:1', { status: 429, headers: { 'retry-after': '1' } });
    await h.clock.run(
      h.adapter.continueConversationAsync('', { serviceUrl: connector.url, channelId: 'msteams', conversation: { id: 'a:1' } as never }, async (ctx) => {
        await ctx.updateActivity({ type: 'message', id: 'activity-7', text: 'updated' });
      }),
    );
    expect(connector.to('a:1').map((r) => [r.method, r.at])).toEqual([
      ['PUT', 0],
      ['PUT', 1000],
    ]);
  });
});

describe("paced within Teams' per-conversation limits", () => {
  /** For every window, no (t - window, t] holds more sends than the limit. */
  function expectWithinLimits(times: number[]): void {
    const overruns: string[] = [];
    for (const w of TEAMS_CONVERSATION_WINDOWS)
      for (const t of times) {
        const n = times.filter((x) => x > t - w.windowMs && x <= t).length;
        if (n > w.limit) overruns.push(`${n} sends in the ${w.windowMs} ms ending at ${t} (limit ${w.limit})`);
      }
    expect(overruns).toEqual([]);
  }

  it('a burst of 20 sends to one conversation leaves in order, at the earliest slots the limits allow', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `m${i}`);
    const results = await h.clock.run(Promise.all(texts.map((t) => send('a:burst', t))));
    expect(results.every((r) => r.id)).toBe(true);
    const sent = h.attempts.filter((a) => a.conversation === 'a:burst');
    expect(sent.map((a) => a.text)).toEqual(texts);
    const times = sent.map((a) => a.at);
    expectWithinLimits(times);
    // 7 per second, then 8 per 2 s decides: 7 at once, 1 a second later, 7 more when the 2 s window allows, ...
    expect(times).toEqual([...Array(7).fill(0), 1000, ...Array(7).fill(2000), 3000, ...Array(4).fill(4000)]);
    expect(connector.to('a:burst')).toHaveLength(20);
  });

  it('a reply thread in a channel counts against its channel', async () => {
    await h.clock.run(
      Promise.all(Array.from({ length: 8 }, (_, i) => send(i % 2 ? '19:soc@thread.tacv2;messageid=1' : '19:soc@thread.tacv2;messageid=2', `t${i}`))),
    );
    expect(h.attempts.map((a) => a.at).sort((a, b) => a - b)).toEqual([...Array(7).fill(0), 1000]);
  });

  it('two conversations do not hold each other up', async () => {
    const burst = Promise.all(Array.from({ length: 20 }, (_, i) => send('a:busy', `b${i}`)));
    const other = send('a:quiet', 'q0');
    await h.clock.run(Promise.all([burst, other]));
    expect(h.attempts.find((a) => a.conversation === 'a:quiet')).toMatchObject({ text: 'q0', at: 0 });
    expect(Math.max(...h.attempts.filter((a) => a.conversation === 'a:busy').map((a) => a.at))).toBe(4000);
  });

  it('retries take their own slot: a retried message does not jump the queue of its conversation', async () => {
    connector.script('a:1', { status: 429, headers: { 'retry-after': '0' } });
    await h.clock.run(Promise.all(Array.from({ length: 8 }, (_, i) => send('a:1', `r${i}`))));
    const times = h.attempts.filter((a) => a.conversation === 'a:1').map((a) => a.at);
    expect(times).toHaveLength(9);
    expectWithinLimits(times);
  });

  it('a message that would queue longer than the bound is not sent, and says why', async () => {
    h = harness({ maxPacingWaitMs: 1500 });
    const results = await h.clock.run(Promise.all(Array.from({ length: 9 }, (_, i) => send('a:1', `p${i}`))));
    expect(results.slice(0, 8).every((r) => r.id)).toBe(true);
    expect(results[8]!.error).toMatchObject({ failure: 'held' });
    expect((results[8]!.error as Error).message).toMatch(
      /Teams allows a bot 60 messages per 30 s and 1,800 per hour in one conversation; this message to conversation a:1 would have had to wait 2 s, so it was not sent/,
    );
    expect(connector.requests).toHaveLength(8);
  });

  it("two replicas sharing one budget (as with REDIS_URL) count together against the conversation's limit", async () => {
    const clock = new VirtualClock();
    const shared = new MemoryRateBudget(() => clock.now);
    const first = harness({ budget: shared, clock });
    const second = harness({ budget: shared, clock });
    h = first;
    const fromFirst = Array.from({ length: 7 }, (_, i) => send('a:1', `one${i}`));
    h = second;
    const fromSecond = Array.from({ length: 7 }, (_, i) => send('a:1', `two${i}`));
    await clock.run(Promise.all([...fromFirst, ...fromSecond]));
    const times = [...first.attempts, ...second.attempts].map((a) => a.at).sort((a, b) => a - b);
    expect(times).toEqual([...Array(7).fill(0), 1000, ...Array(6).fill(2000)]);
  });

  it('keys the allowance per bot and conversation in the shared budget (Redis with several replicas)', async () => {
    const keys: string[] = [];
    const shared = new MemoryRateBudget(() => h.clock.now);
    h = harness({ budget: { reserve: (key, windows, maxWaitMs, count) => (keys.push(key), shared.reserve(key, windows, maxWaitMs, count)) } });
    await h.clock.run(send('19:soc@thread.tacv2;messageid=5', 'x'));
    expect(keys).toEqual(['teams-send:unauthenticated:19:soc@thread.tacv2']);
  });
});

describe('conversationOf', () => {
  it.each([
    ['https://smba.trafficmanager.net/teams/v3/conversations/a%3A1/activities', 'a:1'],
    ['https://smba.trafficmanager.net/amer/v3/conversations/a%3A1/activities/x', 'a:1'],
    ['https://smba.infra.gov.teams.microsoft.us/v3/conversations/a%3A1/activities/x', 'a:1'],
    ['https://smba.trafficmanager.net/teams/v3/conversations/', 'create'],
    ['http://127.0.0.1:9/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D17/activities', '19:abc@thread.tacv2'],
    ['http://127.0.0.1:9/v3/conversations', 'create'],
    ['http://127.0.0.1:9/v3/conversations/%E0%A4%A/activities', '%E0%A4%A'],
    ['http://127.0.0.1:9/api/usertoken/GetToken', undefined],
    ['not a url', undefined],
  ])('%s -> %s', (url, expected) => {
    expect(conversationOf(url)).toBe(expected);
  });

  it('caps a hostile conversation id', () => {
    expect(conversationOf(`http://h/v3/conversations/${'x'.repeat(5000)}/activities`)).toHaveLength(512);
  });
});
