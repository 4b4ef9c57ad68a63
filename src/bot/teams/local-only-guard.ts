import { isIP } from 'node:net';
import type * as restify from 'restify';

/** 127.0.0.0/8, ::1 and localhost: what a URL's or Host header's host must be to count as this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** The host of a Host header value (`127.0.0.1:3978`, `[::1]:3978`, `localhost`); undefined when malformed. */
function hostOfHeader(value: string): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(value.trim());
  return m?.[1];
}

/**
 * Why a request may not reach an unauthenticated bot, or undefined when it may: it comes from a web page (browsers
 * always send Origin on a cross-origin POST, and Sec-Fetch-Site on every request), or it was addressed to a name that
 * is not this machine (a DNS-rebinding page resolves its own name to 127.0.0.1 and keeps it in the Host header).
 */
export function localRequestRefusal(headers: Record<string, string | string[] | undefined>): string | undefined {
  if (headers.origin !== undefined) return 'it comes from a web page (it carries an Origin header)';
  if (headers['sec-fetch-site'] !== undefined) return 'it comes from a web browser (it carries Sec-Fetch-Site)';
  const host = typeof headers.host === 'string' ? hostOfHeader(headers.host) : undefined;
  if (!host || !isLoopbackHost(host))
    return `it is addressed to ${JSON.stringify(String(headers.host ?? '(no Host header)').slice(0, 100))}, not to this machine`;
  return undefined;
}

/**
 * Why an activity may not be answered by an unauthenticated bot: its replies go to `serviceUrl`, which nobody vouched
 * for, so only a Bot Connector on this machine (the Agents Playground, a test) is accepted.
 */
export function serviceUrlRefusal(body: unknown): string | undefined {
  const serviceUrl = body && typeof body === 'object' ? (body as { serviceUrl?: unknown }).serviceUrl : undefined;
  if (typeof serviceUrl !== 'string') return 'the activity names no serviceUrl';
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return 'its serviceUrl is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `its serviceUrl is not http(s) (${url.protocol})`;
  if (!isLoopbackHost(url.hostname)) return `its serviceUrl ${url.origin.slice(0, 100)} is not on this machine`;
  return undefined;
}

const FIX =
  'Without MicrosoftAppId (demo mode, BOT_AUTH=off) the bot answers only clients on this machine, such as the Agents Playground; to serve Teams set MicrosoftAppId, MicrosoftAppType and the secret of your Azure Bot.';

function refuse(res: restify.Response, next: restify.Next, reason: string, log?: (m: string) => void): void {
  log?.(`refused a request to /api/messages: ${reason}`);
  res.send(403, { error: { code: 'Forbidden', message: `Refused: ${reason}. ${FIX}` } });
  next(false);
}

/** Before the body is read: no browsers, no foreign Host. */
export function localClientsOnly(log?: (m: string) => void): restify.RequestHandler {
  return (req: restify.Request, res: restify.Response, next: restify.Next) => {
    const reason = localRequestRefusal(req.headers);
    if (reason) return refuse(res, next, reason, log);
    return next();
  };
}

/** After the body is parsed: replies only to a loopback serviceUrl. */
export function loopbackServiceUrlOnly(log?: (m: string) => void): restify.RequestHandler {
  return (req: restify.Request, res: restify.Response, next: restify.Next) => {
    const reason = serviceUrlRefusal(req.body);
    if (reason) return refuse(res, next, reason, log);
    return next();
  };
}
