import { renderAdaptiveCard } from '../../src/cards/adaptive';
import { renderBlockKit } from '../../src/cards/blockkit';
import type { LookupView } from '../../src/cards/view-models';
import { messageProblems, mrkdwnTexts, viewRequestIds } from './blockkit/slack-limits';
import { cardProblems } from './card-checks';
import { type Json, shownTexts } from './card-walk';
import { lookupView } from './fixtures';
import type { SectionError } from '../../src/defender/lookup/types';
import { failingView, GRAPH_THROTTLED, HUNTING_400, MDE_403, oneSourceView, partialView, twoSourcesView } from './problem-fixtures';

/*
 * A failure shared by several sections is said once, near the top, in words, with what it left out and what to do;
 * the sections only point to it. The same on Teams and on Slack.
 */

function adaptiveLines(view: LookupView): string[] {
  const card = renderAdaptiveCard(view);
  expect(cardProblems(card)).toEqual([]);
  return shownTexts(card);
}

function slackLines(view: LookupView): string[] {
  const message = renderBlockKit(view);
  expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
  return mrkdwnTexts(message.blocks).flatMap((text) => text.split('\n'));
}

const count = (lines: string[], part: string) => lines.filter((line) => line.includes(part)).length;

/** Adaptive lines are plain text; Slack's carry our bold marks. */
const RENDERERS: Array<[string, (view: LookupView) => string[], (text: string) => string]> = [
  ['Teams', adaptiveLines, (text) => text],
  ['Slack', slackLines, (text) => text.replace(/\*/g, '')],
];

describe.each(RENDERERS)('%s', (_name, lines, plain) => {
  it('two indicators, five sections failing for one source: the cause once, what it left out, when to retry', () => {
    const shown = lines(oneSourceView()).map(plain);
    expect(count(shown, HUNTING_400.message)).toBe(1);
    expect(shown).toContain(`⚠️ Advanced hunting: ${HUNTING_400.message}`);
    expect(shown).toContain('Missing: Incidents, Alerts, Devices, E-mails and Hunting for both indicators.');
    expect(shown).toContain('Retry in 40 s (after 08:47:40 UTC).');
    // Each indicator points to it in one line instead of five.
    expect(
      shown.filter((line) => line.includes('Not read: Incidents, Alerts, Devices, E-mails and Hunting (advanced hunting failed, see above)')),
    ).toHaveLength(2);
  });

  it('two different sources: two messages, each once, the missing permission in words', () => {
    const shown = lines(twoSourcesView()).map(plain);
    expect(count(shown, HUNTING_400.message)).toBe(1);
    expect(count(shown, MDE_403.message)).toBe(1);
    expect(shown).toContain('Missing: Devices for 185.220.101.47.');
    expect(shown).toContain('Missing: E-mails and Hunting for both indicators.');
    expect(shown).toContain("Missing permission: Machine.Read.All. An admin grants it to the bot's app registration.");
    expect(shown.filter((line) => line.includes('Not read: Devices (Defender for Endpoint devices failed, see above)'))).toHaveLength(1);
    expect(shown.filter((line) => line.includes('Not read: E-mails and Hunting (advanced hunting failed, see above)'))).toHaveLength(2);
  });

  it("Graph's long 403 (every role that would do, then the bot's sentence cut off): the missing permissions still get their line", () => {
    const graph403: SectionError = {
      kind: 'forbidden',
      source: 'Microsoft Graph alerts',
      message: `Microsoft Graph (get alert) was refused (403): Missing application roles. API required roles: SecurityAlert.Read.All,SecurityAlert.ReadWrite.All,SecurityIncident.Read.All,SecurityIncident.ReadWrite.All, application roles: ${Array.from({ length: 30 }, (_, n) => `Some.Other${n}.Read.All`).join(',')}. Missing permission: SecurityAlert.Read.All or SecurityIncident.Read.All. Grant the Microsoft Graph application permission SecurityAlert.Read.All.`,
      missingPermissions: ['SecurityAlert.Read.All', 'SecurityIncident.Read.All'],
    };
    const shown = lines(failingView(graph403)).map(plain);
    expect(shown).toContain("Missing permission: SecurityAlert.Read.All or SecurityIncident.Read.All. An admin grants it to the bot's app registration.");
  });

  it('partial sections: said incomplete, and why once; a message that names its source and retry is not repeated', () => {
    const shown = lines(partialView()).map(plain);
    expect(shown).toContain('Incomplete: E-mails for both indicators.');
    expect(count(shown, HUNTING_400.message)).toBe(1);
    // The e-mail found is still listed; the section says it is incomplete and points up.
    expect(shown.some((line) => line.includes('Invoice 4471 overdue'))).toBe(true);
    expect(shown.filter((line) => line.includes('Incomplete (advanced hunting failed, see above)'))).toHaveLength(1);
    expect(shown.filter((line) => line.includes('Incomplete: E-mails (advanced hunting failed, see above)'))).toHaveLength(1);
    // "Microsoft Graph alerts is throttled...: retry after ..." already says the source and the retry time.
    expect(shown).toContain(`⚠️ ${GRAPH_THROTTLED.message}`);
    expect(shown.filter((line) => line.startsWith('Retry'))).toEqual(['Retry in 40 s (after 08:47:40 UTC).']);
  });

  it('a section whose failure the card does not list still says its cause on its own line', () => {
    const view = lookupView({ problems: undefined });
    expect(
      lines(view)
        .map(plain)
        .some((line) => line.includes('Hunting: DeviceNetworkEvents: throttled by Microsoft, retry in 40 s')),
    ).toBe(true);
  });

  it('names up to three indicators of a failure that touched some of them, and counts the rest', () => {
    const values = ['a.example', 'b.example', 'c.example', 'd.example', 'e.example'];
    const base = lookupView();
    const indicator = base.indicators[0]!;
    const view = lookupView({
      problems: [
        { source: 'advanced hunting', message: HUNTING_400.message, effects: [{ kind: 'missing', sections: ['E-mails'], indicators: values.slice(0, 4) }] },
      ],
      indicators: values.map((value) => ({
        ...indicator,
        value,
        sections: [{ title: 'E-mails', status: 'error', error: HUNTING_400.message, items: [], problem: 0 }],
      })),
    });
    expect(lines(view).map(plain)).toContain('Missing: E-mails for 4 of 5 indicators: a.example, b.example, c.example and 1 more.');
  });
});

describe('problems on the Adaptive Card', () => {
  it('sit in one warning container right after the verdict, before the first indicator', () => {
    const body = renderAdaptiveCard(twoSourcesView()).body as Json[];
    const index = body.findIndex((element) => element.id === 'problems');
    expect(body[index]).toMatchObject({ type: 'Container', style: 'warning' });
    expect((body[index]?.items as Json[]).length).toBe(2);
    expect(body.slice(0, index).some((element) => element.type === 'Container')).toBe(false);
  });
});

describe('many or huge problems', () => {
  const huge = 'Дефендер отказал 🚨 '.repeat(100);
  function manyProblems(): LookupView {
    const base = lookupView();
    const indicators = Array.from({ length: 12 }, (_, i) => ({
      ...base.indicators[0]!,
      value: `${i}.example.com/${'p/'.repeat(100)}`,
      sections: Array.from({ length: 10 }, (_, s) => ({ title: `Section ${s}`, status: 'error' as const, error: `cause ${s}`, items: [], problem: s })),
    }));
    const problems = Array.from({ length: 10 }, (_, p) => ({
      source: `source ${p} ${huge}`,
      message: `${huge} ${p}`,
      effects: Array.from({ length: 8 }, (_, e) => ({
        kind: 'missing' as const,
        sections: Array.from({ length: 15 }, (_, s) => `Section ${s} ${huge}`),
        indicators: indicators.slice(e).map((i) => i.value),
      })),
      retryAt: '2025-06-02T08:50:00.000Z',
      missingPermissions: Array.from({ length: 20 }, (_, n) => `Permission.${n}.${huge}`),
    }));
    return lookupView({ problems, indicators });
  }

  it.each(RENDERERS)('%s: at most six problems, each bounded, within the limits', (name) => {
    const view = manyProblems();
    if (name === 'Teams') {
      const card = renderAdaptiveCard(view);
      expect(cardProblems(card)).toEqual([]);
      const problems = (card.body as Json[]).find((e) => e.id === 'problems');
      expect((problems?.items as Json[]).length).toBe(6);
      // A section whose problem is not among them says its own cause (one short indicator, so its body fits).
      const one = renderAdaptiveCard({ ...view, indicators: [{ ...view.indicators[0]!, value: '1.2.3.4' }] });
      expect(shownTexts(one).some((line) => line.endsWith(': cause 7'))).toBe(true);
      expect(shownTexts(one).some((line) => line.endsWith(': cause 2'))).toBe(false);
    } else {
      const message = renderBlockKit(view);
      expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
      const texts = mrkdwnTexts(message.blocks);
      expect(texts.filter((t) => t.startsWith('⚠️ *Source'))).toHaveLength(6);
    }
  });

  it('counts the indicators of the lines it leaves off', () => {
    const lines = adaptiveLines(lookupView({ problems: manyProblems().problems!.slice(0, 1), indicators: manyProblems().indicators.slice(0, 1) }));
    expect(lines.some((line) => /^Other sections of \d+ more indicators too: each says so below\.$/.test(line))).toBe(true);
  });
});
