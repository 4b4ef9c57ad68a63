import { readModalValues } from '../../../src/cards/blockkit';
import type { InputView } from '../../../src/cards/view-models';
import { isolationTypeInput, reasonInput } from '../request-fixtures';

/** Reading a view_submission back: only known ids, only strings, bounded, whatever the payload holds. */

const text = (value: unknown) => ({ type: 'plain_text_input', value });
const select = (value: unknown) => ({ type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'x' }, value } });

function state(values: Record<string, unknown>) {
  return { values };
}

describe('readModalValues', () => {
  const good = state({
    reason: { reason: text('  INC-1042: beaconing  ') },
    isolationType: { isolationType: select('Selective') },
  });

  it('reads the text input and the selected option by input id, trimmed', () => {
    expect(readModalValues(good)).toEqual({ reason: 'INC-1042: beaconing', isolationType: 'Selective' });
  });

  it('accepts view.state.values as well as view.state', () => {
    expect(readModalValues(good.values)).toEqual({ reason: 'INC-1042: beaconing', isolationType: 'Selective' });
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'reason=x'],
    ['an array', [good]],
    ['values as an array', { values: [good.values] }],
    ['blocks as strings', state({ reason: 'INC-1', isolationType: 'Full' })],
    ['action ids that differ from the block ids', state({ reason: { other: text('x') }, isolationType: { reason: select('Full') } })],
    ['values that are not strings', state({ reason: { reason: text(42) }, isolationType: { isolationType: select({ toString: 'Full' }) } })],
    ['no selected option', state({ isolationType: { isolationType: { type: 'static_select', selected_option: null } } })],
    ['unknown element types', state({ reason: { reason: { type: 'rich_text_input', value: 'x' } } })],
    ['blank values', state({ reason: { reason: text('   \n ') } })],
  ])('reads nothing from %s', (_name, payload) => {
    expect(readModalValues(payload)).toEqual({});
  });

  it('ignores extra blocks, prototype keys and unknown ids', () => {
    const payload = JSON.parse(
      '{"values":{"requestId":{"requestId":{"type":"plain_text_input","value":"rq_forged"}},"__proto__":{"reason":{"type":"plain_text_input","value":"p"}},"verb":{"verb":{"type":"plain_text_input","value":"approve"}},"scanType":{"scanType":{"type":"static_select","selected_option":{"value":"Quick"}}}}}',
    );
    const values = readModalValues(payload);
    expect(values).toEqual({ scanType: 'Quick' });
    expect(Object.keys(values)).toEqual(['scanType']);
    expect(({} as Record<string, unknown>).reason).toBeUndefined();
  });

  it('caps oversize values at 2,000 characters without splitting a character', () => {
    const values = readModalValues(state({ reason: { reason: text(`x${'😀'.repeat(5000)}`) }, expiryDays: { expiryDays: text('9'.repeat(100_000)) } }));
    expect(values.reason).toBe(`x${'😀'.repeat(999)}`);
    expect(values.expiryDays).toHaveLength(2000);
  });

  describe('with the inputs the modal was rendered from', () => {
    const inputs: InputView[] = [isolationTypeInput(), reasonInput({ maxLength: 20 })];

    it('reads only those ids, text to its max length, a choice only when it is one of the choices', () => {
      const payload = state({
        reason: { reason: text('INC-1042: beaconing to a Tor exit node') },
        isolationType: { isolationType: select('Selective') },
        scanType: { scanType: select('Full') },
      });
      expect(readModalValues(payload, inputs)).toEqual({ reason: 'INC-1042: beaconing', isolationType: 'Selective' });
      expect(readModalValues(state({ isolationType: { isolationType: select('Everything') } }), inputs)).toEqual({});
    });

    it('refuses an element of the wrong kind', () => {
      expect(readModalValues(state({ reason: { reason: select('x') }, isolationType: { isolationType: text('Full') } }), inputs)).toEqual({});
    });
  });
});
