import { figure } from './support/figures';
import { isolateButton } from './support/flows';
import { USERS, type TeamsUser } from './support/teams';
import { World } from './support/world';

/*
 * Teams shared channels (issue 13, High 1: "the sender's tenant, not the channel host's"). A shared channel hosted
 * by the allowed tenant has members from other organisations; the activity's conversation.tenantId and
 * channelData.tenant.id name the HOST, and the sender's own tenant comes in from.membershipSources[].tenantId
 * (Teams' shared-channel payloads, microsoft/Agents#179; msteams-docs build-apps-for-shared-private-channels.md).
 * The allow-list judges the sender: a foreign member, or one whose tenant Teams did not name, gets a refusal in words
 * and nothing else: no lookup, no card, no request.
 */

const FOREIGN_TENANT = '99999999-9999-4999-8999-999999999999';
const SHARED = { id: '19:incident-room@thread.tacv2', conversationType: 'channel' as const };
const mention = { type: 'mention', text: '<at>Defender</at>', mentioned: { id: '28:defender-bot', name: 'Defender' } };

let w: World;
beforeEach(async () => {
  w = await World.start();
});
afterEach(async () => {
  expect(w.unhandled).toEqual([]);
  await w.close();
});

const refusals: string[] = [];
afterAll(() =>
  figure('abuse: Teams shared channel', 'foreign or unknown senders refused', refusals.length, 'activities', 'nothing looked up, posted or requested'),
);

/** An activity in the shared channel (hosted by the bot's own tenant) from a member whose own tenant is `senderTenant`. */
function inSharedChannel(senderTenant: string | undefined, user: TeamsUser = USERS.alex) {
  return {
    conversationId: SHARED.id,
    conversationType: SHARED.conversationType,
    extra: {
      from: {
        ...user,
        ...(senderTenant ? { membershipSources: [{ id: SHARED.id, sourceType: 'channel', membershipType: 'direct', tenantId: senderTenant }] } : {}),
      },
      channelData: { tenant: { id: w.tenantId }, channel: { id: SHARED.id, membershipType: 'shared' } },
      entities: [mention],
    },
  };
}

it('a foreign member of a shared channel hosted by the allowed tenant is refused in words; nothing is looked up', async () => {
  const hunting = w.attempts('graph.hunting');
  const answer = await w.say('<at>Defender</at> lookup 198.51.100.77', inSharedChannel(FOREIGN_TENANT));
  expect(answer.messages.map((m) => m.text)).toEqual(['This bot is not available to your organisation.']);
  expect(answer.messages.some((m) => m.card)).toBe(false);
  expect(w.attempts('graph.hunting')).toBe(hunting);
  refusals.push(answer.finalText);
});

it('a shared-channel message whose sender tenant Teams did not name is refused, never judged by the host tenant', async () => {
  const answer = await w.say('<at>Defender</at> lookup 198.51.100.77', inSharedChannel(undefined));
  expect(answer.messages).toHaveLength(1);
  expect(answer.messages[0]!.text).toMatch(/did not tell the bot which organisation you belong to/);
  refusals.push(answer.finalText);
});

it("a foreign member's click on a valid Isolate button is refused, and no request exists afterwards", async () => {
  const isolate = await isolateButton(w);
  const click = await w.click('isolate', isolate, inSharedChannel(FOREIGN_TENANT, USERS.sam));
  // The invoke answer's status is the HTTP status too (botbuilder writes it through).
  expect(click.http.status).toBe(403);
  expect(click.http.body).toMatchObject({ statusCode: 403, value: { message: 'This bot is not available to your organisation.' } });
  expect((await w.audit()).filter((e) => e.event === 'requested')).toEqual([]);
  expect(w.botActions()).toHaveLength(0);
  refusals.push(click.text);
});

it('a member of the allowed tenant in the same shared channel is answered', async () => {
  const answer = await w.say('<at>Defender</at> lookup 198.51.100.77', inSharedChannel(w.tenantId));
  expect(answer.finalText).toContain('198.51.100.77');
  expect(answer.final).toBeDefined();
});
