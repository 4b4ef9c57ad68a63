import { CARD_BUDGET_BYTES, renderAdaptiveCard } from '../../src/cards/adaptive';
import { fitToBudget } from '../../src/cards/adaptive/budget';
import { escapeView } from '../../src/cards/adaptive/escape-view';
import { renderEscapedView } from '../../src/cards/adaptive/render-view';
import type { AnswerView } from '../../src/cards/view-models';
import { cardProblems } from './card-checks';
import { allObjects, byteSize, type Json, lookupSections, objectsOfType, richText, shownText, shownTexts, textRuns } from './card-walk';
import { actionsView, helpView, huntView, lookupView, messageViews } from './fixtures';
import { incidentViews } from './incident-fixtures';
import { requestViews } from './request-fixtures';

const body = (card: Json) => card.body as Json[];
const texts = (card: Json) => shownTexts(card);
/** The RichTextBlock showing exactly `text`, and the style of its first run. */
const blockShowing = (card: Json, text: string) => objectsOfType(card, 'RichTextBlock').find((b) => richText(b) === text);
const styleOf = (block: Json | undefined) => (block === undefined ? undefined : textRuns(block)[0]);

const NOTHING_FOUND = { highestSeverity: null, incidents: 0, alerts: 0, devices: 0, emails: 0, huntingRows: 0 };
const CPU_ERROR = 'Hunting query failed: Query exceeded the allowed CPU; narrow the time range.';

const fixtureViews: Array<[string, AnswerView]> = [
  ['lookup (demo, every indicator type)', lookupView()],
  ['lookup (live, no notice, no refresh)', lookupView({ demo: false, notice: undefined, refresh: undefined })],
  ['lookup (no indicators)', lookupView({ indicators: [], verdict: NOTHING_FOUND })],
  ['hunt (page 2 of 5)', huntView()],
  ['hunt (error, no rows)', huntView({ rows: [], error: CPU_ERROR, next: undefined })],
  ['hunt (empty result)', huntView({ rows: [], page: 1, pageCount: 0, totalRows: 0, next: undefined, previous: undefined })],
  ['actions', actionsView()],
  ['actions (error, nothing)', actionsView({ items: [], error: 'Could not read the action store.' })],
  ['help', helpView()],
  ['help (asked for)', helpView({ reason: undefined, demo: false })],
  ...messageViews().map((m): [string, AnswerView] => [`message (${m.tone})`, m]),
  ...requestViews(),
  ...incidentViews(),
];

describe('every template filled with the fixtures', () => {
  const sizes: string[] = [];
  afterAll(() => console.log(`Card sizes (budget ${CARD_BUDGET_BYTES} bytes):\n${sizes.join('\n')}`));

  it.each(fixtureViews)('%s: valid 1.5 card within budget, buttons per contract', (name, view) => {
    const card = renderAdaptiveCard(view);
    sizes.push(`  ${name}: ${byteSize(card)} bytes`);
    expect(cardProblems(card)).toEqual([]);
  });

  it('leaves a card that fits untouched: the fitter changes nothing when the budget allows the whole lookup', () => {
    const view = lookupView();
    expect(fitToBudget(escapeView(view), renderEscapedView, 40 * 1024)).toEqual(renderEscapedView(escapeView(view)));
  });

  it('keeps every indicator and section of the fixture lookup within 28 KB, counting the items it leaves off', () => {
    // TextRuns take more JSON than Markdown text did (the fixture is about 29 KB whole), so a few items go.
    const view = lookupView();
    const card = renderAdaptiveCard(view);
    const sections = lookupSections(card);
    const listed = view.indicators.flatMap((i) => i.sections).filter((s) => s.status === 'ok' && s.items.length > 0);
    expect(sections).toHaveLength(listed.length);
    for (const section of sections) {
      expect(section.shown).toBeGreaterThanOrEqual(1);
      expect(section.shown + section.hidden).toBe(section.total);
    }
    expect(sections.reduce((n, s) => n + s.hidden, 0)).toBeLessThanOrEqual(5);
  });

  it('does not change the view it renders', () => {
    const view = lookupView();
    const before = JSON.stringify(view);
    renderAdaptiveCard(view);
    expect(JSON.stringify(view)).toBe(before);
  });
});

describe('lookup card', () => {
  const view = lookupView();
  const card = renderAdaptiveCard(view);

  it('starts with DEMO DATA, then the verdict, then the notice', () => {
    const [demo, severity, counts, notice] = body(card);
    expect(demo).toMatchObject({ type: 'TextBlock', color: 'attention' });
    expect(demo?.text).toMatch(/^DEMO DATA/);
    expect(shownText(severity)).toBe('Highest severity: High');
    expect(styleOf(severity)).toMatchObject({ color: 'attention', weight: 'bolder' });
    expect(shownText(counts)).toBe('1 incident · 6 alerts · 9 devices · 5 e-mails · 14 hunting rows');
    expect(shownText(notice)).toBe('looked up the first 11 of 140 indicators');
  });

  it('has no DEMO DATA line for live data, and says "Nothing found" for an empty verdict', () => {
    const live = renderAdaptiveCard(lookupView({ demo: false }));
    expect(texts(live).some((t) => t.includes('DEMO DATA'))).toBe(false);
    const nothing = renderAdaptiveCard(lookupView({ indicators: [], verdict: NOTHING_FOUND }));
    expect(shownText(body(nothing)[1])).toBe('Nothing found');
    expect(styleOf(body(nothing)[1])).toMatchObject({ color: 'good' });
  });

  it('gives each indicator a header (type, value, internal marker, tone colour) and its headline', () => {
    const headers = body(card)
      .filter((e) => e.type === 'Container')
      .map((c) => (c.items as Json[])[0]);
    expect(headers).toHaveLength(view.indicators.length);
    expect(shownText(headers[0])).toBe('ipv4: 185.220.101.47');
    expect(styleOf(headers[0])).toEqual({ type: 'TextRun', text: 'ipv4: 185.220.101.47', color: 'attention', weight: 'bolder' });
    expect(shownText(headers[1])).toBe('ipv4: 10.20.4.17 · internal');
    expect(styleOf(headers[1])).toEqual({ type: 'TextRun', text: 'ipv4: 10.20.4.17 · internal', weight: 'bolder' });
    expect(styleOf(headers[2])).toMatchObject({ color: 'good' });
    expect(texts(card)).toContain('2 alerts (high) · 1 incident · seen on 3 devices');
  });

  it('puts every section body in a hidden container toggled by the section line', () => {
    const toggles = objectsOfType(card, 'Action.ToggleVisibility');
    const listSections = view.indicators.flatMap((i) => i.sections).filter((s) => s.status === 'ok' && s.items.length > 0);
    expect(toggles).toHaveLength(listSections.length);
    const hidden = allObjects(card).filter((o) => o.type === 'Container' && o.isVisible === false);
    expect(hidden.map((h) => h.id).sort()).toEqual(toggles.map((t) => (t.targetElements as string[])[0]).sort());
    expect(toggles.map((t) => t.title)).toContain('▸ Devices (3)');
  });

  it('renders items with a bold title, subtitle, facts (one line each, title in bold), links and buttons', () => {
    const whole = renderEscapedView(escapeView(view));
    const title = blockShowing(whole, "'Emotet' malware was detected");
    expect(styleOf(title)).toMatchObject({ weight: 'bolder', color: 'attention' });
    const fact = blockShowing(whole, 'Evidence: Device: ws-fin-017.contoso.local');
    expect(fact?.inlines).toEqual([{ type: 'TextRun', text: 'Evidence: Device: ', weight: 'bolder' }, 'ws-fin-017.contoso.local']);
    expect(fact?.spacing).toBe('none');
    // The backslash of a user name is shown as it is, not escaped.
    expect(texts(whole)).toContain('Evidence: User: CONTOSO\\j.doe');
    const verbs = objectsOfType(card, 'Action.Execute').map((a) => a.verb);
    expect(verbs).toEqual(expect.arrayContaining(['isolate', 'release', 'quarantine', 'showMore', 'refresh']));
    const isolate = objectsOfType(card, 'Action.Execute').find((a) => a.verb === 'isolate');
    expect(isolate).toMatchObject({ title: 'Isolate device' });
    expect(objectsOfType(card, 'Action.OpenUrl').map((l) => l.title)).toContain('Open incident');
  });

  it('shows error sections as lines, the cause in the attention colour, and summarises empty sections', () => {
    const error = blockShowing(card, 'Hunting: DeviceNetworkEvents: throttled by Microsoft, retry in 40 s');
    expect(error?.inlines).toEqual([
      { type: 'TextRun', text: 'Hunting: DeviceNetworkEvents: ', weight: 'bolder' },
      { type: 'TextRun', text: 'throttled by Microsoft, retry in 40 s', color: 'attention' },
    ]);
    expect(texts(card)).toContain('None found: Incidents, Alerts, Devices');
  });

  it('says how many items are not shown and offers the showMore button', () => {
    expect(texts(renderEscapedView(escapeView(view)))).toContain('2 more not shown');
    const showMore = objectsOfType(card, 'Action.Execute').find((a) => a.verb === 'showMore');
    expect(showMore?.title).toBe('Show 2 more');
  });
});

describe('hunt card', () => {
  const card = renderAdaptiveCard(huntView());

  it('shows the query in monospace, the page and the row count', () => {
    const query = objectsOfType(card, 'RichTextBlock').find((b) => textRuns(b)[0]?.fontType === 'monospace');
    expect(richText(query ?? {})).toContain('DeviceNetworkEvents | where RemoteIP == "185.220.101.47"');
    expect(texts(card)).toContain('Page 2 of 5 · 83 rows');
  });

  it('shows each row as lines of column: value, numbered across pages', () => {
    expect(texts(card)).toContain('Row 21');
    expect(texts(card)).toContain('Row 40');
    const firstRow = (allObjects(card).filter((o) => o.type === 'Container' && o.separator === true)[0]?.items as Json[]).slice(1);
    expect(firstRow.map((line) => String(textRuns(line)[0]?.text))).toEqual(huntView().columns.map((c) => `${c}: `));
    expect(richText(firstRow[1] ?? {})).toBe('DeviceName: ws-fin-00');
  });

  it('numbers the rows of a shorter last page from the end', () => {
    const last = renderAdaptiveCard(huntView({ page: 5, rows: huntView().rows.slice(0, 3), next: undefined }));
    expect(texts(last)).toEqual(expect.arrayContaining(['Row 81', 'Row 83']));
  });

  it('has previous and next buttons', () => {
    expect(objectsOfType(card, 'Action.Execute').map((a) => [a.title, a.verb])).toEqual([
      ['Previous', 'huntPage'],
      ['Next', 'huntPage'],
    ]);
  });

  it('shows an error in attention colour', () => {
    const failed = renderAdaptiveCard(huntView({ rows: [], error: 'Query exceeded the allowed CPU.' }));
    expect(styleOf(blockShowing(failed, 'Query exceeded the allowed CPU.'))).toMatchObject({ color: 'attention' });
  });
});

describe('actions, help and message cards', () => {
  it('renders action items like lookup items, visible', () => {
    const card = renderAdaptiveCard(actionsView());
    expect(texts(card)).toEqual(expect.arrayContaining(['Response actions', 'Isolate ws-fin-017']));
    expect(allObjects(card).some((o) => o.isVisible === false)).toBe(false);
    expect(objectsOfType(card, 'Action.Execute').map((a) => a.verb)).toEqual(['isolate']);
  });

  it('puts the primary button first', () => {
    const buttons = [
      { title: 'Release', verb: 'release' as const, requestId: 'rq-1' },
      { title: 'Isolate', verb: 'isolate' as const, requestId: 'rq-2', primary: true },
    ];
    const item = { title: 'ws-fin-017', facts: [], links: [], buttons };
    const card = renderAdaptiveCard(actionsView({ items: [item] }));
    expect(objectsOfType(card, 'Action.Execute').map((a) => a.title)).toEqual(['Isolate', 'Release']);
  });

  it('lists the help commands with their usage in monospace', () => {
    const card = renderAdaptiveCard(helpView());
    const usages = objectsOfType(card, 'RichTextBlock').filter((b) => textRuns(b)[0]?.fontType === 'monospace');
    expect(usages.map(richText)).toEqual(['lookup <indicators>', 'hunt <KQL query>', 'isolate <device>', 'actions', 'help']);
    expect(styleOf(blockShowing(card, 'I did not understand "lokup 1.2.3.4".'))).toMatchObject({ color: 'warning' });
  });

  it.each([
    ['progress', undefined],
    ['info', undefined],
    ['warning', 'warning'],
    ['error', 'attention'],
  ])('colours a %s message %s: its title in bold, its text below (plus DEMO DATA in demo mode)', (tone, color) => {
    const view = messageViews().find((m) => m.tone === tone);
    if (view === undefined) throw new Error(`no ${tone} fixture`);
    const blocks = body(renderAdaptiveCard(view));
    const hasText = view.text !== undefined && view.text !== '';
    expect(blocks).toHaveLength((view.demo ? 1 : 0) + (hasText ? 2 : 1));
    const title = blocks[view.demo ? 1 : 0];
    expect(shownText(title)).toBe(view.title);
    expect(styleOf(title)?.color).toBe(color);
    expect(styleOf(title)?.weight).toBe('bolder');
    if (hasText) expect(shownText(blocks[blocks.length - 1])).toBe(view.text);
  });
});
