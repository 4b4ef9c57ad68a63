import { Template } from 'adaptivecards-templating';
import { escapeView } from '../../src/cards/adaptive/escape-view';
import { expandCardTemplate } from '../../src/cards/adaptive/expand-template';
import { cardDataOf } from '../../src/cards/adaptive/render-view';
import { TEMPLATES } from '../../src/cards/adaptive/templates';
import type { AnswerView, ItemView } from '../../src/cards/view-models';
import { actionsView, helpView, hugeLookupView, huntView, lookupView, messageViews } from './fixtures';
import { hostileIncidentView, incidentView, incidentViews } from './incident-fixtures';
import { requestViews } from './request-fixtures';

/*
 * The cards are expanded by our own small expander (the templating library spent most of a lookup's CPU). It must
 * give exactly what adaptivecards-templating gives for the same template and data, hostile data included.
 */

const HOSTILE = ['${title}', '${$root.secret}', '${json($root)}', '$when', '{"$data":"${items}"}', '⚠️ ${text}', '$&$1$$', '\u202Eexe.pdf', ''];

function hostileItem(text: string, i: number): ItemView {
  return {
    title: text,
    subtitle: text || undefined,
    tone: 'warning',
    facts: [{ title: text || 'x', value: text }],
    links: [],
    buttons: [{ title: text || 'b', verb: 'isolate', requestId: `r:abcdefgh${i}.sig` }],
  };
}

function views(): Array<[string, AnswerView]> {
  const hostile = HOSTILE.map((t, i) => hostileItem(t, i));
  return [
    ['lookup', lookupView()],
    ['lookup, huge', hugeLookupView(6, 30)],
    [
      'lookup, hostile',
      lookupView({
        notice: HOSTILE.join(' '),
        indicators: lookupView().indicators.map((ind) => ({ ...ind, headline: HOSTILE[0]!, sections: ind.sections.map((s) => ({ ...s, items: hostile })) })),
      }),
    ],
    ['lookup, empty', lookupView({ indicators: [] })],
    ['hunt', huntView()],
    ['hunt, hostile', huntView({ query: HOSTILE.join('\n'), columns: HOSTILE.map((h, i) => h || `c${i}`), rows: [HOSTILE, HOSTILE] })],
    ['hunt, no rows', huntView({ rows: [], next: undefined, previous: undefined })],
    ['actions', actionsView()],
    ['actions, hostile', actionsView({ title: HOSTILE[1]!, items: hostile })],
    ['help', helpView()],
    ['help, hostile', helpView({ reason: HOSTILE.join(' '), commands: HOSTILE.map((h) => ({ usage: h || 'u', description: h })) })],
    ...messageViews().map((m, i): [string, AnswerView] => [`message ${i}`, m]),
    ...requestViews().map(([name, v]): [string, AnswerView] => [`request ${name}`, v]),
    [
      'request, hostile',
      {
        ...requestViews()[0]![1],
        title: HOSTILE[0]!,
        warnings: HOSTILE,
        facts: HOSTILE.map((h) => ({ title: h || 't', value: h })),
        timeline: HOSTILE.map((h) => ({ at: '08:00', text: h })),
      },
    ],
    ...incidentViews(),
    ['incident, hostile', hostileIncidentView()],
    [
      'incident, hostile expressions',
      incidentView({
        title: HOSTILE[0]!,
        headline: HOSTILE[1]!,
        scope: HOSTILE[2]!,
        tags: HOSTILE,
        alerts: hostile,
        comments: HOSTILE.map((h) => ({ at: h, by: h, text: h })),
      }),
    ],
  ];
}

describe('the card expander matches adaptivecards-templating', () => {
  it.each(views())('%s', (_name, view) => {
    const { kind, data } = cardDataOf(escapeView(view));
    const template = TEMPLATES[kind];
    const expected = new Template(template).expand({ $root: data });
    expect(expandCardTemplate(template, data as unknown as Record<string, unknown>)).toEqual(expected);
  });

  it('keeps an unknown binding as written, drops $when elements that are not true, repeats $data per item', () => {
    const template = {
      body: [{ $when: '${show}', text: 'a' }, { $when: '${missing}', text: 'b' }, { $data: '${rows}', text: '${name}: ${n}' }, { text: '${nope}' }],
    };
    const data = {
      show: true,
      rows: [
        { name: 'x', n: 1 },
        { name: 'y', n: 2 },
      ],
    };
    const ours = expandCardTemplate(template, data);
    expect(ours).toEqual({ body: [{ text: 'a' }, { text: 'x: 1' }, { text: 'y: 2' }, { text: '${nope}' }] });
    expect(ours).toEqual(new Template(template).expand({ $root: data }));
  });
});
