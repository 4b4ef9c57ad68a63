import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { blockButtons, blocksText, FakeSlackApi, interaction, postToSlackEndpoint, slackSignature } from '../../helpers/fake-slack-api';
import { appMentionEvent, blockActionsPayload, confirmModalView, slashCommandForm, viewSubmissionPayload } from '../../helpers/slack-payloads';
import { defenderWrites } from '../../helpers/defender-writes';
import { confirmModal } from './click-modal';

/*
 * Malformed and hostile requests, every one signed with the right secret (as if Slack, or someone holding the signing
 * secret, sent it): each gets a 2xx or 4xx, the bot keeps answering, nothing reaches Defender's machine actions, and
 * whatever the bot posts back is a clear message whose mrkdwn carries none of the sender's mentions or links.
 */

const SECRET = 'slack-signing-secret-for-hostile-tests-0123456789';
const CHANNEL = 'C0SOC';
const RESPONDER = { id: 'URESP', username: 'rory.responder', team_id: 'T0DEMO' };

/** Mentions, broadcasts and links as Slack delivers them in a message's text. */
const MARKUP = '<!channel> <!here> <@U0VICTIM> <#C0VICTIM|general> <!subteam^S0VICTIM> <https://evil.example/login|Approve here>';
/** What must never appear in mrkdwn the bot sends: any of the above, unescaped. */
const UNESCAPED_MARKUP = /<(!channel|!here|!everyone|!subteam|@U0VICTIM|#C0VICTIM|https?:\/\/evil\.example)/;

const INJECTIONS = [
  `x' or 1 eq 1 or computerDnsName eq 'y`,
  `ws-042'or'1'eq'1`,
  `"; DeviceInfo | take 100000 //`,
  `ws-042" | union DeviceLogonEvents | where 1==1 //`,
  `a\\' | project * ; drop table x --`,
  `ws-042\n| where true\r\n// comment`,
  `ws-042;rm -rf /;$(id)\`id\``,
  `..%2F..%2Fmachineactions?$filter=true&$top=999`,
  `ｗｓ－０４２ \u202Eexe.gnp\u200B\u0000 😈 ﷽`,
  `%27%20or%201%20eq%201 \\u0027 &#39; ' ) or ( '1' = '1`,
  MARKUP,
  // Values that are valid indicators, UPNs or names, so they do reach a query, with quoting characters around and inside.
  `198.51.100.77'|union DeviceInfo//`,
  `https://evil.example/a'b"c|d;e//f?x=1' or '1'='1`,
  `o'brien'or'1'eq'1@contoso.com`,
  `ws-042 ' or 1 eq 1 --`,
];

const COMMANDS = [
  'lookup',
  'device',
  'user',
  'hunt',
  'actions',
  'isolate',
  'release',
  'quarantine 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 on',
  'scan',
  'restrict',
  'collect',
  'block',
  'audit',
  'cancel',
  '',
];

type Body = Record<string, unknown>;
/** A click on an Isolate button as RESPONDER, with whole top-level fields of the payload replaced by `overrides`. */
function blockAction(api: FakeSlackApi, overrides: Body) {
  return {
    ...blockActionsPayload(
      api,
      RESPONDER,
      { ts: '1700000000.000100', blocks: [] },
      { actionId: 'dc:isolate:1', value: 'AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA' },
    ),
    ...overrides,
  };
}

function deep(depth: number, leaf: unknown = 'leaf'): string {
  return `${'{"a":['.repeat(depth)}${JSON.stringify(leaf)}${']}'.repeat(depth)}`;
}

/** Every mrkdwn text (and the top-level notification text) in something the bot sent to Slack. */
function mrkdwnTexts(body: Body): string[] {
  const out: string[] = typeof body.text === 'string' ? [body.text] : [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(body.blocks);
  walk(body.view);
  walk(body.attachments);
  return out;
}

describe('Slack: malformed and hostile payloads, correctly signed', () => {
  let app: App;
  const api = new FakeSlackApi();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    await api.start();
    app = await startApp(
      loadConfig({
        DATA_DIR: mkdtempSync(join(tmpdir(), 'slack-hostile-')),
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: api.apiUrl,
        ROLE_RESPONDERS: `slack:${RESPONDER.id}`,
        ROLE_HUNTERS: `slack:${RESPONDER.id}`,
        ROLE_APPROVERS: 'slack:UAPPR',
        ACTIONS_REQUIRING_APPROVAL: 'isolate',
      }),
      { port: 0 },
    );
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await app?.close();
    await api.close();
  });
  beforeEach(() => {
    unhandled.length = 0;
  });

  function machineActions(): number {
    return defenderWrites(app.defender.emulator!.calls);
  }

  function answers(from: number): Body[] {
    return api.calls
      .slice(from)
      .filter((c) => /^(chat\.(postMessage|update|postEphemeral)|respond:|views\.(open|update|push))/.test(c.method))
      .map((c) => c.body);
  }

  /** Signed raw bytes; a request the server never answers is cut after `timeoutMs` and reported as status 0. */
  async function postRaw(raw: string, contentType: string, timeoutMs = 8000): Promise<{ status: number; text: string }> {
    try {
      const res = await fetch(`${app.teams.url}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': contentType, ...slackSignature(SECRET, raw) },
        body: raw,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, text: await res.text() };
    } catch {
      return { status: 0, text: 'no answer' };
    }
  }

  async function settle(): Promise<void> {
    await app.slack!.bot.idle();
  }

  /** A valid slash command afterwards is still answered in the channel. */
  async function stillAnswers(): Promise<void> {
    const before = api.calls.length;
    const res = await postToSlackEndpoint(app.teams.url, SECRET, { form: slashCommandForm(api, RESPONDER, 'help') });
    expect(res.status).toBe(200);
    await settle();
    const posted = api.calls.slice(before).filter((c) => c.method === 'chat.postMessage');
    expect(posted).toHaveLength(1);
    expect(blocksText(posted[0]!.body)).toMatch(/lookup/);
  }

  const is2xxOr4xx = (status: number) => status >= 200 && status < 500;

  describe('bodies that are not what Slack sends', () => {
    it('an invalid JSON body gets 400 and the bot still answers', async () => {
      const before = api.calls.length;
      const res = await postRaw('{"type":"event_callback","event":{"type":"app_mention",', 'application/json');
      expect(res.status).toBe(400);
      await settle();
      expect(api.calls.slice(before)).toEqual([]);
      await stillAnswers();
    });

    it('a form body whose payload is not JSON gets 400', async () => {
      for (const payload of ['{not json', '', '\u0000\u0001', 'undefined']) {
        const res = await postRaw(new URLSearchParams({ payload }).toString(), 'application/x-www-form-urlencoded');
        expect(res.status).toBe(400);
      }
      await stillAnswers();
    });

    it('a body that is JSON but not an object (string, array, number) gets a 4xx', async () => {
      const results = await Promise.all([
        postRaw('"just a string"', 'application/json'),
        postRaw('[1,2,3]', 'application/json'),
        postRaw(new URLSearchParams({ payload: '12345' }).toString(), 'application/x-www-form-urlencoded'),
      ]);
      for (const r of results) expect(is2xxOr4xx(r.status) && r.status >= 400).toBe(true);
      await stillAnswers();
      expect(unhandled).toEqual([]);
    });

    // Bolt's HTTPReceiver reads `body.ssl_check` on the parsed body with no catch (an async IIFE): a signed `null`
    // used to be an unhandled rejection that stops the process. slack-http.ts now checks the body's shape first.
    it('a signed JSON body `null` (and a form payload `null`) gets a 4xx, not a hung request and an unhandled rejection', async () => {
      const json = await postRaw('null', 'application/json', 4000);
      const form = await postRaw(new URLSearchParams({ payload: 'null' }).toString(), 'application/x-www-form-urlencoded', 4000);
      expect(unhandled.map(String)).toEqual([]);
      expect([json.status, form.status].map(is2xxOr4xx)).toEqual([true, true]);
      expect(json.status).not.toBe(0);
    });
  });

  describe('payloads of the wrong types', () => {
    // Bolt throws while building the listener arguments (`[payload] = actions`, `'channel' in event`, `body.user.id`,
    // `body.view.app_installed_team_id`) and answers 500, which Slack retries; slack-http.ts refuses such bodies first.
    it('actions not an array, an event not an object, user null, a view_submission without a view get a 4xx, not 500', async () => {
      const before = api.calls.length;
      const results = {
        actionsObject: (
          await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockAction(api, { actions: { 0: { action_id: 'dc:isolate:1', value: 'x' } } })))
        ).status,
        actionsNumber: (await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockAction(api, { actions: 42 })))).status,
        eventString: (await postToSlackEndpoint(app.teams.url, SECRET, { json: { ...appMentionEvent(RESPONDER, 'help'), event: 'app_mention' } })).status,
        eventNull: (await postToSlackEndpoint(app.teams.url, SECRET, { json: { ...appMentionEvent(RESPONDER, 'help'), event: null } })).status,
        userNull: (await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockAction(api, { user: null })))).status,
        eventUserNull: (await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, 'help', { event: { user: null } }) })).status,
        viewMissing: (
          await postToSlackEndpoint(app.teams.url, SECRET, interaction({ ...viewSubmissionPayload(RESPONDER, confirmModalView('')), view: undefined }))
        ).status,
      };
      await settle();
      expect(api.calls.slice(before)).toEqual([]);
      expect(machineActions()).toBe(0);
      await stillAnswers();
      expect(Object.entries(results).filter(([, status]) => !is2xxOr4xx(status))).toEqual([]);
    });

    it('user.id a number or an array, a team of the wrong type, a huge user id: dropped with 200, nothing runs', async () => {
      const before = api.calls.length;
      for (const overrides of [
        { user: { id: 12345, team_id: 'T0DEMO' } },
        { user: { id: ['URESP'], team_id: 'T0DEMO' } },
        { user: { id: RESPONDER.id, team_id: 123 }, team: { id: 42 } },
        { user: { id: 'U'.repeat(5000), team_id: 'T0DEMO' } },
      ]) {
        const res = await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockAction(api, overrides)));
        expect(res.status).toBe(200);
      }
      for (const user of [12345, ['URESP'], { id: RESPONDER.id }]) {
        const res = await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, 'lookup 198.51.100.77', { event: { user } }) });
        expect(res.status).toBe(200);
      }
      await settle();
      expect(answers(before)).toEqual([]);
      expect(machineActions()).toBe(0);
      await stillAnswers();
    });

    it('a button value that is an object, a number, huge or absent is refused with a clear private message', async () => {
      for (const value of [{ requestId: 'r:abc.def' }, 12345, ['r:x.y'], 'r:'.padEnd(5000, 'A'), undefined, null, '']) {
        const before = api.calls.length;
        const res = await postToSlackEndpoint(
          app.teams.url,
          SECRET,
          interaction(blockAction(api, { actions: [{ type: 'button', action_id: 'dc:approve:1', block_id: 'b', value, action_ts: '1' }] })),
        );
        expect(res.status).toBe(200);
        await settle();
        const shown = answers(before);
        expect(shown).toHaveLength(1);
        expect(blocksText(shown[0]!)).toMatch(/cannot be used/i);
        expect(shown[0]!.response_type).toBe('ephemeral');
      }
      expect(machineActions()).toBe(0);
    });

    it('action_id, state and private_metadata of the wrong types do not crash the bot', async () => {
      const before = api.calls.length;
      const statuses: number[] = [];
      for (const action of [
        { action_id: 12345, value: 'x' },
        { action_id: 'dc:isolate:1'.repeat(100), value: 'x' },
        { action_id: 'dc:__proto__:1', value: 'x' },
        { action_id: 'dc:constructor:1', value: 'r:a.b' },
      ]) {
        statuses.push(
          (
            await postToSlackEndpoint(
              app.teams.url,
              SECRET,
              interaction(blockAction(api, { actions: [{ type: 'button', block_id: 'b', action_ts: '1', ...action }] })),
            )
          ).status,
        );
      }
      for (const state of [
        'a string',
        42,
        [1, 2],
        { values: { reason: 'not an object' } },
        { values: { reason: { reason: { type: 'plain_text_input', value: { toString: 'x' } } } } },
      ]) {
        statuses.push((await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockAction(api, { state })))).status);
      }
      for (const privateMetadata of [
        { c: CHANNEL, r: 'r:a.b' },
        42,
        '{"c":"C0SOC","r":{"x":1}}',
        '{"c":"../../etc","r":"r:a.b"}',
        '{'.repeat(3000),
        '"__proto__"',
      ]) {
        statuses.push(
          (
            await postToSlackEndpoint(
              app.teams.url,
              SECRET,
              interaction(viewSubmissionPayload(RESPONDER, confirmModalView(privateMetadata), { reason: 'a good reason' })),
            )
          ).status,
        );
      }
      expect(statuses.filter((s) => !is2xxOr4xx(s))).toEqual([]);
      await settle();
      // (The modal an Isolate click opens at once says what is being checked; what fills it is the answer.)
      const shown = answers(before).filter((body) => (body.view as { callback_id?: string } | undefined)?.callback_id !== 'dc_checking');
      for (const body of shown) expect(blocksText(body)).toMatch(/cannot be used|Unknown action|not known|Nothing was done/i);
      expect(machineActions()).toBe(0);
      expect(unhandled).toEqual([]);
      await stillAnswers();
    });

    it('a duplicated form field (text twice) does not crash the bot', async () => {
      const form = slashCommandForm(api, RESPONDER, 'help');
      const raw = `${new URLSearchParams(form).toString()}&text=${encodeURIComponent('lookup 198.51.100.77')}`;
      const res = await postRaw(raw, 'application/x-www-form-urlencoded');
      expect(is2xxOr4xx(res.status)).toBe(true);
      await settle();
      expect(unhandled).toEqual([]);
      await stillAnswers();
    });
  });

  describe('size and depth', () => {
    it('10,000-deep nested JSON inside an event, a click state and a modal state is answered normally', async () => {
      const nested = deep(10_000);
      const event = appMentionEvent(RESPONDER, 'help');
      const rawEvent = JSON.stringify(event).replace('"channel":"C0SOC"', `"blocks":[${nested}],"channel":"C0SOC"`);
      let before = api.calls.length;
      const r1 = await postRaw(rawEvent, 'application/json');
      expect(r1.status).toBe(200);
      await settle();
      expect(blocksText(answers(before).pop() ?? {})).toMatch(/lookup/);

      before = api.calls.length;
      const click = JSON.stringify(blockAction(api, {})).replace('"state":{"values":{}}', `"state":{"values":${nested}}`);
      const r2 = await postRaw(new URLSearchParams({ payload: click }).toString(), 'application/x-www-form-urlencoded');
      expect(r2.status).toBe(200);
      await settle();
      expect(blocksText(answers(before).pop() ?? {})).toMatch(/cannot be used/i);

      const view = JSON.stringify(viewSubmissionPayload(RESPONDER, confirmModalView('{"c":"C0SOC","r":"r:AAAAAAAA.x"}'))).replace(
        '"state":{"values":{}}',
        `"state":{"values":${nested}}`,
      );
      const r3 = await postRaw(new URLSearchParams({ payload: view }).toString(), 'application/x-www-form-urlencoded');
      expect(is2xxOr4xx(r3.status)).toBe(true);

      // The whole body one deep array: not a Slack request at all.
      const r4 = await postRaw(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'application/json');
      expect(is2xxOr4xx(r4.status)).toBe(true);
      await settle();
      expect(unhandled).toEqual([]);
      expect(machineActions()).toBe(0);
      await stillAnswers();
    });

    it('deep JSON as the text of a command is just text', async () => {
      const before = api.calls.length;
      const res = await postToSlackEndpoint(app.teams.url, SECRET, { form: slashCommandForm(api, RESPONDER, `lookup ${deep(5_000)}`) });
      expect(res.status).toBe(200);
      await settle();
      const shown = answers(before);
      expect(shown.length).toBeGreaterThan(0);
      expect(blocksText(shown[shown.length - 1]!)).toMatch(/No indicators found/);
    });

    it("a 1 MB app_mention is answered quickly, within Slack's limits", async () => {
      const filler = 'lorem ipsum dolor sit amet '.repeat(40_000).slice(0, 1_000_000);
      const before = api.calls.length;
      const started = Date.now();
      const res = await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, `lookup 198.51.100.77 ${filler}`) });
      expect(res.status).toBe(200);
      await settle();
      expect(Date.now() - started).toBeLessThan(15_000);
      const shown = answers(before);
      expect(shown.length).toBeGreaterThan(0);
      const last = shown[shown.length - 1]!;
      expect(blocksText(last)).toContain('198.51.100.77');
      for (const body of shown) {
        expect(JSON.stringify(body.blocks ?? []).length).toBeLessThan(50_000);
        expect((body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
        expect(String(body.text ?? '').length).toBeLessThanOrEqual(40_000);
        for (const t of mrkdwnTexts(body)) expect(t.length).toBeLessThanOrEqual(3000);
      }
      expect(machineActions()).toBe(0);
    });

    it('a 1 MB slash command and a 1 MB hunt are answered with a clear message', async () => {
      const big = 'x'.repeat(1_000_000);
      let before = api.calls.length;
      await postToSlackEndpoint(app.teams.url, SECRET, { form: slashCommandForm(api, RESPONDER, `device ${big}`) });
      await settle();
      expect(blocksText(answers(before).pop() ?? {})).toMatch(/Not a device/);
      before = api.calls.length;
      await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, `hunt DeviceInfo | where DeviceName == "${big}"`) });
      await settle();
      expect(blocksText(answers(before).pop() ?? {})).toMatch(/Query too long/);
    });

    it('10,000 indicators in one message: the first 64 KB read, the first 25 looked up, and the answer says both', async () => {
      // 10,000 distinct public IPv4 addresses in under 100,000 characters (the longest command text read): 9,000 of
      // the form d.d.d.d (first octet 1-9) and 1,000 of the form 11.d.d.d.
      const ips: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        const d = String(i % 1000)
          .padStart(3, '0')
          .split('')
          .join('.');
        ips.push(i < 9000 ? `${1 + Math.floor(i / 1000)}.${d}` : `11.${d}`);
      }
      expect(new Set(ips).size).toBe(10_000);
      expect(ips.join(' ').length).toBeLessThan(100_000);
      const calls = app.defender.emulator!.calls.length;
      const before = api.calls.length;
      const res = await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, `lookup ${ips.join(' ')}`) });
      expect(res.status).toBe(200);
      await settle();
      const shown = answers(before);
      expect(shown.length).toBeGreaterThan(0);
      const text = shown.map((b) => blocksText(b)).join('\n');
      // Issue 13: a turn reads at most the first 64 KB (src/entities DEFAULT_MAX_CHARS), 8,192 of these addresses.
      expect(text).toMatch(/read the first 64 KB of 79 KB of the message; looked up the first 25 of 8,?192 indicators/);
      expect(text).toContain(ips[0]);
      expect(text).not.toContain(ips[9_999]);
      // Bounded work: a few calls per indicator looked up, not per indicator pasted.
      expect(app.defender.emulator!.calls.length - calls).toBeLessThan(25 * 20);
      for (const body of shown) expect((body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
      expect(machineActions()).toBe(0);
    });
  });

  describe('injection and markup in every command argument', () => {
    it('every command with KQL/OData/path injection strings: 200, a clear answer, no broken query, no machine action', async () => {
      const failures: string[] = [];
      const calls = app.defender.emulator!.calls.length;
      const before = api.calls.length;
      for (const [c, command] of COMMANDS.entries()) {
        for (const [i, injection] of INJECTIONS.entries()) {
          const text =
            `${command} ${injection}${command === 'isolate' || command === 'quarantine 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 on' ? ' because testing' : ''}`.trim();
          const from = api.calls.length;
          // Every other request a slash command, the rest @mentions.
          const viaSlash = (c + i) % 2 === 1;
          const res = await postToSlackEndpoint(
            app.teams.url,
            SECRET,
            viaSlash ? { form: slashCommandForm(api, RESPONDER, text) } : { json: appMentionEvent(RESPONDER, text) },
          );
          if (res.status !== 200) failures.push(`${JSON.stringify(text)}: HTTP ${res.status}`);
          await settle();
          const shown = answers(from);
          if (shown.length === 0) failures.push(`${JSON.stringify(text)}: no answer`);
          for (const body of shown) {
            const t = blocksText(body);
            if (/Something went wrong/.test(t)) failures.push(`${JSON.stringify(text)}: unexpected failure answer`);
            if (t.trim() === '') failures.push(`${JSON.stringify(text)}: empty answer`);
          }
        }
      }
      expect(failures).toEqual([]);
      // A value that broke out of its quoting would make the emulator's OData/KQL parser answer 400 (or list everything).
      const badQueries = app.defender.emulator!.calls.slice(calls).filter((c) => c.status === 400 && c.route !== 'graph.hunting');
      expect(badQueries).toEqual([]);
      expect(machineActions()).toBe(0);
      // Proposals may have been shown (with the exact device), never sent.
      expect(api.calls.slice(before).filter((c) => c.method === 'views.open')).toEqual([]);
    });

    // BUG (uncommitted change in src/core/action-requests.ts propose(), the catch around getMachine): a QueryValueError from getMachine (the typed name is not a computer name, so
    // nothing was sent) is titled as a Defender failure; ConversationService.failure() calls it "That value cannot be used".
    it('a typed action on a name that cannot be a device says the name is wrong, not "Defender did not answer"', async () => {
      for (const text of [`isolate ws-042'or'1'eq'1 because testing`, 'scan ws-042;rm because testing', `release ${MARKUP}`]) {
        const calls = app.defender.emulator!.calls.filter((c) => c.route === 'mde.machine').length;
        const before = api.calls.length;
        await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, text) });
        await settle();
        const answer = blocksText(answers(before).pop() ?? {});
        expect(answer).toMatch(/is not a machine id \(40 hex characters\) or a computer name/);
        expect(answer).not.toMatch(/Defender did not answer/);
        // Nothing was asked of Defender about that name.
        expect(app.defender.emulator!.calls.filter((c) => c.route === 'mde.machine').length).toBe(calls);
      }
      expect(machineActions()).toBe(0);
    });

    it("a valid UPN full of quotes (d'arcy'or'1'eq'1@...) reaches every query escaped and matches nothing", async () => {
      // (Not the UPN of the injection list above: that answer is cached and would make no query.)
      for (const upn of [`d'arcy'or'1'eq'1@contoso.com`, `x'+or+'a'=='a@contoso.com`, `a'|union*|take'1@contoso.com`]) {
        const calls = app.defender.emulator!.calls.length;
        const before = api.calls.length;
        await postToSlackEndpoint(app.teams.url, SECRET, { form: slashCommandForm(api, RESPONDER, `user ${upn}`) });
        await settle();
        const made = app.defender.emulator!.calls.slice(calls).filter((c) => c.route.startsWith('graph.') && c.route !== 'graph.batch');
        // The value did reach Defender (hunting, incidents, alerts), and every query parsed.
        expect(made.map((c) => c.route)).toEqual(expect.arrayContaining(['graph.hunting', 'graph.incidents', 'graph.alerts']));
        expect(made.filter((c) => c.status !== 200)).toEqual([]);
        // Broken out of its quotes, `or '1' eq '1'` would match every incident and alert of the tenant.
        const text = blocksText(answers(before).pop() ?? {});
        expect(text).toMatch(/0 incidents · 0 alerts/);
      }
      expect(machineActions()).toBe(0);
    });

    it('the answers carry no unescaped mention, broadcast or link from the sender, and do show the text escaped', async () => {
      const before = api.calls.length;
      for (const command of COMMANDS) {
        await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, `${command} ${MARKUP}`) });
        await postToSlackEndpoint(app.teams.url, SECRET, { form: slashCommandForm(api, RESPONDER, `${command} ${MARKUP}`) });
      }
      await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, `hunt DeviceInfo | where DeviceName == "${MARKUP}" | take 1`) });
      await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, `isolate ws-042 because ${MARKUP}`) });
      await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, `block evil.example because ${MARKUP}`) });
      await settle();
      const shown = answers(before);
      expect(shown.length).toBeGreaterThanOrEqual(COMMANDS.length * 2);
      const leaks = shown.flatMap((b) => mrkdwnTexts(b)).filter((t) => UNESCAPED_MARKUP.test(t));
      expect(leaks).toEqual([]);
      // Not vacuous: the sender's markup was echoed, as inert text.
      const all = shown.flatMap((b) => mrkdwnTexts(b)).join('\n');
      expect(all).toMatch(/&lt;!channel&gt;/);
      expect(all).toMatch(/&lt;@U0VICTIM&gt;/);
      expect(machineActions()).toBe(0);
    });

    it('a reason and a display name full of markup reach the approval card escaped, for everyone', async () => {
      const hostileUser = { id: RESPONDER.id, username: '<!channel> boss', team_id: 'T0DEMO' };
      let before = api.calls.length;
      await postToSlackEndpoint(app.teams.url, SECRET, { json: appMentionEvent(RESPONDER, 'device ws-042') });
      await settle();
      const card = answers(before)
        .filter((m) => blockButtons(m).some((b) => b.verb === 'isolate'))
        .pop()!;
      expect(card).toBeDefined();
      const isolate = blockButtons(card).find((b) => b.verb === 'isolate')!;
      before = api.calls.length;
      await postToSlackEndpoint(app.teams.url, SECRET, interaction(blockActionsPayload(api, hostileUser, { ts: '1700000000.000100', blocks: [] }, isolate)));
      await settle();
      const { meta } = await confirmModal(api, before);
      const res = await postToSlackEndpoint(
        app.teams.url,
        SECRET,
        interaction(viewSubmissionPayload(hostileUser, confirmModalView(meta), { reason: `${MARKUP}\n> quoted *bold* \`code\`` })),
      );
      expect(res.status).toBe(200);
      await settle();
      const approval = answers(before).filter((m) => /Approval needed/.test(blocksText(m)));
      expect(approval.length).toBeGreaterThan(0);
      const texts = approval.flatMap((b) => mrkdwnTexts(b));
      expect(texts.filter((t) => UNESCAPED_MARKUP.test(t))).toEqual([]);
      expect(texts.join('\n')).toMatch(/&lt;https:\/\/evil\.example\/login\|Approve here&gt;/);
      expect(machineActions()).toBe(0);
    });
  });
});
