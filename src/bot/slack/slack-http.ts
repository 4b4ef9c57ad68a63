import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';
import { MAX_BODY_BYTES } from '../http/limits';

/** Slack signs requests with a timestamp; Bolt refuses old ones, and this refuses ones from the future as well. */
export const SLACK_WINDOW_SECONDS = 300;

export type SlackHttpRefusal = 'missing_timestamp' | 'stale' | 'future';

/** What became of a request at the HTTP layer (Bolt answers 401 itself for a bad signature). */
export type SlackHttpOutcome = SlackHttpRefusal | 'bad_signature' | 'malformed' | 'ok';

const BODY_LIMIT = MAX_BODY_BYTES;
const OBJECT_FIELDS = ['event', 'user', 'view', 'team', 'channel', 'container', 'message', 'state', 'enterprise', 'authorizations'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The body as Bolt will parse it, checked for the shape Bolt assumes (it throws, or leaves a promise rejected that
 * stops the process, on `null`, a non-array `actions` or a string `event`). Undefined: not a Slack body.
 */
export function slackBodyShape(raw: Buffer, contentType: string | undefined): 'ok' | undefined {
  let body: unknown;
  try {
    const text = raw.toString('utf8');
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(text);
      const payload = form.getAll('payload');
      body = payload.length === 0 ? Object.fromEntries(form) : payload.length === 1 ? JSON.parse(payload[0]!) : undefined;
    } else body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(body)) return undefined;
  for (const field of OBJECT_FIELDS)
    if (field in body && body[field] !== undefined && !isObject(body[field]) && !(field === 'authorizations' && Array.isArray(body[field]))) return undefined;
  if ('actions' in body && (!Array.isArray(body.actions) || !body.actions.every(isObject))) return undefined;
  const event = body.event;
  if (isObject(event) && ['user', 'channel', 'item', 'message'].some((field) => field in event && event[field] === null)) return undefined;
  if ((body.type === 'view_submission' || body.type === 'view_closed') && !isObject(body.view)) return undefined;
  return 'ok';
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Slack's only signature form: version v0, then the hex HMAC-SHA256 (lowercase, as Slack sends it). */
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/**
 * The signature header when it has exactly Slack's form. Bolt compares only what follows the first "=" (it splits on
 * every "=" and takes the second part), so "v0=<sig>=x" would verify as a new request; such headers stop here.
 */
export function exactSignature(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && SIGNATURE.test(header) ? header : undefined;
}

/**
 * What makes a signed request unique: the timestamp and the digest, as verified. The raw header is not: variants of
 * one header that Bolt accepts alike would each count as new.
 */
export function replayKey(timestamp: string | string[] | undefined, signature: string | string[] | undefined): string | undefined {
  const digest = exactSignature(signature)?.slice(3);
  return typeof timestamp === 'string' && digest ? `${timestamp}:${digest}` : undefined;
}

export function checkTimestamp(header: string | string[] | undefined, nowMs: number): SlackHttpRefusal | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text || !/^\d{1,12}$/.test(text)) return 'missing_timestamp';
  const skew = Math.floor(nowMs / 1000) - Number(text);
  if (skew > SLACK_WINDOW_SECONDS) return 'stale';
  if (skew < -SLACK_WINDOW_SECONDS) return 'future';
  return undefined;
}

export interface SlackHttp {
  receiver: HTTPReceiver;
  /** POST /slack/events: events, the slash command and interactivity share it. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/**
 * Bolt's own HTTP receiver, not started on a port of its own: the bot's server hands it /slack/events after the
 * timestamp window and signature form checks. Bolt verifies the signature over the raw body; the timestamp and digest
 * are passed on (dcReplayKey) so a replayed request is recognised after verification.
 */
export function createSlackHttp(
  signingSecret: string,
  options: { now?: () => number; onOutcome?: (outcome: SlackHttpOutcome) => void; logger?: Logger } = {},
): SlackHttp {
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: '/slack/events',
    ...(options.logger ? { logger: options.logger } : { logLevel: LogLevel.ERROR }),
    customPropertiesExtractor: (req) => ({ dcReplayKey: replayKey(req.headers['x-slack-request-timestamp'], req.headers['x-slack-signature']) }),
  });
  const refuse = (res: ServerResponse, status: number, error: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error }));
  };
  const dispatch = (req: IncomingMessage, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      const done = () => {
        res.off('close', done);
        res.off('finish', done);
        options.onOutcome?.(res.statusCode === 401 ? 'bad_signature' : 'ok');
        resolve();
      };
      res.once('finish', done);
      res.once('close', done);
      receiver.requestListener(req, res);
    });
  return {
    receiver,
    async handle(req, res) {
      const refusal = checkTimestamp(req.headers['x-slack-request-timestamp'], (options.now ?? Date.now)());
      if (refusal) {
        options.onOutcome?.(refusal);
        req.resume();
        return refuse(
          res,
          401,
          refusal === 'future' ? 'request timestamp is in the future' : refusal === 'stale' ? 'request timestamp is too old' : 'missing request timestamp',
        );
      }
      if (!exactSignature(req.headers['x-slack-signature'])) {
        options.onOutcome?.('bad_signature');
        req.resume();
        return refuse(res, 401, 'request signature is not of the form v0=<64 hex digits>');
      }
      // Bolt takes an already-read body as it is (rawBody), so its shape can be checked before Bolt parses it.
      const raw = await readBody(req).catch(() => undefined);
      if (!raw || !slackBodyShape(raw, req.headers['content-type']?.split(';')[0]?.trim())) {
        options.onOutcome?.('malformed');
        return refuse(res, raw ? 400 : 413, raw ? 'not a Slack request body' : 'request body too large');
      }
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      await dispatch(req, res);
    },
  };
}
