import { buildLookupView } from '../../src/core/lookup-view';
import type { LookupResult, Section, SectionError, TargetFindings } from '../../src/defender/lookup/types';
import { GENERATED_AT, GRAPH_THROTTLED, HUNTING_400, MDE_403, oneSourceView, partialView, twoSourcesView } from '../cards/problem-fixtures';

/*
 * A failure shared by several sections is one problem of the view, with everything it left out; the sections point
 * to it by index. (The lookup service fills SectionError.source; these fixtures stand in for it.)
 */

const none = <T>(): Section<T> => ({ status: 'ok', items: [] });
const failed = <T>(error: SectionError): Section<T> => ({ status: 'error', error, items: [] });

function findings(value: string, overrides: Partial<TargetFindings> = {}): TargetFindings {
  return {
    target: { type: 'ipv4', value },
    incidents: none(),
    alerts: none(),
    assigned: { status: 'notApplicable' },
    devices: none(),
    files: { status: 'notApplicable' },
    prevalence: { status: 'notApplicable' },
    emails: none(),
    hunting: none(),
    cached: false,
    ...overrides,
  };
}

function build(all: TargetFindings[], options: { onlySection?: string } = {}) {
  const result: LookupResult = { findings: all, demo: false, generatedAt: GENERATED_AT };
  return buildLookupView(result, { actions: { deviceIsolation: true, fileQuarantine: true }, mint: (verb) => `rq-${verb}`, ...options });
}

describe('problems of a lookup view', () => {
  it('two indicators, five sections failing for one source: one problem, the sections pointing to it', () => {
    const view = oneSourceView();
    expect(view.problems).toEqual([
      {
        source: 'advanced hunting',
        message: HUNTING_400.message,
        effects: [{ kind: 'missing', sections: ['Incidents', 'Alerts', 'Devices', 'E-mails', 'Hunting'], indicators: ['185.220.101.47', '198.51.100.77'] }],
        retryAt: '2025-06-02T08:47:40.000Z',
        retryAfterSeconds: 40,
      },
    ]);
    const failedSections = view.indicators.flatMap((i) => i.sections).filter((s) => s.status === 'error');
    expect(failedSections).toHaveLength(10);
    for (const section of failedSections) expect(section).toMatchObject({ problem: 0, error: HUNTING_400.message });
  });

  it('two sources: two problems, in the order met, each with the sections and indicators it affected', () => {
    const view = twoSourcesView();
    // Devices come before E-mails on the card, so the Defender for Endpoint failure is met first.
    expect(view.problems?.map((p) => [p.source, p.effects])).toEqual([
      ['Defender for Endpoint devices', [{ kind: 'missing', sections: ['Devices'], indicators: ['185.220.101.47'] }]],
      ['advanced hunting', [{ kind: 'missing', sections: ['E-mails', 'Hunting'], indicators: ['185.220.101.47', '198.51.100.77'] }]],
    ]);
    expect(view.problems?.[0]?.missingPermissions).toEqual(['Machine.Read.All']);
    const devices = view.indicators[0]?.sections.find((s) => s.title === 'Devices');
    expect(devices).toMatchObject({ status: 'error', problem: 0 });
    expect(view.indicators[1]?.sections.find((s) => s.title === 'E-mails')).toMatchObject({ status: 'error', problem: 1 });
  });

  it('partial sections: "incomplete" effects, the section keeps its items and says why', () => {
    const view = partialView();
    const hunting = view.problems?.find((p) => p.source === 'advanced hunting');
    expect(hunting?.effects).toEqual([{ kind: 'incomplete', sections: ['E-mails'], indicators: ['185.220.101.47', '198.51.100.77'] }]);
    const [first, second] = view.indicators.map((i) => i.sections.find((s) => s.title === 'E-mails'));
    expect(first).toMatchObject({ status: 'ok', partial: HUNTING_400.message, problem: view.problems?.indexOf(hunting!) });
    expect(first?.items).toHaveLength(1);
    expect(second).toMatchObject({ status: 'empty', partial: HUNTING_400.message });
  });

  it('groups indicators by the sections a failure affected for them', () => {
    const view = build([
      findings('a.example', { alerts: failed(GRAPH_THROTTLED), incidents: failed(GRAPH_THROTTLED) }),
      findings('b.example', { alerts: failed(GRAPH_THROTTLED) }),
      findings('c.example', { alerts: failed(GRAPH_THROTTLED), incidents: failed(GRAPH_THROTTLED) }),
    ]);
    expect(view.problems?.[0]?.effects).toEqual([
      { kind: 'missing', sections: ['Incidents', 'Alerts'], indicators: ['a.example', 'c.example'] },
      { kind: 'missing', sections: ['Alerts'], indicators: ['b.example'] },
    ]);
  });

  it('keeps the latest retry time and every missing permission, compared case-insensitively', () => {
    const early = { ...HUNTING_400, retryAt: '2025-06-02T08:47:10.000Z', missingPermissions: ['ThreatHunting.Read.All'] };
    const late = { ...HUNTING_400, retryAt: '2025-06-02T08:49:00.000Z', missingPermissions: ['threathunting.read.all', 'Url.Read.All'] };
    const view = build([findings('a.example', { emails: failed(early), hunting: failed(late) })]);
    expect(view.problems).toHaveLength(1);
    expect(view.problems?.[0]).toMatchObject({
      retryAt: '2025-06-02T08:49:00.000Z',
      retryAfterSeconds: 120,
      missingPermissions: ['ThreatHunting.Read.All', 'Url.Read.All'],
    });
  });

  it('tells failures apart by source and message; one without a source is grouped by its message', () => {
    const noSource = { kind: 'upstream' as const, message: 'Unexpected failure: socket hang up' };
    const view = build([
      findings('a.example', {
        alerts: failed(noSource),
        emails: failed(noSource),
        hunting: failed({ ...HUNTING_400, message: 'Defender refused the query (400): another reason.' }),
      }),
    ]);
    expect(view.problems?.map((p) => [p.source, p.message, p.effects[0]?.sections])).toEqual([
      [undefined, 'Unexpected failure: socket hang up', ['Alerts', 'E-mails']],
      ['advanced hunting', 'Defender refused the query (400): another reason.', ['Hunting']],
    ]);
  });

  it('says nothing of a retry time it cannot read, or one before the lookup', () => {
    const view = build([
      findings('a.example', {
        alerts: failed({ ...GRAPH_THROTTLED, retryAt: 'soon' }),
        hunting: failed({ ...HUNTING_400, retryAt: '2025-06-02T08:40:00.000Z' }),
      }),
    ]);
    expect(view.problems?.[0]).not.toHaveProperty('retryAt');
    expect(view.problems?.[1]).toMatchObject({ retryAt: '2025-06-02T08:40:00.000Z' });
    expect(view.problems?.[1]).not.toHaveProperty('retryAfterSeconds');
  });

  it('an incomplete hunting section with no table still shows, as "Hunting"', () => {
    const view = build([findings('a.example', { hunting: { status: 'ok', items: [], partial: HUNTING_400 } })]);
    expect(view.indicators[0]?.sections.find((s) => s.title === 'Hunting')).toMatchObject({ status: 'empty', partial: HUNTING_400.message, problem: 0 });
  });

  it('has no problems when every section answered, and lists only the problems of the section asked for', () => {
    expect(build([findings('a.example')]).problems).toBeUndefined();
    const only = build([findings('a.example', { alerts: failed(GRAPH_THROTTLED), emails: failed(HUNTING_400) })], { onlySection: 'E-mails' });
    expect(only.problems?.map((p) => p.source)).toEqual(['advanced hunting']);
    expect(only.indicators[0]?.sections).toEqual([expect.objectContaining({ title: 'E-mails', problem: 0 })]);
  });

  it('carries hostile text as it is: the renderers make it literal', () => {
    const hostile = { ...HUNTING_400, source: '<at>Admins</at>', message: '[Approve](https://evil.example) ${x}' };
    const view = build([findings('[x](y)', { alerts: failed(hostile) })]);
    expect(view.problems?.[0]).toMatchObject({
      source: '<at>Admins</at>',
      message: '[Approve](https://evil.example) ${x}',
      effects: [{ indicators: ['[x](y)'] }],
    });
  });
});

describe('lookup view problems use the documented shape of SectionError', () => {
  it('reads source, message, retryAt and missingPermissions, nothing else', () => {
    const error: SectionError = {
      kind: 'forbidden',
      source: 'Defender for Endpoint devices',
      message: MDE_403.message,
      missingPermissions: ['Machine.Read.All'],
    };
    const view = build([findings('a.example', { devices: failed(error) })]);
    expect(Object.keys(view.problems?.[0] ?? {}).sort()).toEqual(['effects', 'message', 'missingPermissions', 'source']);
  });
});

describe('hunting sections', () => {
  it('shows no hunting section for a complete answer without rows, as before', () => {
    const view = build([findings('a.example')]);
    expect(view.indicators[0]?.sections.map((s) => s.title)).toEqual(['Incidents', 'Alerts', 'Devices', 'E-mails']);
  });
});
