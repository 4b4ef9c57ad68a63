import { renderAdaptiveCard } from '../../src/cards/adaptive';
import type { AnswerView } from '../../src/cards/view-models';
import { allObjects, type Json, objectsOfType } from './card-walk';
import { actionsView, helpView, huntView, hugeLookupView, lookupView, messageViews } from './fixtures';
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
];

/** Teams renders at most this many actions per ActionSet. */
const TEAMS_MAX_ACTIONS = 6;

function layoutProblems(card: Json): string[] {
  const problems: string[] = [];
  for (const o of allObjects(card)) {
    const type = String(o.type);
    if (type.startsWith('Table')) problems.push(`${type} element`);
    if (type === 'ColumnSet' && (o.columns as unknown[]).length > 2) problems.push('ColumnSet with more than 2 columns');
    if (type === 'TextBlock' && o.wrap !== true) problems.push(`TextBlock without wrap: ${String(o.text).slice(0, 40)}`);
    if (type === 'TextBlock' && o.maxLines !== undefined) problems.push('TextBlock with maxLines');
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

  it('has no Table, no ColumnSet over 2 columns, no pixel sizes, and every TextBlock wraps', () => {
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
    expect(body.slice(0, 3).map((e) => e.type)).toEqual(['TextBlock', 'TextBlock', 'TextBlock']);
    expect(String(body[0]?.text)).toMatch(/^DEMO DATA/);
    expect(String(body[1]?.text)).toMatch(/^Highest severity/);
    const firstIndicator = body.find((e) => e.type === 'Container');
    const [header, headline] = (firstIndicator?.items as Json[]).map((e) => String(e.text));
    expect(header).toBe('ipv4: 185.220.101.47');
    expect(headline).toBe('2 alerts (high) · 1 incident · seen on 3 devices');
  });

  it('puts a request\'s warnings right under its title, before the facts, inputs and buttons', () => {
    const card = renderAdaptiveCard(confirmRequestView());
    const types = (card.body as Json[]).map((e) => (e.type === 'Container' && e.style === 'attention' ? 'warnings' : e.type));
    expect(types.slice(0, 3)).toEqual(['TextBlock', 'TextBlock', 'warnings']);
    expect(types.indexOf('FactSet')).toBeGreaterThan(2);
    expect(types.indexOf('ActionSet')).toBeGreaterThan(types.indexOf('FactSet'));
    expect(objectsOfType(card, 'ColumnSet')).toHaveLength(0);
  });

  it('shows hunting rows as FactSets, one per row, not as columns', () => {
    const card = renderAdaptiveCard(huntView());
    expect(objectsOfType(card, 'FactSet')).toHaveLength(huntView().rows.length);
    expect(objectsOfType(card, 'ColumnSet')).toHaveLength(0);
  });
});
