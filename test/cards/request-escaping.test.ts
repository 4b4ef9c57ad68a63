import { CARD_BUDGET_BYTES, renderAdaptiveCard } from '../../src/cards/adaptive';
import { MAX_TIMELINE_ENTRIES, MAX_WARNINGS } from '../../src/cards/adaptive/limits';
import type { InputView, RequestView } from '../../src/cards/view-models';
import { cardProblems } from './card-checks';
import { allStrings, byteSize, type Json, objectsOfType, shownTexts } from './card-walk';
import { confirmRequestView, isolationTypeInput, pendingStatusView, reasonInput } from './request-fixtures';

/*
 * Device names, file names, facts and timeline texts come from Defender and can be chosen by an attacker; the
 * inputs' texts are shown by Teams as plain text. Either way nothing on the card may format, link, mention or read
 * as a template, nothing gets an escape character, and what goes back to the server (input ids, choice values,
 * button data) is checked.
 */

const LINKED_DEVICE = '[ws-042](https://evil.example/approve)';
const TEMPLATE = '${$root.secret} ${json($root)}';
const MENTION = '<at>Security Admins</at>';
const HIDDEN = 'line1\nline2\u202Eexe\u200B\u0000';

function hostileRequest(): RequestView {
  return confirmRequestView({
    title: `Isolate ${LINKED_DEVICE}? ${TEMPLATE}`,
    facts: [
      { title: 'Device', value: LINKED_DEVICE },
      { title: TEMPLATE, value: MENTION },
      { title: '# heading', value: HIDDEN },
    ],
    warnings: [`${MENTION} ${LINKED_DEVICE} is excluded`, `- ${TEMPLATE}`, HIDDEN],
    inputs: [
      isolationTypeInput({
        label: `Type for ${LINKED_DEVICE} ${TEMPLATE}`,
        choices: [
          { title: `Full ${MENTION}`, value: 'Full' },
          { title: `Selective ${TEMPLATE}`, value: 'Selective' },
        ],
      }),
      reasonInput({ label: `Why ${MENTION}? ${HIDDEN}`, placeholder: TEMPLATE, value: `${TEMPLATE} ${HIDDEN}` }),
    ],
    timeline: [{ at: TEMPLATE, text: `Requested by ${MENTION} for ${LINKED_DEVICE}` }],
  });
}

describe('hostile strings on a request card', () => {
  const card = renderAdaptiveCard(hostileRequest());
  const texts = shownTexts(card);

  it('is still valid, within budget, with no template expression anywhere, nothing in Markdown but fixed phrases', () => {
    expect(cardProblems(card)).toEqual([]);
    expect(allStrings(card).filter((s) => s.includes('${'))).toEqual([]);
  });

  it('shows the device name exactly as written, in TextRuns (never Markdown), in the title, facts, warnings and timeline', () => {
    expect(texts).toContain('Device: [ws-042](https://evil.example/approve)');
    expect(texts).toContain('Isolate [ws-042](https://evil.example/approve)? ${$root.secret} ${json($root)}');
    expect(texts).toContain('⚠️ <at>Security Admins</at> [ws-042](https://evil.example/approve) is excluded');
    expect(texts).toContain('⚠️ - ${$root.secret} ${json($root)}');
    expect(texts).toContain('# heading: line1 line2\uFFFDexe');
    expect(texts).toContain('${$root.secret} ${json($root)} · Requested by <at>Security Admins</at> for [ws-042](https://evil.example/approve)');
    expect(allStrings(card).filter((s) => s.includes('\\'))).toEqual([]);
  });

  it('keeps every text on one line, without control, bidi or invisible characters', () => {
    const hidden = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF]/;
    expect(allStrings(card).filter((s) => hidden.test(s))).toEqual([]);
  });

  it('shows input labels, placeholders, choices and values as plain text: as written but "${", no backslashes', () => {
    const [choice] = objectsOfType(card, 'Input.ChoiceSet');
    const [reason] = objectsOfType(card, 'Input.Text');
    expect(choice?.label).toBe('Type for [ws-042](https://evil.example/approve) $ {$root.secret} $ {json($root)}');
    expect(choice?.choices).toEqual([
      { title: 'Full <at>Security Admins</at>', value: 'Full' },
      { title: 'Selective $ {$root.secret} $ {json($root)}', value: 'Selective' },
    ]);
    // Radio buttons label their choices through Markdown in the adaptivecards renderer: choices that would format
    // there are offered in a drop-down, whose options are plain text.
    expect(choice?.style).toBe('compact');
    expect(reason).toMatchObject({
      label: 'Why <at>Security Admins</at>? line1 line2\uFFFDexe',
      placeholder: '$ {$root.secret} $ {json($root)}',
      value: '$ {$root.secret} $ {json($root)} line1 line2\uFFFDexe',
    });
  });

  it('keeps the button data free of any text', () => {
    for (const action of objectsOfType(card, 'Action.Execute')) expect(Object.keys(action.data as Json)).toEqual(['requestId']);
  });
});

describe('what goes back to the server is checked', () => {
  const render = (inputs: InputView[]) => renderAdaptiveCard(confirmRequestView({ inputs }));
  const ids = (card: Json) => [...objectsOfType(card, 'Input.Text'), ...objectsOfType(card, 'Input.ChoiceSet')].map((i) => i.id);

  it('drops an input whose id is not one the server reads (it would overwrite the button data)', () => {
    const card = render([reasonInput({ id: 'requestId' as never }), reasonInput({ id: 'verb' as never }), reasonInput()]);
    expect(ids(card)).toEqual(['reason']);
  });

  it('keeps the first of two inputs with one id', () => {
    const card = render([reasonInput({ label: 'First' }), reasonInput({ label: 'Second' })]);
    expect(objectsOfType(card, 'Input.Text').map((i) => i.label)).toEqual(['First']);
  });

  it('drops choices with unsafe values, and a preselection that is not one of the choices', () => {
    const choices = [
      { title: 'Template', value: '${x}' },
      { title: 'Comma', value: 'Full,Selective' },
      { title: 'Selective', value: 'Selective' },
    ];
    const card = render([isolationTypeInput({ choices, value: 'Full' })]);
    const [choice] = objectsOfType(card, 'Input.ChoiceSet');
    expect(choice?.choices).toEqual([{ title: 'Selective', value: 'Selective' }]);
    expect(choice?.value).toBe('');
    expect(cardProblems(card)).toEqual([]);
  });

  it('drops a choice input with no valid choice, and uses a drop-down for long lists', () => {
    expect(ids(render([isolationTypeInput({ choices: [{ title: 'x', value: 'a b' }] })]))).toEqual([]);
    const many = Array.from({ length: 8 }, (_, i) => ({ title: `${i + 1} days`, value: String(i + 1) }));
    const card = render([isolationTypeInput({ id: 'expiryDays', choices: many, value: '7' })]);
    expect(objectsOfType(card, 'Input.ChoiceSet')[0]).toMatchObject({ style: 'compact', value: '7' });
  });

  it('bounds the length of a text input, and labels an input whose label is blank', () => {
    const card = render([reasonInput({ maxLength: 1e9, label: ' \u200B ' }), { id: 'scanType', label: '', kind: 'text', required: false }]);
    expect(objectsOfType(card, 'Input.Text').map((i) => [i.label, i.maxLength, i.isRequired, i.isMultiline])).toEqual([
      ['Reason', 2000, true, true],
      ['Scan type', 500, false, false],
    ]);
  });

  it('drops buttons with a malformed request id, keeping the others', () => {
    const card = renderAdaptiveCard(
      pendingStatusView({
        buttons: [
          { title: 'Cancel', verb: 'cancelAction', requestId: '${$root}' },
          { title: 'Refresh', verb: 'status', requestId: 'rq-1' },
        ],
      }),
    );
    expect(objectsOfType(card, 'Action.Execute').map((a) => a.title)).toEqual(['Refresh']);
  });
});

describe('the budget of a request card', () => {
  const long = (n: number) => `${n}: ${'Подозрительная активность 財務部 🚨 '.repeat(20)}`;

  it('keeps the latest timeline entries (the cap, then the budget) and says how many earlier ones are not shown', () => {
    const timeline = Array.from({ length: 200 }, (_, i) => ({ at: `08:${String(i % 60).padStart(2, '0')} UTC`, text: long(i) }));
    const card = renderAdaptiveCard(pendingStatusView({ timeline }));
    expect(cardProblems(card)).toEqual([]);
    const entries = ((card.body as Json[]).at(-1)?.items as Json[]).slice(1);
    const [notShown, ...lines] = shownTexts(entries);
    expect(lines.length).toBeLessThanOrEqual(MAX_TIMELINE_ENTRIES);
    expect(lines.length).toBeGreaterThan(0);
    expect(notShown).toBe(`${200 - lines.length} earlier entries not shown`);
    expect(lines.at(-1)).toContain('199: ');
  });

  it('then cuts the last facts, never the warnings, inputs or buttons', () => {
    const facts = Array.from({ length: 30 }, (_, i) => ({ title: `Fact ${i}`, value: long(i) }));
    const warnings = Array.from({ length: 12 }, (_, i) => `Warning ${i}: ${'excluded device '.repeat(10)}`);
    const timeline = [{ at: '08:47 UTC', text: long(0) }];
    const card = renderAdaptiveCard(confirmRequestView({ facts, warnings, timeline }));
    expect(cardProblems(card)).toEqual([]);
    expect(byteSize(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const shownFacts = shownTexts(card).filter((t) => /^Fact \d+: /.test(t)).length;
    expect(shownFacts).toBeLessThan(30);
    const hiddenFacts = 30 - shownFacts;
    expect(shownTexts(card)).toContain(`${hiddenFacts} more ${hiddenFacts === 1 ? 'fact' : 'facts'} not shown`);
    expect(shownTexts(card)).toContain('1 earlier entry not shown');
    const warningTexts = shownTexts(card).filter((t) => t.startsWith('⚠'));
    expect(warningTexts).toHaveLength(MAX_WARNINGS + 1);
    expect(warningTexts.at(-1)).toBe('⚠️ 2 more warnings not shown: open the request in Defender');
    expect(objectsOfType(card, 'Input.Text')).toHaveLength(1);
    expect(objectsOfType(card, 'Input.ChoiceSet')).toHaveLength(1);
    expect(objectsOfType(card, 'Action.Execute').map((a) => a.verb)).toEqual(['confirm', 'abandon']);
  });

  it('becomes a short message without buttons when the warnings and inputs alone do not fit', () => {
    const warnings = Array.from({ length: 10 }, () => '🚨'.repeat(300));
    const choices = Array.from({ length: 20 }, (_, i) => ({ title: '🚨'.repeat(80), value: `v${i}` }));
    const ids = ['isolationType', 'scanType', 'indicatorAction', 'expiryDays'] as const;
    const inputs = ids.map((id) => isolationTypeInput({ id, choices, value: 'v0' }));
    const card = renderAdaptiveCard(confirmRequestView({ warnings, inputs }));
    expect(cardProblems(card)).toEqual([]);
    expect(objectsOfType(card, 'Action.Execute')).toEqual([]);
    expect(shownTexts(card).join(' ')).toContain('too large for a card');
  });
});
