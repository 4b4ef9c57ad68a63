// What an admin sets in chat for a conversation: which tenants it speaks for (bindings) and its own lookup options
// (conversation settings). Both are keyed by a string the caller computes; the store only keeps them.
//
// Writes refuse (StoreValueError, nothing written) a key that is empty or longer than 512 characters, text with a NUL
// character or a lone surrogate, JSON that is not of the expected shape or is larger than 64 KiB, a tenant that is not a
// tenant key, and a time that is not ISO 8601 with a zone. Times read back in UTC with milliseconds.

/** A JSON value as the store keeps it (PostgreSQL keeps object keys in its own order: compare objects, not text). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface StoredBinding {
  /** Computed by the caller from the target (e.g. `teams:<tenant id>:<team id>:<channel id>`). */
  key: string;
  platform: 'teams' | 'slack';
  /** Where it applies, as the caller describes it (a BindingTarget). */
  target: JsonObject;
  /** Tenant keys, in the caller's order; empty: explicitly no tenant. */
  tenants: string[];
  /** Display text of who set it. */
  updatedBy: string;
  /** ISO 8601 */
  updatedAt: string;
}

export interface BindingStore {
  /** Inserts, or replaces the binding with the same key. */
  put(binding: StoredBinding): Promise<void>;
  get(key: string): Promise<StoredBinding | undefined>;
  /** Every binding, by key (compared as code points). */
  list(): Promise<StoredBinding[]>;
  /** false when there was none. */
  delete(key: string): Promise<boolean>;
}

export interface ConversationSettings {
  conversationKey: string;
  /** Lookup options that differ from the deployment's, by option name. */
  settings: JsonObject;
  updatedBy: string;
  /** ISO 8601 */
  updatedAt: string;
}

export interface ConversationSettingsStore {
  /** Inserts, or replaces the settings of the same conversation. */
  put(settings: ConversationSettings): Promise<void>;
  get(conversationKey: string): Promise<ConversationSettings | undefined>;
  /** false when there were none. */
  delete(conversationKey: string): Promise<boolean>;
}
