import type { IncidentCard, IncidentStore } from './incident-types';
import { isTenantKey } from './tenant-codec';
import { StoreValueError, type ActionRequestStore, type AuditLog, type EphemeralStore, type Store, type TenantFilter } from './types';

export interface TenantStoreOptions {
  /**
   * Rows without a tenant (written before migration 4, or by callers not yet routed per tenant) belong to this tenant
   * too: for the single-tenant deployment, so an upgraded bot still sees its pending requests, audit, subscriptions,
   * cards and watermark. Never for a tenant of a tenants file.
   */
  legacy?: boolean;
}

/**
 * The store as one tenant sees it: audit rows, requests, subscriptions and cards are written with its tenant key, and
 * reads, lists and compare-and-set writes see only its rows (with `legacy`, the rows without a tenant too). A record or
 * argument naming another tenant throws StoreValueError: a caller holding this view acts for this tenant only.
 * Ephemeral values (hunt pages, buttons) are keyed by the tenant too, except in a legacy (single-tenant) view.
 * Conversations, bindings and conversation settings are the deployment's and pass through unchanged;
 * so does markConversationRemoved, which stops every tenant's subscriptions there (the bot left the conversation).
 */
export function tenantStore(store: Store, tenant: string, options: TenantStoreOptions = {}): Store {
  if (!isTenantKey(tenant)) throw new StoreValueError('tenant must be a tenant key: 1 to 64 lower-case letters, digits, - and _ (like contoso)');
  const legacy = options.legacy === true;
  const filter: TenantFilter = legacy ? { tenant, legacy } : tenant;
  const owns = (rowTenant: string | undefined) => rowTenant === tenant || (legacy && rowTenant === undefined);
  // Thrown inside the async methods, so a refusal is a rejected promise like every other store error.
  const other = () => new StoreValueError(`this store answers for tenant ${tenant} only`);
  /** The tenant to write: this one, whether the caller named it or not. */
  const stamp = (given: string | undefined) => {
    if (given !== undefined && given !== tenant) throw other();
    return tenant;
  };
  /** A tenant filter or key passed to the view narrows nothing further, but must not name another tenant. */
  const scoped = (given: TenantFilter | undefined) => {
    if (given !== undefined && (typeof given === 'string' ? given : given?.tenant) !== tenant) throw other();
    return filter;
  };

  const requests: ActionRequestStore = {
    create: async (request) => store.requests.create({ ...request, tenant: stamp(request.tenant) }),
    async get(id) {
      const request = await store.requests.get(id);
      return request && owns(request.tenant) ? request : undefined;
    },
    // A request's tenant never changes (the database refuses it), so checking it first leaves no race.
    async transition(id, from, patch, expectedVersion) {
      return (await requests.get(id)) ? store.requests.transition(id, from, patch, expectedVersion) : undefined;
    },
    async update(id, expectedVersion, patch) {
      return (await requests.get(id)) ? store.requests.update(id, expectedVersion, patch) : undefined;
    },
    listActive: async (given) => store.requests.listActive(scoped(given)),
    listExpired: async (now, given) => store.requests.listExpired(now, scoped(given)),
    findOpen: async (action, target, given) => store.requests.findOpen(action, target, scoped(given)),
  };

  const audit: AuditLog = {
    append: async (entry) => store.audit.append({ ...entry, tenant: stamp(entry.tenant) }),
    query: async (query) => store.audit.query({ ...query, tenant: scoped(query.tenant) }),
  };

  const raw = store.incidents;
  /** With legacy, a card saved before tenants keeps being that card (a second one would post the incident twice). */
  const legacyCard = async (card: Pick<IncidentCard, 'incidentId' | 'conversationId' | 'tenant'>) =>
    legacy && card.tenant === undefined && (await raw.getCard(card.incidentId, card.conversationId)) !== undefined;
  const addressed = (given: string | undefined) => {
    if (given !== undefined && given !== tenant) throw other();
  };

  const incidents: IncidentStore = {
    saveConversation: (record) => raw.saveConversation(record),
    getConversation: (conversationId) => raw.getConversation(conversationId),
    markConversationRemoved: (conversationId, reason, at) => raw.markConversationRemoved(conversationId, reason, at),
    addSubscription: async (sub) => raw.addSubscription({ ...sub, tenant: stamp(sub.tenant) }),
    listSubscriptions: async (conversationId, given) => raw.listSubscriptions(conversationId, scoped(given)),
    removeSubscription: async (conversationId, number, given) => raw.removeSubscription(conversationId, number, scoped(given)),
    async claimCard(card, staleBefore) {
      const t = stamp(card.tenant);
      return raw.claimCard({ ...card, tenant: (await legacyCard(card)) ? undefined : t }, staleBefore);
    },
    async saveCard(card) {
      const t = stamp(card.tenant);
      await raw.saveCard({ ...card, tenant: (await legacyCard(card)) ? undefined : t });
    },
    async getCard(incidentId, conversationId, given) {
      addressed(given);
      return (await raw.getCard(incidentId, conversationId, tenant)) ?? (legacy ? raw.getCard(incidentId, conversationId) : undefined);
    },
    cardsOf: async (incidentId, given) => raw.cardsOf(incidentId, scoped(given)),
    async getWatermark(key, given) {
      addressed(given);
      return (await raw.getWatermark(key, tenant)) ?? (legacy ? raw.getWatermark(key) : undefined);
    },
    async setWatermark(key, value, given) {
      addressed(given);
      await raw.setWatermark(key, value, tenant);
    },
  };

  // Hunt pages and buttons of one tenant live under its own keys; a single-tenant bot (legacy) keeps the old ones.
  const ephemeral: EphemeralStore = legacy
    ? store.ephemeral
    : {
        put: (key, value, ttlMs) => store.ephemeral.put(`tenant:${tenant}:${key}`, value, ttlMs),
        putMany: (entries, ttlMs) =>
          store.ephemeral.putMany(
            entries.map((e) => ({ key: `tenant:${tenant}:${e.key}`, value: e.value })),
            ttlMs,
          ),
        get: (key) => store.ephemeral.get(`tenant:${tenant}:${key}`),
        sweep: () => store.ephemeral.sweep(),
      };

  return {
    ...store,
    requests,
    audit,
    incidents,
    ephemeral,
    close: () => store.close(),
    health: () => store.health(),
  };
}
