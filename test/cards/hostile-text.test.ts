import { CARD_BUDGET_BYTES, renderAdaptiveCard } from '../../src/cards/adaptive';
import type { AnswerView, ItemView } from '../../src/cards/view-models';
import { activeMarkdown, cardProblems } from './card-checks';
import { allStrings, byteSize, type Json, markdownTexts, objectsOfType } from './card-walk';
import { actionsView, helpView, huntView, lookupView, requestId } from './fixtures';
import { confirmRequestView, isolationTypeInput, reasonInput } from './request-fixtures';

/*
 * Alert titles, file names, e-mail subjects and hunting values are chosen by attackers. On the card they must
 * read literally: no links, no formatting, no mentions, no template expressions, no reordered or hidden text.
 */

const HOSTILE = {
  link: '[Approve](https://evil.example/approve)',
  image: '![x](https://evil.example/pixel.png)',
  autolink: '<https://evil.example>',
  bold: '**bold** __also__ *it* _it_ ~~gone~~',
  heading: '# heading',
  list: '- item',
  ordered: '1. first',
  quote: '> quoted',
  code: '`code` ```fence```',
  html: '<b>html</b><script>alert(1)</script><img src=x onerror=alert(1)>',
  mention: '<at>Security Admins</at>',
  template: '${expr} ${$root.secret} ${json($root)}',
  root: '$root $data $index',
  entity: '&#91;entity&#93;&lpar;x&rpar; &lt;at&gt;',
  table: '| a | b |',
  rtl: 'invoice\u202Efdp.exe',
  zeroWidth: 'micro\u200Bsoft\u2060.com\uFEFF',
  emoji: 'alert 🚨 family 👨‍👩‍👧 flag 🇫🇷',
  control: 'line1\nline2\r\n# line3\ttab\u0000nul\u0007bell\u001B[31mred\u0085nel\u2028ls',
  long: `${'A'.repeat(5000)}[click](https://evil.example)${'Б'.repeat(5000)}`,
};

const hostileValues = Object.values(HOSTILE);

function hostileItem(text: string, index: number): ItemView {
  return {
    title: text,
    subtitle: text,
    tone: 'attention',
    facts: [{ title: text, value: text }],
    links: [{ title: text, url: 'https://security.microsoft.com/alerts/da1' }],
    buttons: [{ title: text, verb: 'isolate', requestId: `rq-${index}` }],
  };
}

function hostileLookup(): AnswerView {
  return lookupView({
    notice: HOSTILE.link,
    verdict: { highestSeverity: HOSTILE.bold, incidents: 1, alerts: 1, devices: 1, emails: 1, huntingRows: 1 },
    generatedAt: HOSTILE.template,
    indicators: hostileValues.map((text, index) => ({
      type: HOSTILE.heading,
      value: text,
      internal: index % 2 === 0,
      headline: text,
      tone: 'attention',
      sections: [
        { title: text, status: 'ok', items: [hostileItem(text, index)], hiddenCount: 1 },
        { title: text, status: 'error', error: text, items: [] },
        { title: text, status: 'empty', items: [] },
      ],
    })),
  });
}

function hostileViews(): Array<[string, AnswerView]> {
  return [
    ['lookup', hostileLookup()],
    [
      'hunt',
      huntView({ query: hostileValues.join(' | '), columns: hostileValues, rows: [hostileValues, hostileValues], error: HOSTILE.mention }),
    ],
    ['actions', actionsView({ title: HOSTILE.link, items: hostileValues.map(hostileItem), error: HOSTILE.html })],
    ['help', helpView({ reason: HOSTILE.template, commands: hostileValues.map((t) => ({ usage: t, description: t })) })],
    ['message', { kind: 'message', demo: false, tone: 'error', title: HOSTILE.heading, text: HOSTILE.link }],
    [
      'request',
      confirmRequestView({
        title: HOSTILE.link,
        facts: hostileValues.map((text) => ({ title: text, value: text })),
        warnings: hostileValues,
        inputs: [
          isolationTypeInput({ label: HOSTILE.mention, choices: hostileValues.map((text, i) => ({ title: text, value: `v${i}` })) }),
          reasonInput({ label: HOSTILE.template, placeholder: HOSTILE.control, value: HOSTILE.rtl }),
        ],
        timeline: hostileValues.map((text) => ({ at: HOSTILE.template, text })),
      }),
    ],
  ];
}

describe('hostile text in every view', () => {
  it.each(hostileViews())('%s: valid, within budget, nothing active', (_name, view) => {
    const card = renderAdaptiveCard(view);
    expect(cardProblems(card)).toEqual([]);
    expect(byteSize(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    // Our own labels join escaped values with "\n\n" only in a message; values themselves are single lines.
    const texts = markdownTexts(card).flatMap((t) => t.split('\n\n'));
    expect(texts.map(activeMarkdown).filter((p) => p !== undefined)).toEqual([]);
    const strings = allStrings(card);
    const hiddenOrControl = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/;
    expect(strings.filter((s) => hiddenOrControl.test(s))).toEqual([]);
    expect(strings.filter((s) => s.includes('${'))).toEqual([]);
  });
});

describe('the check for active Markdown', () => {
  const raw = ['[x](https://e)', '**b**', '# h', '- l', '1. o', '> q', '<at>a</at>', '&#91;', '`c`', '~~s~~', '_i_'];
  it.each(raw)('catches %s', (markdown) => {
    expect(activeMarkdown(markdown)).toBeDefined();
  });
});

describe('each hostile string, as the reader sees it', () => {
  const card = renderAdaptiveCard(actionsView({ demo: false, title: 'Hostile', items: hostileValues.map(hostileItem) }));
  const titles = objectsOfType(card, 'TextBlock')
    .filter((t) => t.weight === 'bolder')
    .map((t) => String(t.text));
  const titleOf = (key: keyof typeof HOSTILE) => titles[Object.keys(HOSTILE).indexOf(key) + 1];

  it.each([
    ['link', '\\[Approve\\](https://evil.example/approve)'],
    ['image', '!\\[x\\](https://evil.example/pixel.png)'],
    ['autolink', '\\<https://evil.example\\>'],
    ['bold', '\\*\\*bold\\*\\* \\_\\_also\\_\\_ \\*it\\* \\_it\\_ \\~\\~gone\\~\\~'],
    ['heading', '\\# heading'],
    ['list', '\\- item'],
    ['ordered', '1\\. first'],
    ['quote', '\\> quoted'],
    ['code', '\\`code\\` \\`\\`\\`fence\\`\\`\\`'],
    ['html', '\\<b\\>html\\</b\\>\\<script\\>alert(1)\\</script\\>\\<img src=x onerror=alert(1)\\>'],
    ['mention', '\\<at\\>Security Admins\\</at\\>'],
    ['template', '$\\{expr} $\\{$root.secret} $\\{json($root)}'],
    ['root', '$root $data $index'],
    ['entity', '\\&#91;entity\\&#93;\\&lpar;x\\&rpar; \\&lt;at\\&gt;'],
    ['table', '| a | b |'],
    ['rtl', 'invoice\uFFFDfdp.exe'],
    ['zeroWidth', 'microsoft.com'],
    ['emoji', 'alert 🚨 family 👨‍👩‍👧 flag 🇫🇷'],
    ['control', 'line1 line2 # line3 tab nul bell \\[31mred nel ls'],
  ] as const)('%s', (key, expected) => {
    expect(titleOf(key)).toBe(expected);
  });

  it('clips a 10 KB title to 200 characters with an ellipsis, escaping what is left', () => {
    const long = titleOf('long') ?? '';
    expect(Array.from(long)).toHaveLength(200);
    expect(long).toBe(`${'A'.repeat(199)}…`);
  });

  it('shows action titles escaped too, and keeps button data free of text', () => {
    const execute = objectsOfType(card, 'Action.Execute');
    expect(execute.map((a) => a.title)).toContain('\\[Approve\\](https://evil.example/approve)');
    for (const action of execute) expect(Object.keys(action.data as Json)).toEqual(['requestId']);
  });
});

describe('values that are checked rather than escaped', () => {
  const item = (links: ItemView['links'], buttons: ItemView['buttons']): ItemView => ({ title: 'x', facts: [], links, buttons });

  it('keeps https links only, without credentials, braces encoded', () => {
    const card = renderAdaptiveCard(
      actionsView({
        items: [
          item(
            [
              { title: 'ok', url: 'https://security.microsoft.com/alerts/da1?tid=${x}' },
              { title: 'js', url: 'javascript:alert(1)' },
              { title: 'data', url: 'data:text/html,<script>alert(1)</script>' },
              { title: 'http', url: 'http://security.microsoft.com/' },
              { title: 'creds', url: 'https://security.microsoft.com@evil.example/' },
              { title: 'relative', url: '/alerts/da1' },
              { title: 'vbscript', url: ' VBScript:msgbox' },
            ],
            [],
          ),
        ],
      }),
    );
    expect(objectsOfType(card, 'Action.OpenUrl').map((l) => [l.title, l.url])).toEqual([
      ['ok', 'https://security.microsoft.com/alerts/da1?tid=$%7Bx%7D'],
    ]);
  });

  it('drops buttons whose request id or verb is not a plain token', () => {
    const bad = [
      { title: 'template id', verb: 'isolate' as const, requestId: '${$root}' },
      { title: 'spaces', verb: 'isolate' as const, requestId: 'a b' },
      { title: 'empty', verb: 'isolate' as const, requestId: '' },
      { title: 'bad verb', verb: 'iso late' as never, requestId: 'rq-1' },
    ];
    const good = { title: 'good', verb: 'release' as const, requestId: requestId() };
    const card = renderAdaptiveCard(actionsView({ items: [item([], [...bad, good])] }));
    expect(objectsOfType(card, 'Action.Execute').map((a) => a.title)).toEqual(['good']);
  });
});
