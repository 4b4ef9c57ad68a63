import type { DefenderHttp, ListResult } from './http/defender-http';
import { graphOp, huntingOp } from './http/operation';
import { pathSegment } from './queries/path';
import type { GraphAlert, GraphIncident, HuntingResult } from './types';

const INCIDENT_READ = ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'];
const INCIDENT_WRITE = ['SecurityIncident.ReadWrite.All'];
const ALERT_READ = ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All', 'SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'];
const GROUP_READ = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'];

export const GRAPH_OPS = {
  listIncidents: graphOp('list incidents', INCIDENT_READ),
  getIncident: graphOp('get incident', INCIDENT_READ),
  // A PATCH of the same values twice leaves the incident as once: safe to retry. A comment is not.
  updateIncident: graphOp('update incident', INCIDENT_WRITE),
  commentIncident: { ...graphOp('comment on incident', INCIDENT_WRITE), idempotent: false },
  listAlerts: graphOp('list alerts', ALERT_READ),
  getAlert: graphOp('get alert', ALERT_READ),
  runHuntingQuery: huntingOp('advanced hunting query'),
  checkMemberGroups: graphOp('check group membership', GROUP_READ),
} as const;

/** The properties of an incident chat may change, as Graph names them. */
export interface IncidentChange {
  assignedTo?: string | null;
  status?: string;
  classification?: string;
  determination?: string;
  customTags?: string[];
  resolvingComment?: string;
}

export interface ListOptions {
  /** An OData $filter built with defender/queries. */
  filter?: string;
  top?: number;
  maxPages?: number;
  maxItems?: number;
}

/** Microsoft Graph security v1.0: incidents, alerts_v2, runHuntingQuery; plus group membership for role checks. */
export class GraphClient {
  constructor(private readonly http: DefenderHttp) {}

  listIncidents(options: ListOptions & { expandAlerts?: boolean } = {}): Promise<ListResult<GraphIncident>> {
    return this.http.list<GraphIncident>(GRAPH_OPS.listIncidents, '/security/incidents', {
      query: { $filter: options.filter, $top: options.top ?? 50, $expand: options.expandAlerts ? 'alerts' : undefined },
      maxPages: options.maxPages,
      maxItems: options.maxItems,
    });
  }

  async getIncident(id: string, expandAlerts = true): Promise<GraphIncident> {
    const { body } = await this.http.send<GraphIncident>(GRAPH_OPS.getIncident, 'GET', `/security/incidents/${pathSegment(id, 'incident id')}`, {
      query: { $expand: expandAlerts ? 'alerts' : undefined },
    });
    return body;
  }

  /**
   * Changes an incident: only the properties given are sent, with Microsoft's names
   * (learn.microsoft.com/graph/api/security-incident-update). The caller reads the incident again with its alerts.
   */
  async updateIncident(id: string, change: IncidentChange): Promise<void> {
    await this.http.send<unknown>(GRAPH_OPS.updateIncident, 'PATCH', `/security/incidents/${pathSegment(id, 'incident id')}`, {
      body: change,
    });
  }

  /** Adds a comment (learn.microsoft.com/graph/api/security-incident-post-comments). */
  async commentIncident(id: string, comment: string): Promise<void> {
    await this.http.send(GRAPH_OPS.commentIncident, 'POST', `/security/incidents/${pathSegment(id, 'incident id')}/comments`, {
      body: { '@odata.type': 'microsoft.graph.security.alertComment', comment },
    });
  }

  listAlerts(options: ListOptions = {}): Promise<ListResult<GraphAlert>> {
    return this.http.list<GraphAlert>(GRAPH_OPS.listAlerts, '/security/alerts_v2', {
      query: { $filter: options.filter, $top: options.top },
      maxPages: options.maxPages,
      maxItems: options.maxItems,
    });
  }

  async getAlert(id: string): Promise<GraphAlert> {
    const { body } = await this.http.send<GraphAlert>(GRAPH_OPS.getAlert, 'GET', `/security/alerts_v2/${pathSegment(id, 'alert id')}`);
    return body;
  }

  /** Runs KQL built by defender/queries. Timespan is an ISO-8601 duration or interval (e.g. P30D). */
  async runHuntingQuery(query: string, timespan?: string): Promise<HuntingResult> {
    const { body } = await this.http.send<Partial<HuntingResult> & { Schema?: HuntingResult['schema']; Results?: HuntingResult['results'] }>(
      GRAPH_OPS.runHuntingQuery,
      'POST',
      '/security/runHuntingQuery',
      { body: timespan ? { Query: query, Timespan: timespan } : { Query: query } },
    );
    // Microsoft's samples show both lower- and upper-case member names.
    const schema = (body.schema ?? body.Schema ?? []).map((c) => {
      const col = c as unknown as Record<string, string>;
      return { name: col.name ?? col.Name ?? '', type: col.type ?? col.Type ?? 'String' };
    });
    return { schema, results: body.results ?? body.Results ?? [] };
  }

  /** Which of the given groups the user is a member of (transitively). */
  async checkMemberGroups(userObjectId: string, groupIds: string[]): Promise<string[]> {
    const { body } = await this.http.send<{ value: string[] }>(
      GRAPH_OPS.checkMemberGroups,
      'POST',
      `/directoryObjects/${pathSegment(userObjectId, 'user object id')}/checkMemberGroups`,
      { body: { groupIds } },
    );
    return body.value;
  }
}
