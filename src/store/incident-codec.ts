import { canonicalTime, isStorable, type SqlValue } from './codec';
import { decodeTenant, encodeTenant } from './tenant-codec';
import type { ConversationRecord, IncidentCard, IncidentFilters, Subscription } from './incident-types';
import { StoreValueError } from './types';

// Rows of the incident tables <-> the records of incident-types.ts, with the checks every write of the store makes:
// no NUL character or lone surrogate, dates canonical (UTC, milliseconds), closed sets of values. A value that fails
// throws StoreValueError before anything is written.

type Row = Record<string, unknown>;

const PLATFORMS = ['teams', 'slack'] as const;
const ORIGINS = ['subscription', 'asked'] as const;
export const SEVERITIES = ['informational', 'low', 'medium', 'high'] as const;

function text(value: unknown, field: string, options: { empty?: boolean } = {}): string {
  if (typeof value !== 'string') throw new StoreValueError(`${field} must be text`);
  if (!options.empty && value.length === 0) throw new StoreValueError(`${field} is empty`);
  if (!isStorable(value)) throw new StoreValueError(`${field} contains a NUL character or a lone surrogate, which the store does not accept`);
  return value;
}

function optionalText(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : text(value, field, { empty: true });
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T)) throw new StoreValueError(`${field} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** An identifier to look up: false when the store could never have written it (so nothing matches). */
export function findable(...ids: unknown[]): boolean {
  return ids.every((id) => typeof id === 'string' && id.length > 0 && isStorable(id));
}

/** Only the filters the poller knows, each of its type: an unknown or mistyped one would be silently ignored later. */
export function encodeFilters(filters: unknown): string {
  if (filters === null || typeof filters !== 'object' || Array.isArray(filters)) throw new StoreValueError('filters must be an object');
  const out: IncidentFilters = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    if (key === 'minSeverity') out.minSeverity = oneOf(value, SEVERITIES, 'filters.minSeverity');
    else if (key === 'serviceSource') out.serviceSource = text(value, 'filters.serviceSource');
    else if (key === 'tag') out.tag = text(value, 'filters.tag');
    else if (key === 'assigned') {
      if (typeof value !== 'boolean') throw new StoreValueError('filters.assigned must be true or false');
      out.assigned = value;
    } else throw new StoreValueError(`${/^\w{1,40}$/.test(key) ? `filters.${key}` : 'that filter'} is not a filter the store knows`);
  }
  return JSON.stringify(out);
}

/** jsonb arrives parsed, JSON text does not; a filter of the wrong type (written by hand) is dropped, not trusted. */
export function decodeFilters(value: unknown): IncidentFilters {
  const raw = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown> | null;
  const out: IncidentFilters = {};
  if (!raw || typeof raw !== 'object') return out;
  const severity = SEVERITIES.find((s) => s === raw.minSeverity);
  if (severity) out.minSeverity = severity;
  if (typeof raw.serviceSource === 'string') out.serviceSource = raw.serviceSource;
  if (typeof raw.tag === 'string') out.tag = raw.tag;
  if (typeof raw.assigned === 'boolean') out.assigned = raw.assigned;
  return out;
}

function time(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** The optional fields that are set, so a row reads back without `undefined` keys. */
function present<T extends object>(fields: { [K in keyof T]?: unknown }): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== null && value !== undefined) out[key] = value;
  return out as Partial<T>;
}

export const CONVERSATION_COLUMNS = ['conversation_id', 'platform', 'ref', 'updated_at', 'removed_at', 'removed_reason'] as const;

export function encodeConversation(r: ConversationRecord): Record<(typeof CONVERSATION_COLUMNS)[number], SqlValue> {
  return {
    conversation_id: text(r.conversationId, 'conversationId'),
    platform: oneOf(r.platform, PLATFORMS, 'platform'),
    ref: text(r.ref, 'ref', { empty: true }),
    updated_at: canonicalTime(r.updatedAt, 'updatedAt'),
    removed_at: r.removedAt === undefined ? null : canonicalTime(r.removedAt, 'removedAt'),
    removed_reason: optionalText(r.removedReason, 'removedReason'),
  };
}

export function decodeConversation(row: Row): ConversationRecord {
  return {
    conversationId: String(row.conversation_id),
    platform: row.platform as ConversationRecord['platform'],
    ref: String(row.ref),
    updatedAt: time(row.updated_at),
    ...present<ConversationRecord>({ removedAt: row.removed_at === null ? null : time(row.removed_at), removedReason: row.removed_reason }),
  };
}

export interface Removal {
  reason: string;
  at: string;
}

export function encodeRemoval(reason: string, at: string): Removal {
  return { reason: text(reason, 'reason', { empty: true }), at: canonicalTime(at, 'at') };
}

/** The columns of a new subscription except its number, which the database assigns. */
export const SUBSCRIPTION_COLUMNS = ['id', 'conversation_id', 'platform', 'filters', 'created_by', 'created_at', 'tenant'] as const;

export function encodeSubscription(s: Omit<Subscription, 'number'>): Record<(typeof SUBSCRIPTION_COLUMNS)[number], SqlValue> {
  return {
    id: text(s.id, 'id'),
    conversation_id: text(s.conversationId, 'conversationId'),
    platform: oneOf(s.platform, PLATFORMS, 'platform'),
    filters: encodeFilters(s.filters),
    created_by: text(s.createdBy, 'createdBy', { empty: true }),
    created_at: canonicalTime(s.createdAt, 'createdAt'),
    tenant: encodeTenant(s.tenant),
  };
}

export function decodeSubscription(row: Row): Subscription {
  return {
    id: String(row.id),
    number: Number(row.number),
    conversationId: String(row.conversation_id),
    platform: row.platform as Subscription['platform'],
    filters: decodeFilters(row.filters),
    createdBy: String(row.created_by),
    createdAt: time(row.created_at),
    ...present<Subscription>({ tenant: decodeTenant(row.tenant) }),
  };
}

/** A subscription number the store may hold: 1 or more, whole. */
export function isSubscriptionNumber(number: unknown): number is number {
  return Number.isSafeInteger(number) && (number as number) >= 1;
}

export const CARD_COLUMNS = ['tenant', 'incident_id', 'conversation_id', 'message_id', 'shown_update', 'origin', 'claimed_at'] as const;

export function encodeCard(c: IncidentCard): Record<(typeof CARD_COLUMNS)[number], SqlValue> {
  return {
    tenant: encodeTenant(c.tenant),
    incident_id: text(c.incidentId, 'incidentId'),
    conversation_id: text(c.conversationId, 'conversationId'),
    message_id: c.messageId === undefined ? null : text(c.messageId, 'messageId'),
    shown_update: canonicalTime(c.shownUpdate, 'shownUpdate'),
    origin: oneOf(c.origin, ORIGINS, 'origin'),
    claimed_at: canonicalTime(c.claimedAt, 'claimedAt'),
  };
}

export function decodeCard(row: Row): IncidentCard {
  return {
    incidentId: String(row.incident_id),
    conversationId: String(row.conversation_id),
    ...present<IncidentCard>({ messageId: row.message_id, tenant: decodeTenant(row.tenant) }),
    shownUpdate: time(row.shown_update),
    origin: row.origin as IncidentCard['origin'],
    claimedAt: time(row.claimed_at),
  };
}

export function encodeWatermark(key: string, value: string, tenant: string | undefined): { key: string; value: string; tenant: string } {
  return { key: text(key, 'key'), value: canonicalTime(value, 'watermark'), tenant: encodeTenant(tenant) };
}

export { canonicalTime, time as decodeTime };
