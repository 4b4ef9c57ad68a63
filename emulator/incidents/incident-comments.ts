import type { GraphComment, GraphIncident } from '../../src/defender/types';

const COMMENT_TYPE = 'microsoft.graph.security.alertComment';
/** "Each comment is limited to 30,000 characters" (defender-xdr/manage-incidents, "Add comments to an incident"). */
export const MAX_COMMENT_LENGTH = 30_000;

export type CommentOutcome = { comments: GraphComment[] } | { error: string };

/**
 * POST /security/incidents/{id}/comments (learn.microsoft.com/graph/api/security-incident-post-comments): body
 * `{"@odata.type": "microsoft.graph.security.alertComment", "comment": "..."}`; answers 200 with every comment of the
 * incident, the new one last.
 *
 * The author is the app: a comment read back later says "API-App:<app name>", while the answer to the POST itself
 * names the app without that prefix (both seen in one recorded response of this API, June 2024). The comment bumps
 * the incident's lastUpdateDateTime; lastModifiedBy stays as it was (a comment changes no property).
 */
export function addIncidentComment(incident: GraphIncident, body: unknown, appName: string, stamp: () => string): CommentOutcome {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.' };
  }
  let text: unknown;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === '@odata.type') {
      if (typeof value !== 'string' || value.replace(/^#/, '') !== COMMENT_TYPE) {
        return { error: `A resource of type '${String(value)}' was found, but a resource of type '${COMMENT_TYPE}' was expected.` };
      }
    } else if (name === 'comment') {
      text = value;
    } else if (!name.includes('@')) {
      return { error: `The property '${name}' cannot be set when a comment is created: only 'comment' can.` };
    }
  }
  if (text === undefined) return { error: "The parameter 'comment' is required." };
  if (typeof text !== 'string')
    return { error: `Cannot convert ${text === null ? 'null' : `the ${typeof text} value`} to the expected type 'Edm.String' of parameter 'comment'.` };
  if (text.trim() === '') return { error: "The parameter 'comment' cannot be empty." };
  if (text.length > MAX_COMMENT_LENGTH) return { error: `A comment is limited to ${MAX_COMMENT_LENGTH} characters (this one has ${text.length}).` };

  const createdDateTime = stamp();
  incident.comments.push({ comment: text, createdByDisplayName: `API-App:${appName}`, createdDateTime });
  incident.lastUpdateDateTime = createdDateTime;
  const comments = incident.comments.map((c) => ({ ...c }));
  comments[comments.length - 1]!.createdByDisplayName = appName;
  return { comments };
}
