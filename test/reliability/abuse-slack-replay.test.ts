import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/load';
import { FakeSlackApi, slackSignature } from '../helpers/fake-slack-api';
import { slashCommandForm } from '../helpers/slack-payloads';
import { figure } from './support/figures';

/*
 * Issue 13 (Low): replay protection was keyed on the raw x-slack-signature header, and Bolt verifies only what follows
 * the first "=" (it splits on every "="), so "v0=<sig>=x" verified and counted as a new request: three answers from
 * one captured slash command. Now only "v0=<64 lowercase hex>" reaches Bolt, and the replay key is the timestamp and
 * the digest.
 */

const SECRET = 'slack-signing-secret-for-replay-abuse-0123456789';
const RESPONDER = { id: 'URESP', username: 'rory.responder', team_id: 'T0DEMO' };

let app: App;
const api = new FakeSlackApi();

beforeAll(async () => {
  await api.start();
  app = await startApp(
    loadConfig({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'abuse-slack-replay-')),
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api.apiUrl,
    }),
    { port: 0 },
  );
});
afterAll(async () => {
  await app?.close();
  await api.close();
});

async function post(raw: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${app.teams.url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: raw,
  });
  await res.text();
  return res.status;
}

describe('Slack replay: one captured request, one answer', () => {
  it('a slash command sent with v0=<sig>, v0=<sig>=x and v0=<SIG upper case> is answered once', async () => {
    const raw = new URLSearchParams(slashCommandForm(api, RESPONDER, 'help')).toString();
    const signed = slackSignature(SECRET, raw);
    const sig = signed['x-slack-signature']!;
    const before = api.calls.length;
    const statuses = [
      await post(raw, signed),
      await post(raw, { ...signed, 'x-slack-signature': `${sig}=x` }),
      await post(raw, { ...signed, 'x-slack-signature': `v0=${sig.slice(3).toUpperCase()}` }),
    ];
    await app.slack!.bot.idle();
    const answers = api.calls.slice(before).filter((c) => c.method === 'chat.postMessage' || c.method.startsWith('respond:'));
    expect(answers).toHaveLength(1);
    // The variants never reach Bolt: refused for their form.
    expect(statuses).toEqual([200, 401, 401]);
    figure('abuse: slack replay', 'answers to one slash command sent 3 ways', answers.length, 'answers');
  });

  it('the same bytes and headers again (a plain replay) are acknowledged and dropped', async () => {
    const raw = new URLSearchParams(slashCommandForm(api, RESPONDER, 'help')).toString();
    const signed = slackSignature(SECRET, raw);
    const before = api.calls.length;
    expect([await post(raw, signed), await post(raw, signed)]).toEqual([200, 200]);
    await app.slack!.bot.idle();
    expect(api.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('other malformed signature headers are refused before Bolt', async () => {
    const raw = new URLSearchParams(slashCommandForm(api, RESPONDER, 'help')).toString();
    const signed = slackSignature(SECRET, raw);
    const digest = signed['x-slack-signature']!.slice(3);
    const before = api.calls.length;
    // (Leading and trailing spaces are not tried: HTTP strips them from header values before anyone reads them.)
    for (const header of [`v0=${digest}0`, `v0=${digest.slice(1)}`, `v1=${digest}`, `V0=${digest}`, `v0==${digest}`, `v0=${digest},v0=${digest}`, '']) {
      expect([header, await post(raw, { ...signed, 'x-slack-signature': header })]).toEqual([header, 401]);
    }
    await app.slack!.bot.idle();
    expect(api.calls.slice(before)).toEqual([]);
  });
});
