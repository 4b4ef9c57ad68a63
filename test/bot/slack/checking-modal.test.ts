import { WebClient } from '@slack/web-api';
import { CheckingModals, clickedSubject, type ModalFilling } from '../../../src/bot/slack/checking-modal';
import type { MessageView, RequestView } from '../../../src/cards/view-models';
import { MemorySeenSet } from '../../../src/shared-state/seen-set';
import { FakeSlackApi } from '../../helpers/fake-slack-api';

/*
 * The checking modal's life, against the local Slack Web API: opened, then filled (views.update with the hash), or
 * closed first; whichever comes first claims it, and a request prepared for a closed modal is abandoned once.
 */

const confirmView: RequestView = {
  kind: 'request',
  demo: false,
  stage: 'confirm',
  title: 'Isolate device ws-042.contoso.com?',
  tone: 'attention',
  facts: [{ title: 'Device', value: 'ws-042.contoso.com' }],
  warnings: [],
  inputs: [{ id: 'reason', label: 'Reason', kind: 'text', required: true }],
  buttons: [
    { title: 'Confirm', verb: 'confirm', requestId: 'r:req1.sigconfirm' },
    { title: 'Cancel', verb: 'abandon', requestId: 'r:req1.sigabandon' },
  ],
  timeline: [],
  links: [],
};
const refusal: MessageView = { kind: 'message', demo: false, tone: 'warning', title: 'Not allowed', text: 'Isolate device needs the responder role.' };

describe('CheckingModals', () => {
  const api = new FakeSlackApi();
  let modals: CheckingModals;
  let abandoned: string[];
  let fallbacks: number;
  const logs: string[] = [];
  const filling: ModalFilling = {
    confirmMeta: (view) => JSON.stringify({ c: 'C0SOC', r: view.buttons[0]!.requestId }),
    abandon: async (token) => abandoned.push(token),
    fallback: async () => void fallbacks++,
  };

  beforeAll(async () => {
    await api.start();
    modals = new CheckingModals(new WebClient('xoxb-test-token', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } }), new MemorySeenSet(), (m) =>
      logs.push(m),
    );
  });
  beforeEach(() => {
    abandoned = [];
    fallbacks = 0;
  });
  afterAll(() => api.close());

  const updates = (from: number) => api.calls.slice(from).filter((c) => c.method === 'views.update');

  it('opens the checking modal on the trigger id and fills it with the confirmation, naming the hash', async () => {
    const from = api.calls.length;
    const opened = await modals.open('1.trigger', { action: 'isolate', subject: 'ws-042.contoso.com' });
    expect(opened).toEqual({ id: expect.stringMatching(/^V/), hash: `${opened!.id}.hash.1` });
    const open = api.calls[from]!;
    expect(open.body.trigger_id).toBe('1.trigger');
    expect((open.body.view as { callback_id: string }).callback_id).toBe('dc_checking');
    await modals.fill(opened!, confirmView, filling);
    const [update] = updates(from);
    expect(update!.body).toMatchObject({ view_id: opened!.id, hash: opened!.hash });
    expect((update!.body.view as { callback_id: string; private_metadata: string }).callback_id).toBe('dc_confirm');
    expect(abandoned).toEqual([]);
    expect(fallbacks).toBe(0);
  });

  it('a refusal fills the modal with a Close button, nothing else', async () => {
    const from = api.calls.length;
    const opened = (await modals.open('2.trigger', { action: 'isolate' }))!;
    await modals.fill(opened, refusal, filling);
    const view = updates(from)[0]!.body.view as { callback_id: string; close: { text: string }; submit?: unknown; title: { text: string } };
    expect(view.callback_id).toBe('dc_refusal');
    expect(view.close.text).toBe('Close');
    expect(view.submit).toBeUndefined();
    expect(fallbacks).toBe(0);
  });

  it('closed before the checks end: not filled, the prepared request abandoned once', async () => {
    const from = api.calls.length;
    const opened = (await modals.open('3.trigger', { action: 'isolate' }))!;
    await modals.closed(opened.id);
    await modals.fill(opened, confirmView, filling);
    expect(updates(from)).toEqual([]);
    expect(abandoned).toEqual(['r:req1.sigabandon']);
    // A refusal for a closed modal has nothing to abandon.
    const other = (await modals.open('4.trigger', { action: 'isolate' }))!;
    await modals.closed(other.id);
    await modals.fill(other, refusal, filling);
    expect(abandoned).toEqual(['r:req1.sigabandon']);
  });

  it('closed while views.update was on its way (Slack: not_found): abandoned once, no fallback', async () => {
    const opened = (await modals.open('5.trigger', { action: 'isolate' }))!;
    api.views.delete(opened.id);
    await modals.fill(opened, confirmView, filling);
    // Slack's view_closed for the checking modal arrives after: nothing more happens.
    await modals.closed(opened.id);
    expect(abandoned).toEqual(['r:req1.sigabandon']);
    expect(fallbacks).toBe(0);
  });

  it('filled, yet Slack then reports the checking modal closed (the update reached a closed modal): abandoned once', async () => {
    const opened = (await modals.open('6.trigger', { action: 'isolate' }))!;
    await modals.fill(opened, confirmView, filling);
    await modals.closed(opened.id);
    await modals.closed(opened.id);
    expect(abandoned).toEqual(['r:req1.sigabandon']);
  });

  it('any other views.update failure shows the answer in the conversation instead', async () => {
    const opened = (await modals.open('7.trigger', { action: 'isolate' }))!;
    api.views.set(opened.id, 'someone-else.hash');
    await modals.fill(opened, confirmView, filling);
    expect(fallbacks).toBe(1);
    expect(abandoned).toEqual([]);
    expect(logs.some((l) => /views\.update failed: hash_conflict/.test(l))).toBe(true);
  });

  it("views.open refused (an expired trigger): undefined, logged with Slack's error", async () => {
    api.answer('views.open', { ok: false, error: 'expired_trigger_id' });
    try {
      expect(await modals.open('8.trigger', { action: 'isolate' })).toBeUndefined();
      expect(logs.some((l) => /views\.open failed: expired_trigger_id/.test(l))).toBe(true);
      api.answer('views.open', { ok: true, view: {} });
      expect(await modals.open('9.trigger', { action: 'isolate' })).toBeUndefined();
    } finally {
      api.answer('views.open', (body) => {
        const id = `VX${api.views.size}`;
        api.views.set(id, `${id}.hash.1`);
        return { ok: true, view: { id, hash: `${id}.hash.1`, callback_id: (body.view as { callback_id?: string }).callback_id } };
      });
    }
  });

  it('an answer that is neither a confirmation nor a refusal: the modal says where it went, the answer goes to the conversation', async () => {
    const from = api.calls.length;
    const opened = (await modals.open('10.trigger', { action: 'isolate' }))!;
    await modals.fill(opened, { ...confirmView, stage: 'status', buttons: [] }, filling);
    expect(JSON.stringify(updates(from)[0]!.body.view)).toMatch(/Answered in the conversation/);
    expect(fallbacks).toBe(1);
  });
});

describe('clickedSubject', () => {
  const section = (text: string, accessory?: unknown) => ({ type: 'section', text: { type: 'mrkdwn', text }, ...(accessory ? { accessory } : {}) });
  const button = (id: string) => ({ type: 'button', action_id: id, value: 'x', text: { type: 'plain_text', text: 'Isolate' } });

  it('the bold title of the item the button sits beside, or above the actions block it is in', () => {
    const blocks = [
      section('🔴 *ws-042.contoso.com*\nnot isolated · risk High', button('dc:isolate:1')),
      section('🟠 *evil &amp; co.exe*\n…'),
      { type: 'actions', elements: [button('dc:quarantine:2'), button('dc:quarantine:3')] },
    ];
    expect(clickedSubject({ blocks }, 'dc:isolate:1')).toBe('ws-042.contoso.com');
    expect(clickedSubject({ blocks }, 'dc:quarantine:3')).toBe('evil & co.exe');
  });

  it('nothing for buttons not in the message, and for hostile or odd shapes', () => {
    const blocks = [section('no bold here', button('dc:isolate:1')), { type: 'actions', elements: 'nope' }, null, 42, section('*x*', { action_id: 7 })];
    expect(clickedSubject({ blocks }, 'dc:isolate:1')).toBeUndefined();
    expect(clickedSubject({ blocks }, 'dc:isolate:9')).toBeUndefined();
    for (const message of [undefined, null, 'text', { blocks: 'x' }, { blocks: [] }]) expect(clickedSubject(message, 'dc:isolate:1')).toBeUndefined();
    expect(clickedSubject({ blocks }, 42)).toBeUndefined();
    // Only the first line, a bounded bold, in the first 100 blocks.
    expect(clickedSubject({ blocks: [section(`*${'a'.repeat(400)}*`, button('b'))] }, 'b')).toBeUndefined();
    const far = [...Array.from({ length: 150 }, () => section('*filler*')), section('*late*', button('late'))];
    expect(clickedSubject({ blocks: far }, 'late')).toBeUndefined();
  });
});
