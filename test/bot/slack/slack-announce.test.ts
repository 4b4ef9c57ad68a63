import { WebClient } from '@slack/web-api';
import { slackRef } from '../../../src/bot/slack/slack-conversation-ref';
import { slackMentions, SlackRequestNotifier } from '../../../src/bot/slack/slack-replier';
import type { Mention } from '../../../src/core/mention';
import type { ActionRequest } from '../../../src/store/types';
import { FakeSlackApi } from '../../helpers/fake-slack-api';

/*
 * SlackRequestNotifier.announce: the approvers are mentioned (<@U...>, <!subteam^S...>) so Slack notifies them; the
 * text around the mentions comes from the request (device names, reasons) and must not mention or link anyone itself.
 */

function request(conversationRef: string | undefined): ActionRequest {
  const now = new Date().toISOString();
  return {
    id: 'req1',
    action: 'isolate',
    params: { deviceName: 'ws-042.contoso.com' },
    target: 'ws-042.contoso.com',
    state: 'awaitingApproval',
    requester: { platform: 'slack', userId: 'URESP', displayName: 'rory', tenantId: 'T0DEMO' },
    approvalsRequired: 1,
    platform: 'slack',
    conversationId: 'slack:C0SOC',
    conversationRef,
    createdAt: now,
    updatedAt: now,
    expiresAt: now,
    version: 1,
  };
}

describe('SlackRequestNotifier.announce', () => {
  const api = new FakeSlackApi();
  let notifier: SlackRequestNotifier;

  beforeAll(async () => {
    await api.start();
    notifier = new SlackRequestNotifier(new WebClient('xoxb-test-token', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } }));
  });
  afterAll(() => api.close());

  it("posts the mentions, then the text, in the request's thread", async () => {
    const before = api.calls.length;
    await notifier.announce(request(slackRef('C0SOC', '1700000000.000100')), 'Approval needed: isolate ws-042.contoso.com (rory)', [
      { platform: 'slack', kind: 'user', id: 'UAPPR', name: 'Ada' },
      { platform: 'slack', kind: 'group', id: 'SAPPROVERS' },
    ]);
    const [posted, ...rest] = api.calls.slice(before);
    expect(rest).toEqual([]);
    expect(posted!.method).toBe('chat.postMessage');
    expect(posted!.body).toMatchObject({ channel: 'C0SOC', thread_ts: '1700000000.000100', parse: 'none', link_names: 'false' });
    expect(posted!.body.text).toBe('<@UAPPR> <!subteam^SAPPROVERS> Approval needed: isolate ws-042.contoso.com (rory)');
  });

  it('in the channel when the request has no thread', async () => {
    const before = api.calls.length;
    await notifier.announce(request(slackRef('C0SOC')), 'Approval needed', [{ platform: 'slack', kind: 'user', id: 'W0GRIDUSER' }]);
    const posted = api.calls.slice(before)[0]!.body;
    expect(posted.thread_ts).toBeUndefined();
    expect(posted.text).toBe('<@W0GRIDUSER> Approval needed');
  });

  it('untrusted text cannot mention, broadcast or link: escaped for mrkdwn, one line', async () => {
    const before = api.calls.length;
    const hostile = 'Approve <!channel> <!here> <@U0VICTIM> <!subteam^S0ALL> <https://evil.example|Approve here> & co\n> fake quote `code`';
    await notifier.announce(request(slackRef('C0SOC')), hostile, [{ platform: 'slack', kind: 'user', id: 'UAPPR' }]);
    const text = String(api.calls.slice(before)[0]!.body.text);
    expect(text.startsWith('<@UAPPR> ')).toBe(true);
    const rest = text.slice('<@UAPPR> '.length);
    expect(rest).not.toMatch(/[<>]/);
    expect(rest).toContain('&lt;!channel&gt;');
    expect(rest).toContain('&lt;https://evil.example|Approve here&gt; &amp; co');
    expect(rest).not.toContain('\n');
    expect(rest).not.toContain('`');
  });

  it('mentions: only well-formed Slack ids, once each; Teams mentions and ids with markup are left out', () => {
    const mentions: Mention[] = [
      { platform: 'slack', kind: 'user', id: 'UAPPR' },
      { platform: 'slack', kind: 'user', id: 'UAPPR' },
      { platform: 'slack', kind: 'user', id: 'U1>|<!channel' },
      { platform: 'slack', kind: 'user', id: 'uappr' },
      { platform: 'slack', kind: 'user', id: 'SAPPROVERS' },
      { platform: 'slack', kind: 'group', id: 'S1> <!here' },
      { platform: 'slack', kind: 'group', id: 'UAPPR' },
      { platform: 'slack', kind: 'group', id: 'SAPPROVERS' },
      { platform: 'slack', kind: 'user', id: `U${'A'.repeat(200)}` },
      { platform: 'teams', kind: 'user', id: '29:1abc', name: 'Ada' },
      { platform: 'slack', kind: 'user', id: 42 as unknown as string },
    ];
    expect(slackMentions(mentions)).toEqual(['<@UAPPR>', '<!subteam^SAPPROVERS>']);
    const many: Mention[] = Array.from({ length: 80 }, (_, i) => ({ platform: 'slack', kind: 'user', id: `U${String(i).padStart(4, '0')}` }));
    expect(slackMentions(many)).toHaveLength(50);
  });

  it('nothing to say posts nothing; a request without a Slack conversation is an error, as for post()', async () => {
    const before = api.calls.length;
    await notifier.announce(request(slackRef('C0SOC')), '', [{ platform: 'teams', kind: 'user', id: '29:x', name: 'x' }]);
    expect(api.calls.slice(before)).toEqual([]);
    await expect(notifier.announce(request(undefined), 'Approval needed', [])).rejects.toThrow(/no Slack conversation/);
    await expect(notifier.announce(request('{"teams":{}}'), 'Approval needed', [])).rejects.toThrow(/no Slack conversation/);
  });
});
