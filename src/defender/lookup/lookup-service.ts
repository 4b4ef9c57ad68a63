import { createHash } from 'node:crypto';
import { lookupOptionsOf, optionsFingerprint, type LookupOptions } from '../../config/lookup-options';
import type { AppConfig } from '../../config/schema';
import type { Defender } from '../connect';
import { batchRead } from '../graph-batch';
import { GRAPH_OPS } from '../graph';
import { huntingTimespan } from '../queries/kql';
import type { GraphAlert, GraphIncident, ODataCollection } from '../types';
import { assembleTarget, bySection, md5Map, type Gathered } from './assemble';
import { assignedToFilter, type LookupFilters } from './filters';
import { readEndpointFallback, type EndpointFindings } from './endpoint-fallback';
import { buildCustomHuntingQuery } from './hunting-query';
import { rowMatches } from './match';
import { PortalLinks } from './portal-links';
import { MemoryResultCache, targetKey, type ResultCache } from './result-cache';
import type { FlightCoordinator } from '../../ports/shared-state';
import { runNativeHunting } from './native-hunting';
import { fetched, readGraphByIds, readMachineActions, readMachines, runHunting, SOURCES, type Fetched } from './sources';
import type { LookupResult, LookupTarget, TargetFindings } from './types';

export interface LookupServiceOptions {
  cache?: ResultCache;
  cacheTtlMs?: number;
  now?: () => Date;
  maxItemsPerSection?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Coalescing across replicas: one replica fetches a target, the others wait for it in the shared cache. */
  flights?: FlightCoordinator;
  /** How long a follower waits for the leader's findings before fetching them itself. */
  flightWaitMs?: number;
}

/**
 * Indicators -> findings. The targets of one request are looked up together: one hunting query for all of them,
 * Graph reads in $batch calls, Defender for Endpoint reads by filter, independent sources in parallel (three round
 * trips at most). Results are cached for a short time, and two requests for the same target at the same moment share
 * one upstream read.
 */
export class LookupService {
  private readonly links: PortalLinks;
  private readonly cache: ResultCache;
  private readonly inFlight = new Map<string, Promise<TargetFindings>>();
  private readonly deployment: LookupOptions;

  constructor(
    private readonly defender: Defender,
    private readonly config: AppConfig,
    private readonly options: LookupServiceOptions = {},
  ) {
    this.links = new PortalLinks(defender.endpoints.portalUrl, defender.tenantId);
    this.cache = options.cache ?? new MemoryResultCache();
    this.deployment = lookupOptionsOf(config);
  }

  /**
   * `fresh`: read Defender again rather than the result cache (a Refresh click); a read already under way is still
   * shared. `options`: the lookup options of the conversation asking (its narrowing of the deployment's); the answer is
   * cached and shared only with lookups made with the same options.
   */
  async lookup(targets: LookupTarget[], options: { fresh?: boolean; options?: LookupOptions } = {}): Promise<LookupResult> {
    const unique = dedupe(targets);
    const opts = options.options ?? this.deployment;
    const keyOf = this.keyer(opts);
    const findings = new Map<string, Promise<TargetFindings>>();
    // Claim every target not already in flight before the first await, so a simultaneous request shares it.
    const mine: { target: LookupTarget; key: string; resolve: (f: TargetFindings) => void; reject: (e: unknown) => void }[] = [];
    for (const target of unique) {
      const key = keyOf(target);
      const shared = this.inFlight.get(key);
      if (shared) {
        findings.set(
          key,
          shared.then((f) => ({ ...f, coalesced: true })),
        );
        continue;
      }
      let resolve!: (f: TargetFindings) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<TargetFindings>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.inFlight.set(key, promise);
      findings.set(key, promise);
      mine.push({ target, key, resolve, reject });
      void promise.then(
        () => this.inFlight.delete(key),
        () => this.inFlight.delete(key),
      );
    }
    try {
      const toFetch: typeof mine = [];
      for (const claim of mine) {
        const cached = options.fresh ? undefined : await this.cache.get(claim.key);
        if (cached) claim.resolve({ ...cached, target: claim.target, cached: true });
        else toFetch.push(claim);
      }
      if (toFetch.length > 0) await this.fetchShared(toFetch, opts);
    } catch (err) {
      for (const claim of mine) claim.reject(err);
    }
    const resolved = await Promise.all(unique.map((t) => findings.get(keyOf(t))!));
    return { findings: resolved, demo: this.defender.demo, generatedAt: (this.options.now?.() ?? new Date()).toISOString() };
  }

  /**
   * The cache and flight key of a target looked up with these options: the target alone with the deployment's, else
   * with a digest of the options, since the lookback and the hunting fields change the Defender query and the ignore
   * lists what is kept.
   */
  private keyer(opts: LookupOptions): (t: LookupTarget) => string {
    const fingerprint = optionsFingerprint(opts, this.deployment);
    if (!fingerprint) return (t) => targetKey(t.type, t.value);
    const digest = createHash('sha256').update(fingerprint).digest('hex').slice(0, 16);
    return (t) => `${targetKey(t.type, t.value)}|o:${digest}`;
  }

  /** Fetches what no other replica is fetching; waits for the rest to appear in the shared cache. */
  private async fetchShared(claims: { target: LookupTarget; key: string; resolve: (f: TargetFindings) => void }[], opts: LookupOptions): Promise<void> {
    const flights = this.options.flights;
    const led: { claim: (typeof claims)[number]; done?: () => Promise<void> }[] = [];
    const following: typeof claims = [];
    for (const claim of claims) {
      const flight = flights ? await flights.claim(`lookup:${claim.key}`, 120_000) : ({ leader: true } as const);
      if (flight.leader) led.push({ claim, done: 'done' in flight ? flight.done : undefined });
      else following.push(claim);
    }
    const fetchLed = async (batch: typeof led) => {
      if (batch.length === 0) return;
      try {
        const fetched = await this.fetchBatch(
          batch.map((l) => l.claim),
          opts,
        );
        for (const { claim } of batch) claim.resolve(fetched.get(claim.key)!);
      } finally {
        await Promise.all(batch.map((l) => l.done?.().catch(() => undefined)));
      }
    };
    const waitFollowers = async () => {
      const missing: typeof led = [];
      await Promise.all(
        following.map(async (claim) => {
          const shared = await flights!.waitFor(`lookup:${claim.key}`, this.options.flightWaitMs ?? 60_000, () => this.cache.get(claim.key));
          if (shared) claim.resolve({ ...shared, target: claim.target, cached: true, coalesced: true });
          else missing.push({ claim });
        }),
      );
      // The leader failed, crashed or kept no complete answer: fetch it here.
      await fetchLed(missing);
    };
    await Promise.all([fetchLed(led), following.length > 0 ? waitFollowers() : Promise.resolve()]);
  }

  /** Each claim's findings by its key, fetched together with these options. */
  private async fetchBatch(claims: { target: LookupTarget; key: string }[], opts: LookupOptions): Promise<Map<string, TargetFindings>> {
    const targets = claims.map((c) => c.target);
    const filters: LookupFilters = { ...opts.ignore, lookbackDays: opts.lookbackDays };
    const now = this.options.now?.() ?? new Date();
    const timespan = huntingTimespan(Math.min(opts.lookbackDays, 3650));
    const mails = targets.filter((t) => t.type === 'email' || t.type === 'user').map((t) => t.value);

    // Round 1: hunting (native and the admin's own query) and the assigned-to searches, in parallel. A refused native
    // union is retried part by part inside runNativeHunting (only then, an extra round).
    const [native, custom, assigned] = await Promise.all([
      runNativeHunting(this.defender, targets, timespan),
      this.config.lookups.huntingQuery.trim()
        ? runHunting(this.defender, () => buildCustomHuntingQuery(this.config.lookups.huntingQuery, targets), timespan, SOURCES.customHunting)
        : Promise.resolve(undefined),
      mails.length > 0 ? this.readAssigned(mails, filters, now) : Promise.resolve(undefined),
    ]);
    // Hunting throttled, forbidden or down: Defender for Endpoint's own endpoints give part of the answer (an extra
    // round, only then). A value that cannot be written in a query is not worth another call anywhere.
    const fallback =
      native.unavailable && native.unavailable.kind !== 'invalid'
        ? await readEndpointFallback(this.defender, targets, now)
        : new Map<string, EndpointFindings>();

    // Round 2: the alerts the evidence points at, and every device involved with its machine actions.
    const rows = native.rows;
    const sections = bySection(rows);
    const md5s = md5Map(rows);
    const evidence = sections.get('evidence') ?? [];
    const fallbackAlerts = [...fallback.values()].flatMap((f) => f.alertIds ?? []);
    const alertIds = [
      ...new Set([...evidence.filter((r) => targets.some((t) => rowMatches(r, t, md5s))).map((r) => String(r.AlertId)), ...fallbackAlerts]),
    ].slice(0, 100);
    const deviceIds = new Set<string>();
    for (const name of ['evidence', 'network', 'deviceIp', 'files', 'deviceName', 'deviceMac']) {
      for (const r of sections.get(name) ?? [])
        if (typeof r.DeviceId === 'string' && /^[0-9a-f]{40}$/i.test(r.DeviceId)) deviceIds.add(r.DeviceId.toLowerCase());
    }
    const deviceNames = targets.filter((t) => t.type === 'device' && !/^[0-9a-f]{40}$/i.test(t.value)).map((t) => t.value);
    for (const t of targets) if (t.type === 'device' && /^[0-9a-f]{40}$/i.test(t.value)) deviceIds.add(t.value.toLowerCase());
    for (const f of fallback.values())
      for (const { machine } of f.machines ?? []) if (/^[0-9a-f]{40}$/i.test(machine.id)) deviceIds.add(machine.id.toLowerCase());
    const ids = [...deviceIds].slice(0, 100);
    const [alerts, machines, actions] = await Promise.all([
      readGraphByIds<GraphAlert>(this.defender, 'alerts_v2', alertIds, this.options.sleep),
      readMachines(this.defender, ids, deviceNames),
      readMachineActions(this.defender, ids),
    ]);

    // Round 3: the incidents of those alerts.
    const incidentIds = [...new Set([...alerts.found.values()].map((a) => a.incidentId).filter((id): id is string => !!id))].slice(0, 100);
    const incidents = await readGraphByIds<GraphIncident>(this.defender, 'incidents', incidentIds, this.options.sleep);

    const gathered: Gathered = { native, fallback, custom, assigned, alerts, incidents, machines, actions };
    const out = new Map<string, TargetFindings>();
    const ttl = this.options.cacheTtlMs ?? this.config.lookups.cacheSeconds * 1000;
    for (const { target, key } of claims) {
      const findings = assembleTarget(target, gathered, {
        links: this.links,
        filters,
        now,
        summaryFields: opts.summaryFields,
        ignoreFields: opts.ignoreFields,
        maxItems: this.options.maxItemsPerSection ?? 50,
      });
      out.set(key, findings);
      // Only complete answers are kept: a failed or partly filled section is tried again next time.
      if (isComplete(findings)) await this.cache.set(key, findings, ttl);
    }
    return out;
  }

  /** The old product's e-mail lookup: incidents and alerts assigned to the address, filtered by Graph itself. */
  private async readAssigned(mails: string[], filters: LookupFilters, now: Date): Promise<Fetched<{ incidents: GraphIncident[]; alerts: GraphAlert[] }>> {
    return fetched(async () => {
      const query = (entity: 'incident' | 'alert') => `$filter=${encodeURIComponent(assignedToFilter(mails, filters, now, entity))}&$top=50`;
      const outcomes = await batchRead<ODataCollection<GraphIncident | GraphAlert>>(
        this.defender.http,
        [
          { id: 'incidents', path: `/security/incidents?${query('incident')}`, op: GRAPH_OPS.listIncidents },
          { id: 'alerts', path: `/security/alerts_v2?${query('alert')}`, op: GRAPH_OPS.listAlerts },
        ],
        { sleep: this.options.sleep },
      );
      const incidents = outcomes.get('incidents');
      const alerts = outcomes.get('alerts');
      if (!incidents || !alerts) throw new Error('the batch response has no answer for the assigned-to searches');
      if (!incidents.ok) throw incidents.error;
      if (!alerts.ok) throw alerts.error;
      return { incidents: incidents.body.value as GraphIncident[], alerts: alerts.body.value as GraphAlert[] };
    }, SOURCES.assigned);
  }
}

const sectionsOf = (f: TargetFindings) => [f.incidents, f.alerts, f.assigned, f.devices, f.files, f.prevalence, f.emails, f.hunting];

/** A section failed (partly filled sections are not failures: see isComplete). */
export function hasError(f: TargetFindings): boolean {
  return sectionsOf(f).some((s) => s.status === 'error');
}

/** Every section answered in full: no failure, nothing filled only in part. */
export function isComplete(f: TargetFindings): boolean {
  return sectionsOf(f).every((s) => s.status !== 'error' && !(s.status === 'ok' && s.partial));
}

function dedupe(targets: LookupTarget[]): LookupTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = targetKey(t.type, t.value);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
