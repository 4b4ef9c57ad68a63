import { decodeTenant, encodeTenant, tenantValues } from './tenant-codec';
import { FINAL_STATES, REQUEST_STATES, StoreValueError, type ActionRequest, type AuditEntry, type AuditQuery, type Person, type RequestState } from './types';

/** Both dialects bind these; dates travel as canonical ISO text. */
export type SqlValue = string | number | null;
type Row = Record<string, unknown>;

// PostgreSQL text and jsonb cannot hold U+0000, and a lone surrogate turns into U+FFFD on its way to UTF-8.
// Neither would read back as written, so writes refuse them (the same way in both dialects).
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}

function checkText(value: unknown, field: string): void {
  if (typeof value === 'string') {
    if (!isStorable(value)) throw new StoreValueError(`${field} contains a NUL character or a lone surrogate, which the store does not accept`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      checkText(key, `${field} (a key)`);
      checkText(inner, field);
    }
  }
}

const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A written date that exists (Date.parse quietly turns February 30 into March 2). */
function isRealDate(match: RegExpExecArray): boolean {
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** One spelling for every instant (UTC, milliseconds) so that SQLite can compare them as text. */
export function canonicalTime(value: unknown, field: string): string {
  const match = typeof value === 'string' ? ISO_WITH_ZONE.exec(value) : null;
  const ms = match && isRealDate(match) ? Date.parse(match[0]) : NaN;
  const iso = Number.isNaN(ms) ? '' : new Date(ms).toISOString();
  if (!/^\d{4}-/.test(iso)) throw new StoreValueError(`${field} must be an ISO 8601 time with a zone (like 2025-01-31T09:30:00.000Z)`);
  return iso;
}

function checkState(state: unknown, field: string): RequestState {
  if (!REQUEST_STATES.includes(state as RequestState)) throw new StoreValueError(`${field} is not a request state`);
  return state as RequestState;
}

/** The states a transition may leave: never a final one. */
export function movableStates(from: readonly RequestState[]): RequestState[] {
  return from.map((s) => checkState(s, 'from')).filter((s) => !FINAL_STATES.includes(s));
}

export const REQUEST_COLUMNS = [
  'id',
  'action',
  'params',
  'target',
  'target_key',
  'state',
  'requester',
  'approver',
  'reason',
  'approvals_required',
  'platform',
  'conversation_id',
  'conversation_ref',
  'message_id',
  'defender_action_id',
  'last_error',
  'created_at',
  'updated_at',
  'expires_at',
  'version',
  'tenant',
] as const;
type RequestColumn = (typeof REQUEST_COLUMNS)[number];

export function encodeRequest(r: ActionRequest): Record<RequestColumn, SqlValue> {
  checkText(r, 'request');
  if (!r.id) throw new StoreValueError('request id is empty');
  if (!Number.isInteger(r.approvalsRequired) || r.approvalsRequired < 0) throw new StoreValueError('approvalsRequired must be 0 or more');
  if (r.version !== 1) throw new StoreValueError('a new request has version 1');
  return {
    id: r.id,
    action: r.action,
    params: JSON.stringify(r.params),
    target: r.target,
    target_key: r.target.toLowerCase(),
    state: checkState(r.state, 'state'),
    requester: JSON.stringify(r.requester),
    approver: r.approver ? JSON.stringify(r.approver) : null,
    reason: r.reason ?? null,
    approvals_required: r.approvalsRequired,
    platform: r.platform,
    conversation_id: r.conversationId,
    conversation_ref: r.conversationRef ?? null,
    message_id: r.messageId ?? null,
    defender_action_id: r.defenderActionId ?? null,
    last_error: r.lastError ?? null,
    created_at: canonicalTime(r.createdAt, 'createdAt'),
    updated_at: canonicalTime(r.updatedAt, 'updatedAt'),
    expires_at: canonicalTime(r.expiresAt, 'expiresAt'),
    version: 1,
    tenant: encodeTenant(r.tenant),
  };
}

const PATCH_COLUMNS: Record<string, RequestColumn> = {
  state: 'state',
  approver: 'approver',
  reason: 'reason',
  defenderActionId: 'defender_action_id',
  messageId: 'message_id',
  lastError: 'last_error',
  conversationRef: 'conversation_ref',
  expiresAt: 'expires_at',
  updatedAt: 'updated_at',
  params: 'params',
};
export const TRANSITION_FIELDS = Object.keys(PATCH_COLUMNS);
export const UPDATE_FIELDS = ['messageId', 'conversationRef', 'lastError', 'defenderActionId'];

/**
 * The columns a patch sets, plus updated_at. A field outside `allowed` throws: what was approved (action, params,
 * target, requester, ...) cannot be swapped afterwards. An undefined value leaves the column as it is.
 */
export function encodePatch(patch: object, allowed: readonly string[], now: Date): Array<[RequestColumn, SqlValue]> {
  const sets: Array<[RequestColumn, SqlValue]> = [];
  let updatedAt = now.toISOString();
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const column = PATCH_COLUMNS[field];
    if (!column || !allowed.includes(field)) {
      throw new StoreValueError(`${/^\w{1,40}$/.test(field) ? field : 'that field'} cannot be changed here`);
    }
    checkText(value, field);
    if (field === 'updatedAt') updatedAt = canonicalTime(value, field);
    else if (field === 'expiresAt') sets.push([column, canonicalTime(value, field)]);
    else if (field === 'state') sets.push([column, checkState(value, 'state')]);
    else if (field === 'approver') sets.push([column, JSON.stringify(value as Person)]);
    else if (field === 'params') sets.push([column, JSON.stringify(value)]);
    else sets.push([column, String(value)]);
  }
  sets.push(['updated_at', updatedAt]);
  return sets;
}

/** jsonb arrives parsed, JSON text does not. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function time(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** Copies only the non-null optional fields, so a row reads back without `undefined` keys. */
function optional<T extends object>(fields: { [K in keyof T]?: unknown }): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== null && value !== undefined) out[key] = value;
  return out as Partial<T>;
}

export function decodeRequest(row: Row): ActionRequest {
  return {
    id: String(row.id),
    action: String(row.action),
    params: json<Record<string, string>>(row.params),
    target: String(row.target),
    state: row.state as RequestState,
    requester: json<Person>(row.requester),
    ...optional<ActionRequest>({
      approver: row.approver === null ? null : json<Person>(row.approver),
      reason: row.reason,
      conversationRef: row.conversation_ref,
      messageId: row.message_id,
      defenderActionId: row.defender_action_id,
      lastError: row.last_error,
      tenant: decodeTenant(row.tenant),
    }),
    approvalsRequired: Number(row.approvals_required),
    platform: row.platform as ActionRequest['platform'],
    conversationId: String(row.conversation_id),
    createdAt: time(row.created_at),
    updatedAt: time(row.updated_at),
    expiresAt: time(row.expires_at),
    version: Number(row.version),
  };
}

export const AUDIT_COLUMNS = [
  'at',
  'event',
  'request_id',
  'actor',
  'actor_id',
  'action',
  'target',
  'defender_action_id',
  'conversation_id',
  'detail',
  'target_key',
  'target_host',
  'actor_key',
  'tenant',
] as const;
type AuditColumn = (typeof AUDIT_COLUMNS)[number];

/** The part before the first dot: ws-042.contoso.com is found by ws-042. */
function hostPart(lowerTarget: string): string {
  const dot = lowerTarget.indexOf('.');
  return dot < 0 ? lowerTarget : lowerTarget.slice(0, dot);
}

export function encodeAudit(e: AuditEntry): Record<AuditColumn, SqlValue> {
  checkText(e, 'audit entry');
  const target = e.target?.toLowerCase();
  return {
    at: canonicalTime(e.at, 'at'),
    event: e.event,
    request_id: e.requestId ?? null,
    actor: e.actor,
    actor_id: e.actorId ?? null,
    action: e.action ?? null,
    target: e.target ?? null,
    defender_action_id: e.defenderActionId ?? null,
    conversation_id: e.conversationId ?? null,
    detail: e.detail ?? null,
    target_key: target ?? null,
    target_host: target === undefined ? null : hostPart(target),
    actor_key: e.actorId?.toLowerCase() ?? null,
    tenant: encodeTenant(e.tenant),
  };
}

export function decodeAudit(row: Row): AuditEntry {
  return {
    id: Number(row.id),
    at: time(row.at),
    event: String(row.event),
    actor: String(row.actor),
    ...optional<AuditEntry>({
      requestId: row.request_id,
      actorId: row.actor_id,
      action: row.action,
      target: row.target,
      defenderActionId: row.defender_action_id,
      conversationId: row.conversation_id,
      detail: row.detail,
      tenant: decodeTenant(row.tenant),
    }),
  };
}

export type Condition =
  | { column: AuditColumn; op: '=' | '>='; value: SqlValue }
  /** The column holds one of `values` (never empty). */
  | { column: AuditColumn; op: 'in'; values: string[] };

/** The WHERE terms of an audit query, or undefined when nothing stored can match (a value the store never writes). */
export function auditConditions(filter: AuditQuery): Condition[] | undefined {
  const terms: Condition[] = [];
  if (filter.since !== undefined) {
    if (!(filter.since instanceof Date) || Number.isNaN(filter.since.getTime())) throw new StoreValueError('since is not a valid date');
    terms.push({ column: 'at', op: '>=', value: filter.since.toISOString() });
  }
  for (const text of [filter.target, filter.actorId, filter.requestId]) if (text !== undefined && !isStorable(text)) return undefined;
  if (filter.target !== undefined) {
    const key = filter.target.toLowerCase();
    // A dotless key matches by host part (which covers the exact match too); a dotted one can only match exactly.
    terms.push(key.includes('.') ? { column: 'target_key', op: '=', value: key } : { column: 'target_host', op: '=', value: key });
  }
  if (filter.actorId !== undefined) terms.push({ column: 'actor_key', op: '=', value: filter.actorId.toLowerCase() });
  if (filter.requestId !== undefined) terms.push({ column: 'request_id', op: '=', value: filter.requestId });
  const tenants = tenantValues(filter.tenant);
  if (tenants?.length === 0) return undefined;
  if (tenants) terms.push({ column: 'tenant', op: 'in', values: tenants });
  return terms;
}

export function checkLimit(limit: number | undefined): number | undefined {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new StoreValueError('limit must be a whole number, 0 or more');
  return limit;
}

export function checkVersion(version: number | undefined): void {
  if (version !== undefined && !Number.isInteger(version)) throw new StoreValueError('expectedVersion must be a whole number');
}

/** The requester's choices may change only while they confirm: from then on an approver approves exactly what runs. */
export function checkParamsPatch(from: readonly string[], patch: object): void {
  if ('params' in patch && (patch as { params?: unknown }).params !== undefined && !(from.length === 1 && from[0] === 'awaitingConfirmation')) {
    throw new StoreValueError('params can only change while a request awaits confirmation');
  }
}
