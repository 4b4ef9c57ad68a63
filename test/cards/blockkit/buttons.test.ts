import { verbOfActionId } from '../../../src/cards/blockkit';
import { ActionIds, actionsBlocks, buttonElement } from '../../../src/cards/blockkit/buttons';
import type { ButtonView } from '../../../src/cards/view-models';

describe('buttons', () => {
  const view = (verb: ButtonView['verb'], extra: Partial<ButtonView> = {}): ButtonView => ({ title: 'Do it', verb, requestId: 'rq_1.sig', ...extra });

  it('action_id is dc:<verb>:<n>, unique in a message; value is the request id and nothing else', () => {
    const ids = new ActionIds();
    expect(buttonElement(view('isolate'), ids)).toEqual({
      type: 'button',
      action_id: 'dc:isolate:1',
      text: { type: 'plain_text', text: 'Do it' },
      value: 'rq_1.sig',
    });
    expect(buttonElement(view('isolate'), ids)?.action_id).toBe('dc:isolate:2');
  });

  it.each<[ButtonView['verb'], boolean, string | undefined]>([
    ['confirm', true, 'primary'],
    ['approve', true, 'primary'],
    ['reject', false, 'danger'],
    ['abandon', false, 'danger'],
    ['cancelAction', false, 'danger'],
    ['status', false, undefined],
    ['refresh', false, undefined],
    ['isolate', false, undefined],
  ])('%s (primary %s) has style %s', (verb, primary, style) => {
    expect(buttonElement(view(verb, { primary }), new ActionIds())?.style).toBe(style);
  });

  it('clips the text to 75 characters and names an empty one after its verb', () => {
    expect(buttonElement(view('isolate', { title: 'x'.repeat(500) }), new ActionIds())?.text.text).toHaveLength(75);
    expect(buttonElement(view('showMore', { title: ' \n ' }), new ActionIds())?.text.text).toBe('Show more');
  });

  it('leaves out a button Slack cannot carry: value over 2,000, empty, unknown verb', () => {
    const ids = new ActionIds();
    expect(buttonElement(view('isolate', { requestId: 'a'.repeat(2000) }), ids)?.value).toHaveLength(2000);
    expect(buttonElement(view('isolate', { requestId: 'a'.repeat(2001) }), ids)).toBeUndefined();
    expect(buttonElement(view('isolate', { requestId: '' }), ids)).toBeUndefined();
    expect(buttonElement(view('wipe' as ButtonView['verb']), ids)).toBeUndefined();
  });

  it('puts primary buttons first and makes no empty actions block', () => {
    const block = actionsBlocks([view('abandon', { title: 'Cancel' }), view('confirm', { title: 'Isolate', primary: true })], new ActionIds());
    expect(block).toHaveLength(1);
    expect(block[0]?.elements.map((e) => (e.type === 'button' ? e.text.text : ''))).toEqual(['Isolate', 'Cancel']);
    expect(actionsBlocks([undefined, view('isolate', { requestId: '' })], new ActionIds())).toEqual([]);
  });
});

describe('verbOfActionId', () => {
  it.each<[unknown, string | undefined]>([
    ['dc:isolate:3', 'isolate'],
    ['dc:cancelAction:12', 'cancelAction'],
    ['dc:wipe:1', undefined],
    ['isolate', undefined],
    ['dc:isolate:', undefined],
    ['dc:isolate:1:extra', undefined],
    [42, undefined],
  ])('%s -> %s', (actionId, verb) => {
    expect(verbOfActionId(actionId)).toBe(verb);
  });
});
