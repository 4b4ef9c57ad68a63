import type { GraphAlert, GraphIncident } from '../../src/defender/types';
import type { EmulatorContext, Route } from '../context';
import { graphError, type EmulatorRequest, type EmulatorResponse } from '../http-kit';
import { analyzeKqlSync, formatKqlDiagnostic } from '../../src/defender/queries/kql-analyzer';
import { KqlError, runKql } from '../kql';
import type { EntitySetSpec } from '../odata';
import { serveCollection } from './collection';
import { USERS } from '../tenant/users';
import { parseTimespan } from './timespan';

const INCIDENT_READ = ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'];
const ALERT_READ = ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All', 'SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'];
const HUNTING = ['ThreatHunting.Read.All'];
const DIRECTORY = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'];

const INCIDENTS: EntitySetSpec = {
  dialect: 'graph',
  entityType: 'microsoft.graph.security.incident',
  maxTop: 50,
  defaultPageSize: 50,
  // security-list-incidents: "$count, $filter, $skip, $top, $expand" and no $orderby (listIncidents refuses it).
  filterable: {
    assignedTo: 'string',
    classification: 'enum',
    createdDateTime: 'datetime',
    determination: 'enum',
    lastUpdateDateTime: 'datetime',
    severity: 'enum',
    status: 'enum',
  },
};

const ALERTS: EntitySetSpec = {
  dialect: 'graph',
  entityType: 'microsoft.graph.security.alert',
  maxTop: 2000,
  defaultPageSize: 100,
  orderable: ['createdDateTime', 'lastUpdateDateTime'],
  filterable: {
    assignedTo: 'string',
    classification: 'enum',
    determination: 'enum',
    createdDateTime: 'datetime',
    lastUpdateDateTime: 'datetime',
    severity: 'enum',
    serviceSource: 'enum',
    status: 'enum',
    incidentId: 'string',
    id: 'string',
  },
};

const GRAPH = (ctx: EmulatorContext) => `${ctx.baseUrl}/v1.0/$metadata`;

function withAlerts(incident: GraphIncident, ctx: EmulatorContext): GraphIncident {
  return { ...incident, alerts: ctx.tenant.alerts.filter((a) => a.incidentId === incident.id) };
}

function wantsAlerts(req: EmulatorRequest): boolean | 'invalid' {
  const expand = req.url.searchParams.get('$expand');
  if (expand === null) return false;
  if (/^alerts(\(.*\))?$/i.test(expand.trim())) return true;
  return 'invalid';
}

/**
 * "The most recent incidents are displayed at the top of the list" (security-list-incidents): newest createdDateTime
 * first, the higher id first between two created in the same instant, so the order is total and pages cut by $skip
 * stay where they were while incidents change. A new incident goes on top and moves the others down: a client paging
 * through at that moment sees one of them twice, never misses one.
 */
function newestIncidentsFirst(a: GraphIncident, b: GraphIncident): number {
  return Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime) || Number(b.id) - Number(a.id) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * security-list-incidents documents $count, $filter, $skip, $top and $expand, and not $orderby: a list ordered by
 * the client would be more than Graph promises, so the option is refused as ASP.NET OData refuses an option a service
 * does not allow (the message Microsoft's OData services give, e.g. for graph.windows.net signinEvents $orderby).
 */
const ORDERBY_NOT_ALLOWED = "Query option 'OrderBy' is not allowed. To allow it, set the 'AllowedQueryOptions' property on ODataValidationSettings.";

function listIncidents(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  if (req.url.searchParams.has('$orderby')) return graphError(400, 'BadRequest', ORDERBY_NOT_ALLOWED, req);
  const expand = wantsAlerts(req);
  if (expand === 'invalid')
    return graphError(
      400,
      'BadRequest',
      `Parsing OData Select and Expand failed: Could not find a property named '${req.url.searchParams.get('$expand')}' on type 'microsoft.graph.security.incident'.`,
      req,
    );
  const sorted = [...ctx.tenant.incidents].sort(newestIncidentsFirst);
  return serveCollection(
    req,
    ctx.baseUrl,
    sorted as unknown as Record<string, unknown>[],
    INCIDENTS,
    `${GRAPH(ctx)}#security/incidents${expand ? '(alerts())' : ''}`,
    (i) => (expand ? withAlerts(i as unknown as GraphIncident, ctx) : i),
  );
}

function getIncident(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const incident = ctx.tenant.incidents.find((i) => i.id === req.params[0]);
  if (!incident) return graphError(404, 'NotFound', `Incident ${req.params[0]} was not found.`, req);
  const expand = wantsAlerts(req);
  if (expand === 'invalid') return graphError(400, 'BadRequest', 'Parsing OData Select and Expand failed.', req);
  return { status: 200, body: { '@odata.context': `${GRAPH(ctx)}#security/incidents/$entity`, ...(expand ? withAlerts(incident, ctx) : incident) } };
}

function incidentAlerts(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  if (!ctx.tenant.incidents.some((i) => i.id === req.params[0])) return graphError(404, 'NotFound', `Incident ${req.params[0]} was not found.`, req);
  const alerts = ctx.tenant.alerts.filter((a) => a.incidentId === req.params[0]);
  return serveCollection(
    req,
    ctx.baseUrl,
    alerts as unknown as Record<string, unknown>[],
    ALERTS,
    `${GRAPH(ctx)}#security/incidents('${req.params[0]}')/alerts`,
  );
}

function listAlerts(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  // Compared as instants: Graph drops trailing zeros of the fraction, so the text of two stamps does not sort.
  const sorted = [...ctx.tenant.alerts].sort(
    (a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
  return serveCollection(req, ctx.baseUrl, sorted as unknown as Record<string, unknown>[], ALERTS, `${GRAPH(ctx)}#security/alerts_v2`);
}

function getAlert(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const alert: GraphAlert | undefined = ctx.tenant.alerts.find((a) => a.id === req.params[0]);
  if (!alert) return graphError(404, 'NotFound', `Alert ${req.params[0]} was not found.`, req);
  return { status: 200, body: { '@odata.context': `${GRAPH(ctx)}#security/alerts_v2/$entity`, ...alert } };
}

function runHuntingQuery(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body || '{}') as Record<string, unknown>;
  } catch {
    return graphError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      req,
    );
  }
  const pick = (name: string) => Object.entries(body).find(([k]) => k.toLowerCase() === name)?.[1];
  const query = pick('query');
  if (typeof query !== 'string' || query.trim() === '') return graphError(400, 'BadRequest', "The 'Query' parameter is required.", req);
  const timespan = pick('timespan');
  const now = ctx.now();
  let timeRange: { from: Date; to: Date };
  try {
    timeRange = parseTimespan(typeof timespan === 'string' ? timespan : undefined, now);
  } catch (err) {
    return graphError(400, 'BadRequest', (err as Error).message, req);
  }
  // Microsoft's analyzer first, over Microsoft's schema: what Defender refuses is refused here, before any row is read.
  const refusal = missingTableRefusal(query, ctx) ?? analyzerRefusal(query);
  if (refusal) return graphError(400, 'BadRequest', refusal, req);
  try {
    const result = runKql(query, { tables: ctx.tenant.tables, now, timeRange, fileProfile: (hash) => fileProfileOf(ctx, hash) });
    return {
      status: 200,
      body: { '@odata.context': `${GRAPH(ctx)}#microsoft.graph.security.huntingQueryResults`, schema: result.schema, results: result.results },
    };
  } catch (err) {
    if (err instanceof KqlError) return graphError(400, 'BadRequest', err.message, req);
    throw err;
  }
}

/**
 * Defender's refusal of a query its analyzer finds an error in. The service answers 400 BadRequest with the engine's
 * text followed by "Fix semantic errors in your query." or "Fix syntax errors in your query." (observed: e.g.
 * "'summarize' operator: Failed to resolve scalar expression named 'IsInteetFacing'. Fix semantic errors in your
 * query.", microsoftgraph/msgraph-sdk-powershell#3188; defender-xdr/advanced-hunting-errors.md lists the error kinds).
 * The engine's own wording is not public; the analyzer's message stands in for it, with its line and column.
 */
function analyzerRefusal(query: string): string | undefined {
  const diagnostics = analyzeKqlSync(query);
  if (diagnostics.length === 0) return undefined;
  const kind = diagnostics.some((d) => d.kind === 'syntax') ? 'syntax' : 'semantic';
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
  // advanced-hunting-errors.md gives "A recognition error occurred." as the syntax error's text.
  const lead = kind === 'syntax' ? 'A recognition error occurred. ' : '';
  return `${lead}${formatKqlDiagnostic(diagnostics[0]!)}${more}. Fix ${kind} errors in your query.`;
}

/**
 * A tenant without the product behind a table (Defender for Office 365's e-mail tables, say) refuses any query that
 * names it, as for an unknown name: "'where' operator: Failed to resolve table or column expression named
 * 'DeviceEvents'. Fix semantic errors in your query." (observed in public client code for Graph runHuntingQuery).
 */
function missingTableRefusal(query: string, ctx: EmulatorContext): string | undefined {
  for (const name of ctx.missingTables) {
    if (new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`).test(query))
      return `Failed to resolve table or column expression named '${name}'. Fix semantic errors in your query.`;
  }
  return undefined;
}

/** What Microsoft's FileProfile() hunting function returns for a hash, from the tenant's file profiles. */
function fileProfileOf(ctx: EmulatorContext, hash: string): Record<string, unknown> | undefined {
  const f = ctx.tenant.files.find((file) => file.sha1.toLowerCase() === hash || file.sha256?.toLowerCase() === hash);
  if (!f) return undefined;
  return {
    SHA1: f.sha1,
    SHA256: f.sha256,
    MD5: f.md5,
    FileSize: f.size,
    GlobalPrevalence: f.globalPrevalence,
    GlobalFirstSeen: f.globalFirstObserved,
    GlobalLastSeen: f.globalLastObserved,
    Signer: f.signer,
    Issuer: f.issuer,
    SignerHash: f.signerHash,
    IsCertificateValid: f.isValidCertificate,
    IsRootSignerMicrosoft: /microsoft/i.test(f.issuer ?? ''),
    SignatureState: f.signer ? (f.isValidCertificate ? 'SignedValid' : 'SignedInvalid') : 'Unsigned',
    IsExecutable: f.isPeFile,
    ThreatName: f.determinationValue,
    Publisher: f.filePublisher,
    SoftwareName: f.fileProductName,
  };
}

function checkMemberGroups(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const objectId = req.params[0]!;
  let groupIds: unknown;
  try {
    groupIds = (JSON.parse(req.body || '{}') as { groupIds?: unknown }).groupIds;
  } catch {
    return graphError(400, 'BadRequest', 'Unable to read JSON request payload.', req);
  }
  if (!Array.isArray(groupIds) || groupIds.length > 20 || !groupIds.every((g) => typeof g === 'string'))
    return graphError(400, 'Request_BadRequest', "Invalid value specified for property 'groupIds': a list of at most 20 group ids is required.", req);
  const groups = ctx.tenant.groups;
  const known = Object.values(groups).some((g) => g.members.includes(objectId)) || /^[0-9a-f-]{36}$/i.test(objectId);
  if (!known)
    return graphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${objectId}' does not exist or one of its queried reference-property objects are not present.`,
      req,
    );
  return {
    status: 200,
    body: { '@odata.context': `${GRAPH(ctx)}#Collection(Edm.String)`, value: (groupIds as string[]).filter((g) => groups[g]?.members.includes(objectId)) },
  };
}

/**
 * GET /groups/{id}/transitiveMembers/microsoft.graph.user (learn.microsoft.com/graph/api/group-list-transitivemembers):
 * the users of a group, for the approver mentions. $select and $top as Graph takes them ($top 1..999).
 */
function groupUsers(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const id = req.params[0]!;
  const group = ctx.tenant.groups[id];
  if (!group)
    return graphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      req,
    );
  const topText = req.url.searchParams.get('$top');
  const top = topText === null ? 100 : Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > 999)
    return graphError(400, 'Request_BadRequest', `Invalid page size specified: '${topText}'. Must be between 1 and 999 inclusive.`, req);
  const users = Object.values(USERS);
  const value = group.members.slice(0, top).map((objectId) => ({
    '@odata.type': '#microsoft.graph.user',
    id: objectId,
    displayName: users.find((u) => u.objectId === objectId)?.displayName ?? null,
  }));
  return { status: 200, body: { '@odata.context': `${GRAPH(ctx)}#users(id,displayName)`, value } };
}

const bucket = 'graph:security';
export const graphRoutes: Route[] = [
  {
    id: 'graph.incidents',
    method: 'GET',
    api: 'graph',
    bucket,
    permissions: INCIDENT_READ,
    pattern: /^\/v1\.0\/security\/incidents\/?$/,
    handler: listIncidents,
  },
  {
    id: 'graph.incident',
    method: 'GET',
    api: 'graph',
    bucket,
    permissions: INCIDENT_READ,
    pattern: /^\/v1\.0\/security\/incidents\/([^/]+)$/,
    handler: getIncident,
  },
  {
    id: 'graph.incidentAlerts',
    method: 'GET',
    api: 'graph',
    bucket,
    permissions: INCIDENT_READ,
    pattern: /^\/v1\.0\/security\/incidents\/([^/]+)\/alerts$/,
    handler: incidentAlerts,
  },
  { id: 'graph.alerts', method: 'GET', api: 'graph', bucket, permissions: ALERT_READ, pattern: /^\/v1\.0\/security\/alerts_v2\/?$/, handler: listAlerts },
  { id: 'graph.alert', method: 'GET', api: 'graph', bucket, permissions: ALERT_READ, pattern: /^\/v1\.0\/security\/alerts_v2\/([^/]+)$/, handler: getAlert },
  {
    id: 'graph.hunting',
    method: 'POST',
    api: 'graph',
    bucket: 'graph:hunting',
    permissions: HUNTING,
    pattern: /^\/v1\.0\/security\/(?:microsoft\.graph\.security\.)?runHuntingQuery$/,
    handler: runHuntingQuery,
  },
  {
    id: 'graph.checkMemberGroups',
    method: 'POST',
    api: 'graph',
    bucket: 'graph:directory',
    permissions: DIRECTORY,
    pattern: /^\/v1\.0\/(?:directoryObjects|users)\/([^/]+)\/checkMemberGroups$/,
    handler: checkMemberGroups,
  },
];

graphRoutes.push({
  id: 'graph.groupUsers',
  method: 'GET',
  api: 'graph',
  bucket: 'graph:directory',
  permissions: DIRECTORY,
  pattern: /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/,
  handler: groupUsers,
});

graphRoutes.push({
  id: 'graph.batch',
  method: 'POST',
  api: 'graph',
  bucket: 'graph:security',
  pattern: /^\/v1\.0\/\$batch$/,
  // Dispatched by the server itself, which runs each part through authentication and rate limits.
  handler: () => ({ status: 500, body: {} }),
});
