import { MAX_URL_LENGTH } from './limits';

/*
 * The values a card carries as they are: link targets, button verbs, request ids and user ids (choice values:
 * ../inputs.ts). They are checked instead of changed, and anything that fails the check is left off the card.
 */
/** Opaque ids as the server makes them (uuid, hex, base64/base64url, signed "id.signature"). */
const REQUEST_ID = /^[\w.~:+/=-]{1,512}$/;
const VERB = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/**
 * Teams user ids as a card's refresh lists them: MRIs ("29:1xYz-...", "8:orgid:<guid>") or Entra object ids. No
 * spaces, quotes or braces.
 */
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,255}$/;

/**
 * The normalized https URL, or undefined for any other scheme, a URL with credentials (https://portal@evil.example
 * reads like the portal), or one too long to be a link anyone should tap.
 */
export function httpsUrlOrUndefined(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return undefined;
  // WHATWG URLs keep braces in the query; encoded, no "${" can reach the card through a link.
  const href = url.href.replace(/\{/g, '%7B').replace(/\}/g, '%7D');
  return href.length <= MAX_URL_LENGTH ? href : undefined;
}

export function isSafeRequestId(requestId: string): boolean {
  return REQUEST_ID.test(requestId);
}

export function isSafeVerb(verb: string): boolean {
  return VERB.test(verb);
}

export function isSafeUserId(value: string): boolean {
  return typeof value === 'string' && USER_ID.test(value);
}
