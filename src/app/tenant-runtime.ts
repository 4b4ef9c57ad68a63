import type { WebClient } from '@slack/web-api';
import { slackGroupReader } from '../bot/slack/start-slack';
import type { AnswerView } from '../cards/view-models';
import type { AppConfig } from '../config/schema';
import type { Tenant } from '../config/tenants';
import { ActionRequestService, type RequestNotifier } from '../core/action-requests';
import { ActionTracker } from '../core/action-tracker';
import { ButtonRegistry } from '../core/button-registry';
import { ConversationService } from '../core/conversation';
import { IncidentPoller } from '../core/incidents/incident-poller';
import { RequestTokens } from '../core/request-tokens';
import { RoleResolver } from '../core/roles';
import type { TenantService } from '../core/tenancy/tenant-router';
import { connectDefender, type ConnectOptions, type Defender, type TenantDefenders } from '../defender/connect';
import { listGroupUsers } from '../defender/directory';
import { LookupService } from '../defender/lookup/lookup-service';
import type { BotMetrics } from '../ops/metrics';
import type { SharedState } from '../shared-state';
import { tenantFlights, tenantLeases, tenantResultCache } from '../shared-state/tenant-keyed';
import { tenantStore } from '../store';
import type { Store } from '../store/types';

/** One tenant's services: everything keyed by it, from the Defender clients to the incident poller. */
export interface TenantRuntime extends TenantService {
  defender: Defender;
  lookups: LookupService;
  buttons: ButtonRegistry;
  requests: ActionRequestService;
  tracker: ActionTracker;
  poller: IncidentPoller;
}

export interface TenantRuntimeDeps {
  tenant: Tenant;
  /** Several tenants (TENANTS_FILE): state keyed by the tenant, button ids scoped to it, its name on every card. */
  multi: boolean;
  config: AppConfig;
  defender: Defender;
  /** The clients of the tenant where a user lives, when the bot serves it: group checks read that directory. */
  directory: (userTenantId: string) => Defender | undefined;
  store: Store;
  shared: SharedState;
  key: Buffer;
  notifier: RequestNotifier;
  slackApi?: WebClient;
  metrics: BotMetrics;
  log?: (message: string, level?: 'info' | 'warn') => void;
}

/** The single-tenant clients, built as before TENANTS_FILE existed, in the shape connectTenants returns. */
export async function singleTenantDefenders(config: AppConfig, tenant: Tenant, options: ConnectOptions): Promise<TenantDefenders> {
  const defender = await connectDefender(config, options);
  return { byKey: new Map([[tenant.key, defender]]), emulator: defender.emulator, close: () => defender.close() };
}

/** A notifier whose every post and update names the tenant in the card's first line. */
function stampingNotifier(inner: RequestNotifier, tenant: string): RequestNotifier {
  const stamp = (view: AnswerView): AnswerView => ({ ...view, tenant });
  return {
    post: (target, view) => inner.post(target, stamp(view)),
    update: (target, view) => inner.update(target, stamp(view)),
    ...(inner.announce ? { announce: inner.announce.bind(inner) } : {}),
  };
}

export function tenantRuntime(deps: TenantRuntimeDeps): TenantRuntime {
  const { tenant, multi, config, defender, shared, log, metrics } = deps;
  // This tenant's audit, requests, subscriptions, cards and watermark; one tenant also owns the rows from before
  // tenants existed (an upgraded bot keeps its pending requests and posted cards).
  const store = tenantStore(deps.store, tenant.key, { legacy: !multi });
  const scope = multi ? tenant.key : undefined;
  const cache = multi ? tenantResultCache(shared.resultCache, tenant.key) : shared.resultCache;
  const flights = multi ? tenantFlights(shared.flights, tenant.key) : shared.flights;
  // Incident 12 of one tenant is not incident 12 of another: exclusive work is keyed by tenant too.
  const leases = multi ? tenantLeases(shared.leases, tenant.key) : shared.leases;
  const notifier = multi ? stampingNotifier(deps.notifier, tenant.name) : deps.notifier;
  const lookups = new LookupService(defender, config, { cache, flights });
  const roles = new RoleResolver(
    { ...config.roles, ...tenant.roles },
    (user, groups, userTenantId) => (deps.directory(userTenantId) ?? defender).graph.checkMemberGroups(user, groups),
    { slackGroupMembers: deps.slackApi ? slackGroupReader(deps.slackApi) : undefined, log },
  );
  const tracker: { current?: ActionTracker } = {};
  const requestDeps = {
    config,
    defender,
    store,
    roles,
    tokens: new RequestTokens(deps.key, scope),
    notifier,
    track: (r: Parameters<ActionTracker['track']>[0]) => tracker.current?.track(r),
    groupMembers: (groupId: string) => listGroupUsers(defender.http, groupId),
    log,
  };
  const requests = new ActionRequestService(requestDeps);
  tracker.current = new ActionTracker(requestDeps, requests, { log, leases });
  // One registry for chat turns and the incident poller: a button on a posted incident card resolves on any replica.
  const buttons = new ButtonRegistry(deps.key, { store: store.ephemeral, scope });
  const conversation = new ConversationService({
    config,
    defender,
    lookups,
    roles,
    buttons,
    requests,
    store,
    leases,
    notifier,
    log,
    multiTenant: multi,
    tenantKey: tenant.key,
    observe: {
      turn: (platform, kind) => metrics.recordTurn(platform, kind),
      lookup: (e) => {
        metrics.recordLookup(e);
        for (let i = 0; i < e.cacheHits; i++) metrics.recordCache('hit');
        for (let i = 0; i < e.coalesced; i++) metrics.recordCache('coalesced');
        for (let i = 0; i < e.indicators - e.cacheHits - e.coalesced; i++) metrics.recordCache('miss');
      },
    },
  });
  const poller = new IncidentPoller({ config, defender, store, leases, notifier, buttons, log });
  return { tenant, defender, lookups, roles, buttons, requests, tracker: tracker.current, poller, conversation };
}
