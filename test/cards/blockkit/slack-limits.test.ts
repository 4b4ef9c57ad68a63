import { messageProblems, modalProblems } from './slack-limits';

/** The checker the other tests rely on finds what it should: each broken message yields a problem. */
describe('slack limits checker', () => {
  const ids = new Set(['rq_1.sig']);
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } });
  const button = (extra: Record<string, unknown> = {}) => ({
    type: 'button',
    action_id: 'dc:refresh:1',
    text: { type: 'plain_text', text: 'Refresh' },
    value: 'rq_1.sig',
    ...extra,
  });
  const ok = { text: 'fine', blocks: [section('hello'), { type: 'actions', elements: [button()] }] };

  it('accepts a well-formed message', () => {
    expect(messageProblems(ok, ids)).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['51 blocks', { text: 'x', blocks: Array.from({ length: 51 }, () => section('a')) }, /51 blocks/],
    ['too big', { text: 'x', blocks: Array.from({ length: 5 }, () => section('a'.repeat(2990))) }, /characters of JSON/],
    ['section text', { text: 'x', blocks: [section('a'.repeat(3001))] }, /3001 > 3000/],
    ['empty text', { text: 'x', blocks: [section('  ')] }, /empty text/],
    ['no verbatim', { text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a' } }] }, /verbatim/],
    ['11 fields', { text: 'x', blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'plain_text', text: 'a' })) }] }, /11 fields/],
    ['header mrkdwn', { text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'a', verbatim: true } }] }, /plain_text required/],
    ['foreign value', { text: 'x', blocks: [{ type: 'actions', elements: [button({ value: '{"deviceId":"x"}' })] }] }, /not one of the view's request ids/],
    ['duplicate action id', { text: 'x', blocks: [{ type: 'actions', elements: [button(), button()] }] }, /duplicate action_id/],
    ['bad action id', { text: 'x', blocks: [{ type: 'actions', elements: [button({ action_id: 'approve' })] }] }, /dc:<verb>:<n>/],
    ['url button', { text: 'x', blocks: [{ type: 'actions', elements: [button({ url: 'https://evil.example' })] }] }, /unexpected key url/],
    ['unknown block', { text: 'x', blocks: [{ type: 'markdown', text: 'a' }] }, /unknown block type/],
    [
      'input in a message',
      {
        text: 'x',
        blocks: [{ type: 'input', block_id: 'comment', label: { type: 'plain_text', text: 'a' }, element: { type: 'plain_text_input', action_id: 'reason' } }],
      },
      /input block in a message/,
    ],
    ['mention in text', { text: '<!channel> alert', blocks: [section('a')] }, /unescaped/],
    ['long fallback', { text: 'a'.repeat(3001), blocks: [section('a')] }, /3001 characters/],
  ])('finds %s', (_name, message, problem) => {
    expect(messageProblems(message, ids).join('\n')).toMatch(problem);
  });

  it('finds modal problems', () => {
    const modal = {
      type: 'modal',
      callback_id: 'dc_confirm',
      title: { type: 'plain_text', text: 'A title that is longer than 24' },
      private_metadata: 'x'.repeat(3001),
      blocks: [
        {
          type: 'input',
          block_id: 'isolationType',
          label: { type: 'plain_text', text: 'Type' },
          element: {
            type: 'static_select',
            action_id: 'isolationType',
            options: [{ text: { type: 'plain_text', text: 'Full' }, value: 'Full' }],
            initial_option: { text: { type: 'plain_text', text: 'Full' }, value: 'Selective' },
          },
        },
      ],
    };
    const problems = modalProblems(modal).join('\n');
    expect(problems).toMatch(/title: text of 30 > 24/);
    expect(problems).toMatch(/private_metadata/);
    expect(problems).toMatch(/initial_option is not one of the options/);
    expect(problems).toMatch(/input blocks without submit/);
  });
});
