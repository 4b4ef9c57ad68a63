import { canonicalDomain } from './domain';
import { hashType } from './hash';
import { parseIPv4 } from './ipv4';
import { canonicalIPv6 } from './ipv6';
import { portalLinkTarget } from './portal-links';
import { refang } from './refang';
import type { Candidate } from './types';
import { unwrapOnce } from './unwrap';
import { urlIndicator } from './url';
import { escapeUnsafe } from './url-parts';

/** Real mail nests two or three rewriters (Safe Links around URL Defense); a deeper chain is reported as reached. */
export const MAX_UNWRAP_DEPTH = 8;

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]{0,31}$/;
const EMAIL = /^[^\s@]{1,64}@([^\s@]+)$/;

/** The indicator of a decoded link text, as if it had been pasted, or undefined when it is none. */
function linkIndicator(text: string, start: number): Candidate | undefined {
  const link = escapeUnsafe(refang(text));
  const sep = link.indexOf('://');
  if (sep <= 0 || !SCHEME.test(link.slice(0, sep))) return undefined;
  const found = urlIndicator(link, 0, sep, link.length);
  return found === undefined ? undefined : { ...found, start };
}

/** The indicator a Defender portal link stands for (file, IP, URL, domain, user's UPN), or undefined. */
function portalIndicator(url: string, start: number): Candidate | undefined {
  const target = portalLinkTarget(url);
  if (target === undefined) return undefined;
  switch (target.kind) {
    case 'file': {
      const type = hashType(target.id);
      return type === undefined ? undefined : { type, value: target.id.toLowerCase(), start };
    }
    case 'ip': {
      if (parseIPv4(target.id) !== undefined) return { type: 'ipv4', value: target.id, start };
      const v6 = canonicalIPv6(target.id);
      return v6 === undefined ? undefined : { type: 'ipv6', value: v6, start };
    }
    case 'url':
      return linkIndicator(target.id, start);
    case 'domain': {
      const domain = canonicalDomain(target.id.replace(/\.$/, ''));
      return domain === undefined ? undefined : { type: 'domain', value: domain, start };
    }
    case 'user': {
      const m = target.upn === undefined ? null : EMAIL.exec(target.upn);
      const domain = m === null ? undefined : canonicalDomain(m[1] as string);
      if (m === null || domain === undefined) return undefined;
      return { type: 'email', value: `${(target.upn as string).slice(0, (target.upn as string).lastIndexOf('@'))}@${domain}`, start };
    }
    default:
      // Incidents, alerts and devices have no indicator type: the link stays a URL (portalLinkTarget reads it).
      return undefined;
  }
}

/**
 * A recognised URL as what it stands for: a Safe Links or URL Defense wrapper is the link it wraps (unwrapped up to
 * MAX_UNWRAP_DEPTH levels; a level that does not decode to a link leaves the last one that did), and a Defender portal
 * link to a file, IP, URL, domain or user is that indicator. Anything else is returned as it is.
 */
export function resolveLink(c: Candidate): Candidate {
  if (c.type !== 'url') return c;
  let current = c;
  for (let depth = 0; depth < MAX_UNWRAP_DEPTH && current.type === 'url'; depth++) {
    const inner = unwrapOnce(current.value);
    const next = inner === undefined ? undefined : linkIndicator(inner, c.start);
    if (next === undefined) break;
    current = next;
  }
  return current.type === 'url' ? (portalIndicator(current.value, c.start) ?? current) : current;
}
