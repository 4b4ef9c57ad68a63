// What the incident features keep: where the bot may speak (conversation references), who asked for incidents
// (subscriptions), which cards show which incident (so every one is updated after a change), and how far the
// poller has read (its watermark). Implemented by the SQLite and PostgreSQL stores.
//
// As everywhere in the store: a write whose text holds a NUL character or a lone surrogate, whose time is not ISO 8601
// with a zone, or whose value is outside its closed set (platform, origin, filters) throws StoreValueError before
// anything is written; a lookup by an id the store could never have written finds nothing. Times come back in UTC with
// milliseconds (`Date#toISOString`), whatever zone or precision they were written with: compare them as instants
// (Date.parse), not as the text Graph sent (its lastUpdateDateTime has up to 7 fractional digits).
//
// Subscriptions, cards and watermarks belong to a tenant (a tenant key, like `contoso`): a conversation bound to two
// tenants has subscriptions of each, incident 12 of one tenant and incident 12 of another are two cards, and each tenant
// has its own watermarks. A record written without a tenant has none (so had every record before migration 4); reads
// that take a TenantFilter see every tenant's records when it is left out. Conversations are the platform's, not a
// tenant's. A scoped view (tenantStore) passes the tenant for its callers.

import type { TenantFilter } from './types';

/** A conversation the bot was added to, with what the platform needs to post into it later. */
export interface ConversationRecord {
  conversationId: string;
  platform: 'teams' | 'slack';
  /** Platform data to reach it (JSON text: a Bot Framework ConversationReference, or a Slack channel ref). */
  ref: string;
  /** ISO 8601 */
  updatedAt: string;
  /** Set when the bot was removed or the platform refused to post (ISO 8601); cleared when it is added again. */
  removedAt?: string;
  removedReason?: string;
}

/** Stored as JSON and read back with only these keys, each of its type; any other key is refused on write. */
export interface IncidentFilters {
  /** Lowest severity posted: informational, low, medium or high. */
  minSeverity?: 'informational' | 'low' | 'medium' | 'high';
  /** Graph serviceSource of at least one of the incident's alerts (microsoftDefenderForEndpoint, ...). */
  serviceSource?: string;
  /** A custom or system tag the incident carries (case-insensitive). */
  tag?: string;
  /** Only incidents with (true) or without (false) an owner. */
  assigned?: boolean;
}

export interface Subscription {
  /** Opaque, unique, chosen by the caller (a duplicate throws StoreConflictError). */
  id: string;
  /** 1, 2, 3 ... within its conversation: what `unsubscribe <n>` names. Never reused within a conversation. */
  number: number;
  conversationId: string;
  platform: 'teams' | 'slack';
  filters: IncidentFilters;
  /** Display text of who subscribed ("Alex Analyst (teams ...)"). */
  createdBy: string;
  createdAt: string;
  /** The tenant whose incidents it brings (a tenant key); absent on one made without a tenant. */
  tenant?: string;
}

/** One card showing one incident in one conversation. */
export interface IncidentCard {
  incidentId: string;
  conversationId: string;
  /** Absent while the card is being posted (claimed, not yet sent). */
  messageId?: string;
  /** The incident's lastUpdateDateTime the card shows (read back in UTC with milliseconds: compare as instants). */
  shownUpdate: string;
  /** 'subscription': posted by the poller; 'asked': someone asked for it (incident command, Open button). */
  origin: 'subscription' | 'asked';
  /** When the claim was taken (ISO 8601): a claim without messageId older than a minute is a crashed post. */
  claimedAt: string;
  /** The tenant of the incident (a tenant key); absent on a card saved without a tenant. Part of the card's identity. */
  tenant?: string;
}

export interface IncidentStore {
  /**
   * Inserts or replaces the record as given: a record without removedAt (the bot was added again) clears an earlier
   * removal. Subscriptions deleted by that removal stay deleted.
   */
  saveConversation(record: ConversationRecord): Promise<void>;
  getConversation(conversationId: string): Promise<ConversationRecord | undefined>;
  /**
   * Marks it removed and deletes its subscriptions, in one step; returns how many subscriptions were deleted. An
   * unknown conversation has nothing to mark (its stray subscriptions, if any, are still deleted). Its cards stay.
   */
  markConversationRemoved(conversationId: string, reason: string, at: string): Promise<number>;

  /**
   * Adds one with the next number of its conversation (atomic: two at once, from any replica, get two numbers). The
   * numbers of removed subscriptions, and of a removed conversation's, are never given again in that conversation.
   */
  addSubscription(sub: Omit<Subscription, 'number'>): Promise<Subscription>;
  /**
   * Every subscription, or those of one conversation, by number (numbers are per conversation, whatever the tenant);
   * with `tenant`, only that tenant's.
   */
  listSubscriptions(conversationId?: string, tenant?: TenantFilter): Promise<Subscription[]>;
  /**
   * false when there was none with that number (or the number is not a whole number from 1), or, with `tenant`, when it
   * is another tenant's.
   */
  removeSubscription(conversationId: string, number: number, tenant?: TenantFilter): Promise<boolean>;

  /**
   * Takes the right to post the incident's card in the conversation: true when there was no card, or only a crashed
   * claim (no messageId, claimedAt before `staleBefore`), which it takes over (shownUpdate, origin, claimedAt). Two
   * callers at once, from any replica: exactly one gets true. A card with a messageId is never claimed again. The card
   * is the one of its tenant (card.tenant; none when absent).
   */
  claimCard(card: Omit<IncidentCard, 'messageId'>, staleBefore: string): Promise<boolean>;
  /**
   * Records the posted message, or the update shown (compare-and-set is not needed: one poller at a time). Inserts or
   * replaces the card as given, so pass the messageId it has: a card saved without one reads as a claim again.
   */
  saveCard(card: IncidentCard): Promise<void>;
  /** The card of that tenant (one tenant key; absent: the card without a tenant). */
  getCard(incidentId: string, conversationId: string, tenant?: string): Promise<IncidentCard | undefined>;
  /**
   * Every card of the incident, in every conversation (including claims not yet posted), by conversationId (and tenant);
   * with `tenant`, only that tenant's.
   */
  cardsOf(incidentId: string, tenant?: TenantFilter): Promise<IncidentCard[]>;

  /**
   * The poller's position (an ISO 8601 lastUpdateDateTime) by key (the tenant). Kept to the millisecond: Graph's
   * sub-millisecond digits are dropped (rounded down), so a poll from the watermark re-reads rather than skips.
   */
  getWatermark(key: string, tenant?: string): Promise<string | undefined>;
  /** `tenant`: one tenant key; absent, the watermark without a tenant. Each tenant's watermarks are its own. */
  setWatermark(key: string, value: string, tenant?: string): Promise<void>;
}
