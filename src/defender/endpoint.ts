import type { DefenderHttp, ListResult } from './http/defender-http';
import { mdeOp } from './http/operation';
import { domainName, fileHash, findByIpSegment, ipAddress, machineIdOrName, pathSegment } from './queries/path';
import type {
  IndicatorAction,
  IndicatorType,
  MachineAction,
  MdeAlert,
  MdeDomainStats,
  MdeFile,
  MdeFileStats,
  MdeIndicator,
  MdeIpStats,
  MdeMachine,
} from './types';

const MACHINE_READ = ['Machine.Read.All', 'Machine.ReadWrite.All'];
const ALERT_READ = ['Alert.Read.All', 'Alert.ReadWrite.All'];

export const ENDPOINT_OPS = {
  listMachines: mdeOp('list devices', 'machines', MACHINE_READ),
  getMachine: mdeOp('get device', 'machines', MACHINE_READ),
  findMachinesByIp: mdeOp('find devices by IP', 'machines', MACHINE_READ),
  getFile: mdeOp('get file profile', 'files', ['File.Read.All']),
  getFileStats: mdeOp('get file statistics', 'files', ['File.Read.All']),
  getFileMachines: mdeOp('list devices with a file', 'files', MACHINE_READ),
  getIpStats: mdeOp('get IP statistics', 'ips', ['Ip.Read.All']),
  getDomainMachines: mdeOp('list devices that contacted a domain', 'domains', MACHINE_READ),
  getDomainStats: mdeOp('get domain statistics', 'domains', ['URL.Read.All']),
  getIpAlerts: mdeOp('list alerts related to an IP', 'ips', ALERT_READ),
  getDomainAlerts: mdeOp('list alerts related to a domain', 'domains', ALERT_READ),
  getFileAlerts: mdeOp('list alerts related to a file', 'files', ALERT_READ),
  listMachineActions: mdeOp('list machine actions', 'machineactions', MACHINE_READ),
  getMachineAction: mdeOp('get machine action', 'machineactions', MACHINE_READ),
  cancelMachineAction: mdeOp(
    'cancel machine action',
    'machineactions',
    ['Machine.Isolate', 'Machine.StopAndQuarantine', 'Machine.Scan', 'Machine.RestrictExecution', 'Machine.CollectForensics'],
    false,
  ),
  isolate: mdeOp('isolate device', 'machine-actions', ['Machine.Isolate'], false),
  unisolate: mdeOp('release device from isolation', 'machine-actions', ['Machine.Isolate'], false),
  stopAndQuarantineFile: mdeOp('stop and quarantine file', 'machine-actions', ['Machine.StopAndQuarantine'], false),
  runAntiVirusScan: mdeOp('run antivirus scan', 'machine-actions', ['Machine.Scan'], false),
  restrictCodeExecution: mdeOp('restrict app execution', 'machine-actions', ['Machine.RestrictExecution'], false),
  unrestrictCodeExecution: mdeOp('remove app restriction', 'machine-actions', ['Machine.RestrictExecution'], false),
  collectInvestigationPackage: mdeOp('collect investigation package', 'machine-actions', ['Machine.CollectForensics'], false),
  createIndicator: mdeOp('submit indicator', 'indicators', ['Ti.ReadWrite', 'Ti.ReadWrite.All'], true),
  listIndicators: mdeOp('list indicators', 'indicators', ['Ti.ReadWrite', 'Ti.ReadWrite.All', 'Ti.Read.All']),
  deleteIndicator: mdeOp('delete indicator', 'indicators', ['Ti.ReadWrite', 'Ti.ReadWrite.All']),
} as const;

export type IsolationType = 'Full' | 'Selective' | 'UnManagedDevice';
export type ScanType = 'Quick' | 'Full';

export interface NewIndicator {
  indicatorValue: string;
  indicatorType: IndicatorType;
  action: IndicatorAction;
  title: string;
  description: string;
  expirationTime?: string;
  severity?: 'Informational' | 'Low' | 'Medium' | 'High';
  recommendedActions?: string;
  generateAlert?: boolean;
  rbacGroupNames?: string[];
}

/** Defender for Endpoint API: devices, files, IPs, domains, machine actions, indicators. Bodies use Microsoft's exact field names. */
export class EndpointClient {
  constructor(private readonly http: DefenderHttp) {}

  listMachines(filter?: string, top = 100, maxPages?: number): Promise<ListResult<MdeMachine>> {
    return this.http.list<MdeMachine>(ENDPOINT_OPS.listMachines, '/machines', { query: { $filter: filter, $top: top }, maxPages });
  }

  async getMachine(idOrName: string): Promise<MdeMachine> {
    return (await this.http.send<MdeMachine>(ENDPOINT_OPS.getMachine, 'GET', `/machines/${pathSegment(machineIdOrName(idOrName))}`)).body;
  }

  /** Devices that reported this internal IP within 15 minutes of the timestamp (which must be within 30 days). */
  async findMachinesByIp(ip: string, at: Date): Promise<MdeMachine[]> {
    return (await this.http.list<MdeMachine>(ENDPOINT_OPS.findMachinesByIp, `/machines/${findByIpSegment(ip, at)}`, { maxPages: 1 })).items;
  }

  async getFile(hash: string): Promise<MdeFile> {
    return (await this.http.send<MdeFile>(ENDPOINT_OPS.getFile, 'GET', `/files/${fileHash(hash)}`)).body;
  }

  async getFileStats(hash: string, lookBackHours?: number): Promise<MdeFileStats> {
    return (await this.http.send<MdeFileStats>(ENDPOINT_OPS.getFileStats, 'GET', `/files/${fileHash(hash)}/stats`, { query: { lookBackHours } })).body;
  }

  /** SHA-1 only (Microsoft's rule); an unknown file gives an empty list. */
  async getFileMachines(sha1: string): Promise<MdeMachine[]> {
    return (await this.http.list<MdeMachine>(ENDPOINT_OPS.getFileMachines, `/files/${fileHash(sha1, ['sha1'])}/machines`, { maxPages: 1 })).items;
  }

  async getIpStats(ip: string, lookBackHours?: number): Promise<MdeIpStats> {
    return (await this.http.send<MdeIpStats>(ENDPOINT_OPS.getIpStats, 'GET', `/ips/${pathSegment(ipAddress(ip))}/stats`, { query: { lookBackHours } })).body;
  }

  async getDomainMachines(domain: string): Promise<MdeMachine[]> {
    return (await this.http.list<MdeMachine>(ENDPOINT_OPS.getDomainMachines, `/domains/${pathSegment(domainName(domain))}/machines`, { maxPages: 1 })).items;
  }

  async getDomainStats(domain: string, lookBackHours?: number): Promise<MdeDomainStats> {
    return (
      await this.http.send<MdeDomainStats>(ENDPOINT_OPS.getDomainStats, 'GET', `/domains/${pathSegment(domainName(domain))}/stats`, {
        query: { lookBackHours },
      })
    ).body;
  }

  /** Defender for Endpoint's alerts related to an IP (api/get-ip-related-alerts.md); unknown IP: empty list. */
  async getIpAlerts(ip: string): Promise<MdeAlert[]> {
    return (await this.http.list<MdeAlert>(ENDPOINT_OPS.getIpAlerts, `/ips/${pathSegment(ipAddress(ip))}/alerts`, { maxPages: 1 })).items;
  }

  /** Alerts related to a domain (api/get-domain-related-alerts.md); unknown domain: empty list. */
  async getDomainAlerts(domain: string): Promise<MdeAlert[]> {
    return (await this.http.list<MdeAlert>(ENDPOINT_OPS.getDomainAlerts, `/domains/${pathSegment(domainName(domain))}/alerts`, { maxPages: 1 })).items;
  }

  /** Alerts related to a file by SHA-1 or SHA-256 (api/get-file-related-alerts.md); unknown file: empty list. */
  async getFileAlerts(hash: string): Promise<MdeAlert[]> {
    return (await this.http.list<MdeAlert>(ENDPOINT_OPS.getFileAlerts, `/files/${fileHash(hash)}/alerts`, { maxPages: 1 })).items;
  }

  listMachineActions(filter?: string, top = 100): Promise<ListResult<MachineAction>> {
    return this.http.list<MachineAction>(ENDPOINT_OPS.listMachineActions, '/machineactions', { query: { $filter: filter, $top: top }, maxPages: 1 });
  }

  async getMachineAction(id: string): Promise<MachineAction> {
    return (await this.http.send<MachineAction>(ENDPOINT_OPS.getMachineAction, 'GET', `/machineactions/${pathSegment(id, 'machine action id')}`)).body;
  }

  async cancelMachineAction(id: string, comment: string): Promise<MachineAction> {
    return (
      await this.http.send<MachineAction>(ENDPOINT_OPS.cancelMachineAction, 'POST', `/machineactions/${pathSegment(id, 'machine action id')}/cancel`, {
        body: { Comment: comment },
      })
    ).body;
  }

  isolate(machineId: string, comment: string, isolationType: IsolationType = 'Full'): Promise<MachineAction> {
    return this.machineAction(ENDPOINT_OPS.isolate, machineId, 'isolate', { Comment: comment, IsolationType: isolationType });
  }

  unisolate(machineId: string, comment: string): Promise<MachineAction> {
    return this.machineAction(ENDPOINT_OPS.unisolate, machineId, 'unisolate', { Comment: comment });
  }

  stopAndQuarantineFile(machineId: string, sha1: string, comment: string): Promise<MachineAction> {
    return this.machineAction(ENDPOINT_OPS.stopAndQuarantineFile, machineId, 'StopAndQuarantineFile', { Comment: comment, Sha1: fileHash(sha1, ['sha1']) });
  }

  runAntiVirusScan(machineId: string, comment: string, scanType: ScanType = 'Quick'): Promise<MachineAction> {
    return this.machineAction(ENDPOINT_OPS.runAntiVirusScan, machineId, 'runAntiVirusScan', { Comment: comment, ScanType: scanType });
  }

  restrictCodeExecution(machineId: string, comment: string): Promise<MachineAction> {
    return this.machineAction(ENDPOINT_OPS.restrictCodeExecution, machineId, 'restrictCodeExecution', { Comment: comment });
  }

  unrestrictCodeExecution(machineId: string, comment: string): Promise<MachineAction> {
    return this.machineAction(ENDPOINT_OPS.unrestrictCodeExecution, machineId, 'unrestrictCodeExecution', { Comment: comment });
  }

  collectInvestigationPackage(machineId: string, comment: string): Promise<MachineAction> {
    return this.machineAction(ENDPOINT_OPS.collectInvestigationPackage, machineId, 'collectInvestigationPackage', { Comment: comment });
  }

  async createIndicator(indicator: NewIndicator): Promise<MdeIndicator> {
    return (await this.http.send<MdeIndicator>(ENDPOINT_OPS.createIndicator, 'POST', '/indicators', { body: indicator })).body;
  }

  listIndicators(filter?: string): Promise<ListResult<MdeIndicator>> {
    return this.http.list<MdeIndicator>(ENDPOINT_OPS.listIndicators, '/indicators', { query: { $filter: filter } });
  }

  async deleteIndicator(id: string): Promise<void> {
    await this.http.send(ENDPOINT_OPS.deleteIndicator, 'DELETE', `/indicators/${pathSegment(id, 'indicator id')}`);
  }

  private async machineAction(op: (typeof ENDPOINT_OPS)['isolate'], machineId: string, verb: string, body: Record<string, string>): Promise<MachineAction> {
    if (!body.Comment?.trim()) throw new RangeError('a machine action needs a comment');
    const id = machineIdOrName(machineId);
    return (await this.http.send<MachineAction>(op, 'POST', `/machines/${pathSegment(id)}/${verb}`, { body })).body;
  }
}
