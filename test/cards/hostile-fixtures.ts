import type { AnswerView, ItemView } from '../../src/cards/view-models';
import { actionsView, helpView, huntView, lookupView } from './fixtures';
import { hostileIncidentView } from './incident-fixtures';
import { confirmRequestView, isolationTypeInput, reasonInput } from './request-fixtures';

/*
 * Alert titles, file names, e-mail subjects and hunting values are chosen by attackers: every kind of view filled
 * with strings that would format, link, mention, expand or hide something if a card did not show them literally.
 */

export const PATH = 'C:\\Windows\\System32\\svc_host.exe *.ps1 > out.txt [x](y)';

export const HOSTILE = {
  path: PATH,
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
  date: '{{DATE(2025-06-01T22:14:00Z, SHORT)}} {{TIME(2025-06-01T22:14:00Z)}}',
  root: '$root $data $index',
  entity: '&#91;entity&#93;&lpar;x&rpar; &lt;at&gt;',
  escapes: '\\[not a link\\] \\*x\\* \\\\server\\share',
  table: '| a | b |',
  rtl: 'invoice\u202Efdp.exe',
  zeroWidth: 'micro\u200Bsoft\u2060.com\uFEFF',
  emoji: 'alert 🚨 family 👨‍👩‍👧 flag 🇫🇷',
  control: 'line1\nline2\r\n# line3\ttab\u0000nul\u0007bell\u001B[31mred\u0085nel\u2028ls',
  long: `${'A'.repeat(5000)}[click](https://evil.example)${'Б'.repeat(5000)}`,
};

export const hostileValues = Object.values(HOSTILE);

export function hostileItem(text: string, index: number): ItemView {
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
    problems: [
      {
        source: HOSTILE.mention,
        message: HOSTILE.path,
        effects: [{ kind: 'missing', sections: [HOSTILE.link, HOSTILE.bold], indicators: [HOSTILE.template, HOSTILE.date] }],
        retryAt: HOSTILE.template,
        missingPermissions: [HOSTILE.link],
      },
    ],
    indicators: hostileValues.map((text, index) => ({
      type: HOSTILE.heading,
      value: text,
      internal: index % 2 === 0,
      headline: text,
      tone: 'attention',
      sections: [
        { title: text, status: 'ok', items: [hostileItem(text, index)], hiddenCount: 1 },
        { title: text, status: 'error', error: text, items: [] },
        { title: text, status: 'error', error: text, items: [], problem: 0 },
        { title: text, status: 'ok', items: [hostileItem(text, index)], partial: text, problem: 0 },
        { title: text, status: 'empty', items: [], partial: text },
        { title: text, status: 'empty', items: [] },
      ],
    })),
  });
}

/** One view of every kind, hostile text in every field. */
export function hostileViews(): Array<[string, AnswerView]> {
  return [
    ['lookup', hostileLookup()],
    ['hunt', huntView({ query: hostileValues.join(' | '), columns: hostileValues, rows: [hostileValues, hostileValues], error: HOSTILE.mention })],
    ['actions', actionsView({ title: HOSTILE.link, items: hostileValues.map(hostileItem), error: HOSTILE.html })],
    ['help', helpView({ reason: HOSTILE.template, commands: hostileValues.map((t) => ({ usage: t, description: t })) })],
    ['message', { kind: 'message', demo: false, tone: 'error', title: HOSTILE.heading, text: HOSTILE.path }],
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
    [
      'request (few hostile choices)',
      confirmRequestView({
        title: HOSTILE.path,
        inputs: [
          isolationTypeInput({
            choices: [
              { title: HOSTILE.bold, value: 'Full' },
              { title: HOSTILE.link, value: 'Selective' },
            ],
          }),
        ],
        personal: { userIds: ['29:1abc-DEF_2', HOSTILE.template, '29:1abc-DEF_2'], button: { title: HOSTILE.link, verb: 'confirm', requestId: 'rq-personal' } },
      }),
    ],
    ['incident', hostileIncidentView()],
  ];
}
