import { figure } from './support/figures';
import { requestFacts } from './support/flows';
import { button, USERS } from './support/teams';
import { requestIdOf, World } from './support/world';

/*
 * A response action typed as a command ("@Defender isolate ws-042 because ...") in a channel must reach the channel's
 * approvers and keep its card up to date, like one started from a lookup card's button.
 *
 * It guards a defect this suite found: the Teams adapter stored typed requests without a conversationRef, so
 * notifier.post() failed (silently) and neither the approval card nor any status update reached the channel.
 */

const CHANNEL = '19:soc@thread.tacv2';
const mention = { entities: [{ type: 'mention', text: '<at>Defender</at>', mentioned: { id: '28:defender-bot', name: 'Defender' } }] };

it('typed in a channel: the request card is posted to the channel, moves to approval there, and the final status replaces it', async () => {
  const w = await World.start();
  try {
    const channel = { conversationId: CHANNEL, conversationType: 'channel' as const };
    const typed = await w.say('<at>Defender</at> isolate ws-042 because C2 beacon seen in the channel', { ...channel, extra: mention });
    // Everyone in the channel sees the request; Alex's client fetches the form (with the typed reason) through its refresh.
    expect(typed.finalText).toMatch(/Isolate device ws-042\.contoso\.com\? Waiting for Alex Analyst to confirm/);
    const form = await w.shown(typed.final!, { user: USERS.alex, ...channel });
    expect(form.text).toContain('C2 beacon seen in the channel');
    const confirm = button(form.card, 'confirm');
    const confirmed = await w.click('confirm', { ...confirm.data, reason: 'C2 beacon seen in the channel' }, { user: USERS.alex, ...channel });
    expect(confirmed.kind).toBe('card');
    const request = await w.app.store.requests.get(requestIdOf(confirm.data.requestId));
    figure('actions: typed command', 'conversationRef stored with the request', request?.conversationRef ? 'yes' : 'no');
    // The approvers in the channel see the request on the same message, now asking for approval, and are mentioned.
    const updates = w.connector.messages().filter((m) => m.method === 'PUT' && /Approval needed/.test(JSON.stringify(m.card ?? {})));
    expect(updates).toHaveLength(1);
    expect(w.connector.messages().some((m) => m.method === 'POST' && /"type":"mention"/.test(JSON.stringify(m.card ?? {})))).toBe(true);

    const approved = await w.click('approve', button(confirmed.card, 'approve').data, { user: USERS.sam, ...channel });
    expect(requestFacts(approved.card).State).toMatch(/Pending in Defender|In progress|Succeeded/);
    await w.waitForState(request!.id, ['succeeded']);
    await w.app.tracker.idle();
    expect(w.connector.messages().some((m) => m.method === 'PUT' && requestFacts(m.card).State === 'Succeeded')).toBe(true);
  } finally {
    await w.close();
  }
});
