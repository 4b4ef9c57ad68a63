import { renderAdaptiveCard } from '../../src/cards/adaptive';
import type { AnswerView } from '../../src/cards/view-models';
import { allObjects, type Json, objectsOfType, shownText } from './card-walk';
import { actionsView, helpView, huntView, hugeLookupView, lookupView, messageViews } from './fixtures';
import { hostileIncidentView, incidentViews } from './incident-fixtures';
import { problemLookupViews } from './problem-fixtures';
import { confirmRequestView, requestViews } from './request-fixtures';

/*
 * Analysts often read these cards on a 360 px phone: text wraps, nothing is wider than the screen, no table
 * scrolls sideways, and the verdict comes first.
 */

const views: Array<[string, AnswerView]> = [
  ['lookup', lookupView()],
  ['huge lookup', hugeLookupView(10, 200)],
  ['hunt', huntView()],
  ['actions', actionsView()],
  ['help', helpView()],
  ...messageViews().map((m): [string, AnswerView] => [`message ${m.tone}`, m]),
  ...requestViews(),
  ...problemLookupViews(),
  ...incidentViews(),
  ['hostile incident', hostileIncidentView()],
];

/** Teams renders at most this many actions per ActionSet. */
const TEAMS_MAX_ACTIONS = 6;

function layoutProblems(card: Json): string[] {
  const problems: string[] = [];
  for (const o of allObjects(card)) {
    const type = String(o.type);
    if (type.startsWith('Table')) problems.push(`${type} element`);
    if (type === 'ColumnSet' && (o.columns as unknown[]).length > 2) problems.push('ColumnSet with more than 2 columns');
    // A RichTextBlock always wraps (it has no wrap or maxLines); a TextBlock must say so.
    if (type === 'TextBlock' && o.wrap !== true) problems.push(`TextBlock without wrap: ${String(o.text).slice(0, 40)}`);
    if (type === 'TextBlock' && o.maxLines !== undefined) problems.push('TextBlock with maxLines');
    if (type === 'RichTextBlock' && (o.wrap !== undefined || o.maxLines !== undefined)) problems.push('RichTextBlock with wrap or maxLines');
    if (type === 'FactSet') problems.push('FactSet (its value column is half a phone screen wide)');
    if (type === 'ActionSet' && (o.actions as unknown[]).length > TEAMS_MAX_ACTIONS) problems.push('ActionSet with too many actions');
    for (const key of ['width', 'minHeight', 'height', 'size'] as const) {
      if (typeof o[key] === 'string' && /px$/i.test(o[key] as string)) problems.push(`${type} ${key} in pixels`);
    }
    if (o.width !== undefined && type !== 'Column') problems.push(`${type} with a width`);
    // An input says what it is above the field (a placeholder vanishes once typing starts), and choices wrap.
    if (type.startsWith('Input.') && (typeof o.label !== 'string' || o.label === '')) problems.push(`${type} without a label`);
    if (type === 'Input.ChoiceSet' && o.wrap !== true) problems.push('Input.ChoiceSet without wrap');
  }
  return problems;
}

describe.each(views)('%s card on a phone', (_name, view) => {
  const card = renderAdaptiveCard(view);

  it('has no Table, no FactSet, no ColumnSet over 2 columns, no pixel sizes, and every text wraps', () => {
    expect(layoutProblems(card)).toEqual([]);
  });

  it('hides nothing that a toggle cannot show', () => {
    const targets = new Set(objectsOfType(card, 'Action.ToggleVisibility').flatMap((t) => t.targetElements as string[]));
    const hidden = allObjects(card).filter((o) => o.isVisible === false);
    expect(hidden.filter((h) => !targets.has(String(h.id)))).toEqual([]);
  });
});

describe('reading order', () => {
  it('puts the demo marker, the verdict and the counts first, then each indicator header and headline', () => {
    const card = renderAdaptiveCard(lookupView());
    const body = card.body as Json[];
    expect(body.slice(0, 3).map((e) => e.type)).toEqual(['TextBlock', 'RichTextBlock', 'RichTextBlock']);
    expect(shownText(body[0])).toMatch(/^DEMO DATA/);
    expect(shownText(body[1])).toMatch(/^Highest severity/);
    const firstIndicator = body.find((e) => e.type === 'Container');
    const [header, headline] = (firstIndicator?.items as Json[]).map(shownText);
    expect(header).toBe('ipv4: 185.220.101.47');
    expect(headline).toBe('2 alerts (high) · 1 incident · seen on 3 devices');
  });

  it('puts the problems of a lookup right after the verdict and counts, before the first indicator', () => {
    const [, view] = problemLookupViews()[1]!;
    const body = renderAdaptiveCard(view).body as Json[];
    const problems = body.findIndex((e) => e.id === 'problems');
    expect(problems).toBe(2);
    expect(body.findIndex((e) => e.type === 'Container' && e.id !== 'problems')).toBeGreaterThan(problems);
  });

  it("puts a request's warnings right under its title, before the facts, inputs and buttons", () => {
    const card = renderAdaptiveCard(confirmRequestView());
    const types = (card.body as Json[]).map((e) =>
      e.type === 'Container' && e.style === 'attention'
        ? 'warnings'
        : e.type === 'Container' && shownText((e.items as Json[])[0])?.startsWith('Device: ')
          ? 'facts'
          : e.type,
    );
    expect(types.slice(0, 3)).toEqual(['TextBlock', 'RichTextBlock', 'warnings']);
    expect(types.indexOf('facts')).toBeGreaterThan(2);
    expect(types.indexOf('ActionSet')).toBeGreaterThan(types.indexOf('facts'));
    expect(objectsOfType(card, 'ColumnSet')).toHaveLength(0);
  });

  it('shows hunting rows one below the other, each column on a line of its own, not as columns', () => {
    const view = huntView();
    const card = renderAdaptiveCard(view);
    const rows = (card.body as Json[]).filter((e) => e.type === 'Container' && e.separator === true);
    expect(rows).toHaveLength(view.rows.length);
    for (const row of rows) expect((row.items as Json[]).length).toBe(1 + view.columns.length);
    expect(objectsOfType(card, 'ColumnSet')).toHaveLength(0);
  });
});
