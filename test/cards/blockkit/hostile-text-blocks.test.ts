import { renderBlockKit } from '../../../src/cards/blockkit';
import { sanitizeText } from '../../../src/cards/plain-text';
import type { AnswerView, ButtonView, ItemView, LinkView } from '../../../src/cards/view-models';
import { actionsView, helpView, huntView, lookupView, requestId } from '../fixtures';
import { confirmRequestView } from '../request-fixtures';
import { allStrings } from '../card-walk';
import { hostileViews as teamsHostileViews, PATH } from '../hostile-fixtures';
import { allObjects, buttons, links, messageProblems, mrkdwnTexts, plainTexts, strayAngles, viewRequestIds } from './slack-limits';

/*
 * Alert titles, file names, e-mail subjects and hunting values are chosen by attackers. On Slack they must read
 * literally: no mentions, no links but the view's own http(s) links, no closed code fences, no reordered or hidden
 * text, and never an empty text object.
 */

const HOSTILE = {
  channel: '<!channel> <!here> <!everyone> @here',
  user: '<@U123> <#C123|general> <!subteam^S123>',
  link: '<https://evil.example|Approve>',
  entity: '&lt;!channel&gt; &amp;lt; &#60;',
  backticks: '```fence``` `code` ````',
  formatting: '*bold* _it_ ~strike~ > quote',
  rtl: 'invoice\u202Efdp.exe',
  zeroWidth: 'micro\u200Bsoft\u2060.com\uFEFF',
  emoji: 'alert 🚨 family 👨‍👩‍👧 flag 🇫🇷 :white_check_mark:',
  control: 'line1\nline2\r\n> quoted\ttab\u0000nul',
  bareUrl: 'https://evil.example/x',
  huge: '<!channel>Б'.repeat(10_000),
  empty: '',
  spaces: '   ',
};
const values = Object.values(HOSTILE);

const HOSTILE_LINKS: LinkView[] = [
  { title: HOSTILE.link, url: 'https://security.microsoft.com/alerts/da1?a=1&b=2' },
  { title: HOSTILE.empty, url: 'http://portal.example/a|b>c<d' },
  { title: 'script', url: 'javascript:alert(1)' },
  { title: 'creds', url: 'https://security.microsoft.com@evil.example/' },
  { title: 'ftp', url: 'ftp://evil.example/x' },
  { title: 'data', url: 'data:text/html,<script>alert(1)</script>' },
  { title: 'empty', url: '' },
];

/** The URL as a "<url|title>" link must carry it: normalized, "|<>" percent-encoded, "&" as an entity. */
function expectedUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    if (!['http:', 'https:'].includes(url.protocol) || url.username !== '') return undefined;
    return url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
  } catch {
    return undefined;
  }
}

const button = (title: string, verb: ButtonView['verb'] = 'isolate'): ButtonView => ({ title, verb, requestId: requestId() });

function hostileItem(text: string): ItemView {
  return { title: text, subtitle: text, tone: 'attention', facts: [{ title: text, value: text }], links: HOSTILE_LINKS, buttons: [button(text)] };
}

function hostileViews(): Array<[string, AnswerView]> {
  return [
    [
      'lookup',
      lookupView({
        notice: HOSTILE.channel,
        generatedAt: HOSTILE.user,
        verdict: { highestSeverity: HOSTILE.link, incidents: 1, alerts: 1, devices: 1, emails: 1, huntingRows: 1 },
        indicators: values.map((text, index) => ({
          type: text,
          value: text,
          internal: index % 2 === 0,
          headline: text,
          tone: 'attention',
          link: HOSTILE_LINKS[index % HOSTILE_LINKS.length],
          sections: [
            { title: text, status: 'ok', items: [hostileItem(text)], hiddenCount: 1, showMore: button(text, 'showMore') },
            { title: text, status: 'error', error: text, items: [] },
            { title: text, status: 'empty', items: [] },
          ],
        })),
        refresh: button(HOSTILE.huge, 'refresh'),
      }),
    ],
    ['hunt', huntView({ query: values.join('\n'), columns: values, rows: [values, values], error: HOSTILE.user })],
    [
      'hunt (table)',
      huntView({
        query: HOSTILE.backticks,
        columns: ['a', 'b'],
        rows: [
          [HOSTILE.backticks, HOSTILE.channel],
          [HOSTILE.entity, HOSTILE.rtl],
        ],
      }),
    ],
    ['actions', actionsView({ title: HOSTILE.link, items: values.map(hostileItem), error: HOSTILE.channel })],
    ['help', helpView({ reason: HOSTILE.user, commands: values.map((t) => ({ usage: t, description: t })) })],
    ...values.map((text, i): [string, AnswerView] => [`message ${i}`, { kind: 'message', demo: false, tone: 'error', title: text, text }]),
    [
      'request',
      confirmRequestView({
        title: HOSTILE.channel,
        facts: values.map((t) => ({ title: t, value: t })),
        warnings: values,
        timeline: values.map((t) => ({ at: t, text: t })),
        links: HOSTILE_LINKS,
        buttons: values.map((t) => button(t, 'confirm')),
        inputs: [{ id: 'reason', label: HOSTILE.link, kind: 'text', required: true, value: HOSTILE.channel }],
      }),
    ],
  ];
}

function viewLinkUrls(view: AnswerView): Set<string> {
  const urls = allObjects(view)
    .filter((o) => typeof o.url === 'string' && typeof o.title === 'string')
    .map((o) => expectedUrl(String(o.url)));
  return new Set(urls.filter((url): url is string => url !== undefined));
}

describe('hostile text on Slack', () => {
  it.each(hostileViews())('%s: within limits, no mention, link or fence from data', (_name, view) => {
    const message = renderBlockKit(view);
    expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
    const allowedUrls = viewLinkUrls(view);
    for (const text of mrkdwnTexts(message.blocks)) {
      expect(strayAngles(text)).toBe(false);
      for (const link of links(text)) expect(allowedUrls).toContain(link.url);
      // Our fences are on their own lines; data backticks became U+02CB and cannot open or close one.
      const withoutFences = text.replace(/(^|\n)```(?=\n|$)/g, '$1');
      expect(withoutFences).not.toMatch(/``/);
      expect((withoutFences.match(/`/g) ?? []).length % 2).toBe(0);
    }
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/[\u202E\u200B\u2060\uFEFF\u0000]/);
    expect(json).not.toContain('javascript:');
    expect(json).not.toContain('security.microsoft.com@evil');
    expect(json).not.toContain('ftp://');
  });

  it('shows hostile text literally: entities, inert backticks, emoji, visible bidi override', () => {
    const view = actionsView({ items: [hostileItem(`${HOSTILE.entity} ${HOSTILE.backticks} ${HOSTILE.emoji} ${HOSTILE.rtl}`)] });
    const texts = mrkdwnTexts(renderBlockKit(view).blocks).join('\n');
    expect(texts).toContain('&amp;lt;!channel&amp;gt; &amp;amp;lt; &amp;#60;');
    expect(texts).toContain('ˋˋˋfenceˋˋˋ ˋcodeˋ ˋˋˋˋ');
    expect(texts).toContain('alert 🚨 family 👨‍👩‍👧 flag 🇫🇷');
    expect(texts).toContain('invoice\uFFFDfdp.exe');
    // The "*" of the data cannot end our bold title early.
    const formatted = mrkdwnTexts(renderBlockKit(actionsView({ items: [hostileItem(HOSTILE.formatting)] })).blocks);
    expect(formatted).toContainEqual(expect.stringContaining('🔴 *∗bold∗ _it_ ~strike~ &gt; quote*\n*bold* _it_'));
  });

  it('only the http(s) links of the view are links, encoded so they cannot break out', () => {
    const texts = mrkdwnTexts(renderBlockKit(actionsView({ items: [hostileItem('x')] })).blocks).join('\n');
    expect(texts).toContain('<https://security.microsoft.com/alerts/da1?a=1&amp;b=2|&lt;https://evil.example|Approve&gt;>');
    expect(texts).toContain('<http://portal.example/a%7Cb%3Ec%3Cd|link>');
    expect(links(texts)).toHaveLength(2);
  });

  it('the fallback text is escaped: no mention reaches the notification', () => {
    for (const [, view] of hostileViews()) {
      const { text } = renderBlockKit(view);
      expect(text).not.toMatch(/[<>]/);
      expect(text.length).toBeGreaterThan(0);
    }
    expect(renderBlockKit({ kind: 'message', demo: false, tone: 'info', title: HOSTILE.channel }).text).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; @here',
    );
  });

  it('empty and blank texts never give an empty text object', () => {
    const view = actionsView({ title: '', items: [{ title: '', subtitle: ' ', facts: [{ title: '', value: '' }], links: [], buttons: [button('')] }] });
    const message = renderBlockKit(view);
    expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Response actions' } });
    expect(buttons(message.blocks)[0]).toMatchObject({ text: { text: 'Isolate' } });
    expect(mrkdwnTexts(message.blocks).join('\n')).toContain('*(untitled)*');
  });

  it('a button whose request id Slack cannot carry is left out, the rest of the message stays', () => {
    const fits = 'a'.repeat(2000);
    const view = actionsView({
      items: [
        {
          title: 'Isolate ws-1',
          facts: [],
          links: [],
          buttons: [
            { title: 'too long', verb: 'isolate', requestId: 'b'.repeat(2001) },
            { title: 'empty', verb: 'isolate', requestId: '' },
            { title: 'bad verb', verb: 'deleteTenant' as ButtonView['verb'], requestId: requestId() },
            { title: 'fits', verb: 'release', requestId: fits },
          ],
        },
      ],
    });
    const message = renderBlockKit(view);
    expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
    expect(buttons(message.blocks)).toEqual([{ type: 'button', action_id: 'dc:release:1', text: { type: 'plain_text', text: 'fits' }, value: fits }]);
  });

  it('100 KB in every field renders quickly', () => {
    const started = Date.now();
    for (const [, view] of hostileViews()) renderBlockKit(view);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('Slack text as Defender wrote it', () => {
  const sources = (view: AnswerView) =>
    allStrings(view)
      .map(sanitizeText)
      .filter((s) => s.includes('\\'));

  /**
   * What Slack shows: mrkdwn with its three entities decoded and the two lookalikes (U+2217 for "*" in our bold,
   * U+02CB for a backtick) read back, plain text as it is.
   */
  const shownStrings = (node: unknown) =>
    allObjects(node).flatMap((o) => {
      if (o.type === 'plain_text') return [String(o.text)];
      if (o.type !== 'mrkdwn') return [];
      const decoded = String(o.text).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      return [decoded.replace(/\u2217/g, '*').replace(/\u02CB/g, '`')];
    });

  it.each([
    ...teamsHostileViews(),
    ...hostileViews(),
    ...values.map((t, i): [string, AnswerView] => [`message ${i}`, { kind: 'message', demo: false, tone: 'info', title: t, text: PATH }]),
  ])('%s: no backslash added anywhere (Slack documents no backslash escapes either)', (_name, view) => {
    const message = renderBlockKit(view);
    const known = sources(view);
    const added = shownStrings(message).filter((shown) => {
      if (!shown.includes('\\')) return false;
      const rest = known.reduce((left, source) => left.split(source).join(''), shown);
      return rest.includes('\\') && !known.some((source) => source.includes(shown.replace(/…$/, '')));
    });
    expect(added).toEqual([]);
  });

  it('shows facts, hunting values and the notice as plain text: backticks, stars and underscores exactly as written', () => {
    const value = 'powershell -c I`E`X *.ps1 _tmp_ ~x~ <!here>';
    const item = {
      title: 'x',
      facts: [
        { title: 'Command line', value },
        { title: 'Path', value: PATH },
      ],
      links: [],
      buttons: [],
    };
    const lookup = renderBlockKit(
      lookupView({ notice: `${value} notice`, indicators: [{ ...lookupView().indicators[0]!, sections: [{ title: 'Alerts', status: 'ok', items: [item] }] }] }),
    );
    expect(plainTexts(lookup.blocks)).toEqual(expect.arrayContaining([`Command line: ${value}`, `Path: ${PATH}`, `${value} notice`]));
    const hunt = renderBlockKit(huntView({ columns: Array.from({ length: 12 }, (_, i) => `C${i}`), rows: [Array.from({ length: 12 }, () => value)] }));
    expect(plainTexts(hunt.blocks)).toContain(`C0: ${value}`);
    const request = renderBlockKit(confirmRequestView({ facts: [{ title: 'Path', value: PATH }] }));
    expect(plainTexts(request.blocks)).toContain(`Path: ${PATH}`);
  });
});
