import type { GraphIncident } from '../../src/defender/types';
import type { EmulatorContext, Route } from '../context';
import { graphError, type EmulatorRequest, type EmulatorResponse } from '../http-kit';
import { addIncidentComment } from '../incidents/incident-comments';
import { patchIncident } from '../incidents/incident-patch';
import type { TokenClaims } from '../jwt';

/**
 * Changing an incident needs SecurityIncident.ReadWrite.All, and nothing else will do: the update and comment pages
 * list it as the least and the only application permission (security-incident-update-permissions.md,
 * security-incident-post-comments-permissions.md). A token with SecurityIncident.Read.All alone gets Graph's 403.
 */
const INCIDENT_WRITE = ['SecurityIncident.ReadWrite.All'];

const PAYLOAD_ERROR = 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

/** How Graph names an application in lastModifiedBy and in comments ("API-App:<name>"), from its token. */
export function appName(caller: TokenClaims | undefined): string {
  return caller?.app_displayname || caller?.appid || 'unknown app';
}

function jsonBody(req: EmulatorRequest): { body: unknown } | { error: EmulatorResponse } {
  try {
    return { body: JSON.parse(req.body || 'null') as unknown };
  } catch {
    return { error: graphError(400, 'BadRequest', PAYLOAD_ERROR, req) };
  }
}

function findIncident(req: EmulatorRequest, ctx: EmulatorContext): GraphIncident | undefined {
  return ctx.tenant.incidents.find((i) => i.id === req.params[0]);
}

function notFound(req: EmulatorRequest): EmulatorResponse {
  return graphError(404, 'NotFound', `Incident ${req.params[0]} was not found.`, req);
}

/** PATCH /security/incidents/{id}: 200 with the updated incident (security-incident-update). */
function updateIncident(req: EmulatorRequest, ctx: EmulatorContext, caller: TokenClaims | undefined): EmulatorResponse {
  const parsed = jsonBody(req);
  if ('error' in parsed) return parsed.error;
  const found = findIncident(req, ctx);
  if (!found) return notFound(req);
  const alerts = ctx.tenant.alerts.filter((a) => a.incidentId === found.id);
  const outcome = patchIncident(found, alerts, parsed.body, () => ({ stamp: ctx.stamps.next(), modifiedBy: `API-App:${appName(caller)}` }));
  if ('error' in outcome) return graphError(400, 'BadRequest', outcome.error, req);
  return { status: 200, body: { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#security/incidents/$entity`, ...outcome.incident } };
}

/** POST /security/incidents/{id}/comments: 200 with all the incident's comments (security-incident-post-comments). */
function commentIncident(req: EmulatorRequest, ctx: EmulatorContext, caller: TokenClaims | undefined): EmulatorResponse {
  const parsed = jsonBody(req);
  if ('error' in parsed) return parsed.error;
  const found = findIncident(req, ctx);
  if (!found) return notFound(req);
  const outcome = addIncidentComment(found, parsed.body, appName(caller), () => ctx.stamps.next());
  if ('error' in outcome) return graphError(400, 'BadRequest', outcome.error, req);
  return {
    status: 200,
    body: { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#security/incidents('${found.id}')/comments`, value: outcome.comments },
  };
}

const bucket = 'graph:security';
export const incidentWriteRoutes: Route[] = [
  {
    id: 'graph.updateIncident',
    method: 'PATCH',
    api: 'graph',
    bucket,
    permissions: INCIDENT_WRITE,
    pattern: /^\/v1\.0\/security\/incidents\/([^/]+)$/,
    handler: updateIncident,
  },
  {
    id: 'graph.incidentComments',
    method: 'POST',
    api: 'graph',
    bucket,
    permissions: INCIDENT_WRITE,
    pattern: /^\/v1\.0\/security\/incidents\/([^/]+)\/comments$/,
    handler: commentIncident,
  },
];
