import { renderAdaptiveCard } from '../../src/cards/adaptive';
import { renderBlockKit } from '../../src/cards/blockkit';
import { cardProblems } from './card-checks';
import { allObjects, type Json, objectsOfType, richText, shownText, shownTexts, textRuns } from './card-walk';
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
/** The lines of the request's facts: the RichTextBlocks of the Container after the stage line. */
const factLines = (card: Json) =>
  objectsOfType(card, 'Container')
    .filter((c) => (c.items as Json[]).every((i) => i.type === 'RichTextBlock' && i.spacing === 'none'))
    .flatMap((c) => c.items as Json[]);

describe.each(requestViews())('%s card', (_name, view) => {
  const card = renderAdaptiveCard(view);

  it('is a valid 1.5 card within budget, no template leftovers, buttons per contract', () => {
    expect(cardProblems(card)).toEqual([]);
  });

  it('has a large bold title coloured by tone, directly followed by the warnings', () => {
    const blocks = body(card);
    const titleIndex = view.demo ? 1 : 0;
    if (view.demo) expect(String(blocks[0]?.text)).toMatch(/^DEMO DATA/);
    expect(blocks[titleIndex]?.type).toBe('RichTextBlock');
    expect(shownText(blocks[titleIndex])).toBe(view.title);
    const tone = view.tone === 'default' ? {} : { color: view.tone };
    expect(textRuns(blocks[titleIndex] ?? {})[0]).toEqual({ type: 'TextRun', text: view.title, size: 'large', weight: 'bolder', ...tone });
    const next = blocks[titleIndex + 1];
    if (view.warnings.length > 0) {
      expect(next).toMatchObject({ type: 'Container', style: 'attention' });
      const warnings = next?.items as Json[];
      expect(warnings).toHaveLength(view.warnings.length);
      for (const warning of warnings) {
        expect(warning.type).toBe('RichTextBlock');
        for (const run of textRuns(warning)) expect(run).toMatchObject({ color: 'attention', weight: 'bolder' });
        expect(richText(warning)).toMatch(/^⚠/);
      }
    } else {
      expect(objectsOfType(card, 'Container').some((c) => c.style === 'attention')).toBe(false);
    }
  });

  it('shows each fact on a line of its own (title in bold), and the timeline, if any, last', () => {
    expect(objectsOfType(card, 'FactSet')).toEqual([]);
    const lines = factLines(card);
    expect(lines.map(richText)).toEqual(view.facts.map((f) => `${f.title}: ${f.value}`));
    for (const line of lines) expect(textRuns(line)[0]).toMatchObject({ weight: 'bolder' });
    const last = body(card)[body(card).length - 1];
    if (view.timeline.length > 0) {
      const entries = (last?.items as Json[]).slice(1).map(shownText);
      expect(entries).toEqual(view.timeline.map((e) => `${e.at} · ${e.text}`));
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
    const stageIndex = blocks.findIndex((b) => shownText(b) === line);
    expect(stageIndex).toBeGreaterThan(0);
    const before = blocks[stageIndex - 1];
    expect(before?.type === 'Container' || textRuns(before ?? {})[0]?.size === 'large').toBe(true);
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
    const firstFact = factLines(card)[0];
    const order = allObjects(card)
      .map((o) => (o === firstFact ? 'facts' : String(o.type)))
      .filter((t) => ['facts', 'Input.ChoiceSet', 'Input.Text', 'ActionSet'].includes(t));
    expect(order).toEqual(['facts', 'Input.ChoiceSet', 'Input.Text', 'ActionSet']);
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
    for (const entry of entries) {
      expect(entry).toMatchObject({ type: 'RichTextBlock', spacing: 'none' });
      expect(textRuns(entry)[0]).toMatchObject({ size: 'small' });
    }
    expect(shownText(entries[0])).toBe('08:47 UTC · Requested by j.doe@contoso.com (reason: INC-1042)');
    expect(executes(card).map((a) => [a.title, a.verb])).toEqual([
      ['Cancel isolation', 'cancelAction'],
      ['Refresh status', 'status'],
    ]);
  });

  it('final status: no buttons, no inputs, no DEMO DATA for live data, the outcome in the good colour', () => {
    const card = renderAdaptiveCard(succeededStatusView());
    expect(executes(card)).toEqual([]);
    expect(inputs(card)).toEqual([]);
    expect(shownTexts(card).some((t) => t.includes('DEMO DATA'))).toBe(false);
    expect(shownText(body(card)[0])).toBe('Isolation of ws-fin-017: Succeeded');
    expect(textRuns(body(card)[0] ?? {})[0]).toMatchObject({ color: 'good' });
    expect(shownTexts(card)).toContain('08:58 UTC · Status: Succeeded, ws-fin-017 is isolated');
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

describe('the personal view (Teams refresh)', () => {
  const button = { title: 'Show my confirmation', verb: 'confirm' as const, requestId: 'rq_personal.sig' };

  it("asks the listed users' Teams clients to fetch their own view: refresh with Action.Execute, verb, requestId and userIds", () => {
    const card = renderAdaptiveCard(approvalRequestView({ personal: { userIds: ['29:1aBc-requester', '29:1xYz-second'], button } }));
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'confirm', data: { requestId: 'rq_personal.sig' } },
      userIds: ['29:1aBc-requester', '29:1xYz-second'],
    });
    // Valid against the 1.5 schema (refresh came with 1.4), and not a button: no ActionSet, no Submit fallback.
    expect(cardProblems(card)).toEqual([]);
    const buttons = objectsOfType(card, 'ActionSet').flatMap((set) => set.actions as Json[]);
    expect(buttons.map((b) => b.verb)).not.toContain('confirm');
  });

  it('lists each well-formed user id once, at most 60, and leaves refresh out when none is left', () => {
    const many = Array.from({ length: 75 }, (_, i) => `29:1user-${i}`);
    const card = renderAdaptiveCard(approvalRequestView({ personal: { userIds: ['${$root}', 'a b', '29:1user-0', ...many], button } }));
    expect((card.refresh as Json).userIds).toEqual(many.slice(0, 60));
    expect(renderAdaptiveCard(approvalRequestView({ personal: { userIds: ['${x}', '<at>x</at>', ''], button } })).refresh).toBeUndefined();
  });

  it('leaves refresh out when the button is not well formed, and when there is no personal view', () => {
    const bad = { ...button, requestId: 'a b' };
    expect(renderAdaptiveCard(approvalRequestView({ personal: { userIds: ['29:1aBc'], button: bad } })).refresh).toBeUndefined();
    expect(renderAdaptiveCard(approvalRequestView()).refresh).toBeUndefined();
  });

  it('is ignored by Slack, which has no per-user view of a message', () => {
    const view = approvalRequestView();
    const personal = { ...view, personal: { userIds: ['29:1aBc'], button } };
    expect(renderBlockKit(personal)).toEqual(renderBlockKit(view));
  });
});
