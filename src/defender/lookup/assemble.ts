import { FINAL_ACTION_STATUSES, type GraphAlert, type GraphEvidence, type GraphIncident, type HuntingRow, type MachineAction, type MdeMachine } from '../types';
import type { EndpointFindings } from './endpoint-fallback';
import { keepAlert, keepIncident, type LookupFilters } from './filters';
import { SECTIONS_FOR, type HuntingSection } from './hunting-query';
import { macMatches, rowMatches } from './match';
import type { NativeOutcome } from './native-hunting';
import { targetKey } from './result-cache';
import type { PortalLinks } from './portal-links';
import type { ByIds, Fetched } from './sources';
import type {
  AlertSummary,
  DeviceSummary,
  EmailSummary,
  EvidenceSummary,
  FileSummary,
  HuntingGroup,
  IncidentSummary,
  IsolationState,
  LookupTarget,
  PrevalenceSummary,
  Section,
  SectionError,
  TargetFindings,
} from './types';

/** Everything the sources returned for one batch of targets. */
export interface Gathered {
  native: NativeOutcome;
  /** Defender for Endpoint's answers per indicator (targetKey), read when advanced hunting could not answer. */
  fallback: Map<string, EndpointFindings>;
  custom: Fetched<HuntingRow[]> | undefined;
  assigned: Fetched<{ incidents: GraphIncident[]; alerts: GraphAlert[] }> | undefined;
  alerts: ByIds<GraphAlert>;
  incidents: ByIds<GraphIncident>;
  machines: Fetched<MdeMachine[]>;
  actions: Fetched<MachineAction[]>;
}

export interface AssembleOptions {
  links: PortalLinks;
  filters: LookupFilters;
  now: Date;
  summaryFields: string[];
  ignoreFields: string[];
  maxItems: number;
}

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const num = (v: unknown): number | null =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null;

const NA = { status: 'notApplicable' } as const;

function section<T>(items: T[], max: number, error?: SectionError, partial?: SectionError): Section<T> {
  if (error) return { status: 'error', error, items: items.slice(0, max) };
  const truncated = items.length > max ? true : undefined;
  return partial ? { status: 'ok', items: items.slice(0, max), truncated, partial } : { status: 'ok', items: items.slice(0, max), truncated };
}

/**
 * How the hunting sections that feed one card section fared for this target: nothing missing; some missing (or all,
 * but another source filled in): partial; all missing and nothing else to show: failed.
 */
function huntingState(target: LookupTarget, g: Gathered, feeds: HuntingSection[], filledElsewhere: boolean): { error?: SectionError; partial?: SectionError } {
  const relevant = feeds.filter((s) => SECTIONS_FOR[target.type].includes(s));
  const failed = relevant.map((s) => g.native.failed.get(s)).filter((e): e is SectionError => !!e);
  const incomplete = relevant.map((s) => g.native.incomplete.get(s)).filter((e): e is SectionError => !!e);
  if (failed.length === 0 && incomplete.length === 0) return {};
  if (failed.length === relevant.length && !filledElsewhere) return { error: failed[0] };
  return { partial: failed[0] ?? incomplete[0] };
}

function firstError(...errors: (SectionError | undefined)[]): SectionError | undefined {
  return errors.find((e) => e !== undefined);
}

export function bySection(rows: HuntingRow[]): Map<string, HuntingRow[]> {
  const map = new Map<string, HuntingRow[]>();
  for (const row of rows) {
    const key = String(row.Section ?? '');
    const list = map.get(key) ?? [];
    list.push(row);
    map.set(key, list);
  }
  return map;
}

export function md5Map(rows: HuntingRow[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const r of rows) if (r.Section === 'files' && r.MD5 && r.SHA1) map.set(String(r.MD5).toLowerCase(), String(r.SHA1).toLowerCase());
  return map;
}

export function evidenceValue(e: GraphEvidence): EvidenceSummary | undefined {
  const type = e['@odata.type'].replace('#microsoft.graph.security.', '').replace(/Evidence$/, '');
  const pick = (): string | undefined => {
    const f = e as Record<string, unknown>;
    const file = f.fileDetails as Record<string, unknown> | undefined;
    const image = f.imageFile as Record<string, unknown> | undefined;
    const user = f.userAccount as Record<string, unknown> | undefined;
    return (
      str(f.ipAddress) ??
      str(f.url) ??
      (file ? (str(file.fileName) ?? str(file.sha256) ?? str(file.sha1)) : null) ??
      (image ? str(image.fileName) : null) ??
      str(f.deviceDnsName) ??
      str(f.primaryAddress) ??
      (user ? (str(user.userPrincipalName) ?? str(user.accountName)) : null) ??
      str(f.subject) ??
      str(f.displayName) ??
      str(f.domainName) ??
      str(f.registryKey) ??
      undefined
    );
  };
  const value = pick();
  if (!value) return undefined;
  return { type, value, verdict: str(e.verdict), roles: e.roles ?? [] };
}

function evidenceMentions(e: GraphEvidence, target: LookupTarget): boolean {
  const blob = JSON.stringify(e).toLowerCase();
  return blob.includes(target.value.toLowerCase());
}

function alertSummary(alert: GraphAlert, target: LookupTarget, links: PortalLinks): AlertSummary {
  const evidence = [...(alert.evidence ?? [])].sort((a, b) => Number(evidenceMentions(b, target)) - Number(evidenceMentions(a, target)));
  return {
    id: alert.id,
    incidentId: alert.incidentId,
    title: alert.title,
    severity: alert.severity,
    status: alert.status,
    classification: alert.classification,
    determination: alert.determination,
    serviceSource: alert.serviceSource,
    detectionSource: alert.detectionSource,
    category: alert.category,
    createdDateTime: alert.createdDateTime,
    assignedTo: alert.assignedTo,
    mitreTechniques: alert.mitreTechniques ?? [],
    evidence: evidence
      .map(evidenceValue)
      .filter((e): e is EvidenceSummary => !!e)
      .slice(0, 12),
    deviceIds: [...new Set((alert.evidence ?? []).map((e) => str((e as Record<string, unknown>).mdeDeviceId)).filter((v): v is string => !!v))],
    link: links.alert(alert.id),
  };
}

function incidentSummary(incident: GraphIncident, alerts: GraphAlert[], links: PortalLinks): IncidentSummary {
  return {
    id: incident.id,
    title: incident.displayName,
    severity: incident.severity,
    status: incident.status,
    classification: incident.classification,
    determination: incident.determination,
    assignedTo: incident.assignedTo,
    createdDateTime: incident.createdDateTime,
    lastUpdateDateTime: incident.lastUpdateDateTime,
    alertCount: incident.alerts?.length ?? alerts.length,
    serviceSources: [...new Set(alerts.map((a) => a.serviceSource))],
    tags: [...(incident.customTags ?? []), ...(incident.systemTags ?? [])],
    link: links.incident(incident.id),
  };
}

const SEVERITY_RANK: Record<string, number> = { high: 4, medium: 3, low: 2, informational: 1, unknown: 0 };
/** Highest severity first, then newest: how alerts and incidents are listed. */
export const bySeverityThenDate = (a: { severity: string; createdDateTime: string }, b: { severity: string; createdDateTime: string }) =>
  (SEVERITY_RANK[b.severity.toLowerCase()] ?? 0) - (SEVERITY_RANK[a.severity.toLowerCase()] ?? 0) || b.createdDateTime.localeCompare(a.createdDateTime);

/** Isolation state from the newest Isolate/Unisolate action; Pending and InProgress both count as pending. */
export function isolationState(actions: MachineAction[]): IsolationState {
  const latest = actions
    .filter((a) => a.type === 'Isolate' || a.type === 'Unisolate')
    .sort((a, b) => b.creationDateTimeUtc.localeCompare(a.creationDateTimeUtc))[0];
  if (!latest) return 'notIsolated';
  const pending = latest.status === 'Pending' || latest.status === 'InProgress';
  if (latest.type === 'Isolate') return pending ? 'pendingIsolation' : latest.status === 'Succeeded' ? 'isolated' : 'notIsolated';
  return pending ? 'pendingRelease' : latest.status === 'Succeeded' ? 'notIsolated' : 'isolated';
}

export interface DeviceRelation {
  id: string | null;
  name: string;
  relation: string;
  first?: string;
  last?: string;
}

/** The devices of the relations, merged by machine, with what Defender for Endpoint says of each (isolation state included). */
export function deviceSummaries(relations: DeviceRelation[], g: Pick<Gathered, 'machines' | 'actions'>, links: PortalLinks): DeviceSummary[] {
  const machines = g.machines.ok ? g.machines.value : [];
  const actions = g.actions.ok ? g.actions.value : [];
  const merged = new Map<string, DeviceRelation & { relations: Set<string> }>();
  for (const r of relations) {
    const machine = machines.find((m) => (r.id && m.id === r.id) || m.computerDnsName.toLowerCase() === r.name.toLowerCase());
    const key = machine?.id ?? r.id ?? r.name.toLowerCase();
    const entry = merged.get(key) ?? { ...r, id: machine?.id ?? r.id, relations: new Set<string>() };
    entry.relations.add(r.relation);
    if (r.first && (!entry.first || r.first < entry.first)) entry.first = r.first;
    if (r.last && (!entry.last || r.last > entry.last)) entry.last = r.last;
    merged.set(key, entry);
  }
  return [...merged.values()].map((r) => {
    const machine = machines.find((m) => m.id === r.id);
    const own = actions.filter((a) => a.machineId === r.id);
    return {
      id: r.id ?? '',
      name: machine?.computerDnsName ?? r.name,
      os: machine ? [machine.osPlatform, machine.version].filter(Boolean).join(' ') : null,
      healthStatus: machine?.healthStatus ?? null,
      riskScore: machine?.riskScore ?? null,
      exposureLevel: machine?.exposureLevel ?? null,
      lastSeen: machine?.lastSeen ?? null,
      lastIpAddress: machine?.lastIpAddress ?? null,
      tags: machine?.machineTags ?? [],
      isolation: g.actions.ok && machine ? isolationState(own) : 'unknown',
      pendingActions: own.filter((a) => !FINAL_ACTION_STATUSES.includes(a.status)).map((a) => ({ id: a.id, type: a.type, status: a.status })),
      relation: [...r.relations].join('; '),
      firstSeenWithIndicator: r.first,
      lastSeenWithIndicator: r.last,
      link: r.id ? links.device(r.id) : '',
    };
  });
}

function huntingGroups(rows: HuntingRow[], opts: AssembleOptions): HuntingGroup[] {
  const ignore = new Set(['indicator', '$table', ...opts.ignoreFields.map((f) => f.toLowerCase())]);
  const groups = new Map<string, HuntingRow[]>();
  for (const row of rows) {
    const table = str(row.SourceTable) ?? 'Results';
    groups.set(table, [...(groups.get(table) ?? []), row]);
  }
  return [...groups.entries()].map(([table, list]) => {
    const columns = [...new Set(list.flatMap((r) => Object.keys(r)))].filter((c) => !ignore.has(c.toLowerCase()) && c !== 'SourceTable');
    const summary: Record<string, string[]> = {};
    for (const field of opts.summaryFields) {
      const column = columns.find((c) => c.toLowerCase() === field.toLowerCase());
      if (!column) continue;
      summary[column] = [...new Set(list.map((r) => str(r[column])).filter((v): v is string => !!v))].slice(0, 3);
    }
    const cleaned = list.map((r) => Object.fromEntries(columns.filter((c) => r[c] !== null && r[c] !== undefined && r[c] !== '').map((c) => [c, r[c]])));
    return { table, columns, rows: cleaned, summary };
  });
}

const APPLIES: Record<string, (keyof Omit<TargetFindings, 'target' | 'cached'>)[]> = {
  ipv4: ['incidents', 'alerts', 'devices', 'prevalence', 'emails', 'hunting'],
  ipv6: ['incidents', 'alerts', 'devices', 'prevalence', 'emails', 'hunting'],
  ipv4cidr: ['incidents', 'alerts', 'devices', 'prevalence', 'hunting'],
  domain: ['incidents', 'alerts', 'devices', 'prevalence', 'emails', 'hunting'],
  url: ['incidents', 'alerts', 'devices', 'prevalence', 'emails', 'hunting'],
  email: ['incidents', 'alerts', 'assigned', 'devices', 'emails', 'hunting'],
  user: ['incidents', 'alerts', 'assigned', 'devices', 'emails', 'hunting'],
  md5: ['incidents', 'alerts', 'devices', 'files', 'emails', 'hunting'],
  sha1: ['incidents', 'alerts', 'devices', 'files', 'emails', 'hunting'],
  sha256: ['incidents', 'alerts', 'devices', 'files', 'emails', 'hunting'],
  cve: ['incidents', 'alerts', 'hunting'],
  mac: ['devices', 'hunting'],
  device: ['incidents', 'alerts', 'devices', 'hunting'],
};

/** A file as Defender for Endpoint's file profile and statistics describe it (advanced hunting could not answer). */
function endpointFile(target: LookupTarget, fb: EndpointFindings, link: string | null): FileSummary {
  const f = fb.file;
  const s = fb.fileStats;
  return {
    sha1: f?.sha1 ?? s?.sha1 ?? (target.type === 'sha1' ? target.value : null),
    sha256: f?.sha256 ?? (target.type === 'sha256' ? target.value : null),
    md5: f?.md5 ?? null,
    fileName: s?.topFileNames?.[0] ?? null,
    size: f?.size ?? null,
    globalPrevalence: f?.globalPrevalence ?? num(s?.globalPrevalence),
    globalFirstSeen: f?.globalFirstObserved ?? s?.globalFirstObserved ?? null,
    globalLastSeen: f?.globalLastObserved ?? s?.globalLastObserved ?? null,
    orgPrevalence: num(s?.orgPrevalence) ?? 0,
    orgFirstSeen: s?.orgFirstSeen ?? null,
    orgLastSeen: s?.orgLastSeen ?? null,
    signer: f?.signer ?? null,
    issuer: f?.issuer ?? null,
    isCertificateValid: typeof f?.isValidCertificate === 'boolean' ? f.isValidCertificate : null,
    threatName: f?.determinationValue ?? null,
    profileAvailable: !!f,
    link,
  };
}

/** Builds one target's findings from what the sources returned for the whole batch. */
export function assembleTarget(target: LookupTarget, g: Gathered, opts: AssembleOptions): TargetFindings {
  const { links, filters, now, maxItems } = opts;
  const rows = g.native.rows;
  const sections = bySection(rows);
  const md5s = md5Map(rows);
  const fb = g.fallback.get(targetKey(target.type, target.value));
  const matching = (name: string) => (sections.get(name) ?? []).filter((r) => rowMatches(r, target, md5s));

  // Alerts: every alert with at least one evidence row that involves the target (or, when hunting could not answer,
  // the Defender for Endpoint alerts its own endpoints relate to the target).
  const evidence = sections.get('evidence') ?? [];
  const alertIds = [...new Set([...evidence.filter((r) => rowMatches(r, target, md5s)).map((r) => String(r.AlertId)), ...(fb?.alertIds ?? [])])];
  const readAlerts = alertIds.map((id) => g.alerts.found.get(id)).filter((a): a is GraphAlert => !!a);
  const keptAlerts = readAlerts.filter((a) => keepAlert(a, filters, now)).sort(bySeverityThenDate);
  const alertErrors = alertIds.map((id) => g.alerts.errors.get(id)).filter((e): e is SectionError => !!e);
  const alertHunting = huntingState(target, g, ['evidence'], fb?.alertIds !== undefined);
  const alerts = section(
    keptAlerts.map((a) => alertSummary(a, target, links)),
    maxItems,
    firstError(alertHunting.error, alertErrors[0]),
    alertHunting.partial,
  );

  const incidentIds = [...new Set(keptAlerts.map((a) => a.incidentId).filter((id): id is string => !!id))];
  const keptIncidents = incidentIds
    .map((id) => g.incidents.found.get(id))
    .filter((i): i is GraphIncident => !!i)
    .map((i) => ({ incident: i, alerts: [...g.alerts.found.values()].filter((a) => a.incidentId === i.id) }))
    .filter(({ incident, alerts: own }) => keepIncident(incident, own, filters, now))
    .sort((a, b) => bySeverityThenDate(a.incident, b.incident));
  const incidentErrors = incidentIds.map((id) => g.incidents.errors.get(id)).filter((e): e is SectionError => !!e);
  const incidents = section(
    keptIncidents.map(({ incident, alerts: own }) => incidentSummary(incident, own, links)),
    maxItems,
    firstError(alerts.status === 'error' ? alerts.error : undefined, incidentErrors[0]),
    alerts.status === 'ok' ? alerts.partial : undefined,
  );

  // Devices: in a matching alert, contacted the IP or domain, used the IP, hold the file, or named by the command.
  const relations: DeviceRelation[] = [];
  for (const a of keptAlerts)
    for (const r of evidence.filter((e) => e.AlertId === a.id && e.DeviceId))
      relations.push({ id: String(r.DeviceId), name: String(r.DeviceName ?? r.DeviceId), relation: `in alert "${a.title}"` });
  for (const r of matching('network'))
    relations.push({
      id: str(r.DeviceId),
      name: String(r.DeviceName),
      relation: `contacted ${str(r.RemoteUrl) ?? str(r.RemoteIP)} (${num(r.Connections) ?? 1} connection${num(r.Connections) === 1 ? '' : 's'})`,
      first: str(r.FirstSeen) ?? undefined,
      last: str(r.LastSeen) ?? undefined,
    });
  for (const r of matching('deviceIp'))
    relations.push({ id: str(r.DeviceId), name: String(r.DeviceName), relation: `used ${str(r.IP)}`, last: str(r.LastSeen) ?? undefined });
  for (const r of matching('files'))
    relations.push({
      id: str(r.DeviceId),
      name: String(r.DeviceName),
      relation: `has ${str(r.FileName) ?? 'the file'}${r.FolderPath ? ` in ${str(r.FolderPath)}` : ''}`,
      first: str(r.FirstSeen) ?? undefined,
      last: str(r.LastSeen) ?? undefined,
    });
  for (const r of matching('deviceMac'))
    relations.push({
      id: str(r.DeviceId),
      name: String(r.DeviceName),
      relation: `has network adapter ${str(r.MacAddress)}`,
      last: str(r.LastSeen) ?? undefined,
    });
  if (target.type === 'mac' && g.machines.ok) {
    // Defender for Endpoint writes a machine's MAC as 12 hex digits, hunting tables with separators: digits compared.
    for (const m of g.machines.value)
      for (const a of m.ipAddresses ?? [])
        if (a.macAddress && macMatches(a.macAddress, target.value))
          relations.push({ id: m.id, name: m.computerDnsName, relation: `has network adapter ${a.macAddress}` });
  }
  for (const { machine, relation } of fb?.machines ?? []) relations.push({ id: machine.id, name: machine.computerDnsName, relation });
  if (target.type === 'device') {
    for (const r of matching('deviceName')) relations.push({ id: str(r.DeviceId), name: String(r.DeviceName), relation: 'the device named' });
    if (g.machines.ok)
      for (const m of g.machines.value.filter(
        (m) =>
          m.computerDnsName.toLowerCase() === target.value.toLowerCase() ||
          m.computerDnsName.toLowerCase().split('.')[0] === target.value.toLowerCase() ||
          m.id === target.value.toLowerCase(),
      ))
        relations.push({ id: m.id, name: m.computerDnsName, relation: 'the device named' });
  }
  const deviceItems = deviceSummaries(relations, g, links);
  // A device named by the command is also read from Defender for Endpoint's device list, whatever hunting did.
  const deviceHunting = huntingState(
    target,
    g,
    ['evidence', 'network', 'deviceIp', 'files', 'deviceMac', 'deviceName'],
    fb?.machines !== undefined || target.type === 'device',
  );
  const devices = section(
    deviceItems,
    maxItems,
    firstError(deviceHunting.error, g.machines.ok ? undefined : g.machines.error, g.actions.ok ? undefined : g.actions.error),
    deviceHunting.partial,
  );

  // Files: Defender's file profile plus where the file was seen in the organisation.
  const fileEvents = matching('files');
  const profiles = (sections.get('fileProfile') ?? []).filter((r) => rowMatches(r, target, md5s));
  const profile = profiles[0];
  const hashLink = target.type === 'md5' ? md5s.get(target.value) : target.value;
  const fileHunting = huntingState(target, g, ['files', 'fileProfile'], !!fb?.file || !!fb?.fileStats);
  const fileItem: FileSummary =
    fb && (fb.file || fb.fileStats) && fileHunting.partial && !profile
      ? endpointFile(target, fb, hashLink ? links.file(hashLink) : null)
      : {
          sha1: str(profile?.SHA1) ?? str(fileEvents[0]?.SHA1) ?? (target.type === 'sha1' ? target.value : null),
          sha256: str(profile?.SHA256) ?? str(fileEvents[0]?.SHA256) ?? (target.type === 'sha256' ? target.value : null),
          md5: str(profile?.MD5) ?? str(fileEvents[0]?.MD5) ?? (target.type === 'md5' ? target.value : null),
          fileName: str(fileEvents[0]?.FileName) ?? str(profile?.FileName),
          size: num(profile?.FileSize),
          globalPrevalence: num(profile?.GlobalPrevalence),
          globalFirstSeen: str(profile?.GlobalFirstSeen),
          globalLastSeen: str(profile?.GlobalLastSeen),
          orgPrevalence: new Set(fileEvents.map((r) => r.DeviceId)).size,
          orgFirstSeen:
            fileEvents
              .map((r) => str(r.FirstSeen))
              .filter((v): v is string => !!v)
              .sort()[0] ?? null,
          orgLastSeen:
            fileEvents
              .map((r) => str(r.LastSeen))
              .filter((v): v is string => !!v)
              .sort()
              .pop() ?? null,
          signer: str(profile?.Signer),
          issuer: str(profile?.Issuer),
          isCertificateValid: typeof profile?.IsCertificateValid === 'boolean' ? profile.IsCertificateValid : null,
          threatName: str(profile?.ThreatName),
          profileAvailable: !!profile && str(profile.ProfileAvailability) !== 'NotAvailable',
          link: hashLink ? links.file(hashLink) : null,
        };
  const files = section(fileHunting.error ? [] : [fileItem], maxItems, fileHunting.error, fileHunting.partial);

  // Prevalence of an IP, domain or URL in the organisation, from network events (or Defender for Endpoint's statistics).
  const network = matching('network');
  const stats = fb?.ipStats ?? fb?.domainStats;
  const prevalenceHunting = huntingState(target, g, ['network'], !!stats);
  const prevalenceItem: PrevalenceSummary =
    stats && prevalenceHunting.partial
      ? {
          organizationPrevalence: stats.organizationPrevalence,
          firstSeen: stats.orgFirstSeen,
          lastSeen: stats.orgLastSeen,
          connections: 0,
          link: target.type === 'domain' ? links.domain(target.value) : links.ip(target.value),
        }
      : {
          organizationPrevalence: new Set(network.map((r) => r.DeviceId)).size,
          firstSeen:
            network
              .map((r) => str(r.FirstSeen))
              .filter((v): v is string => !!v)
              .sort()[0] ?? null,
          lastSeen:
            network
              .map((r) => str(r.LastSeen))
              .filter((v): v is string => !!v)
              .sort()
              .pop() ?? null,
          connections: network.reduce((n, r) => n + (num(r.Connections) ?? 0), 0),
          link: target.type === 'domain' ? links.domain(target.value) : target.type === 'url' ? links.url(target.value) : links.ip(target.value),
        };
  const prevalence = section(prevalenceHunting.error ? [] : [prevalenceItem], maxItems, prevalenceHunting.error, prevalenceHunting.partial);

  // E-mail: from or to the address, from the IP or domain, carrying the URL or domain, or the attachment.
  const viaUrl = new Map(matching('emailUrls').map((r) => [String(r.NetworkMessageId), `carries ${str(r.Url) ?? str(r.UrlDomain)}`]));
  const viaFile = new Map(matching('emailFiles').map((r) => [String(r.NetworkMessageId), `attachment ${str(r.FileName) ?? 'with the hash'}`]));
  const post = sections.get('postDelivery') ?? [];
  const emailItems: EmailSummary[] = (sections.get('emails') ?? [])
    .filter((r) => rowMatches(r, target, md5s) || viaUrl.has(String(r.NetworkMessageId)) || viaFile.has(String(r.NetworkMessageId)))
    .map((r) => {
      const id = String(r.NetworkMessageId);
      const v = target.value.toLowerCase();
      const match =
        viaUrl.get(id) ??
        viaFile.get(id) ??
        (String(r.SenderFromAddress ?? '').toLowerCase() === v || String(r.SenderMailFromAddress ?? '').toLowerCase() === v
          ? 'from'
          : String(r.RecipientEmailAddress ?? '').toLowerCase() === v
            ? 'to'
            : target.type === 'domain'
              ? 'from the domain'
              : 'sender IP');
      return {
        networkMessageId: id,
        timestamp: String(r.Timestamp ?? ''),
        sender: str(r.SenderFromAddress),
        recipient: str(r.RecipientEmailAddress),
        subject: str(r.Subject),
        deliveryAction: str(r.DeliveryAction),
        deliveryLocation: str(r.DeliveryLocation),
        threatTypes: str(r.ThreatTypes),
        match,
        postDelivery: post
          .filter((p) => p.NetworkMessageId === r.NetworkMessageId && (!p.RecipientEmailAddress || p.RecipientEmailAddress === r.RecipientEmailAddress))
          .map((p) => [str(p.ActionType), str(p.ActionResult)].filter(Boolean).join(': ')),
        link: links.email(id, str(r.RecipientEmailAddress)),
      };
    })
    .sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  const emailHunting = huntingState(target, g, ['emails', 'postDelivery', 'emailUrls', 'emailFiles'], false);
  const emails = section(emailItems, maxItems, emailHunting.error, emailHunting.partial);

  // Assigned to the address (the old product's lookup), under its own label.
  let assigned: Section<IncidentSummary | AlertSummary> = NA;
  if (g.assigned && (target.type === 'email' || target.type === 'user')) {
    if (!g.assigned.ok) assigned = section([], maxItems, g.assigned.error);
    else {
      const mine = (v: string | null) => (v ?? '').toLowerCase() === target.value.toLowerCase();
      const inc = g.assigned.value.incidents.filter((i) => mine(i.assignedTo)).map((i) => incidentSummary(i, [], links));
      const al = g.assigned.value.alerts.filter((a) => mine(a.assignedTo)).map((a) => alertSummary(a, target, links));
      assigned = section([...inc, ...al], maxItems);
    }
  }

  let hunting: Section<HuntingGroup> = NA;
  if (g.custom) {
    if (!g.custom.ok) hunting = section([], maxItems, g.custom.error);
    else
      hunting = section(
        huntingGroups(
          g.custom.value.filter((r) => String(r.Indicator ?? '').toLowerCase() === target.value.toLowerCase()),
          opts,
        ),
        maxItems,
      );
  }

  const applies = new Set(APPLIES[target.type] ?? []);
  const only = <T>(name: keyof Omit<TargetFindings, 'target' | 'cached'>, s: Section<T>): Section<T> => (applies.has(name) ? s : NA);
  return {
    target,
    incidents: only('incidents', incidents),
    alerts: only('alerts', alerts),
    assigned: only('assigned', assigned),
    devices: only('devices', devices),
    files: only('files', files),
    prevalence: only('prevalence', prevalence),
    emails: only('emails', emails),
    hunting: only('hunting', hunting),
    cached: false,
  };
}
