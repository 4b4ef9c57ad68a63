import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a button stands for, kept on the server: the card carries only its signed id. */
export interface ButtonPayload {
  verb: string;
  /** The conversation the card was posted to: a button replayed elsewhere is refused. */
  conversationId: string;
  params: Record<string, string>;
  createdAt: number;
}

export type ButtonLookup = { ok: true; payload: ButtonPayload } | { ok: false; reason: 'tampered' | 'unknown' | 'expired' | 'foreign' };

/**
 * Opaque, signed button ids: `<random>.<hmac>`. A forged or altered id fails the signature; an id from another
 * conversation or past its expiry is refused. (The stored, audited request state machine builds on this.)
 */
export class ButtonRegistry {
  private readonly entries = new Map<string, ButtonPayload>();

  constructor(
    private readonly key: Buffer = randomBytes(32),
    private readonly ttlMs = 24 * 3600_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 50_000,
  ) {}

  private sign(id: string): string {
    return createHmac('sha256', this.key).update(id).digest('base64url').slice(0, 22);
  }

  mint(verb: string, conversationId: string, params: Record<string, string>): string {
    const id = randomBytes(12).toString('base64url');
    this.entries.set(id, { verb, conversationId, params, createdAt: this.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return `${id}.${this.sign(id)}`;
  }

  resolve(token: unknown, conversationId: string, verb: string): ButtonLookup {
    if (typeof token !== 'string' || token.length > 100) return { ok: false, reason: 'tampered' };
    const [id, signature, extra] = token.split('.');
    if (!id || !signature || extra !== undefined) return { ok: false, reason: 'tampered' };
    const expected = Buffer.from(this.sign(id));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
    const payload = this.entries.get(id);
    if (!payload) return { ok: false, reason: 'unknown' };
    if (payload.verb !== verb || payload.conversationId !== conversationId) return { ok: false, reason: 'foreign' };
    if (this.now() - payload.createdAt > this.ttlMs) return { ok: false, reason: 'expired' };
    return { ok: true, payload };
  }
}
