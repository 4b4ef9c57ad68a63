// What the incident features keep: where the bot may speak (conversation references), who asked for incidents
// (subscriptions), which cards show which incident (so every one is updated after a change), and how far the
// poller has read (its watermark). Implemented by the SQLite and PostgreSQL stores.

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
  /** Opaque, unique. */
  id: string;
  /** 1, 2, 3 ... within its conversation: what `unsubscribe <n>` names. Never reused within a conversation. */
  number: number;
  conversationId: string;
  platform: 'teams' | 'slack';
  filters: IncidentFilters;
  /** Display text of who subscribed ("Alex Analyst (teams ...)"). */
  createdBy: string;
  createdAt: string;
}

/** One card showing one incident in one conversation. */
export interface IncidentCard {
  incidentId: string;
  conversationId: string;
  /** Absent while the card is being posted (claimed, not yet sent). */
  messageId?: string;
  /** The incident's lastUpdateDateTime the card shows. */
  shownUpdate: string;
  /** 'subscription': posted by the poller; 'asked': someone asked for it (incident command, Open button). */
  origin: 'subscription' | 'asked';
  /** When the claim was taken (ISO 8601): a claim without messageId older than a minute is a crashed post. */
  claimedAt: string;
}

export interface IncidentStore {
  saveConversation(record: ConversationRecord): Promise<void>;
  getConversation(conversationId: string): Promise<ConversationRecord | undefined>;
  /** Marks it removed and deletes its subscriptions; returns how many subscriptions were deleted. */
  markConversationRemoved(conversationId: string, reason: string, at: string): Promise<number>;

  /** Adds one with the next number of its conversation (atomic: two at once get two numbers). */
  addSubscription(sub: Omit<Subscription, 'number'>): Promise<Subscription>;
  /** Every subscription, or those of one conversation, by number. */
  listSubscriptions(conversationId?: string): Promise<Subscription[]>;
  /** false when there was none with that number. */
  removeSubscription(conversationId: string, number: number): Promise<boolean>;

  /**
   * Takes the right to post the incident's card in the conversation: true when there was no card, or only a crashed
   * claim (no messageId, claimedAt before `staleBefore`). Two callers at once: exactly one gets true.
   */
  claimCard(card: Omit<IncidentCard, 'messageId'>, staleBefore: string): Promise<boolean>;
  /** Records the posted message, or the update shown (compare-and-set is not needed: one poller at a time). */
  saveCard(card: IncidentCard): Promise<void>;
  getCard(incidentId: string, conversationId: string): Promise<IncidentCard | undefined>;
  /** Every card of the incident, in every conversation. */
  cardsOf(incidentId: string): Promise<IncidentCard[]>;

  /** The poller's position (an ISO 8601 lastUpdateDateTime) by key (the tenant). */
  getWatermark(key: string): Promise<string | undefined>;
  setWatermark(key: string, value: string): Promise<void>;
}
