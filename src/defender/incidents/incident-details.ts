import type { Defender } from '../connect';
import { bySeverityThenDate, deviceSummaries, evidenceValue } from '../lookup/assemble';
import { PortalLinks } from '../lookup/portal-links';
import { readMachineActions, readMachines } from '../lookup/sources';
import type { DeviceSummary, EvidenceSummary, SectionError } from '../lookup/types';
import type { GraphAlert, GraphEvidence, GraphIncident } from '../types';

export interface IncidentAlert {
  id: string;
  title: string;
  severity: string;
  status: string;
  serviceSource: string;
  createdDateTime: string;
  evidence: EvidenceSummary[];
  link: string;
}

/** One incident with what its alerts involve: devices (with their isolation state), users, mailboxes. */
export interface IncidentDetails {
  incident: GraphIncident;
  alerts: IncidentAlert[];
  devices: DeviceSummary[];
  /** Why the devices' state could not be read (they are still listed, by name, with state unknown). */
  devicesError?: SectionError;
  users: string[];
  mailboxes: string[];
  link: string;
  /** Deep links to the portal pages of the devices and alerts. */
  links: PortalLinks;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const kind = (e: GraphEvidence) => (e['@odata.type'] ?? '').replace('#microsoft.graph.security.', '');

function collect(alerts: GraphAlert[]) {
  const devices = new Map<string, { id?: string; name: string }>();
  const users = new Set<string>();
  const mailboxes = new Set<string>();
  for (const a of alerts) {
    for (const e of a.evidence ?? []) {
      const f = e as Record<string, unknown>;
      switch (kind(e)) {
        case 'deviceEvidence': {
          const id = str(f.mdeDeviceId);
          const name = str(f.deviceDnsName) ?? id;
          if (name) devices.set((id ?? name).toLowerCase(), { id, name });
          break;
        }
        case 'userEvidence': {
          const account = (f.userAccount ?? {}) as Record<string, unknown>;
          const user = str(account.userPrincipalName) ?? str(account.accountName);
          if (user) users.add(user);
          break;
        }
        case 'mailboxEvidence': {
          const address = str(f.primaryAddress);
          if (address) mailboxes.add(address.toLowerCase());
          break;
        }
      }
    }
  }
  return { devices: [...devices.values()], users: [...users], mailboxes: [...mailboxes] };
}

/**
 * Reads one incident with its alerts (Graph security v1.0 incidents/{id}?$expand=alerts), then the devices its alerts
 * name and their recent machine actions from Defender for Endpoint. A failure to read the devices costs only their
 * state; a failure to read the incident is thrown (DefenderError, e.g. 404 notFound).
 */
export async function readIncidentDetails(defender: Defender, id: string): Promise<IncidentDetails> {
  return detailsOf(defender, await defender.graph.getIncident(id, true));
}

/** The details of an incident already read with its alerts (a page of incidents listed with $expand=alerts). */
export async function detailsOf(defender: Defender, incident: GraphIncident): Promise<IncidentDetails> {
  const links = new PortalLinks(defender.endpoints.portalUrl, defender.tenantId);
  const alerts = [...(incident.alerts ?? [])].sort(bySeverityThenDate);
  const involved = collect(alerts);
  const machines = await readMachines(
    defender,
    involved.devices.flatMap((d) => (d.id ? [d.id] : [])),
    involved.devices.filter((d) => !d.id).map((d) => d.name),
  );
  const actions = await readMachineActions(defender, machines.ok ? machines.value.map((m) => m.id) : []);
  const relations = involved.devices.map((d) => ({ id: d.id ?? null, name: d.name, relation: 'in this incident' }));
  const devices = deviceSummaries(relations, { machines, actions }, links);
  const failed = !machines.ok ? machines.error : !actions.ok ? actions.error : undefined;
  return {
    incident,
    alerts: alerts.map((a) => ({
      id: a.id,
      title: a.title,
      severity: a.severity,
      status: a.status,
      serviceSource: a.serviceSource,
      createdDateTime: a.createdDateTime,
      evidence: (a.evidence ?? []).map(evidenceValue).filter((e): e is EvidenceSummary => e !== undefined),
      link: links.alert(a.id),
    })),
    devices,
    devicesError: failed,
    users: involved.users,
    mailboxes: involved.mailboxes,
    link: str(incident.incidentWebUrl) ?? links.incident(incident.id),
    links,
  };
}
