import type * as restify from 'restify';

/** What the Bot Connector posts to /api/messages. */
export const TEAMS_CONTENT_TYPES = ['application/json'] as const;

/**
 * What Slack posts to /slack/events: the Events API sends JSON; slash commands and interactivity send a form
 * (docs.slack.dev "Handling user interaction", "Implementing slash commands").
 */
export const SLACK_CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded'] as const;

/** The media type of a Content-Type header, lower-cased and without parameters; '' when there is none. */
export function mediaTypeOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(';')[0]!.trim().toLowerCase();
}

export function isAllowedContentType(header: string | string[] | undefined, allowed: readonly string[]): boolean {
  const type = mediaTypeOf(header);
  return type !== '' && allowed.includes(type);
}

/**
 * A restify handler that answers 415 unless the request's media type is one of `allowed`, before any body parser
 * runs. A web page can send application/x-www-form-urlencoded, multipart/form-data and text/plain to any address
 * without a CORS preflight, so an endpoint that parses those (restify's bodyParser, with qs nesting) can be driven
 * from a browser; JSON needs a preflight, which this server never grants.
 */
export function requireContentType(allowed: readonly string[], onRefusal?: (mediaType: string) => void): restify.RequestHandler {
  return (req: restify.Request, res: restify.Response, next: restify.Next) => {
    if (isAllowedContentType(req.headers['content-type'], allowed)) return next();
    const got = mediaTypeOf(req.headers['content-type']);
    onRefusal?.(got);
    res.send(415, {
      error: {
        code: 'UnsupportedMediaType',
        message: `This endpoint accepts ${allowed.join(' or ')} only${got ? `, not ${got.slice(0, 100)}` : ''}.`,
      },
    });
    return next(false);
  };
}
