import { CARD_BUDGET_BYTES, renderAdaptiveCard } from '../../src/cards/adaptive';
import { TEXT_LIMITS } from '../../src/cards/adaptive/limits';
import { clipText, sanitizeText } from '../../src/cards/plain-text';
import type { ItemView } from '../../src/cards/view-models';
import { cardProblems } from './card-checks';
import { allObjects, allStrings, byteSize, type Json, objectsOfType, richText, textRuns } from './card-walk';
import { actionsView, requestId } from './fixtures';
import { HOSTILE, hostileItem, hostileValues, hostileViews } from './hostile-fixtures';

/*
 * Alert titles, file names, e-mail subjects and hunting values are chosen by attackers. On the card they must
 * read literally: no links, no formatting, no mentions, no template expressions, no reordered or hidden text,
 * and no escape character added either (Teams shows backslashes as they are).
 */

describe('hostile text in every view', () => {
  it.each(hostileViews())('%s: valid, within budget, nothing where Teams reads Markdown', (_name, view) => {
    const card = renderAdaptiveCard(view);
    // cardProblems includes markdownProblems: only fixed template phrases in TextBlocks, no FactSet.
    expect(cardProblems(card)).toEqual([]);
    expect(byteSize(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const strings = allStrings(card);
    const hiddenOrControl = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/;
    expect(strings.filter((s) => hiddenOrControl.test(s))).toEqual([]);
    expect(strings.filter((s) => s.includes('${'))).toEqual([]);
    // Renderers expand {{DATE(...)}} and {{TIME(...)}} in TextBlock and TextRun text (not in button titles).
    const shown = [
      ...objectsOfType(card, 'TextBlock').map((b) => String(b.text)),
      ...objectsOfType(card, 'RichTextBlock')
        .flatMap(textRuns)
        .map((r) => String(r.text)),
    ];
    expect(shown.filter((s) => s.includes('{{'))).toEqual([]);
  });
});

describe('each hostile string, as the reader sees it', () => {
  const card = renderAdaptiveCard(actionsView({ demo: false, title: 'Hostile', items: hostileValues.map(hostileItem) }));
  const items = allObjects(card).filter((o) => o.type === 'Container' && o.separator === true);
  const itemOf = (key: keyof typeof HOSTILE) => items[Object.keys(HOSTILE).indexOf(key)]?.items as Json[];
  const titleOf = (key: keyof typeof HOSTILE) => richText(itemOf(key)[0] ?? {});

  it.each((Object.keys(HOSTILE) as Array<keyof typeof HOSTILE>).filter((key) => key !== 'long').map((key) => [key, HOSTILE[key]] as const))(
    '%s: exactly as written, made one visible line',
    (key, raw) => {
      expect(titleOf(key)).toBe(sanitizeText(raw));
      // The subtitle and the fact line read the same way.
      expect(richText(itemOf(key)[1] ?? {})).toBe(sanitizeText(raw));
      expect(richText(itemOf(key)[2] ?? {})).toBe(`${sanitizeText(clipText(raw, TEXT_LIMITS.factTitle))}: ${sanitizeText(raw)}`);
    },
  );

  it.each([
    ['path', 'C:\\Windows\\System32\\svc_host.exe *.ps1 > out.txt [x](y)'],
    ['escapes', '\\[not a link\\] \\*x\\* \\\\server\\share'],
    ['template', '${expr} ${$root.secret} ${json($root)}'],
    ['date', '{{DATE(2025-06-01T22:14:00Z, SHORT)}} {{TIME(2025-06-01T22:14:00Z)}}'],
    ['rtl', 'invoice\uFFFDfdp.exe'],
    ['zeroWidth', 'microsoft.com'],
    ['control', 'line1 line2 # line3 tab nul bell [31mred nel ls'],
  ] as const)('%s reads %j', (key, expected) => {
    expect(titleOf(key)).toBe(expected);
  });

  it('clips a 10 KB title to 200 characters with an ellipsis', () => {
    const long = titleOf('long');
    expect(Array.from(long)).toHaveLength(200);
    expect(long).toBe(`${'A'.repeat(199)}…`);
  });

  it('shows action titles as plain strings: as written, "${" alone broken up, and keeps button data free of text', () => {
    const execute = objectsOfType(card, 'Action.Execute');
    expect(execute.map((a) => a.title)).toContain('[Approve](https://evil.example/approve)');
    expect(execute.map((a) => a.title)).toContain('C:\\Windows\\System32\\svc_host.exe *.ps1 > out.txt [x](y)');
    expect(execute.map((a) => a.title)).toContain('$ {expr} $ {$root.secret} $ {json($root)}');
    for (const action of execute) expect(Object.keys(action.data as Json)).toEqual(['requestId']);
  });
});

describe('values that are checked rather than shown', () => {
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
    expect(objectsOfType(card, 'Action.OpenUrl').map((l) => [l.title, l.url])).toEqual([['ok', 'https://security.microsoft.com/alerts/da1?tid=$%7Bx%7D']]);
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
