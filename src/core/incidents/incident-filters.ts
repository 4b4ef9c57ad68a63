import type { GraphIncident } from '../../defender/types';
import type { IncidentFilters } from '../../store/incident-types';

const SEVERITY_RANK: Record<string, number> = { informational: 1, low: 2, medium: 3, high: 4 };
const SEVERITIES = ['informational', 'low', 'medium', 'high'] as const;

/** Short names people type for Graph's serviceSource values. */
const SOURCES: Record<string, string> = {
  endpoint: 'microsoftDefenderForEndpoint',
  mde: 'microsoftDefenderForEndpoint',
  identity: 'microsoftDefenderForIdentity',
  mdi: 'microsoftDefenderForIdentity',
  office: 'microsoftDefenderForOffice365',
  office365: 'microsoftDefenderForOffice365',
  mdo: 'microsoftDefenderForOffice365',
  cloudapps: 'microsoftDefenderForCloudApps',
  mdca: 'microsoftDefenderForCloudApps',
  cloud: 'microsoftDefenderForCloud',
  xdr: 'microsoft365Defender',
  entra: 'azureAdIdentityProtection',
  sentinel: 'microsoftSentinel',
  dlp: 'dataLossPrevention',
};

export const SUBSCRIBE_USAGE =
  'subscribe [high | medium | low | informational] [source endpoint | identity | office | cloudapps | ...] [tag <tag>] [assigned | unassigned]';

/** "subscribe medium source endpoint tag vip unassigned": the filters, or what is wrong. */
export function parseFilters(text: string, serviceSources: readonly string[]): IncidentFilters | { error: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const filters: IncidentFilters = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.toLowerCase()
      .replace(/^(min-?severity|severity)[=:]?/, '')
      .replace(/\+$/, '');
    if (word === '') continue;
    const severity = SEVERITIES.find((s) => s === word || (s === 'informational' && word === 'info'));
    if (severity) filters.minSeverity = severity;
    else if (word === 'assigned' || word === 'unassigned') filters.assigned = word === 'assigned';
    else if (word === 'source' || word === 'tag') {
      const value = words[++i];
      if (!value) return { error: `Write a value after "${word}". ${SUBSCRIBE_USAGE}` };
      if (word === 'tag') {
        if (value.length > 100 || /[\u0000-\u001f]/.test(value)) return { error: 'A tag is at most 100 printable characters.' };
        filters.tag = value;
      } else {
        const canonical = SOURCES[value.toLowerCase()] ?? serviceSources.find((s) => s.toLowerCase() === value.toLowerCase());
        if (!canonical)
          return {
            error: `"${value.slice(0, 40)}" is not a service source: use endpoint, identity, office, cloudapps, cloud, xdr, entra, sentinel, dlp or a Graph serviceSource name.`,
          };
        filters.serviceSource = canonical;
      }
    } else return { error: `I do not know "${words[i]!.slice(0, 40)}" as a filter. ${SUBSCRIBE_USAGE}` };
  }
  return filters;
}

/** "medium and above · Defender for Endpoint · tag vip · unassigned" */
export function describeFilters(f: IncidentFilters): string {
  const parts = [
    f.minSeverity ? `${f.minSeverity} and above` : 'every severity',
    f.serviceSource ? f.serviceSource.replace(/^microsoftDefenderFor/, 'Defender for ') : undefined,
    f.tag ? `tag ${f.tag}` : undefined,
    f.assigned === undefined ? undefined : f.assigned ? 'assigned' : 'unassigned',
  ];
  return parts.filter(Boolean).join(' · ');
}

export function matchesFilters(incident: GraphIncident, f: IncidentFilters): boolean {
  if (f.minSeverity && (SEVERITY_RANK[incident.severity?.toLowerCase()] ?? 0) < SEVERITY_RANK[f.minSeverity]!) return false;
  if (f.assigned !== undefined && Boolean(incident.assignedTo) !== f.assigned) return false;
  if (f.tag) {
    const tag = f.tag.toLowerCase();
    if (![...(incident.customTags ?? []), ...(incident.systemTags ?? [])].some((t) => t.toLowerCase() === tag)) return false;
  }
  if (f.serviceSource) {
    const source = f.serviceSource.toLowerCase();
    if (!(incident.alerts ?? []).some((a) => a.serviceSource?.toLowerCase() === source)) return false;
  }
  return true;
}
