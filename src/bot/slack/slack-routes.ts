import type * as restify from 'restify';
import { requireContentType, SLACK_CONTENT_TYPES } from '../http/content-type-guard';
import type { SlackHttp } from './slack-http';

/** Slack in HTTP mode on the shared server: POST /slack/events (events, the slash command and interactivity). */
export function mountSlackRoutes(server: restify.Server, slackHttp: SlackHttp, log?: (message: string) => void): void {
  server.post(
    '/slack/events',
    requireContentType(SLACK_CONTENT_TYPES, (type) => log?.(`refused a request to /slack/events: content type ${type || '(none)'}`)),
    async (req: restify.Request, res: restify.Response) => slackHttp.handle(req, res),
  );
}
