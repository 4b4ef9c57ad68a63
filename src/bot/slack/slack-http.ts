import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPReceiver, LogLevel } from '@slack/bolt';

/** Slack signs requests with a timestamp; Bolt refuses old ones, and this refuses ones from the future as well. */
export const SLACK_WINDOW_SECONDS = 300;

export type SlackHttpRefusal = 'missing_timestamp' | 'stale' | 'future';

/** What became of a request at the HTTP layer (Bolt answers 401 itself for a bad signature). */
export type SlackHttpOutcome = SlackHttpRefusal | 'bad_signature' | 'ok';

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
 * timestamp window check. Bolt verifies the signature over the raw body; the signature is passed on so a replayed
 * request is recognised after verification.
 */
export function createSlackHttp(signingSecret: string, options: { now?: () => number; onOutcome?: (outcome: SlackHttpOutcome) => void } = {}): SlackHttp {
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: '/slack/events',
    logLevel: LogLevel.ERROR,
    customPropertiesExtractor: (req) => ({ dcSignature: req.headers['x-slack-signature'] }),
  });
  return {
    receiver,
    handle(req, res) {
      const refusal = checkTimestamp(req.headers['x-slack-request-timestamp'], (options.now ?? Date.now)());
      if (refusal) {
        options.onOutcome?.(refusal);
        req.resume();
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: refusal === 'future' ? 'request timestamp is in the future' : refusal === 'stale' ? 'request timestamp is too old' : 'missing request timestamp' }));
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
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
    },
  };
}
