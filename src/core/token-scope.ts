/**
 * Which tenant a card's button belongs to. With several tenants every button id starts with its tenant's key and `~`
 * (inside the signed part): `contoso~<id>.<signature>`, `r:contoso~<request>.<signature>`. A single-tenant bot mints
 * ids without one, so its cards from before keep working.
 */
export const SCOPE_SEPARATOR = '~';

const SCOPE = /^[a-z0-9][a-z0-9_-]{0,23}$/;

export function isTokenScope(scope: string): boolean {
  return SCOPE.test(scope);
}

/** The tenant key a button id names, or undefined when it names none (single-tenant ids, junk). */
export function scopeOfToken(token: unknown): string | undefined {
  if (typeof token !== 'string' || token.length > 200) return undefined;
  const body = token.startsWith('r:') ? token.slice(2) : token;
  const i = body.indexOf(SCOPE_SEPARATOR);
  if (i <= 0) return undefined;
  const scope = body.slice(0, i);
  return SCOPE.test(scope) ? scope : undefined;
}

/** `id` under `scope` (unchanged without one). */
export function scoped(scope: string | undefined, id: string): string {
  return scope ? `${scope}${SCOPE_SEPARATOR}${id}` : id;
}

/** The id inside a scoped one, when it carries exactly `scope` (or no scope when `scope` is undefined). */
export function unscoped(scope: string | undefined, id: string): string | undefined {
  if (!scope) return id.includes(SCOPE_SEPARATOR) ? undefined : id;
  const prefix = `${scope}${SCOPE_SEPARATOR}`;
  return id.startsWith(prefix) ? id.slice(prefix.length) : undefined;
}
