import { isIP } from 'node:net';
import type { MachineActionType, MdeIndicator, MdeMachine } from '../../src/defender/types';
import type { EmulatorContext, Route } from '../context';
import { mdeError, type EmulatorRequest, type EmulatorResponse } from '../http-kit';
import type { TokenClaims } from '../jwt';
import { activeActionLike, cancelAction, createAction, refresh } from '../machine-action-lifecycle';
import { ODataQueryError, parseFunctionArgs, type EntitySetSpec } from '../odata';
import { serveCollection } from './collection';

const MACHINE_READ = ['Machine.Read.All', 'Machine.ReadWrite.All'];
const CANCEL = [
  'Machine.Isolate',
  'Machine.StopAndQuarantine',
  'Machine.Scan',
  'Machine.RestrictExecution',
  'Machine.CollectForensics',
  'Machine.Offboard',
  'Machine.LiveResponse',
];
const TI_WRITE = ['Ti.ReadWrite', 'Ti.ReadWrite.All'];
const ALERT_READ = ['Alert.Read.All', 'Alert.ReadWrite.All'];

const MACHINES: EntitySetSpec = {
  dialect: 'mde',
  maxTop: 10_000,
  defaultPageSize: 10_000,
  orderable: ['lastSeen', 'computerDnsName', 'riskScore'],
  filterable: {
    computerDnsName: 'string',
    id: 'string',
    version: 'string',
    deviceValue: 'enum',
    aadDeviceId: 'string',
    machineTags: 'stringCollection',
    lastSeen: 'datetime',
    exposureLevel: 'enum',
    onboardingStatus: 'enum',
    lastIpAddress: 'string',
    healthStatus: 'enum',
    osPlatform: 'string',
    riskScore: 'enum',
    rbacGroupId: 'number',
  },
};

const ACTIONS: EntitySetSpec = {
  dialect: 'mde',
  maxTop: 10_000,
  defaultPageSize: 10_000,
  orderable: ['creationDateTimeUtc', 'lastUpdateDateTimeUtc'],
  filterable: { id: 'string', status: 'enum', machineId: 'string', type: 'enum', requestor: 'string', creationDateTimeUtc: 'datetime' },
};

const INDICATORS: EntitySetSpec = {
  dialect: 'mde',
  maxTop: 10_000,
  defaultPageSize: 10_000,
  filterable: { indicatorValue: 'string', indicatorType: 'enum', creationTimeDateTimeUtc: 'datetime', createdBy: 'string', severity: 'enum', action: 'enum' },
};

const api = (ctx: EmulatorContext) => `${ctx.baseUrl}/api/$metadata`;
const rows = (ctx: EmulatorContext, table: string) => ctx.tenant.tables[table]?.rows ?? [];

function findMachine(ctx: EmulatorContext, idOrName: string): MdeMachine | undefined {
  const key = idOrName.toLowerCase();
  return ctx.tenant.machines.find((m) => m.id === key || m.computerDnsName.toLowerCase() === key || m.computerDnsName.toLowerCase().split('.')[0] === key);
}

const notFoundMachine = (id: string) => mdeError(404, 'ResourceNotFound', `Machine ${id} was not found`);

function listMachines(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const response = serveCollection(req, ctx.baseUrl, ctx.tenant.machines as unknown as Record<string, unknown>[], MACHINES, `${api(ctx)}#Machines`);
  // Microsoft answers 404 when no device was seen recently, not an empty list.
  const body = response.body as { value?: unknown[] } | undefined;
  if (response.status === 200 && ctx.tenant.machines.length === 0 && body?.value?.length === 0) return mdeError(404, 'ResourceNotFound', 'No machines found');
  return response;
}

function getMachine(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const machine = findMachine(ctx, req.params[0]!);
  if (!machine) return notFoundMachine(req.params[0]!);
  return { status: 200, body: { '@odata.context': `${api(ctx)}#Machines/$entity`, ...machine } };
}

function findByIp(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  let args: Record<string, string>;
  try {
    args = parseFunctionArgs(req.params[0]!);
  } catch (err) {
    if (err instanceof ODataQueryError) return mdeError(400, 'InvalidRequest', err.message);
    throw err;
  }
  const ip = args.ip;
  const at = args.timestamp ? new Date(args.timestamp) : undefined;
  if (!ip || !isIP(ip)) return mdeError(400, 'InvalidIpAddress', `Invalid IP address: '${ip ?? ''}'`);
  if (!at || Number.isNaN(at.getTime())) return mdeError(400, 'InvalidRequest', 'A valid timestamp is required');
  if (ctx.now().getTime() - at.getTime() > 30 * 86_400_000) return mdeError(400, 'InvalidRequest', 'Timestamp must be within the last 30 days');
  const machines = ctx.tenant.machines.filter((m) => m.lastIpAddress === ip || m.ipAddresses.some((a) => a.ipAddress === ip));
  return { status: 200, body: { '@odata.context': `${api(ctx)}#Machines`, value: machines } };
}

function hashKind(hash: string): 'sha1' | 'sha256' | 'md5' | undefined {
  if (/^[0-9a-f]{40}$/i.test(hash)) return 'sha1';
  if (/^[0-9a-f]{64}$/i.test(hash)) return 'sha256';
  if (/^[0-9a-f]{32}$/i.test(hash)) return 'md5';
  return undefined;
}

function getFile(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const hash = req.params[0]!.toLowerCase();
  const kind = hashKind(hash);
  if (kind !== 'sha1' && kind !== 'sha256') return mdeError(400, 'InvalidHashValue', `Invalid hash value '${req.params[0]}': use a SHA1 or SHA256`);
  const file = ctx.tenant.files.find((f) => f[kind]?.toLowerCase() === hash);
  if (!file) return mdeError(404, 'ResourceNotFound', `File ${hash} was not found`);
  return { status: 200, body: { '@odata.context': `${api(ctx)}#Files/$entity`, ...file } };
}

function fileRows(ctx: EmulatorContext, hash: string): Record<string, unknown>[] {
  const kind = hashKind(hash);
  const column = kind === 'sha1' ? 'SHA1' : kind === 'sha256' ? 'SHA256' : 'MD5';
  return rows(ctx, 'DeviceFileEvents').filter((r) => String(r[column] ?? '').toLowerCase() === hash);
}

function machinesByIds(ctx: EmulatorContext, ids: Iterable<unknown>): MdeMachine[] {
  const wanted = new Set([...ids].map((v) => String(v)));
  return ctx.tenant.machines.filter((m) => wanted.has(m.id));
}

function fileMachines(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const hash = req.params[0]!.toLowerCase();
  if (hashKind(hash) !== 'sha1') return mdeError(400, 'InvalidHashValue', 'Only SHA1 is supported for this API');
  const machines = machinesByIds(
    ctx,
    fileRows(ctx, hash).map((r) => r.DeviceId),
  );
  return { status: 200, body: { '@odata.context': `${api(ctx)}#Machines`, value: machines } };
}

function span(times: unknown[]): { first: string | null; last: string | null } {
  const sorted = times.map(String).sort();
  return { first: sorted[0] ?? null, last: sorted[sorted.length - 1] ?? null };
}

function fileStats(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const hash = req.params[0]!.toLowerCase();
  const kind = hashKind(hash);
  if (kind !== 'sha1' && kind !== 'sha256') return mdeError(400, 'InvalidHashValue', `Invalid hash value '${req.params[0]}'`);
  const file = ctx.tenant.files.find((f) => f[kind]?.toLowerCase() === hash);
  const events = fileRows(ctx, hash);
  const { first, last } = span(events.map((r) => r.Timestamp));
  return {
    status: 200,
    body: {
      '@odata.context': `${api(ctx)}#microsoft.windowsDefenderATP.api.FileStats`,
      sha1: file?.sha1 ?? (kind === 'sha1' ? hash : null),
      orgPrevalence: String(new Set(events.map((r) => r.DeviceId)).size),
      orgFirstSeen: first,
      orgLastSeen: last,
      globalPrevalence: String(file?.globalPrevalence ?? 0),
      globalFirstObserved: file?.globalFirstObserved ?? null,
      globalLastObserved: file?.globalLastObserved ?? null,
      topFileNames: [...new Set(events.map((r) => String(r.FileName ?? '')).filter(Boolean))].slice(0, 5),
    },
  };
}

function ipStats(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const ip = req.params[0]!;
  if (!isIP(ip)) return mdeError(400, 'InvalidIpAddress', `Invalid IP address: '${ip}'`);
  const events = rows(ctx, 'DeviceNetworkEvents').filter((r) => r.RemoteIP === ip);
  const { first, last } = span(events.map((r) => r.Timestamp));
  return {
    status: 200,
    body: {
      '@odata.context': `${api(ctx)}#microsoft.windowsDefenderATP.api.InOrgIPStats`,
      ipAddress: ip,
      organizationPrevalence: new Set(events.map((r) => r.DeviceId)).size,
      orgFirstSeen: first,
      orgLastSeen: last,
    },
  };
}

function hostOf(url: unknown): string {
  const text = String(url ?? '').toLowerCase();
  try {
    return new URL(text.includes('://') ? text : `http://${text}`).hostname;
  } catch {
    return text;
  }
}

function domainRows(ctx: EmulatorContext, domain: string): Record<string, unknown>[] {
  return rows(ctx, 'DeviceNetworkEvents').filter((r) => {
    const host = hostOf(r.RemoteUrl);
    return host === domain || host.endsWith(`.${domain}`);
  });
}

function validDomain(domain: string): boolean {
  return /^[a-z0-9_]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9])?)+$/i.test(domain) && domain.length <= 253;
}

function domainMachines(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const domain = req.params[0]!.toLowerCase();
  if (!validDomain(domain)) return mdeError(400, 'InvalidDomainName', `Invalid domain name: '${req.params[0]}'`);
  const machines = machinesByIds(
    ctx,
    domainRows(ctx, domain).map((r) => r.DeviceId),
  ).slice(0, 500);
  return { status: 200, body: { '@odata.context': `${api(ctx)}#Machines`, value: machines } };
}

function domainStats(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const domain = req.params[0]!.toLowerCase();
  if (!validDomain(domain)) return mdeError(400, 'InvalidDomainName', `Invalid domain name: '${req.params[0]}'`);
  const events = domainRows(ctx, domain);
  const { first, last } = span(events.map((r) => r.Timestamp));
  return {
    status: 200,
    body: {
      '@odata.context': `${api(ctx)}#microsoft.windowsDefenderATP.api.InOrgDomainStats`,
      host: domain,
      organizationPrevalence: new Set(events.map((r) => r.DeviceId)).size,
      orgFirstSeen: first,
      orgLastSeen: last,
    },
  };
}

function parseJsonBody(req: EmulatorRequest): Record<string, unknown> | EmulatorResponse {
  try {
    const body = JSON.parse(req.body || 'null') as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return mdeError(400, 'InvalidRequestBody', 'Request body is incorrect');
    return body as Record<string, unknown>;
  } catch {
    return mdeError(400, 'InvalidRequestBody', 'Request body is incorrect');
  }
}

function requestor(ctx: EmulatorContext, caller: TokenClaims | undefined): string {
  return caller?.app_displayname ?? ctx.apps.get(caller?.appid ?? '')?.displayName ?? caller?.appid ?? 'unknown';
}

type ActionSpec = {
  type: MachineActionType;
  validate?: (body: Record<string, unknown>) => string | undefined;
  extra?: (body: Record<string, unknown>) => Record<string, unknown>;
};

const ACTION_SPECS: Record<string, ActionSpec> = {
  isolate: {
    type: 'Isolate',
    validate: (b) =>
      b.IsolationType === undefined || ['Full', 'Selective', 'UnManagedDevice'].includes(String(b.IsolationType))
        ? undefined
        : 'IsolationType must be Full, Selective or UnManagedDevice',
    extra: (b) => ({ scope: String(b.IsolationType ?? 'Full') }),
  },
  unisolate: { type: 'Unisolate' },
  stopandquarantinefile: {
    type: 'StopAndQuarantineFile',
    validate: (b) =>
      typeof b.Sha1 === 'string' && /^[0-9a-f]{40}$/i.test(b.Sha1)
        ? undefined
        : typeof b.Sha1 === 'string'
          ? 'Sha1 is not a valid SHA1'
          : 'Missing required parameter: Sha1',
    extra: (b) => ({ relatedFileInfo: { fileIdentifier: String(b.Sha1).toLowerCase(), fileIdentifierType: 'Sha1' } }),
  },
  runantivirusscan: {
    type: 'RunAntiVirusScan',
    validate: (b) => (['Quick', 'Full'].includes(String(b.ScanType)) ? undefined : 'ScanType must be Quick or Full'),
    extra: (b) => ({ scope: String(b.ScanType) }),
  },
  restrictcodeexecution: { type: 'RestrictCodeExecution' },
  unrestrictcodeexecution: { type: 'UnrestrictCodeExecution' },
  collectinvestigationpackage: { type: 'CollectInvestigationPackage' },
};

function machineActionRoute(verb: string, permission: string): Route {
  const spec = ACTION_SPECS[verb.toLowerCase()]!;
  return {
    id: `mde.${verb}`,
    method: 'POST',
    api: 'mde',
    bucket: 'mde:machineactions',
    permissions: [permission],
    pattern: new RegExp(`^/api/machines/([^/]+)/${verb}$`, 'i'),
    handler: (req, ctx, caller) => {
      const body = parseJsonBody(req);
      if ('status' in body && typeof body.status === 'number') return body as EmulatorResponse;
      const fields = body as Record<string, unknown>;
      // Microsoft's parameter names are case-sensitive: "comment" is not "Comment".
      if (typeof fields.Comment !== 'string' || fields.Comment.trim() === '')
        return mdeError(400, 'MissingRequiredParameter', 'Missing required parameter: Comment');
      const problem = spec.validate?.(fields);
      if (problem) return mdeError(400, problem.startsWith('Missing') ? 'MissingRequiredParameter' : 'InvalidRequestBody', problem);
      const machine = findMachine(ctx, req.params[0]!);
      if (!machine) return notFoundMachine(req.params[0]!);
      if (activeActionLike(ctx, machine.id, spec.type)) return mdeError(400, 'ActiveRequestAlreadyExists', 'Action is already in progress');
      const action = createAction(ctx, machine, spec.type, requestor(ctx, caller), fields.Comment, spec.extra?.(fields) ?? {});
      return { status: 201, body: { '@odata.context': `${api(ctx)}#MachineActions/$entity`, ...action } };
    },
  };
}

function listActions(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const actions = ctx.tenant.machineActions.map((a) => refresh(a, ctx)).sort((a, b) => b.creationDateTimeUtc.localeCompare(a.creationDateTimeUtc));
  return serveCollection(req, ctx.baseUrl, actions as unknown as Record<string, unknown>[], ACTIONS, `${api(ctx)}#MachineActions`);
}

function getAction(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const action = ctx.tenant.machineActions.find((a) => a.id === req.params[0]!.toLowerCase());
  if (!action) return mdeError(404, 'ResourceNotFound', `MachineAction ${req.params[0]} was not found`);
  return { status: 200, body: { '@odata.context': `${api(ctx)}#MachineActions/$entity`, ...refresh(action, ctx) } };
}

function cancel(req: EmulatorRequest, ctx: EmulatorContext, caller: TokenClaims | undefined): EmulatorResponse {
  const body = parseJsonBody(req);
  if ('status' in body && typeof body.status === 'number') return body as EmulatorResponse;
  const comment = (body as Record<string, unknown>).Comment;
  if (typeof comment !== 'string' || !comment.trim()) return mdeError(400, 'MissingRequiredParameter', 'Missing required parameter: Comment');
  const action = ctx.tenant.machineActions.find((a) => a.id === req.params[0]!.toLowerCase());
  if (!action) return mdeError(404, 'ResourceNotFound', `MachineAction ${req.params[0]} was not found`);
  refresh(action, ctx);
  if (!['Pending', 'InProgress'].includes(action.status))
    return mdeError(400, 'InvalidRequest', `Machine action ${action.id} is ${action.status} and cannot be cancelled`);
  return { status: 200, body: { '@odata.context': `${api(ctx)}#MachineActions/$entity`, ...cancelAction(ctx, action, requestor(ctx, caller), comment) } };
}

const PASCAL = (v: string | null | undefined) => (v ? v.charAt(0).toUpperCase() + v.slice(1) : null);

/**
 * Defender for Endpoint's alerts related to an IP, a domain or a file (api/get-ip-related-alerts.md,
 * get-domain-related-alerts.md, get-file-related-alerts.md): alerts of Defender for Endpoint whose evidence names the
 * value, in MDE's alert shape. An unknown value gives an empty list.
 */
function relatedAlerts(ctx: EmulatorContext, mentions: (evidence: string) => boolean): EmulatorResponse {
  const alerts = ctx.tenant.alerts
    .filter((a) => a.serviceSource === 'microsoftDefenderForEndpoint' && (a.evidence ?? []).some((e) => mentions(JSON.stringify(e).toLowerCase())))
    .map((a) => {
      const device = (a.evidence ?? []).find((e) => e['@odata.type'].endsWith('deviceEvidence')) as Record<string, unknown> | undefined;
      return {
        id: a.id,
        incidentId: a.incidentId ? Number(a.incidentId) : null,
        investigationId: null,
        assignedTo: a.assignedTo,
        severity: PASCAL(a.severity),
        status: PASCAL(a.status),
        classification: PASCAL(a.classification),
        determination: PASCAL(a.determination),
        detectionSource: a.detectionSource,
        category: a.category,
        threatFamilyName: a.threatFamilyName,
        title: a.title,
        description: a.description,
        alertCreationTime: a.createdDateTime,
        firstEventTime: a.firstActivityDateTime,
        lastEventTime: a.lastActivityDateTime,
        lastUpdateTime: a.lastUpdateDateTime,
        resolvedTime: a.resolvedDateTime,
        machineId: (device?.mdeDeviceId as string | undefined) ?? null,
        computerDnsName: (device?.deviceDnsName as string | undefined) ?? null,
        aadTenantId: ctx.tenant.tenantId,
        mitreTechniques: a.mitreTechniques ?? [],
      };
    });
  return { status: 200, body: { '@odata.context': `${api(ctx)}#Alerts`, value: alerts } };
}

function ipAlerts(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const ip = req.params[0]!;
  if (!isIP(ip)) return mdeError(400, 'InvalidIpAddress', `Invalid IP address: '${ip}'`);
  return relatedAlerts(ctx, (e) => e.includes(`"${ip.toLowerCase()}"`));
}

function domainAlerts(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const domain = req.params[0]!.toLowerCase();
  if (!validDomain(domain)) return mdeError(400, 'InvalidDomainName', `Invalid domain name: '${req.params[0]}'`);
  return relatedAlerts(ctx, (e) => e.includes(domain));
}

function fileAlerts(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const hash = req.params[0]!.toLowerCase();
  const kind = hashKind(hash);
  if (kind !== 'sha1' && kind !== 'sha256') return mdeError(400, 'InvalidHashValue', `Invalid hash value '${req.params[0]}'`);
  return relatedAlerts(ctx, (e) => e.includes(`"${hash}"`));
}

const INDICATOR_TYPES = ['FileSha1', 'FileMd5', 'CertificateThumbprint', 'FileSha256', 'IpAddress', 'DomainName', 'Url'];
const INDICATOR_ACTIONS = ['Alert', 'Warn', 'Block', 'Audit', 'BlockAndRemediate', 'AlertAndBlock', 'Allowed'];

function createIndicator(req: EmulatorRequest, ctx: EmulatorContext, caller: TokenClaims | undefined): EmulatorResponse {
  const parsed = parseJsonBody(req);
  if ('status' in parsed && typeof parsed.status === 'number') return parsed as EmulatorResponse;
  const b = parsed as Record<string, unknown>;
  for (const field of ['indicatorValue', 'indicatorType', 'action', 'title', 'description'])
    if (typeof b[field] !== 'string' || !(b[field] as string).trim()) return mdeError(400, 'MissingRequiredParameter', `Missing required parameter: ${field}`);
  if (!INDICATOR_TYPES.includes(b.indicatorType as string)) return mdeError(400, 'InvalidInput', `Invalid indicatorType '${String(b.indicatorType)}'`);
  if (!INDICATOR_ACTIONS.includes(b.action as string)) return mdeError(400, 'InvalidInput', `Invalid action '${String(b.action)}'`);
  if (b.action === 'Audit' && b.generateAlert !== true) return mdeError(400, 'InvalidInput', 'Audit requires generateAlert=true');
  if (b.indicatorType === 'IpAddress' && (!isIP(String(b.indicatorValue)) || String(b.indicatorValue).includes('/')))
    return mdeError(400, 'InvalidIpAddress', 'Invalid IP address (CIDR is not supported)');
  if (b.expirationTime !== undefined && Number.isNaN(new Date(String(b.expirationTime)).getTime()))
    return mdeError(400, 'InvalidInput', 'Invalid expirationTime');
  const now = ctx.now().toISOString();
  const existing = ctx.tenant.indicators.find(
    (i) => i.indicatorType === b.indicatorType && i.indicatorValue.toLowerCase() === String(b.indicatorValue).toLowerCase(),
  );
  const who = requestor(ctx, caller);
  const indicator: MdeIndicator = {
    id: existing?.id ?? String(1000 + ctx.tenant.indicators.length),
    indicatorValue: String(b.indicatorValue),
    indicatorType: b.indicatorType as MdeIndicator['indicatorType'],
    action: b.action as MdeIndicator['action'],
    application: (b.application as string | undefined) ?? null,
    source: who,
    sourceType: 'AadApp',
    createdBy: existing?.createdBy ?? caller?.appid ?? who,
    createdBySource: 'PublicApi',
    lastUpdatedBy: existing ? who : null,
    creationTimeDateTimeUtc: existing?.creationTimeDateTimeUtc ?? now,
    expirationTime: (b.expirationTime as string | undefined) ?? null,
    lastUpdateTime: now,
    severity: (b.severity as string | undefined) ?? 'Informational',
    title: String(b.title),
    description: String(b.description),
    recommendedActions: (b.recommendedActions as string | undefined) ?? null,
    rbacGroupNames: Array.isArray(b.rbacGroupNames) ? (b.rbacGroupNames as string[]) : [],
    rbacGroupIds: [],
    generateAlert: b.generateAlert === true,
    externalID: null,
  };
  if (existing) Object.assign(existing, indicator);
  else ctx.tenant.indicators.push(indicator);
  return { status: 200, body: { '@odata.context': `${api(ctx)}#Indicators/$entity`, ...indicator } };
}

function deleteIndicator(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const index = ctx.tenant.indicators.findIndex((i) => i.id === req.params[0]);
  if (index < 0) return mdeError(404, 'ResourceNotFound', `Indicator ${req.params[0]} was not found`);
  ctx.tenant.indicators.splice(index, 1);
  return { status: 204 };
}

const m = (id: string, method: string, bucket: string, permissions: string[], pattern: RegExp, handler: Route['handler']): Route => ({
  id,
  method,
  api: 'mde',
  bucket,
  permissions,
  pattern,
  handler,
});

export const endpointRoutes: Route[] = [
  m('mde.findbyip', 'GET', 'mde:machines', MACHINE_READ, /^\/api\/machines\/findbyip\((.*)\)$/i, findByIp),
  m('mde.machines', 'GET', 'mde:machines', MACHINE_READ, /^\/api\/machines\/?$/i, listMachines),
  m('mde.machine', 'GET', 'mde:machines', MACHINE_READ, /^\/api\/machines\/([^/]+)$/i, getMachine),
  machineActionRoute('isolate', 'Machine.Isolate'),
  machineActionRoute('unisolate', 'Machine.Isolate'),
  machineActionRoute('StopAndQuarantineFile', 'Machine.StopAndQuarantine'),
  machineActionRoute('runAntiVirusScan', 'Machine.Scan'),
  machineActionRoute('restrictCodeExecution', 'Machine.RestrictExecution'),
  machineActionRoute('unrestrictCodeExecution', 'Machine.RestrictExecution'),
  machineActionRoute('collectInvestigationPackage', 'Machine.CollectForensics'),
  m('mde.machineactions', 'GET', 'mde:machineactions', MACHINE_READ, /^\/api\/machineactions\/?$/i, listActions),
  m('mde.machineaction', 'GET', 'mde:machineactions', MACHINE_READ, /^\/api\/machineactions\/([^/]+)$/i, getAction),
  m('mde.cancel', 'POST', 'mde:machineactions', CANCEL, /^\/api\/machineactions\/([^/]+)\/cancel$/i, cancel),
  m('mde.file', 'GET', 'mde:files', ['File.Read.All'], /^\/api\/files\/([^/]+)$/i, getFile),
  m('mde.fileMachines', 'GET', 'mde:files', MACHINE_READ, /^\/api\/files\/([^/]+)\/machines$/i, fileMachines),
  m('mde.fileStats', 'GET', 'mde:files', ['File.Read.All'], /^\/api\/files\/([^/]+)\/stats$/i, fileStats),
  m('mde.ipStats', 'GET', 'mde:ips', ['Ip.Read.All'], /^\/api\/ips\/([^/]+)\/stats$/i, ipStats),
  m('mde.ipAlerts', 'GET', 'mde:ips', ALERT_READ, /^\/api\/ips\/([^/]+)\/alerts$/i, ipAlerts),
  m('mde.domainAlerts', 'GET', 'mde:domains', ALERT_READ, /^\/api\/domains\/([^/]+)\/alerts$/i, domainAlerts),
  m('mde.fileAlerts', 'GET', 'mde:files', ALERT_READ, /^\/api\/files\/([^/]+)\/alerts$/i, fileAlerts),
  m('mde.domainMachines', 'GET', 'mde:domains', MACHINE_READ, /^\/api\/domains\/([^/]+)\/machines$/i, domainMachines),
  m('mde.domainStats', 'GET', 'mde:domains', ['Url.Read.All'], /^\/api\/domains\/([^/]+)\/stats$/i, domainStats),
  m('mde.indicators', 'GET', 'mde:indicators', [...TI_WRITE, 'Ti.Read.All'], /^\/api\/indicators\/?$/i, (req, ctx) =>
    serveCollection(req, ctx.baseUrl, ctx.tenant.indicators as unknown as Record<string, unknown>[], INDICATORS, `${api(ctx)}#Indicators`),
  ),
  m('mde.indicatorCreate', 'POST', 'mde:indicators', TI_WRITE, /^\/api\/indicators\/?$/i, createIndicator),
  m('mde.indicatorDelete', 'DELETE', 'mde:indicators', TI_WRITE, /^\/api\/indicators\/([^/]+)$/i, deleteIndicator),
];
