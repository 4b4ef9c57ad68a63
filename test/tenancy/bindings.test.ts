import { blocksText, FakeSlackApi, postToSlackEndpoint } from '../helpers/fake-slack-api';
import { appMentionEvent } from '../helpers/slack-payloads';
import { CHANNEL, DOMAIN, MsspBot, OTHER_ORG, readsOf, SHARED_IP, SLACK_FABRIKAM_CHANNEL, SLACK_TEAM, type Card } from './mssp-bot';

/* Which tenants a conversation speaks for, through the real Teams and Slack adapters. */

jest.setTimeout(120_000);

const SECRET = 'slack-signing-secret-for-tenancy-tests-0123';
const ANALYST = { id: 'UANALYST', username: 'ana.analyst', team_id: SLACK_TEAM };

function lookupCards(cards: Card[]): Card[] {
  return cards.filter((c) => /Highest severity/.test(c.text));
}

describe('bindings', () => {
  const bot = new MsspBot();
  const slack = new FakeSlackApi();

  beforeAll(async () => {
    await slack.start();
    slack.team.id = SLACK_TEAM;
    await bot.start({ env: { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl } });
  });
  afterAll(async () => {
    await bot.close();
    await slack.close();
  });

  it('a conversation no binding names, or bound to no tenant, gets a clear answer and reads nothing', async () => {
    for (const where of [{ org: OTHER_ORG }, { channel: CHANNEL.none }]) {
      const from = bot.emulator.calls.length;
      const cards = await bot.say(where, `lookup ${SHARED_IP}`);
      expect(cards.map((c) => c.text).join('\n')).toMatch(/This conversation is not bound to a Defender tenant/);
      expect(cards.map((c) => c.text).join('\n')).not.toContain(DOMAIN.contoso);
      expect(readsOf(bot.emulator, 'contoso', from) + readsOf(bot.emulator, 'fabrikam', from)).toBe(0);
    }
  });

  it('the most specific binding wins: a channel’s over its team’s over its organisation’s', async () => {
    const channel = lookupCards(await bot.say({ channel: CHANNEL.contoso }, `lookup ${SHARED_IP}`));
    expect(channel.map((c) => c.firstLine)).toEqual(['Tenant: contoso']);
    const team = lookupCards(await bot.say({ channel: CHANNEL.teamOnly }, `lookup ${SHARED_IP}`));
    expect(team.map((c) => c.firstLine)).toEqual(['Tenant: fabrikam']);
    expect(team[0]!.text).not.toContain(DOMAIN.contoso);
    const org = lookupCards(await bot.say({ chat: 'a:personal-soc' }, `lookup ${SHARED_IP}`));
    expect(org.map((c) => c.firstLine).sort()).toEqual(['Tenant: contoso', 'Tenant: fabrikam']);
  });

  it('“<tenant>: command” picks a bound tenant, and is refused for a tenant not bound here', async () => {
    const from = bot.emulator.calls.length;
    const refused = await bot.say({ channel: CHANNEL.fabrikam }, `contoso: lookup ${SHARED_IP}`);
    expect(refused.map((c) => c.text).join('\n')).toMatch(/Not bound to contoso[\s\S]*speaks for fabrikam/);
    expect(readsOf(bot.emulator, 'contoso', from)).toBe(0);
    const picked = lookupCards(await bot.say({ channel: CHANNEL.both }, `FABRIKAM: lookup ${SHARED_IP}`));
    expect(picked.map((c) => c.firstLine)).toEqual(['Tenant: fabrikam']);
  });

  it('in a conversation of several tenants, anything but a lookup or sweep asks “Which tenant?”', async () => {
    const from = bot.emulator.calls.length;
    for (const text of ['device ws-042', 'isolate ws-042 selective because beacon', 'hunt DeviceNetworkEvents | take 1', 'subscribe']) {
      const cards = await bot.say({ channel: CHANNEL.both }, text);
      expect(cards.map((c) => c.text).join('\n')).toMatch(/Which tenant\?[\s\S]*speaks for contoso and fabrikam/);
    }
    expect(readsOf(bot.emulator, 'contoso', from) + readsOf(bot.emulator, 'fabrikam', from)).toBe(0);
  });

  it('Slack: a workspace’s channel bound to fabrikam answers for fabrikam, its first block naming it', async () => {
    const before = slack.calls.length;
    const res = await postToSlackEndpoint(bot.app.teams.url, SECRET, {
      json: appMentionEvent(ANALYST, `lookup ${SHARED_IP}`, { channel: SLACK_FABRIKAM_CHANNEL }),
    });
    expect(res.status).toBe(200);
    await bot.app.slack!.bot.idle();
    const messages = slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
    const answer = messages
      .map((m) => m.body)
      .filter((b) => /Highest severity/.test(blocksText(b)))
      .pop()!;
    expect(answer).toBeDefined();
    expect((answer.blocks as { type: string; elements?: { text: string }[] }[])[0]).toEqual({
      type: 'context',
      elements: [{ type: 'plain_text', text: 'Tenant: fabrikam' }],
    });
    expect(answer.text).toMatch(/^\[fabrikam\] /);
    expect(blocksText(answer)).toContain(DOMAIN.fabrikam);
    expect(blocksText(answer)).not.toContain(DOMAIN.contoso);
  });
});
