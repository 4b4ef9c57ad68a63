import type { Window } from '../../ports/shared-state';

/**
 * Teams' per bot, per conversation ("thread") limits for sending, updating and creating: msteams-docs
 * bots/how-to/rate-limit.md, "Per bot per thread limit" (send to conversation: 7 per 1 s, 8 per 2 s, 60 per 30 s,
 * 1,800 per 3,600 s; create conversation: the same). "All requests are subject to the same rate limiting policy",
 * so updates count too. The page calls the values estimates that may change: a 429 is still retried.
 */
export const TEAMS_CONVERSATION_WINDOWS: Window[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** Longest an outgoing message may queue for its conversation's allowance before it is given up. */
export const MAX_PACING_WAIT_MS = 60_000;

/**
 * The conversation a Bot Connector request is counted against, from its URL ({serviceUrl}v3/conversations/{id}/...),
 * or 'create' for POST /v3/conversations; undefined for anything else (token service, attachments).
 *
 * A conversation is "1:1 between bot and user, a group chat, or a channel in a team" (rate-limit.md): a reply
 * thread inside a channel (`19:...@thread.tacv2;messageid=...`) counts against its channel.
 */
export function conversationOf(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  // Teams' serviceUrl carries a region path (https://smba.trafficmanager.net/amer/), so the API path follows it.
  const m = /\/v3\/conversations(?:\/([^/]*))?(?:\/|$)/i.exec(path);
  if (!m) return undefined;
  if (!m[1]) return 'create';
  let id: string;
  try {
    id = decodeURIComponent(m[1]!);
  } catch {
    id = m[1]!;
  }
  return id.split(';')[0]!.slice(0, 512);
}
