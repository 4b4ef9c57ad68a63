import type { GraphAlert, GraphIncident } from '../../src/defender/types';
import type { EmulatorContext } from '../context';
import type { Severity } from '../tenant/builders';
import type { ServiceSource } from '../tenant/detectors';
import { LIVE_SERVICE_SOURCES, LiveDevices, SEVERITY_ORDER, followUpAlert, newIncident } from '../tenant/live-incident-factory';
import type { TenantRewrite } from '../tenant/derive-tenant';
import { Prng } from '../tenant/prng';
import { ANALYSTS } from '../tenant/stories/context';
import { deriveAlertTables } from '../tenant/tables/derive-alert-tables';
import { SERVICE_SOURCES, enumMember } from './graph-enums';
import { patchIncident } from './incident-patch';

/** EmulatorOptions.liveIncidents: Defender keeps raising and changing incidents while the emulator runs. */
export interface LiveIncidentOptions {
  /** One event (a new incident, or a change to an open one) every intervalMs. */
  intervalMs: number;
  /** Seed of the generator that picks what happens (default 0x11fe: the same run every time). */
  seed?: number;
}

/** What a new incident may be asked to be; the rest is drawn. */
export interface RaiseIncidentOptions {
  severity?: string;
  title?: string;
  serviceSource?: string;
  tags?: string[];
  /** How many alerts, 1..3. */
  alerts?: number;
}

/** A change Defender (or an analyst in the portal) makes to an incident. */
export interface IncidentChange {
  status?: string;
  assignedTo?: string | null;
  severity?: string;
  /** Correlate one more alert into the incident (optionally of a given severity). */
  addAlert?: boolean | { severity?: string };
  /** lastModifiedBy for a status or owner change (default: sam.soc@contoso.com, an analyst in the portal). */
  modifiedBy?: string;
}

/** A request the emulator refuses: 400 (bad request) or 404 (no such incident). */
export class LiveIncidentError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

export type IncidentWithAlerts = GraphIncident & { alerts: GraphAlert[] };

/**
 * The live side of the demo tenant: new incidents with new numeric ids, and changes to existing ones (status, owner,
 * severity, one more alert), on demand or on a timer. Each change is one stamp of the context's UpdateStamps, so
 * lastUpdateDateTime only moves forward and no two changes share one.
 */
export class LiveIncidents {
  private readonly prng: Prng;
  private readonly devices: LiveDevices;
  private timer: NodeJS.Timeout | undefined;
  private interval: number | undefined;

  /** `rewrite`: a derived tenant's names (tenant/derive-tenant.ts), for what is drawn from the demo tenant's devices. */
  constructor(
    private readonly ctx: EmulatorContext,
    seed = 0x11fe,
    private readonly rewrite?: TenantRewrite,
  ) {
    this.prng = new Prng(seed);
    this.devices = new LiveDevices(() => this.ctx.tenant.machines, rewrite && ((id) => rewrite.map(id)));
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** The timer's pace while it runs. */
  get intervalMs(): number | undefined {
    return this.interval;
  }

  start(options: LiveIncidentOptions): void {
    if (!Number.isFinite(options.intervalMs) || options.intervalMs < 10) throw new Error('liveIncidents.intervalMs must be at least 10 ms');
    this.stop();
    this.timer = setInterval(() => {
      // A timer callback that throws would take the whole process (the bot, in demo mode) down with it.
      try {
        this.tick();
      } catch {
        // The next tick tries again.
      }
    }, options.intervalMs);
    this.timer.unref();
    this.interval = options.intervalMs;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.interval = undefined;
  }

  /** One event of the timer: mostly changes to open incidents, a new incident about every other time. */
  tick(): void {
    const open = this.ctx.tenant.incidents.filter((i) => i.status === 'active' || i.status === 'inProgress');
    if (open.length === 0 || this.prng.chance(0.45)) {
      this.raise();
      return;
    }
    const incident = this.prng.pick(open);
    const roll = this.prng.next();
    if (roll < 0.35) this.change(incident.id, { addAlert: true });
    else if (roll < 0.6 && !incident.assignedTo) this.change(incident.id, { assignedTo: this.prng.pick(Object.values(ANALYSTS)) });
    else if (incident.status === 'active') this.change(incident.id, { status: 'inProgress' });
    else this.change(incident.id, { status: 'resolved' });
  }

  raise(options: RaiseIncidentOptions = {}): IncidentWithAlerts {
    const request = readRaise(options);
    const stamp = this.ctx.stamps.next();
    const drawn = newIncident({ ...request, id: this.nextId(), stamp }, this.prng, this.devices);
    const { incident, alerts } = this.rewrite ? this.rewrite.apply(drawn) : drawn;
    this.ctx.tenant.incidents.unshift(incident);
    this.ctx.tenant.alerts.unshift(...alerts);
    this.addHuntingRows(alerts);
    return this.withAlerts(incident);
  }

  change(id: string, change: IncidentChange): IncidentWithAlerts {
    const incident = this.ctx.tenant.incidents.find((i) => i.id === id);
    if (!incident) throw new LiveIncidentError(`Incident ${id} was not found.`, 404);
    const { patch, addAlert, modifiedBy } = readChange(change);
    const alerts = this.ctx.tenant.alerts.filter((a) => a.incidentId === id);
    const stamp = this.ctx.stamps.next();
    if (Object.keys(patch).length > 0) {
      // The same rules as a PATCH from a client; a portal user, or Defender itself, is the one changing it.
      const byPerson = 'status' in patch || 'assignedTo' in patch;
      const outcome = patchIncident(incident, alerts, patch, () => ({ stamp, modifiedBy: byPerson ? modifiedBy : incident.lastModifiedBy }));
      if ('error' in outcome) throw new LiveIncidentError(outcome.error, 400);
    }
    if (addAlert) {
      const drawn = followUpAlert(incident, alerts, stamp, this.prng, this.devices, addAlert.severity);
      const added = this.rewrite ? this.rewrite.apply(drawn) : drawn;
      this.ctx.tenant.alerts.unshift(added);
      this.addHuntingRows([added]);
      // An incident is as severe as its most severe alert (defender-xdr/manage-incidents).
      if (SEVERITY_ORDER.indexOf(added.severity as Severity) > SEVERITY_ORDER.indexOf(incident.severity as Severity)) incident.severity = added.severity;
      incident.lastUpdateDateTime = stamp;
    }
    return this.withAlerts(incident);
  }

  /** Defender's incident ids are numbers: the next one after the highest in the tenant. */
  private nextId(): string {
    const highest = this.ctx.tenant.incidents.reduce((max, i) => (/^\d+$/.test(i.id) ? Math.max(max, Number(i.id)) : max), 0);
    return String(highest + 1);
  }

  private withAlerts(incident: GraphIncident): IncidentWithAlerts {
    return { ...incident, alerts: this.ctx.tenant.alerts.filter((a) => a.incidentId === incident.id) };
  }

  /** New alerts are in advanced hunting too (AlertInfo, AlertEvidence), as the seeded ones are. */
  private addHuntingRows(alerts: GraphAlert[]): void {
    const rows = deriveAlertTables(alerts, this.ctx.tenant.machines);
    this.ctx.tenant.tables['AlertInfo']?.rows.push(...rows.AlertInfo);
    this.ctx.tenant.tables['AlertEvidence']?.rows.push(...rows.AlertEvidence);
  }
}

const SEVERITIES = ['informational', 'low', 'medium', 'high'] as const;

function severityOf(value: unknown, what: string): Severity {
  const found = typeof value === 'string' ? enumMember(SEVERITIES, value) : undefined;
  if (!found) throw new LiveIncidentError(`${what} must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(value)}).`, 400);
  return found;
}

function readRaise(options: RaiseIncidentOptions): {
  severity?: Severity;
  title?: string;
  serviceSource?: ServiceSource;
  tags?: string[];
  alertCount?: number;
} {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new LiveIncidentError('Expected a JSON object.', 400);
  const known = ['severity', 'title', 'serviceSource', 'tags', 'alerts'];
  const unknown = Object.keys(options).find((k) => !known.includes(k));
  if (unknown) throw new LiveIncidentError(`Unknown property '${unknown}': a new incident takes ${known.join(', ')}.`, 400);
  const out: ReturnType<typeof readRaise> = {};
  if (options.severity !== undefined) out.severity = severityOf(options.severity, 'severity');
  if (options.title !== undefined) {
    if (typeof options.title !== 'string' || options.title.trim() === '') throw new LiveIncidentError('title must be a non-empty string.', 400);
    out.title = options.title;
  }
  if (options.serviceSource !== undefined) {
    const member = typeof options.serviceSource === 'string' ? enumMember(SERVICE_SOURCES, options.serviceSource) : undefined;
    const live = LIVE_SERVICE_SOURCES.find((s) => s === member);
    if (!live)
      throw new LiveIncidentError(`serviceSource must be one of ${LIVE_SERVICE_SOURCES.join(', ')} (got ${JSON.stringify(options.serviceSource)}).`, 400);
    out.serviceSource = live;
  }
  if (options.tags !== undefined) {
    if (!Array.isArray(options.tags) || !options.tags.every((t) => typeof t === 'string')) throw new LiveIncidentError('tags must be a list of strings.', 400);
    out.tags = [...options.tags];
  }
  if (options.alerts !== undefined) {
    if (!Number.isInteger(options.alerts) || options.alerts < 1 || options.alerts > 3) throw new LiveIncidentError('alerts must be 1, 2 or 3.', 400);
    out.alertCount = options.alerts;
  }
  return out;
}

function readChange(change: IncidentChange): { patch: Record<string, unknown>; addAlert?: { severity?: Severity }; modifiedBy: string } {
  if (typeof change !== 'object' || change === null || Array.isArray(change)) throw new LiveIncidentError('Expected a JSON object.', 400);
  const known = ['status', 'assignedTo', 'severity', 'addAlert', 'modifiedBy'];
  const unknown = Object.keys(change).find((k) => !known.includes(k));
  if (unknown) throw new LiveIncidentError(`Unknown property '${unknown}': a change takes ${known.join(', ')}.`, 400);
  const patch: Record<string, unknown> = {};
  if (change.status !== undefined) patch.status = change.status;
  if (change.assignedTo !== undefined) patch.assignedTo = change.assignedTo;
  if (change.severity !== undefined) patch.severity = severityOf(change.severity, 'severity');
  let addAlert: { severity?: Severity } | undefined;
  if (change.addAlert === true) addAlert = {};
  else if (typeof change.addAlert === 'object' && change.addAlert !== null && !Array.isArray(change.addAlert)) {
    addAlert = change.addAlert.severity === undefined ? {} : { severity: severityOf(change.addAlert.severity, 'addAlert.severity') };
  } else if (change.addAlert !== undefined && change.addAlert !== false) {
    throw new LiveIncidentError('addAlert must be true or an object such as {"severity": "high"}.', 400);
  }
  if (Object.keys(patch).length === 0 && !addAlert) throw new LiveIncidentError('Nothing to change: give status, assignedTo, severity or addAlert.', 400);
  if (change.modifiedBy !== undefined && (typeof change.modifiedBy !== 'string' || change.modifiedBy.trim() === '')) {
    throw new LiveIncidentError('modifiedBy must be a non-empty string.', 400);
  }
  return { patch, addAlert, modifiedBy: change.modifiedBy ?? ANALYSTS.sam };
}
