import type { BindingStore, ConversationSettingsStore } from './binding-types';
import type { IncidentStore } from './incident-types';

/**
 * Which tenant's rows a read sees: a tenant key (`contoso`), or `{ tenant, legacy: true }` for that tenant's rows plus
 * the rows that have no tenant (written before migration 4, when one bot served one tenant). Where a read takes one and
 * it is left out, the read sees every tenant's rows. A key the store would never write (not lower-case letters, digits,
 * - and _, 1 to 64 of them) matches nothing.
 */
export type TenantFilter = string | { tenant: string; legacy?: boolean };

export type RequestState =
  | 'awaitingConfirmation'
  | 'awaitingApproval'
  | 'submitting'
  | 'pending'
  | 'inProgress'
  | 'succeeded'
  | 'failed'
  | 'timedOut'
  | 'cancelled'
  | 'denied'
  | 'rejected'
  | 'expired';

export const REQUEST_STATES: readonly RequestState[] = [
  'awaitingConfirmation',
  'awaitingApproval',
  'submitting',
  'pending',
  'inProgress',
  'succeeded',
  'failed',
  'timedOut',
  'cancelled',
  'denied',
  'rejected',
  'expired',
];
export const FINAL_STATES: readonly RequestState[] = ['succeeded', 'failed', 'timedOut', 'cancelled', 'denied', 'rejected', 'expired'];
/** Submitted to Defender and not finished: tracking resumes for these after a restart. */
export const ACTIVE_STATES: readonly RequestState[] = ['submitting', 'pending', 'inProgress'];
/** Waiting for a person's click; these expire. */
export const WAITING_STATES: readonly RequestState[] = ['awaitingConfirmation', 'awaitingApproval'];

export interface Person {
  platform: 'teams' | 'slack' | 'cli';
  userId: string;
  aadObjectId?: string;
  displayName: string;
  tenantId: string;
}

export interface ActionRequest {
  /** Opaque, chosen by the caller (random). */
  id: string;
  /** 'isolate' | 'release' | 'quarantine' | 'scan' | 'restrict' | 'unrestrict' | 'collect' | 'block' | ... */
  action: string;
  /** machineId, deviceName, sha1, isolationType, indicatorValue, ... */
  params: Record<string, string>;
  /** Human target for audit queries: device name or indicator value (lower-case). */
  target: string;
  state: RequestState;
  requester: Person;
  approver?: Person;
  reason?: string;
  /** 0 or 1 */
  approvalsRequired: number;
  platform: 'teams' | 'slack' | 'cli';
  conversationId: string;
  /** Platform data needed to update the card later (JSON text). */
  conversationRef?: string;
  /** The card to update. */
  messageId?: string;
  defenderActionId?: string;
  lastError?: string;
  /** ISO 8601; the store keeps them in UTC with milliseconds (`Date#toISOString`). */
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  /** Starts at 1, +1 on every write (transition or update). */
  version: number;
  /** The tenant key it acts in; absent on requests made before migration 4. Fixed once created. */
  tenant?: string;
}

export type UpdatePatch = Partial<Pick<ActionRequest, 'messageId' | 'conversationRef' | 'lastError' | 'defenderActionId'>>;

export interface ActionRequestStore {
  /** Duplicate id -> throws StoreConflictError. */
  create(request: ActionRequest): Promise<void>;
  get(id: string): Promise<ActionRequest | undefined>;
  /**
   * Atomic compare-and-set: applies `patch` (which must include `state`, may include
   * approver/reason/defenderActionId/messageId/lastError/conversationRef/expiresAt) only if the row's current state is
   * one of `from` (and, if given, its version equals `expectedVersion`); bumps version and updatedAt; returns the
   * updated row, or undefined when the condition failed (someone else won the race).
   * A request in a final state never matches. Other fields in `patch` (action, params, target, ...) throw StoreValueError.
   */
  transition(
    id: string,
    from: readonly RequestState[],
    patch: Partial<Omit<ActionRequest, 'id' | 'version' | 'createdAt'>> & { state: RequestState },
    expectedVersion?: number,
  ): Promise<ActionRequest | undefined>;
  /** Compare-and-set on version, for fields that change without a state change (messageId, conversationRef). */
  update(id: string, expectedVersion: number, patch: UpdatePatch): Promise<ActionRequest | undefined>;
  /** Requests still moving: submitting, pending, inProgress (for resuming tracking after a restart). */
  listActive(tenant?: TenantFilter): Promise<ActionRequest[]>;
  /** Requests waiting for a person whose expiry has passed. */
  listExpired(now: Date, tenant?: TenantFilter): Promise<ActionRequest[]>;
  /** Non-final requests for the same action and target (to refuse or attach duplicates). */
  findOpen(action: string, target: string, tenant?: TenantFilter): Promise<ActionRequest[]>;
}

export interface AuditEntry {
  /** Assigned by the store, increasing. */
  id?: number;
  /** ISO 8601 */
  at: string;
  /** requested, denied, confirmed, approved, rejected, submitted, status, cancelled, expired, refused-button, ... */
  event: string;
  requestId?: string;
  /** Display text "Alex Analyst (teams aad:...)" or "system". */
  actor: string;
  /** Platform id / aad object id. */
  actorId?: string;
  action?: string;
  target?: string;
  defenderActionId?: string;
  conversationId?: string;
  /** Free text: reason, status, error. */
  detail?: string;
  /** The tenant key it happened in; absent on rows written before migration 4. */
  tenant?: string;
}

export interface AuditQuery {
  since?: Date;
  target?: string;
  actorId?: string;
  requestId?: string;
  tenant?: TenantFilter;
  limit?: number;
}

export interface AuditLog {
  /** Append-only: there is no update or delete. */
  append(entry: AuditEntry): Promise<AuditEntry>;
  /**
   * Newest first; target and actorId match case-insensitively; target also matches a prefix before the first dot
   * (ws-042 matches ws-042.contoso.com).
   */
  query(filter: AuditQuery): Promise<AuditEntry[]>;
}

/**
 * Short-lived values every replica must see (lookup-card buttons, hunting result pages), so a click served by another
 * replica, or after a restart, still works. Expired values read as absent and are swept.
 */
export interface EphemeralStore {
  put(key: string, value: string, ttlMs: number): Promise<void>;
  /** Several values in one write (the buttons of one card). */
  putMany(entries: readonly { key: string; value: string }[], ttlMs: number): Promise<void>;
  get(key: string): Promise<string | undefined>;
  /** Deletes expired values; returns how many. */
  sweep(): Promise<number>;
}

export interface Store {
  requests: ActionRequestStore;
  audit: AuditLog;
  ephemeral: EphemeralStore;
  /** Conversations, incident subscriptions, incident cards and the poller's watermark. */
  incidents: IncidentStore;
  /** Which tenants a conversation speaks for, as set by an admin in chat. */
  bindings: BindingStore;
  /** Per-conversation overrides of lookup options. */
  conversationSettings: ConversationSettingsStore;
  health(): Promise<void>;
  close(): Promise<void>;
}

/** A create with an id that already exists. */
export class StoreConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}

/**
 * A value the store will not write: a string with a NUL character or a lone surrogate (neither survives both databases
 * unchanged), an unparseable date, or a field that cannot change. Thrown before anything is written.
 */
export class StoreValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreValueError';
  }
}

/** The store could not be opened; `setting` names the configuration to fix (DATABASE_URL or DATA_DIR). */
export class StoreOpenError extends Error {
  constructor(
    readonly setting: 'DATABASE_URL' | 'DATA_DIR',
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'StoreOpenError';
  }
}
