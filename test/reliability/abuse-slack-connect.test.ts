import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config/load';
import { blockButtons, blocksText, FakeSlackApi, interaction, postToSlackEndpoint } from '../helpers/fake-slack-api';
import { appMentionEvent, blockActionsPayload, slackConnectMentionEvent, slashCommandForm, type SlackUser } from '../helpers/slack-payloads';
import { figure } from './support/figures';

/*
 * Issue 13 (High): in a Slack Connect channel the envelope of every event names the installing organisation
 * (team_id, enterprise_id, authorizations, context_team_id), whoever wrote the message. The bot used to take the
 * sender's org from there, so a correctly signed app_mention from an outside workspace, carrying the installing
 * org's enterprise_id, was answered with a full lookup card. The sender's own fields decide now.
 *
 * The bot here is installed in workspace T0DEMO of the Enterprise Grid org E0GRID (auth.test), and allows both.
 */

const SECRET = 'slack-signing-secret-for-slack-connect-abuse-0123456789';
const INSTALLATION = { team_id: 'T0DEMO', enterprise_id: 'E0GRID' };
const HOME: SlackUser = { id: 'URESP', username: 'rory.responder', team_id: 'T0DEMO', enterprise_id: 'E0GRID' };
const OUTSIDER = { id: 'UGUEST01', team_id: 'T0OUTSIDE' };

let app: App;
const api = new FakeSlackApi();

beforeAll(async () => {
  await api.start();
  api.team = { id: 'T0DEMO', enterprise: 'E0GRID' };
  app = await startApp(
    loadConfig({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'abuse-slack-connect-')),
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api.apiUrl,
      ROLE_RESPONDERS: `slack:${HOME.id},slack:${OUTSIDER.id}`,
      ACTIONS_REQUIRING_APPROVAL: '',
    }),
    { port: 0 },
  );
});
afterAll(async () => {
  await app?.close();
  await api.close();
});

async function send(kind: { json: unknown } | { form: Record<string, string> }) {
  const res = await postToSlackEndpoint(app.teams.url, SECRET, kind);
  await app.slack!.bot.idle();
  return res;
}

async function refusals(): Promise<number> {
  const metrics = await (await fetch(`${app.teams.url}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith('defender_chatops_refusals_total{reason="team"}'));
  return Number(line?.split(' ').pop() ?? NaN);
}

describe('Slack Connect: the sender decides, not the installing organisation', () => {
  it("reproduction: a correctly signed app_mention with the installing org's enterprise_id and user_team of an outside workspace posts nothing", async () => {
    const defenderCalls = app.defender.emulator!.calls.length;
    const counted = await refusals();
    const before = api.calls.length;
    const body = slackConnectMentionEvent(INSTALLATION, OUTSIDER, 'lookup 198.51.100.77');
    expect(body).toMatchObject({
      team_id: 'T0DEMO',
      enterprise_id: 'E0GRID',
      authorizations: [{ team_id: 'T0DEMO', enterprise_id: 'E0GRID' }],
      event: { user: OUTSIDER.id, user_team: 'T0OUTSIDE' },
    });
    const res = await send({ json: body });
    expect(res.status).toBe(200);
    expect(api.calls.slice(before)).toEqual([]);
    expect(app.defender.emulator!.calls.length).toBe(defenderCalls);
    expect(await refusals()).toBe(counted + 1);
    figure('abuse: slack connect', 'outside-workspace mention answered', 0, 'messages');
  });

  it("the same mention without user_team (only the installation's ids left) is refused: the sender's workspace cannot be known", async () => {
    const before = api.calls.length;
    const res = await send({ json: slackConnectMentionEvent(INSTALLATION, OUTSIDER, 'lookup 198.51.100.77', { withoutUserTeam: true }) });
    expect(res.status).toBe(200);
    expect(api.calls.slice(before)).toEqual([]);
  });

  it('a click and a slash command from the outside workspace are refused too, even with the installing org in the payload', async () => {
    const before = api.calls.length;
    const click = blockActionsPayload(
      api,
      { id: OUTSIDER.id, username: 'guest', team_id: OUTSIDER.team_id },
      { blocks: [] },
      { actionId: 'dc:isolate:1', value: 'AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA' },
    );
    await send(
      interaction({ ...click, team: { id: 'T0DEMO', domain: 'contoso', enterprise_id: 'E0GRID' }, enterprise: { id: 'E0GRID', name: 'Contoso Grid' } }),
    );
    const command = await send({ form: slashCommandForm(api, { id: OUTSIDER.id, username: 'guest', team_id: OUTSIDER.team_id }, 'lookup 198.51.100.77') });
    expect(command.text).toMatch(/not available to your workspace/);
    expect(api.calls.slice(before)).toEqual([]);
  });

  it('not vacuous: a home user in the same Slack Connect channel is answered, and so is an ordinary mention', async () => {
    let before = api.calls.length;
    await send({ json: slackConnectMentionEvent(INSTALLATION, { id: HOME.id, team_id: 'T0DEMO' }, 'lookup 198.51.100.77') });
    const answers = api.calls.slice(before).filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
    expect(answers.length).toBeGreaterThan(0);
    expect(blocksText(answers[answers.length - 1]!.body)).toContain('198.51.100.77');
    before = api.calls.length;
    await send({ json: appMentionEvent(HOME, 'device ws-042') });
    expect(api.calls.slice(before).some((c) => blockButtons(c.body).some((b) => b.verb === 'isolate'))).toBe(true);
  });
});
