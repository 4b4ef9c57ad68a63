import type { AnswerView, LookupView } from '../../src/cards/view-models';
import { buildLookupView } from '../../src/core/lookup-view';
import type { EmailSummary, LookupResult, Section, SectionError, TargetFindings } from '../../src/defender/lookup/types';

/*
 * Lookups whose sources failed, as the lookup service reports them (SectionError.source names the upstream; the
 * sections a failure affects carry the same source and message), turned into views by core's buildLookupView.
 */

export const GENERATED_AT = '2025-06-02T08:47:00.000Z';

export const HUNTING_400: SectionError = {
  kind: 'badRequest',
  source: 'advanced hunting',
  message: 'Defender refused the query (400): Query could not be parsed at line 1.',
  retryAt: '2025-06-02T08:47:40.000Z',
};

export const MDE_403: SectionError = {
  kind: 'forbidden',
  source: 'Defender for Endpoint devices',
  message: 'Defender for Endpoint refused to list devices (403).',
  missingPermissions: ['Machine.Read.All'],
};

export const GRAPH_THROTTLED: SectionError = {
  kind: 'throttled',
  source: 'Microsoft Graph alerts',
  message: 'Microsoft Graph alerts is throttled by Microsoft: retry after 08:48:10 UTC (in 70 s).',
  retryAt: '2025-06-02T08:48:10.000Z',
};

const na = { status: 'notApplicable' } as const;
const none = <T>(): Section<T> => ({ status: 'ok', items: [] });
const failed = <T>(error: SectionError): Section<T> => ({ status: 'error', error, items: [] });

function email(subject: string): EmailSummary {
  return {
    networkMessageId: `m-${subject.length}`,
    timestamp: '2025-06-01T21:03:00Z',
    sender: 'billing@contoso-invoices.example',
    recipient: 'j.doe@contoso.com',
    subject,
    deliveryAction: 'Delivered',
    deliveryLocation: 'Inbox',
    threatTypes: 'Phish',
    match: 'sender',
    postDelivery: [],
    link: 'https://security.microsoft.com/emailentity?f=summary&id=m1',
  };
}

function findings(value: string, overrides: Partial<TargetFindings> = {}): TargetFindings {
  return {
    target: { type: 'ipv4', value },
    incidents: none(),
    alerts: none(),
    assigned: na,
    devices: none(),
    files: na,
    prevalence: na,
    emails: none(),
    hunting: none(),
    cached: false,
    ...overrides,
  };
}

function result(all: TargetFindings[]): LookupResult {
  return { findings: all, demo: false, generatedAt: GENERATED_AT };
}

function view(all: TargetFindings[]): LookupView {
  let n = 0;
  return buildLookupView(result(all), { actions: { deviceIsolation: true, fileQuarantine: true }, mint: (verb) => `rq-${verb}-${++n}` });
}

/** Two indicators; advanced hunting (behind incidents, alerts, devices, e-mails and hunting) failed for both. */
export function oneSourceView(): LookupView {
  const huntingDown = (value: string) =>
    findings(value, {
      incidents: failed(HUNTING_400),
      alerts: failed(HUNTING_400),
      devices: failed(HUNTING_400),
      emails: failed(HUNTING_400),
      hunting: failed(HUNTING_400),
    });
  return view([huntingDown('185.220.101.47'), huntingDown('198.51.100.77')]);
}

/** Two indicators, two failing sources: advanced hunting for both, Defender for Endpoint devices for one. */
export function twoSourcesView(): LookupView {
  return view([
    findings('185.220.101.47', { emails: failed(HUNTING_400), hunting: failed(HUNTING_400), devices: failed(MDE_403) }),
    findings('198.51.100.77', { emails: failed(HUNTING_400), hunting: failed(HUNTING_400) }),
  ]);
}

/** One indicator whose alerts and incidents failed with `error`. */
export function failingView(error: SectionError): LookupView {
  return view([findings('198.51.100.77', { alerts: failed(error), incidents: failed(error) })]);
}

/** E-mails filled in part from a fallback (one found, one indicator with none), alerts throttled. */
export function partialView(): LookupView {
  return view([
    findings('185.220.101.47', { emails: { status: 'ok', items: [email('Invoice 4471 overdue')], partial: HUNTING_400 }, alerts: failed(GRAPH_THROTTLED) }),
    findings('198.51.100.77', { emails: { status: 'ok', items: [], partial: HUNTING_400 } }),
  ]);
}

export function problemLookupViews(): Array<[string, AnswerView]> {
  return [
    ['lookup, one source failed', oneSourceView()],
    ['lookup, two sources failed', twoSourcesView()],
    ['lookup, partial sections', partialView()],
  ];
}
