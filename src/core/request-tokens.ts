import { createHmac, timingSafeEqual } from 'node:crypto';
import { scoped, unscoped } from './token-scope';

/**
 * Button ids for a stored request: `<requestId>.<signature>`, the signature over request, verb and conversation.
 * Nothing else rides on the card; a copy pasted into another conversation, a changed verb or an altered id fails the
 * signature. The key outlives restarts (configuration or DATA_DIR), so a pending approval still works after one.
 */
export class RequestTokens {
  /** `scope`: the tenant whose requests these are (several tenants); a token of another tenant is not verified here. */
  constructor(
    private readonly key: Buffer,
    private readonly scope?: string,
  ) {}

  private sign(requestId: string, verb: string, conversationId: string): string {
    return createHmac('sha256', this.key).update(`${requestId}\u0000${verb}\u0000${conversationId}`).digest('base64url').slice(0, 32);
  }

  mint(requestId: string, verb: string, conversationId: string): string {
    const id = scoped(this.scope, requestId);
    return `r:${id}.${this.sign(id, verb, conversationId)}`;
  }

  /** The request id, when the token is one of ours for this verb and conversation. */
  verify(token: unknown, verb: string, conversationId: string): string | undefined {
    if (typeof token !== 'string' || token.length > 200 || !token.startsWith('r:')) return undefined;
    const body = token.slice(2);
    const dot = body.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const id = body.slice(0, dot);
    const requestId = unscoped(this.scope, id);
    if (requestId === undefined || !/^[A-Za-z0-9_-]{8,64}$/.test(requestId)) return undefined;
    const expected = Buffer.from(this.sign(id, verb, conversationId));
    const given = Buffer.from(body.slice(dot + 1));
    return expected.length === given.length && timingSafeEqual(expected, given) ? requestId : undefined;
  }

  static isRequestToken(token: unknown): boolean {
    return typeof token === 'string' && token.startsWith('r:');
  }
}
