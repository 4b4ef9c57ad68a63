import { renderAdaptiveCard } from '../../src/cards/adaptive';
import { cardProblems } from './card-checks';
import { allObjects, type Json, markdownTexts, objectsOfType } from './card-walk';
import {
  approvalRequestView,
  confirmRequestView,
  ISOLATION_CHOICES,
  PENDING_TIMELINE,
  pendingStatusView,
  requestViews,
  succeededStatusView,
} from './request-fixtures';

/*
 * The request card: where a responder confirms a dangerous action, an approver approves it, and everyone watches
 * it run. Warnings first, nothing ambiguous about which button does what.
 */

const body = (card: Json) => card.body as Json[];
const executes = (card: Json) => objectsOfType(card, 'Action.Execute');
const inputs = (card: Json) => allObjects(card).filter((o) => String(o.type).startsWith('Input.'));
const NEGATIVE_VERBS = ['abandon', 'reject', 'cancelAction'];

describe.each(requestViews())('%s card', (_name, view) => {
  const card = renderAdaptiveCard(view);

  it('is a valid 1.5 card within budget, no template leftovers, buttons per contract', () => {
    expect(cardProblems(card)).toEqual([]);
  });

  it('has a large bold title coloured by tone, directly followed by the warnings', () => {
    const blocks = body(card);
    const titleIndex = view.demo ? 1 : 0;
    if (view.demo) expect(String(blocks[0]?.text)).toMatch(/^DEMO DATA/);
    expect(blocks[titleIndex]).toMatchObject({ type: 'TextBlock', text: view.title, size: 'large', weight: 'bolder', color: view.tone });
    const next = blocks[titleIndex + 1];
    if (view.warnings.length > 0) {
      expect(next).toMatchObject({ type: 'Container', style: 'attention' });
      const warnings = next?.items as Json[];
      expect(warnings).toHaveLength(view.warnings.length);
      for (const warning of warnings) {
        expect(warning).toMatchObject({ type: 'TextBlock', color: 'attention', weight: 'bolder', wrap: true });
        expect(String(warning.text)).toMatch(/^⚠/);
      }
    } else {
      expect(objectsOfType(card, 'Container').some((c) => c.style === 'attention')).toBe(false);
    }
  });

  it('shows the facts as one FactSet and the timeline, if any, last', () => {
    const factSets = objectsOfType(card, 'FactSet');
    expect(factSets).toHaveLength(1);
    expect((factSets[0]?.facts as Json[]).map((f) => f.title)).toEqual(view.facts.map((f) => f.title));
    const last = body(card)[body(card).length - 1];
    if (view.timeline.length > 0) {
      const lines = (last?.items as Json[]).slice(1).map((t) => t.text);
      expect(lines).toEqual(view.timeline.map((e) => `${e.at} · ${e.text}`));
    }
  });

  it('puts the primary button first; only the negative and read-only buttons leave the inputs out', () => {
    const actions = executes(card);
    expect(actions.map((a) => a.verb)).toEqual([
      ...view.buttons.filter((b) => b.primary).map((b) => b.verb),
      ...view.buttons.filter((b) => !b.primary).map((b) => b.verb),
    ]);
    for (const action of actions) {
      const expected = NEGATIVE_VERBS.includes(String(action.verb)) || action.verb === 'status' ? 'none' : 'auto';
      expect(action.associatedInputs).toBe(expected);
      expect((action.fallback as Json).associatedInputs).toBe(expected);
    }
  });

  it('offers only https links as Action.OpenUrl', () => {
    const links = objectsOfType(card, 'Action.OpenUrl');
    expect(links.map((l) => l.title)).toEqual(view.links.map((l) => l.title));
    for (const link of links) expect(String(link.url)).toMatch(/^https:\/\//);
  });
});

describe('the stage line', () => {
  it.each([
    ['confirm', confirmRequestView(), 'Confirm before anything is sent'],
    ['approval', approvalRequestView(), 'Waiting for an approver'],
    ['status', pendingStatusView(), 'Status in Defender'],
  ] as const)('%s: says where the request stands, right after the warnings', (_stage, view, line) => {
    const blocks = body(renderAdaptiveCard(view));
    const stageIndex = blocks.findIndex((b) => b.text === line);
    expect(stageIndex).toBeGreaterThan(0);
    expect(blocks[stageIndex - 1]?.type === 'Container' || blocks[stageIndex - 1]?.size === 'large').toBe(true);
  });
});

describe('confirm card', () => {
  const card = renderAdaptiveCard(confirmRequestView());

  it('asks for the isolation type, preselected, with every option visible', () => {
    const choice = objectsOfType(card, 'Input.ChoiceSet');
    expect(choice).toEqual([
      {
        type: 'Input.ChoiceSet',
        id: 'isolationType',
        label: 'Isolation type',
        isRequired: true,
        errorMessage: 'Choose one of the options',
        placeholder: '',
        style: 'expanded',
        wrap: true,
        value: 'Full',
        choices: ISOLATION_CHOICES,
      },
    ]);
  });

  it('asks for a required, multi-line, bounded reason', () => {
    expect(objectsOfType(card, 'Input.Text')).toEqual([
      {
        type: 'Input.Text',
        id: 'reason',
        label: 'Reason',
        isRequired: true,
        errorMessage: 'A reason is required',
        placeholder: 'Ticket number and why, e.g. INC-1042: beaconing to a Tor exit node',
        maxLength: 500,
        isMultiline: true,
        value: '',
      },
    ]);
  });

  it('keeps the inputs in the order of the view, after the facts and before the buttons', () => {
    const order = allObjects(card)
      .map((o) => String(o.type))
      .filter((t) => ['FactSet', 'Input.ChoiceSet', 'Input.Text', 'ActionSet'].includes(t));
    expect(order).toEqual(['FactSet', 'Input.ChoiceSet', 'Input.Text', 'ActionSet']);
  });

  it('sends the inputs with "Isolate device" only, and lets "Cancel" through with the reason empty', () => {
    expect(executes(card).map((a) => [a.title, a.verb, a.associatedInputs])).toEqual([
      ['Isolate device', 'confirm', 'auto'],
      ['Cancel', 'abandon', 'none'],
    ]);
  });
});

describe('approval, status and final cards', () => {
  it('approval: Approve sends the inputs, Reject does not, and the card has no inputs of its own', () => {
    const card = renderAdaptiveCard(approvalRequestView());
    expect(executes(card).map((a) => [a.verb, a.associatedInputs])).toEqual([
      ['approve', 'auto'],
      ['reject', 'none'],
    ]);
    expect(inputs(card)).toEqual([]);
  });

  it('approval with a reason input: the reason is not required to reject', () => {
    const view = approvalRequestView({ inputs: [{ id: 'reason', label: 'Comment', kind: 'text', required: true }] });
    const card = renderAdaptiveCard(view);
    expect(objectsOfType(card, 'Input.Text')[0]).toMatchObject({ id: 'reason', isRequired: true });
    expect(executes(card).find((a) => a.verb === 'reject')?.associatedInputs).toBe('none');
  });

  it('pending status: a compact timeline of 5 entries at the bottom, and a cancel button', () => {
    const card = renderAdaptiveCard(pendingStatusView());
    const timeline = body(card)[body(card).length - 1];
    expect(timeline).toMatchObject({ type: 'Container', separator: true });
    const [heading, ...entries] = timeline?.items as Json[];
    expect(heading?.text).toBe('Timeline');
    expect(entries).toHaveLength(PENDING_TIMELINE.length);
    for (const entry of entries) expect(entry).toMatchObject({ type: 'TextBlock', size: 'small', spacing: 'none', wrap: true });
    expect(entries[0]?.text).toBe('08:47 UTC · Requested by j.doe@contoso.com (reason: INC-1042)');
    expect(executes(card).map((a) => [a.title, a.verb])).toEqual([
      ['Cancel isolation', 'cancelAction'],
      ['Refresh status', 'status'],
    ]);
  });

  it('final status: no buttons, no inputs, no DEMO DATA for live data, the outcome in the good colour', () => {
    const card = renderAdaptiveCard(succeededStatusView());
    expect(executes(card)).toEqual([]);
    expect(inputs(card)).toEqual([]);
    expect(markdownTexts(card).some((t) => t.includes('DEMO DATA'))).toBe(false);
    expect(body(card)[0]).toMatchObject({ text: 'Isolation of ws-fin-017: Succeeded', color: 'good' });
    expect(markdownTexts(card)).toContain('08:58 UTC · Status: Succeeded, ws-fin-017 is isolated');
    expect(objectsOfType(card, 'ActionSet').flatMap((s) => (s.actions as Json[]).map((a) => a.type))).toEqual(['Action.OpenUrl']);
  });

  it('a final status without links has no ActionSet at all', () => {
    const card = renderAdaptiveCard(succeededStatusView({ links: [] }));
    expect(cardProblems(card)).toEqual([]);
    expect(objectsOfType(card, 'ActionSet')).toEqual([]);
  });

  it('shows DEMO DATA first in demo mode', () => {
    const card = renderAdaptiveCard(pendingStatusView({ demo: true }));
    expect(String(body(card)[0]?.text)).toMatch(/^DEMO DATA/);
    expect(String(card.fallbackText)).toMatch(/^DEMO DATA\. Isolation of ws-fin-017/);
  });
});
