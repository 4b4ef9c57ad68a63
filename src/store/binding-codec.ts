import { canonicalTime, isStorable, type SqlValue } from './codec';
import type { ConversationSettings, JsonObject, StoredBinding } from './binding-types';
import { isTenantKey } from './tenant-codec';
import { StoreValueError } from './types';

type Row = Record<string, unknown>;

/** PostgreSQL indexes a primary key of at most ~2.7 kB: 512 characters of up to 4 bytes stay under it, in both stores. */
export const MAX_KEY_LENGTH = 512;
export const MAX_JSON_LENGTH = 64 * 1024;
const PLATFORMS = ['teams', 'slack'] as const;

function text(value: unknown, field: string, max?: number): string {
  if (typeof value !== 'string') throw new StoreValueError(`${field} must be text`);
  if (value.length === 0) throw new StoreValueError(`${field} is empty`);
  if (max !== undefined && value.length > max) throw new StoreValueError(`${field} is longer than ${max} characters`);
  if (!isStorable(value)) throw new StoreValueError(`${field} contains a NUL character or a lone surrogate, which the store does not accept`);
  return value;
}

/** A key to look up: false when the store could never have written it (so nothing matches). */
export function findableKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && key.length <= MAX_KEY_LENGTH && isStorable(key);
}

function checkJson(value: unknown, field: string, depth = 0): void {
  if (depth > 32) throw new StoreValueError(`${field} is nested too deeply`);
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new StoreValueError(`${field} holds a number JSON cannot: ${value}`);
    return;
  }
  if (typeof value === 'string') {
    if (!isStorable(value)) throw new StoreValueError(`${field} contains a NUL character or a lone surrogate, which the store does not accept`);
    return;
  }
  if (Array.isArray(value)) return value.forEach((v) => checkJson(v, field, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      checkJson(k, `${field} (a key)`, depth + 1);
      checkJson(v, field, depth + 1);
    }
    return;
  }
  throw new StoreValueError(`${field} holds a value JSON cannot (${typeof value})`);
}

/** A plain object of JSON values, as JSON text of at most MAX_JSON_LENGTH characters. */
function jsonObject(value: unknown, field: string): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new StoreValueError(`${field} must be an object`);
  checkJson(value, field);
  const json = JSON.stringify(value);
  if (json.length > MAX_JSON_LENGTH) throw new StoreValueError(`${field} is larger than ${MAX_JSON_LENGTH} characters of JSON`);
  return json;
}

/** jsonb arrives parsed, JSON text does not. */
function parsed<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function time(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

export const BINDING_COLUMNS = ['key', 'platform', 'target', 'tenants', 'updated_by', 'updated_at'] as const;

export function encodeBinding(b: StoredBinding): Record<(typeof BINDING_COLUMNS)[number], SqlValue> {
  if (!Array.isArray(b.tenants)) throw new StoreValueError('tenants must be a list of tenant keys');
  for (const t of b.tenants) if (!isTenantKey(t)) throw new StoreValueError('tenants must be tenant keys: 1 to 64 lower-case letters, digits, - and _');
  if (!PLATFORMS.includes(b.platform)) throw new StoreValueError(`platform must be one of ${PLATFORMS.join(', ')}`);
  return {
    key: text(b.key, 'key', MAX_KEY_LENGTH),
    platform: b.platform,
    target: jsonObject(b.target, 'target'),
    tenants: JSON.stringify(b.tenants),
    updated_by: text(b.updatedBy, 'updatedBy', MAX_KEY_LENGTH),
    updated_at: canonicalTime(b.updatedAt, 'updatedAt'),
  };
}

export function decodeBinding(row: Row): StoredBinding {
  return {
    key: String(row.key),
    platform: row.platform as StoredBinding['platform'],
    target: parsed<JsonObject>(row.target),
    tenants: parsed<string[]>(row.tenants),
    updatedBy: String(row.updated_by),
    updatedAt: time(row.updated_at),
  };
}

export const SETTINGS_COLUMNS = ['conversation_key', 'settings', 'updated_by', 'updated_at'] as const;

export function encodeSettings(s: ConversationSettings): Record<(typeof SETTINGS_COLUMNS)[number], SqlValue> {
  return {
    conversation_key: text(s.conversationKey, 'conversationKey', MAX_KEY_LENGTH),
    settings: jsonObject(s.settings, 'settings'),
    updated_by: text(s.updatedBy, 'updatedBy', MAX_KEY_LENGTH),
    updated_at: canonicalTime(s.updatedAt, 'updatedAt'),
  };
}

export function decodeSettings(row: Row): ConversationSettings {
  return {
    conversationKey: String(row.conversation_key),
    settings: parsed<JsonObject>(row.settings),
    updatedBy: String(row.updated_by),
    updatedAt: time(row.updated_at),
  };
}
