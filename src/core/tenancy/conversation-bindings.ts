import { bindingKey, bindingMatch, tenantsFor, type Conversation } from '../../config/bindings';
import type { Tenant, TenantsConfig } from '../../config/tenants';
import type { BindingStore, StoredBinding } from '../../store/binding-types';
import { mergeBindings, StoredBindingsCache, type EffectiveBinding } from './stored-bindings';

/** The tenants a conversation speaks for, and the bindings (of equal specificity) that say so. */
export interface Resolved {
  tenants: Tenant[];
  applied: EffectiveBinding[];
}

/** At most this many distinct "ignored" lines are remembered, so a stored binding's problem is logged once. */
const LOGGED_LIMIT = 1_000;

/**
 * Which tenants each conversation speaks for: the tenants file's bindings with those made in chat (store.bindings,
 * shared by every replica) over them. Without a binding store only the file's.
 */
export class ConversationBindings {
  private readonly cache?: StoredBindingsCache;
  private merged?: { from: readonly StoredBinding[]; bindings: EffectiveBinding[] };
  private readonly logged = new Set<string>();

  constructor(
    readonly file: TenantsConfig,
    readonly store: BindingStore | undefined,
    private readonly log?: (message: string, level?: 'info' | 'warn') => void,
    options: { ttlMs?: number; now?: () => number } = {},
  ) {
    if (store) this.cache = new StoredBindingsCache(store, options);
  }

  /** Every binding in force; `fresh`: read the store now (an admin command decides on what is there, not a copy). */
  async all(options: { fresh?: boolean } = {}): Promise<EffectiveBinding[]> {
    if (!this.cache) return this.file.bindings.map((b) => ({ ...b, key: bindingKey(b.target) }));
    if (options.fresh) this.cache.changed();
    const stored = await this.cache.list();
    if (this.merged?.from !== stored) this.merged = { from: stored, bindings: mergeBindings(this.file, stored, (m) => this.logOnce(m)) };
    return this.merged.bindings;
  }

  /** The tenants of `place` under `bindings` (all() by default), with the bindings that decided. */
  resolve(place: Conversation, bindings: readonly EffectiveBinding[]): Resolved {
    let best = 0;
    let applied: EffectiveBinding[] = [];
    for (const b of bindings) {
      const level = bindingMatch(b.target, place);
      if (level === 0 || level < best) continue;
      if (level > best) [best, applied] = [level, []];
      applied.push(b);
    }
    return { tenants: tenantsFor(place, { ...this.file, bindings: [...bindings] }), applied };
  }

  async tenantsOf(place: Conversation): Promise<Tenant[]> {
    return this.resolve(place, await this.all()).tenants;
  }

  /** This replica changed a binding in the store: the next turn here sees it. */
  changed(): void {
    this.cache?.changed();
  }

  private logOnce(message: string): void {
    if (this.logged.has(message)) return;
    if (this.logged.size >= LOGGED_LIMIT) this.logged.clear();
    this.logged.add(message);
    this.log?.(message, 'warn');
  }
}
