import { bindingKey } from '../../config/bindings';
import type { Binding, BindingTarget, TenantsConfig } from '../../config/tenants';
import type { BindingStore, JsonObject, StoredBinding } from '../../store/binding-types';

/** How long a replica trusts the bindings it read: a change made on another replica shows there within this. */
export const STORED_BINDINGS_TTL_MS = 5_000;

/** A binding as the router applies it: a stored one remembers who made it (for `bindings` and the audit). */
export interface EffectiveBinding extends Binding {
  key: string;
  stored?: StoredBinding;
  /** A stored binding's key that the tenants file binds too: that file binding's origin (`bindings[3]`). */
  replaces?: string;
}

const TEXT = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 300;
const OPTIONAL = (v: unknown): boolean => v === undefined || TEXT(v);

/** A stored target read back: only the shapes the router writes (anything else is ignored, not trusted). */
export function targetOf(json: JsonObject): BindingTarget | undefined {
  const t = json as Record<string, unknown>;
  if (t.platform === 'slack' && TEXT(t.teamId) && OPTIONAL(t.channelId))
    return { platform: 'slack', teamId: t.teamId, ...(t.channelId ? { channelId: t.channelId as string } : {}) };
  if (t.platform === 'teams' && TEXT(t.tenantId) && OPTIONAL(t.teamId) && OPTIONAL(t.channelId) && OPTIONAL(t.chatId))
    return {
      platform: 'teams',
      tenantId: t.tenantId,
      ...(t.teamId ? { teamId: t.teamId as string } : {}),
      ...(t.channelId ? { channelId: t.channelId as string } : {}),
      ...(t.chatId ? { chatId: t.chatId as string } : {}),
    };
  return undefined;
}

export function storedOrigin(stored: StoredBinding): string {
  return `bound in chat by ${stored.updatedBy} at ${stored.updatedAt.slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The tenants file's bindings with the stored ones over them: a stored binding replaces the file's binding with the
 * same key (the same conversations); the most specific binding still wins (config/bindings.ts). Tenants a stored
 * binding names that the file no longer has are left out, each said once to `log`.
 */
export function mergeBindings(file: TenantsConfig, stored: readonly StoredBinding[], log: (message: string) => void): EffectiveBinding[] {
  const known = new Set(file.tenants.map((t) => t.key));
  const fromChat = new Map<string, EffectiveBinding>();
  for (const s of stored) {
    const target = targetOf(s.target);
    if (!target || bindingKey(target) !== s.key) {
      log(`stored binding ${s.key.slice(0, 120)} is ignored: its target is not one the bot writes`);
      continue;
    }
    const tenants = s.tenants.filter((t) => known.has(t));
    for (const gone of s.tenants.filter((t) => !known.has(t)))
      log(`stored binding ${s.key.slice(0, 120)} names tenant ${gone.slice(0, 40)}, which the tenants file no longer has: ignored`);
    fromChat.set(s.key, { key: s.key, target, tenants, origin: storedOrigin(s), stored: s });
  }
  const out: EffectiveBinding[] = [];
  for (const b of file.bindings) {
    const key = bindingKey(b.target);
    const over = fromChat.get(key);
    if (over) over.replaces = b.origin;
    else out.push({ ...b, key });
  }
  return [...out, ...fromChat.values()];
}

/**
 * The stored bindings, read at most once per TTL by this replica however many turns ask (concurrent turns share one
 * read). A change made here is seen at once: `changed()` drops what was read, and a read begun before the change is
 * not kept. A failed read is not cached: the caller fails the turn rather than guess.
 */
export class StoredBindingsCache {
  private value?: { bindings: StoredBinding[]; at: number };
  private reading?: { generation: number; promise: Promise<StoredBinding[]> };
  private generation = 0;

  constructor(
    private readonly store: BindingStore,
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async list(): Promise<StoredBinding[]> {
    const ttl = this.options.ttlMs ?? STORED_BINDINGS_TTL_MS;
    if (this.value && this.now() - this.value.at < ttl) return this.value.bindings;
    if (this.reading?.generation === this.generation) return this.reading.promise;
    const generation = this.generation;
    const at = this.now();
    const promise = this.store.list().then((bindings) => {
      if (generation === this.generation) this.value = { bindings, at };
      return bindings;
    });
    this.reading = { generation, promise };
    try {
      return await promise;
    } finally {
      if (this.reading?.promise === promise) this.reading = undefined;
    }
  }

  /** This replica changed a binding: the next turn reads the store again. */
  changed(): void {
    this.generation++;
    this.value = undefined;
  }
}
