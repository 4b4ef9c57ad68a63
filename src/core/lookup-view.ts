import type {
  AlertSummary,
  DeviceSummary,
  EmailSummary,
  FileSummary,
  HuntingGroup,
  IncidentSummary,
  LookupResult,
  PrevalenceSummary,
  Section,
  SectionError,
  TargetFindings,
} from '../defender/lookup/types';
import type { ButtonView, IndicatorView, ItemView, LookupView, SectionView } from '../cards/view-models';
import { LookupProblems, type SectionCause } from './lookup-problems';

/** Mints the signed id of a button for this conversation (see ButtonRegistry). */
export type MintButton = (verb: ButtonView['verb'], params: Record<string, string>) => string;

export interface LookupViewOptions {
  notice?: string;
  actions: { deviceIsolation: boolean; fileQuarantine: boolean };
  mint: MintButton;
  /** Items per section on the card; the rest is counted as "N more". */
  perSection?: number;
  /** Only this section (for a "show more" answer). */
  onlySection?: string;
}

const SEVERITY_ORDER = ['high', 'medium', 'low', 'informational', 'unknown'];
const tone = (severity: string | null | undefined): ItemView['tone'] => (severity === 'high' ? 'attention' : severity === 'medium' ? 'warning' : 'default');
const day = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'never');

const ISOLATION_TEXT: Record<DeviceSummary['isolation'], string> = {
  isolated: 'ISOLATED',
  notIsolated: 'not isolated',
  pendingIsolation: 'isolation pending',
  pendingRelease: 'release pending',
  unknown: 'isolation state unknown',
};

function incidentItem(i: IncidentSummary, mint: MintButton): ItemView {
  return {
    title: i.title,
    subtitle: `${i.severity} · ${i.status}${i.assignedTo ? ` · ${i.assignedTo}` : ''}`,
    tone: tone(i.severity),
    facts: [
      { title: 'Incident', value: i.id },
      { title: 'Created', value: day(i.createdDateTime) },
      ...(i.classification && i.classification !== 'unknown'
        ? [{ title: 'Classification', value: `${i.classification}${i.determination ? ` / ${i.determination}` : ''}` }]
        : []),
      ...(i.serviceSources.length ? [{ title: 'Sources', value: i.serviceSources.join(', ') }] : []),
      ...(i.tags.length ? [{ title: 'Tags', value: i.tags.join(', ') }] : []),
    ],
    links: [{ title: 'Open incident', url: i.link }],
    // The incident card in this conversation: alerts, devices, triage.
    buttons: [{ title: 'Open', verb: 'openIncident', requestId: mint('openIncident', { incidentId: i.id }) }],
  };
}

function alertItem(a: AlertSummary): ItemView {
  return {
    title: a.title,
    subtitle: `${a.severity} · ${a.status} · ${a.serviceSource.replace(/^microsoftDefenderFor/, 'Defender for ')}`,
    tone: tone(a.severity),
    facts: [
      { title: 'Created', value: day(a.createdDateTime) },
      ...(a.category ? [{ title: 'Category', value: a.category }] : []),
      ...(a.mitreTechniques.length ? [{ title: 'MITRE', value: a.mitreTechniques.join(', ') }] : []),
      ...(a.assignedTo ? [{ title: 'Assigned', value: a.assignedTo }] : []),
      ...a.evidence.slice(0, 6).map((e) => ({ title: e.type, value: `${e.value}${e.verdict && e.verdict !== 'unknown' ? ` (${e.verdict})` : ''}` })),
    ],
    links: [{ title: 'Open alert', url: a.link }],
    buttons: [],
  };
}

/** A device with its response buttons (isolate or release, as its state allows); also on incident cards. */
export function deviceItem(d: DeviceSummary, options: Pick<LookupViewOptions, 'actions' | 'mint'>): ItemView {
  const buttons: ButtonView[] = [];
  if (options.actions.deviceIsolation && d.id) {
    if (d.isolation === 'notIsolated')
      buttons.push({ title: 'Isolate device', verb: 'isolate', requestId: options.mint('isolate', { machineId: d.id, name: d.name }), primary: true });
    if (d.isolation === 'isolated')
      buttons.push({ title: 'Release device', verb: 'release', requestId: options.mint('release', { machineId: d.id, name: d.name }) });
  }
  return {
    title: d.name,
    subtitle: `${ISOLATION_TEXT[d.isolation]} · risk ${d.riskScore ?? '?'} · ${d.healthStatus ?? 'health ?'}`,
    tone: d.isolation === 'isolated' ? 'good' : d.riskScore === 'High' ? 'attention' : d.riskScore === 'Medium' ? 'warning' : 'default',
    facts: [
      { title: 'Seen with it', value: d.relation },
      { title: 'OS', value: d.os ?? '?' },
      { title: 'Exposure', value: d.exposureLevel ?? '?' },
      { title: 'Last seen', value: day(d.lastSeen) },
      ...(d.lastIpAddress ? [{ title: 'IP', value: d.lastIpAddress }] : []),
      ...(d.tags.length ? [{ title: 'Tags', value: d.tags.join(', ') }] : []),
      ...d.pendingActions.map((p) => ({ title: 'Pending', value: `${p.type} (${p.status})` })),
    ],
    links: d.link ? [{ title: 'Open device', url: d.link }] : [],
    buttons,
  };
}

function fileItem(f: FileSummary, devices: DeviceSummary[], options: LookupViewOptions): ItemView {
  const buttons: ButtonView[] = [];
  if (options.actions.fileQuarantine && f.sha1) {
    for (const d of devices.filter((x) => x.id && x.relation.startsWith('has ')).slice(0, 3)) {
      buttons.push({
        title: `Stop and quarantine on ${d.name.split('.')[0]}`,
        verb: 'quarantine',
        requestId: options.mint('quarantine', { machineId: d.id, name: d.name, sha1: f.sha1 }),
      });
    }
  }
  return {
    title: f.fileName ?? f.sha256 ?? f.sha1 ?? 'file',
    subtitle: f.profileAvailable
      ? `${f.threatName ?? 'no threat name'} · on ${f.orgPrevalence} device(s) here`
      : `no Defender file profile · on ${f.orgPrevalence} device(s) here`,
    tone: f.threatName ? 'attention' : 'default',
    facts: [
      ...(f.sha1 ? [{ title: 'SHA1', value: f.sha1 }] : []),
      ...(f.sha256 ? [{ title: 'SHA256', value: f.sha256 }] : []),
      ...(f.md5 ? [{ title: 'MD5', value: f.md5 }] : []),
      ...(f.globalPrevalence !== null ? [{ title: 'Global prevalence', value: String(f.globalPrevalence) }] : []),
      { title: 'First / last seen here', value: `${day(f.orgFirstSeen)} / ${day(f.orgLastSeen)}` },
      { title: 'Signer', value: f.signer ? `${f.signer}${f.isCertificateValid === false ? ' (invalid certificate)' : ''}` : 'unsigned' },
    ],
    links: f.link ? [{ title: 'Open file', url: f.link }] : [],
    buttons,
  };
}

function prevalenceItem(p: PrevalenceSummary): ItemView {
  return {
    title: `Seen on ${p.organizationPrevalence} device(s)`,
    subtitle: `${p.connections} connection(s)`,
    facts: [
      { title: 'First seen', value: day(p.firstSeen) },
      { title: 'Last seen', value: day(p.lastSeen) },
    ],
    links: [{ title: 'Open in Defender', url: p.link }],
    buttons: [],
  };
}

function emailItem(e: EmailSummary): ItemView {
  return {
    title: e.subject ?? '(no subject)',
    subtitle: `${e.deliveryAction ?? '?'}${e.threatTypes ? ` · ${e.threatTypes}` : ''} · ${e.match}`,
    tone: e.threatTypes ? 'warning' : 'default',
    facts: [
      { title: 'From', value: e.sender ?? '?' },
      { title: 'To', value: e.recipient ?? '?' },
      { title: 'Received', value: day(e.timestamp) },
      ...(e.deliveryLocation ? [{ title: 'Location', value: e.deliveryLocation }] : []),
      ...(e.postDelivery.length ? [{ title: 'After delivery', value: e.postDelivery.join(', ') }] : []),
    ],
    links: [{ title: 'Open e-mail', url: e.link }],
    buttons: [],
  };
}

function huntingItems(g: HuntingGroup): ItemView[] {
  return g.rows.map((row, i) => ({
    title: `${g.table} row ${i + 1}`,
    facts: Object.entries(row).map(([k, v]) => ({ title: k, value: typeof v === 'string' ? v : JSON.stringify(v) })),
    links: [],
    buttons: [],
  }));
}

type MoreButton = (section: string) => ButtonView;

/** A section with the failure behind it (failed, or filled in part), which the card states once for all sections. */
interface BuiltSection {
  view: SectionView;
  cause?: SectionCause;
}

function sectionView<T>(title: string, s: Section<T>, toItems: (items: T[]) => ItemView[], perSection: number, more?: MoreButton): BuiltSection | undefined {
  if (s.status === 'notApplicable') return undefined;
  const items = toItems(s.items);
  const shown = items.slice(0, perSection);
  const hidden = items.length - shown.length;
  const showMore = hidden > 0 && more ? more(title) : undefined;
  if (s.status === 'error') {
    return {
      view: { title, status: 'error', error: s.error.message, items: shown, hiddenCount: hidden || undefined, showMore },
      cause: { error: s.error, kind: 'missing' },
    };
  }
  const partial: SectionError | undefined = s.partial;
  return {
    view: {
      title,
      status: items.length === 0 ? 'empty' : 'ok',
      items: shown,
      hiddenCount: hidden || undefined,
      showMore,
      ...(partial ? { partial: partial.message } : {}),
    },
    cause: partial ? { error: partial, kind: 'incomplete' } : undefined,
  };
}

/**
 * Hunting: a section per table that answered; one "Hunting" section when it failed, or found nothing while filled
 * only in part (a complete empty answer shows no section, as before).
 */
function huntingSections(hunting: Section<HuntingGroup>, per: number): (BuiltSection | undefined)[] {
  if (hunting.status === 'ok' && hunting.items.length === 0 && !hunting.partial) return [];
  if (hunting.status !== 'ok' || hunting.items.length === 0) return [sectionView('Hunting', hunting, () => [], per)];
  return hunting.items.map((g) =>
    sectionView(`Hunting: ${g.table}`, { status: 'ok', items: [g], partial: hunting.partial }, (x) => x.flatMap(huntingItems), per),
  );
}

interface BuiltIndicator {
  view: IndicatorView;
  causes: (SectionCause | undefined)[];
}

function indicatorView(f: TargetFindings, options: LookupViewOptions): BuiltIndicator {
  const per = options.perSection ?? 5;
  const target = JSON.stringify({ type: f.target.type, value: f.target.value, internal: f.target.internal });
  const more: MoreButton = (section) => ({
    title: `Show all ${section.toLowerCase()}`,
    verb: 'showMore',
    requestId: options.mint('showMore', { target, section }),
  });
  const devices = f.devices.status === 'notApplicable' ? [] : f.devices.items;
  const built = [
    sectionView('Incidents', f.incidents, (x) => x.map((i) => incidentItem(i, options.mint)), per, more),
    sectionView('Alerts', f.alerts, (x) => x.map(alertItem), per, more),
    sectionView('Assigned to this address', f.assigned, (x) => x.map((i) => ('alertCount' in i ? incidentItem(i, options.mint) : alertItem(i))), per, more),
    sectionView('Devices', f.devices, (x) => x.map((d) => deviceItem(d, options)), per, more),
    sectionView('File', f.files, (x) => x.map((file) => fileItem(file, devices, options)), per),
    sectionView('Prevalence', f.prevalence, (x) => x.map(prevalenceItem), per),
    sectionView('E-mails', f.emails, (x) => x.map(emailItem), per, more),
    ...huntingSections(f.hunting, per),
  ]
    .filter((s): s is BuiltSection => !!s)
    .filter((s) => !options.onlySection || s.view.title === options.onlySection);
  const sections = built.map((s) => s.view);

  const count = <T>(s: Section<T>) => (s.status === 'notApplicable' ? 0 : s.items.length);
  const alerts = f.alerts.status === 'notApplicable' ? [] : f.alerts.items;
  const worst = SEVERITY_ORDER.find((sev) => alerts.some((a) => a.severity === sev));
  const parts = [
    count(f.alerts) ? `${count(f.alerts)} alert(s)${worst ? ` (${worst})` : ''}` : undefined,
    count(f.incidents) ? `${count(f.incidents)} incident(s)` : undefined,
    count(f.devices) ? `${count(f.devices)} device(s)` : undefined,
    count(f.emails) ? `${count(f.emails)} e-mail(s)` : undefined,
    f.files.status === 'ok' && f.files.items[0]?.threatName ? f.files.items[0].threatName : undefined,
  ].filter(Boolean);
  const failed = sections.filter((s) => s.status === 'error').length;
  return {
    view: {
      type: f.target.type,
      value: f.target.value,
      internal: !!f.target.internal,
      headline: `${parts.length ? parts.join(' · ') : 'nothing found'}${failed ? ` · ${failed} section(s) failed` : ''}`,
      tone: worst === 'high' ? 'attention' : worst === 'medium' ? 'warning' : 'default',
      sections,
    },
    causes: built.map((s) => s.cause),
  };
}

/**
 * The view of a lookup. A failure shared by several sections (one upstream, one cause) is listed once in `problems`
 * with everything it left out; each affected section points to it by index instead of repeating it.
 */
export function buildLookupView(result: LookupResult, options: LookupViewOptions): LookupView {
  const built = result.findings.map((f) => indicatorView(f, options));
  const problems = new LookupProblems(result.generatedAt);
  const indicators = built.map(({ view, causes }, indicatorIndex) => ({
    ...view,
    sections: view.sections.map((section, sectionIndex) => {
      const cause = causes[sectionIndex];
      return cause ? { ...section, problem: problems.note(cause, section.title, indicatorIndex, view.value) } : section;
    }),
  }));
  const problemViews = problems.views();
  const all = <T>(pick: (f: TargetFindings) => Section<T>) =>
    result.findings.reduce((n, f) => n + (pick(f).status === 'notApplicable' ? 0 : (pick(f) as { items: T[] }).items.length), 0);
  const severities = result.findings.flatMap((f) => (f.alerts.status === 'notApplicable' ? [] : f.alerts.items.map((a) => a.severity)));
  return {
    kind: 'lookup',
    demo: result.demo,
    notice: options.notice,
    verdict: {
      highestSeverity: SEVERITY_ORDER.find((s) => severities.includes(s)) ?? null,
      incidents: new Set(result.findings.flatMap((f) => (f.incidents.status === 'notApplicable' ? [] : f.incidents.items.map((i) => i.id)))).size,
      alerts: new Set(result.findings.flatMap((f) => (f.alerts.status === 'notApplicable' ? [] : f.alerts.items.map((a) => a.id)))).size,
      devices: new Set(result.findings.flatMap((f) => (f.devices.status === 'notApplicable' ? [] : f.devices.items.map((d) => d.id || d.name)))).size,
      emails: all((f) => f.emails),
      huntingRows: result.findings.reduce((n, f) => n + (f.hunting.status === 'ok' ? f.hunting.items.reduce((m, g) => m + g.rows.length, 0) : 0), 0),
    },
    ...(problemViews.length ? { problems: problemViews } : {}),
    indicators,
    generatedAt: result.generatedAt,
  };
}
