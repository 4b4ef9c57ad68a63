import { CONFIRM_CALLBACK_ID, renderConfirmModal } from '../../../src/cards/blockkit';
import type { InputView } from '../../../src/cards/view-models';
import { confirmRequestView, isolationTypeInput, reasonInput } from '../request-fixtures';
import { allObjects, buttons, type Json, messageTexts, modalProblems, mrkdwnTexts, strayAngles } from './slack-limits';

/** The confirmation modal opened with views.open when a responder clicks the confirm button. */

function inputsOf(modal: unknown): Json[] {
  return (modal as { blocks: Json[] }).blocks.filter((b) => b.type === 'input');
}

describe('confirmation modal', () => {
  it('has the modal shape Slack expects and the adapter reads', () => {
    const modal = renderConfirmModal(confirmRequestView(), 'rq_1.sig');
    expect(modalProblems(modal)).toEqual([]);
    expect(modal).toMatchObject({
      type: 'modal',
      callback_id: CONFIRM_CALLBACK_ID,
      title: { type: 'plain_text', text: 'Confirm action (demo)' },
      submit: { type: 'plain_text', text: 'Confirm' },
      close: { type: 'plain_text', text: 'Cancel' },
      notify_on_close: true,
      private_metadata: 'rq_1.sig',
    });
    expect(CONFIRM_CALLBACK_ID).toBe('dc_confirm');
    expect(renderConfirmModal(confirmRequestView({ demo: false }), '').title.text).toBe('Confirm action');
    // Buttons live on the message; the modal has only its submit and close.
    expect(buttons(modal.blocks)).toEqual([]);
  });

  it('shows the title, the warnings before the facts, the facts as fields', () => {
    const modal = renderConfirmModal(confirmRequestView(), 'm');
    expect(modal.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🔴 Isolate ws-fin-017.contoso.local?' } });
    const texts = messageTexts(modal.blocks).join('\n');
    const warning = texts.indexOf('⚠️ *ws-fin-017 is tagged Finance-Critical');
    expect(warning).toBeGreaterThan(-1);
    expect(warning).toBeLessThan(texts.indexOf('Risk: High'));
    expect(texts).toContain('Pending actions: Antivirus scan (since 07:31 UTC)');
  });

  it('one input block per input: ids, multiline reason, max length, required, initial values', () => {
    const modal = renderConfirmModal(
      confirmRequestView({
        inputs: [
          isolationTypeInput(),
          reasonInput({ value: '  INC-1042: beaconing  ' }),
          { id: 'expiryDays', label: 'Expires after (days)', kind: 'text', required: false, maxLength: 3 },
        ],
      }),
      'm',
    );
    const [choice, reason, expiry] = inputsOf(modal);
    expect(choice).toEqual({
      type: 'input',
      block_id: 'isolationType',
      label: { type: 'plain_text', text: 'Isolation type' },
      optional: false,
      element: {
        type: 'static_select',
        action_id: 'isolationType',
        placeholder: { type: 'plain_text', text: 'Choose one' },
        options: [
          { text: { type: 'plain_text', text: 'Full: cut every connection except to Defender' }, value: 'Full' },
          { text: { type: 'plain_text', text: 'Selective: keep Outlook, Teams and Skype working' }, value: 'Selective' },
        ],
        initial_option: { text: { type: 'plain_text', text: 'Full: cut every connection except to Defender' }, value: 'Full' },
      },
    });
    expect(reason).toMatchObject({
      block_id: 'reason',
      optional: false,
      element: { type: 'plain_text_input', action_id: 'reason', multiline: true, max_length: 500, initial_value: 'INC-1042: beaconing' },
    });
    expect((reason?.element as Json).placeholder).toEqual({ type: 'plain_text', text: 'Ticket number and why, e.g. INC-1042: beaconing to a Tor exit node' });
    expect(expiry).toMatchObject({ block_id: 'expiryDays', optional: true, element: { type: 'plain_text_input', multiline: false, max_length: 3 } });
    expect((expiry?.element as Json).initial_value).toBeUndefined();
  });

  it('no initial option for a value that is not a choice; no input for a choice without valid options', () => {
    const modal = renderConfirmModal(
      confirmRequestView({
        inputs: [
          isolationTypeInput({ value: 'Everything' }),
          { id: 'scanType', label: 'Scan type', kind: 'choice', required: true, choices: [{ title: 'bad', value: 'a,b' }] },
        ],
      }),
      'm',
    );
    const inputs = inputsOf(modal);
    expect(inputs).toHaveLength(1);
    expect((inputs[0]?.element as Json).initial_option).toBeUndefined();
  });

  it('hostile inputs: unknown and repeated ids left out, texts clipped, limits kept', () => {
    const huge = '<!channel>'.repeat(10_000);
    const inputs = [
      { id: 'requestId', label: 'x', kind: 'text', required: true } as unknown as InputView,
      reasonInput({ label: huge, placeholder: huge, value: huge, maxLength: 1_000_000 }),
      reasonInput({ label: 'second reason' }),
      isolationTypeInput({
        label: '',
        choices: Array.from({ length: 150 }, (_, i) => ({ title: `${huge}${i}`, value: `v${i}` })).concat([{ title: 'dup', value: 'v0' }]),
        value: 'v3',
      }),
    ];
    const modal = renderConfirmModal(
      confirmRequestView({
        title: huge,
        facts: Array.from({ length: 100 }, () => ({ title: huge, value: huge })),
        warnings: Array.from({ length: 50 }, () => huge),
        inputs,
      }),
      'x'.repeat(3000),
    );
    expect(modalProblems(modal)).toEqual([]);
    const blocks = inputsOf(modal);
    expect(blocks.map((b) => b.block_id)).toEqual(['reason', 'isolationType']);
    const reason = blocks[0]?.element as Json;
    expect(reason.max_length).toBe(2000);
    expect(String(reason.initial_value)).toHaveLength(2000);
    const choice = blocks[1] as Json;
    expect(choice.label).toEqual({ type: 'plain_text', text: 'Isolation type' });
    expect(((choice.element as Json).options as unknown[]).length).toBe(100);
    expect((choice.element as Json).initial_option).toMatchObject({ value: 'v3' });
    for (const text of mrkdwnTexts(modal.blocks)) expect(strayAngles(text)).toBe(false);
    expect(allObjects(modal.blocks).filter((o) => o.type === 'section').length).toBeLessThan(10);
  });

  it('private_metadata over 3,000 characters is refused with a clear error', () => {
    expect(() => renderConfirmModal(confirmRequestView(), 'x'.repeat(3001))).toThrow(/private_metadata.*at most 3000.*3001/);
    expect(() => renderConfirmModal(confirmRequestView(), 42 as unknown as string)).toThrow(/private_metadata/);
  });
});
