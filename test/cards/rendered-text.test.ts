import { renderAdaptiveCard } from '../../src/cards/adaptive';
import { sanitizeText } from '../../src/cards/plain-text';
import type { AnswerView, LookupView } from '../../src/cards/view-models';
import { renderWithAdaptiveCards } from './adaptivecards-renderer';
import { TEMPLATE_PHRASES } from './card-checks';
import { allStrings, type Json, objectsOfType } from './card-walk';
import { actionsView, helpView, hugeLookupView, huntView, lookupView, messageViews } from './fixtures';
import { HOSTILE, hostileViews, PATH } from './hostile-fixtures';
import { incidentViews } from './incident-fixtures';
import { problemLookupViews } from './problem-fixtures';
import { confirmRequestView, requestViews } from './request-fixtures';

/*
 * What the official renderer (adaptivecards 3.0.6) really shows, read back from the DOM: untrusted text exactly as
 * Defender wrote it, no escape character added, and nothing but the templates' fixed phrases handed to Markdown.
 */

const DATE = '{{DATE(2025-06-01T22:14:00Z, SHORT)}}';

/** A view with PATH in every field that can hold untrusted text, per kind. */
function pathViews(): Array<[string, AnswerView]> {
  const item = {
    title: PATH,
    subtitle: PATH,
    facts: [{ title: 'File', value: PATH }],
    links: [{ title: PATH, url: 'https://security.microsoft.com/file/1' }],
    buttons: [{ title: PATH, verb: 'quarantine' as const, requestId: 'rq-1' }],
  };
  const lookup: LookupView = lookupView({
    notice: PATH,
    problems: [{ source: 'advanced hunting', message: PATH, effects: [{ kind: 'missing', sections: ['Alerts'], indicators: [PATH] }] }],
    indicators: [
      {
        type: 'file',
        value: PATH,
        internal: false,
        headline: PATH,
        tone: 'attention',
        sections: [
          { title: 'Alerts', status: 'error', error: PATH, items: [], problem: 0 },
          { title: 'Devices', status: 'error', error: PATH, items: [] },
          { title: 'File', status: 'ok', items: [item] },
        ],
      },
    ],
  });
  return [
    ['lookup', lookup],
    ['actions', actionsView({ title: PATH, items: [item], error: PATH })],
    ['hunt', huntView({ query: PATH, columns: ['FolderPath'], rows: [[PATH]], error: PATH })],
    ['help', helpView({ reason: PATH, commands: [{ usage: PATH, description: PATH }] })],
    ['message', { kind: 'message', demo: false, tone: 'error', title: PATH, text: PATH }],
    ['request', confirmRequestView({ title: PATH, facts: [{ title: 'File', value: PATH }], warnings: [PATH], timeline: [{ at: '08:47 UTC', text: PATH }] })],
  ];
}

/** Texts of the card that hold a backslash the view did not: an escape character added by the renderer. */
function addedBackslashes(card: Json, view: AnswerView): string[] {
  const sources = allStrings(view)
    .map(sanitizeText)
    .filter((s) => s.includes('\\'))
    .sort((a, b) => b.length - a.length);
  return allStrings(card).filter((shown) => {
    if (!shown.includes('\\') || sources.some((source) => source.includes(shown))) return false;
    const rest = sources.reduce((left, source) => left.split(source).join(''), shown);
    return rest.includes('\\');
  });
}

/** The choice titles of radio buttons: the only texts besides template phrases the renderer formats as Markdown. */
function radioLabels(card: Json): Set<string> {
  return new Set(
    objectsOfType(card, 'Input.ChoiceSet')
      .filter((set) => set.style === 'expanded')
      .flatMap((set) => (set.choices as Json[]).map((choice) => String(choice.title))),
  );
}

describe("the adaptivecards renderer shows Defender's text exactly", () => {
  it.each(pathViews())('%s: the path with \\, _, *, > and [x](y) reads back as written, never through Markdown', (_name, view) => {
    const card = renderAdaptiveCard(view);
    const rendered = renderWithAdaptiveCards(card);
    expect(rendered.parseEvents).toEqual([]);
    const lines = rendered.richTexts;
    expect(lines.some((line) => line === PATH || line.endsWith(`: ${PATH}`) || line === `⚠️ ${PATH}`)).toBe(true);
    expect(rendered.markdown.filter((text) => text.includes('svc_host'))).toEqual([]);
    expect(rendered.element.textContent).not.toMatch(/\\\\|\\_|\\\*|\\>|\\\[/);
    expect(addedBackslashes(card, view)).toEqual([]);
  });

  it('reads every untrusted field of an item back: title, subtitle, fact, button', () => {
    const rendered = renderWithAdaptiveCards(renderAdaptiveCard(pathViews()[1]![1]));
    expect(rendered.richTexts).toEqual([PATH, PATH, PATH, PATH, `File: ${PATH}`]);
    expect(rendered.buttonTitles).toEqual([PATH, PATH]);
  });

  it('reads a lookup back: the problem once at the top, the indicator, the section pointing to it', () => {
    const rendered = renderWithAdaptiveCards(renderAdaptiveCard(pathViews()[0]![1]));
    expect(rendered.richTexts).toEqual(
      expect.arrayContaining([
        PATH,
        `⚠️ Advanced hunting: ${PATH}`,
        `Missing: Alerts for ${PATH}.`,
        `file: ${PATH}`,
        'Not read: Alerts (advanced hunting failed, see above)',
        `Devices: ${PATH}`,
        `File: ${PATH}`,
      ]),
    );
    expect(rendered.richTexts.filter((line) => line.includes(PATH) && line.startsWith('Alerts'))).toEqual([]);
  });

  it('shows "${...}" and "{{DATE(...)}}" as written, where an uncut TextRun would show a date', () => {
    const card = renderAdaptiveCard(actionsView({ title: `${DATE} \${x}`, items: [] }));
    expect(renderWithAdaptiveCards(card).richTexts).toContain(`${DATE} \${x}`);
    // The control: the same text in one TextRun is rewritten by the renderer's DATE() function.
    const uncut = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: DATE }] }] };
    expect(renderWithAdaptiveCards(uncut).richTexts[0]).not.toBe(DATE);
  });

  it('hands TextBlocks and FactSets to Markdown (the control for the checks below)', () => {
    const markdownCard = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: PATH },
        { type: 'FactSet', facts: [{ title: HOSTILE.bold, value: HOSTILE.link }] },
        { type: 'RichTextBlock', inlines: [HOSTILE.mention] },
      ],
    };
    expect(renderWithAdaptiveCards(markdownCard).markdown).toEqual([PATH, HOSTILE.bold, HOSTILE.link]);
  });
});

const demoFixtures: Array<[string, AnswerView]> = [
  ['lookup', lookupView()],
  ['huge lookup', hugeLookupView(4, 30)],
  ['hunt', huntView()],
  ['actions', actionsView()],
  ['help', helpView()],
  ...messageViews().map((m): [string, AnswerView] => [`message ${m.tone}`, m]),
  ...requestViews(),
  ...problemLookupViews(),
  ...incidentViews(),
];

describe.each([
  ['demo', demoFixtures],
  ['hostile', hostileViews()],
])('every %s card through the renderer', (_kind, views) => {
  it.each(views)('%s: only fixed template phrases reach Markdown, no escape character added, no parse problem', (_name, view) => {
    const card = renderAdaptiveCard(view);
    const rendered = renderWithAdaptiveCards(card);
    expect(rendered.parseEvents).toEqual([]);
    const radios = radioLabels(card);
    expect(rendered.markdown.filter((text) => !TEMPLATE_PHRASES.has(text) && !radios.has(text))).toEqual([]);
    expect(addedBackslashes(card, view)).toEqual([]);
  });
});
