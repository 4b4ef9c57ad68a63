import type { Defender } from '../connect';
import { evidenceValue, isolationState } from '../lookup/assemble';
import { PortalLinks } from '../lookup/portal-links';
import { readMachineActions, readMachines } from '../lookup/sources';
import type { DeviceSummary, EvidenceSummary, SectionError } from '../lookup/types';
import { FINAL_ACTION_STATUSES, type GraphAlert, type GraphEvidence, type GraphIncident } from '../types';

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

const SEVERITY_RANK: Record<string, number> = { high: 4, medium: 3, low: 2, informational: 1 };

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
  const alerts = [...(incident.alerts ?? [])].sort(
    (a, b) => (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) || b.createdDateTime.localeCompare(a.createdDateTime),
  );
  const involved = collect(alerts);
  const ids = involved.devices.flatMap((d) => (d.id ? [d.id] : []));
  const names = involved.devices.filter((d) => !d.id).map((d) => d.name);
  const machines = await readMachines(defender, ids, names);
  const known = machines.ok ? machines.value : [];
  const actions = await readMachineActions(
    defender,
    known.map((m) => m.id),
  );
  const devices: DeviceSummary[] = involved.devices.map((d) => {
    const machine = known.find((m) => (d.id && m.id === d.id) || m.computerDnsName.toLowerCase() === d.name.toLowerCase());
    const own = actions.ok && machine ? actions.value.filter((a) => a.machineId === machine.id) : [];
    const machineId = machine?.id ?? d.id ?? '';
    return {
      id: machineId,
      name: machine?.computerDnsName ?? d.name,
      os: machine ? [machine.osPlatform, machine.version].filter(Boolean).join(' ') : null,
      healthStatus: machine?.healthStatus ?? null,
      riskScore: machine?.riskScore ?? null,
      exposureLevel: machine?.exposureLevel ?? null,
      lastSeen: machine?.lastSeen ?? null,
      lastIpAddress: machine?.lastIpAddress ?? null,
      tags: machine?.machineTags ?? [],
      isolation: actions.ok && machine ? isolationState(own) : 'unknown',
      pendingActions: own.filter((a) => !FINAL_ACTION_STATUSES.includes(a.status)).map((a) => ({ id: a.id, type: a.type, status: a.status })),
      relation: 'in this incident',
      link: machineId ? links.device(machineId) : '',
    };
  });
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
