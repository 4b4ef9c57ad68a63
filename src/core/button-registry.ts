import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EphemeralStore } from '../store/types';
import { scoped, unscoped } from './token-scope';

/** What a button stands for, kept on the server: the card carries only its signed id. */
export interface ButtonPayload {
  verb: string;
  /** The conversation the card was posted to: a button replayed elsewhere is refused. */
  conversationId: string;
  params: Record<string, string>;
  createdAt: number;
  /** How long this button lives, when not the registry's default (incident cards stay on screen for days). */
  ttlMs?: number;
}

export type ButtonLookup = { ok: true; payload: ButtonPayload } | { ok: false; reason: 'tampered' | 'unknown' | 'expired' | 'foreign' };

export interface ButtonRegistryOptions {
  /** Shared with other replicas and kept over restarts; without it buttons live in this process only. */
  store?: EphemeralStore;
  ttlMs?: number;
  now?: () => number;
  maxEntries?: number;
  /** The tenant whose cards carry these buttons: ids start with it (see token-scope.ts), others are refused. */
  scope?: string;
}

/**
 * Opaque, signed button ids: `<random>.<hmac>`. A forged or altered id fails the signature; an id from another
 * conversation or past its expiry is refused. Minting is synchronous (views are built synchronously); `flush()` writes
 * a card's buttons to the shared store in one go before the card is sent.
 */
export class ButtonRegistry {
  private readonly entries = new Map<string, ButtonPayload>();
  /** Minted since the last flush, not yet in the shared store. */
  private unsaved: { key: string; value: string; ttlMs: number }[] = [];
  /** Writes under way: a turn whose buttons another turn's flush took waits for that write too. */
  private readonly writing = new Set<Promise<void>>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(
    private readonly key: Buffer = randomBytes(32),
    private readonly options: ButtonRegistryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 24 * 3600_000;
    this.now = options.now ?? Date.now;
    // With a store the map is only a cache of recent buttons (the store holds them all); without one it is the only copy.
    this.maxEntries = options.maxEntries ?? (options.store ? 2_000 : 50_000);
  }

  private sign(id: string): string {
    return createHmac('sha256', this.key).update(id).digest('base64url').slice(0, 22);
  }

  mint(verb: string, conversationId: string, params: Record<string, string>, ttlMs?: number): string {
    const id = scoped(this.options.scope, randomBytes(12).toString('base64url'));
    const payload: ButtonPayload = { verb, conversationId, params, createdAt: this.now(), ...(ttlMs !== undefined ? { ttlMs } : {}) };
    this.entries.set(id, payload);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    if (this.options.store) this.unsaved.push({ key: `button:${id}`, value: JSON.stringify(payload), ttlMs: ttlMs ?? this.ttlMs });
    return `${id}.${this.sign(id)}`;
  }

  /** Writes the buttons minted since the last flush in one go, so other replicas can read them; a failed write fails here. */
  async flush(): Promise<void> {
    const store = this.options.store;
    if (store && this.unsaved.length > 0) {
      const byTtl = new Map<number, { key: string; value: string }[]>();
      for (const { key, value, ttlMs } of this.unsaved) byTtl.set(ttlMs, [...(byTtl.get(ttlMs) ?? []), { key, value }]);
      const write = Promise.all([...byTtl].map(([ttl, entries]) => store.putMany(entries, ttl))).then(() => undefined);
      this.unsaved = [];
      this.writing.add(write);
      void write.then(
        () => this.writing.delete(write),
        () => this.writing.delete(write),
      );
    }
    await Promise.all([...this.writing]);
  }

  async resolve(token: unknown, conversationId: string, verb: string): Promise<ButtonLookup> {
    if (typeof token !== 'string' || token.length > 100) return { ok: false, reason: 'tampered' };
    const [id, signature, extra] = token.split('.');
    if (!id || !signature || extra !== undefined) return { ok: false, reason: 'tampered' };
    if (unscoped(this.options.scope, id) === undefined) return { ok: false, reason: 'foreign' };
    const expected = Buffer.from(this.sign(id));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
    const payload = this.entries.get(id) ?? (await this.fromStore(id));
    if (!payload) return { ok: false, reason: 'unknown' };
    if (payload.verb !== verb || payload.conversationId !== conversationId) return { ok: false, reason: 'foreign' };
    if (this.now() - payload.createdAt > (payload.ttlMs ?? this.ttlMs)) return { ok: false, reason: 'expired' };
    return { ok: true, payload };
  }

  private async fromStore(id: string): Promise<ButtonPayload | undefined> {
    const text = await this.options.store?.get(`button:${id}`);
    if (!text) return undefined;
    const parsed = JSON.parse(text) as ButtonPayload;
    if (parsed.ttlMs !== undefined && (typeof parsed.ttlMs !== 'number' || !Number.isFinite(parsed.ttlMs))) return undefined;
    return typeof parsed.verb === 'string' && typeof parsed.conversationId === 'string' ? parsed : undefined;
  }
}
