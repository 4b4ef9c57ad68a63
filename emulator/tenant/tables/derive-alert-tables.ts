import type { GraphAlert, GraphEvidence, MdeMachine } from '../../../src/defender/types';
import { HUNTING_DETECTION_SOURCES, PRODUCT_NAMES, type DetectionSource, type ServiceSource } from '../detectors';
import { techniqueLabel } from '../mitre';
import type { TableRow } from '../types';
import { row } from './columns';

const SEVERITY: Record<string, string> = {
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

type Fields = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function obj(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null ? (value as Fields) : undefined;
}

function joinPath(folder: string | undefined, name: string | undefined): string | undefined {
  if (!folder) return undefined;
  if (!name) return folder;
  const separator = folder.includes('\\') ? '\\' : '/';
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

function accountColumns(account: Fields | undefined): Fields {
  if (!account) return {};
  return {
    AccountName: str(account['accountName']),
    AccountDomain: str(account['domainName']),
    AccountSid: str(account['userSid']),
    AccountObjectId: str(account['azureAdUserId']),
    AccountUpn: str(account['userPrincipalName']),
  };
}

function fileColumns(details: Fields | undefined): Fields {
  if (!details) return {};
  const size = details['fileSize'];
  return {
    FileName: str(details['fileName']),
    FolderPath: joinPath(str(details['filePath']), str(details['fileName'])),
    SHA1: str(details['sha1']),
    SHA256: str(details['sha256']),
    FileSize: typeof size === 'number' ? size : undefined,
  };
}

function deviceColumns(deviceId: unknown, machines: Map<string, MdeMachine>): Fields {
  const id = str(deviceId);
  if (!id) return {};
  return { DeviceId: id, DeviceName: machines.get(id)?.computerDnsName };
}

function evidenceRole(e: GraphEvidence): string {
  const impacted = e.roles.some((r) => r === 'compromised' || r === 'attacked') || e.detailedRoles.includes('Main device');
  return impacted ? 'Impacted' : 'Related';
}

function evidenceDirection(e: GraphEvidence): string | undefined {
  if (e.roles.includes('source') || e.roles.includes('attacker')) return 'Source';
  if (e.roles.includes('destination') || e.roles.includes('commandAndControl')) return 'Destination';
  return undefined;
}

/** The AlertEvidence columns one Graph evidence item fills, by @odata.type. */
function entityColumns(e: GraphEvidence, alert: GraphAlert, machines: Map<string, MdeMachine>): Fields {
  const type = e['@odata.type'].replace('#microsoft.graph.security.', '');
  switch (type) {
    case 'ipEvidence':
      return { EntityType: 'Ip', RemoteIP: str(e['ipAddress']) };
    case 'urlEvidence':
      return { EntityType: 'Url', RemoteUrl: str(e['url']) };
    case 'fileEvidence':
      return {
        EntityType: 'File',
        ...fileColumns(obj(e['fileDetails'])),
        ThreatFamily: alert.threatFamilyName ?? undefined,
        ...deviceColumns(e['mdeDeviceId'], machines),
      };
    case 'processEvidence':
      return {
        EntityType: 'Process',
        ...fileColumns(obj(e['imageFile'])),
        ProcessCommandLine: str(e['processCommandLine']),
        ...accountColumns(obj(e['userAccount'])),
        ...deviceColumns(e['mdeDeviceId'], machines),
      };
    case 'deviceEvidence':
      return {
        EntityType: 'Machine',
        DeviceId: str(e['mdeDeviceId']),
        DeviceName: str(e['deviceDnsName']),
        LocalIP: str(e['lastIpAddress']),
      };
    case 'userEvidence':
      return { EntityType: 'User', ...accountColumns(obj(e['userAccount'])) };
    case 'mailboxEvidence':
      return {
        EntityType: 'Mailbox',
        ...accountColumns(obj(e['userAccount'])),
        AccountUpn: str(e['upn']),
        AdditionalFields: JSON.stringify({ DisplayName: e['displayName'], PrimaryAddress: e['primaryAddress'] }),
      };
    case 'analyzedMessageEvidence': {
      const sender = obj(e['p1Sender']);
      return {
        EntityType: 'MailMessage',
        NetworkMessageId: str(e['networkMessageId']),
        EmailSubject: str(e['subject']),
        AdditionalFields: JSON.stringify({
          InternetMessageId: e['internetMessageId'],
          Recipient: e['recipientEmailAddress'],
          Sender: sender?.['emailAddress'],
          SenderDisplayName: sender?.['displayName'],
          SenderIp: e['senderIp'],
          Urls: e['urls'],
          AttachmentsCount: e['attachmentsCount'],
          DeliveryAction: e['deliveryAction'],
          DeliveryLocation: e['deliveryLocation'],
          Threats: e['threats'],
        }),
      };
    }
    case 'mailClusterEvidence':
      return {
        EntityType: 'MailCluster',
        AdditionalFields: JSON.stringify({
          ClusterBy: e['clusterBy'],
          ClusterByValue: e['clusterByValue'],
          EmailCount: e['emailCount'],
          NetworkMessageIds: e['networkMessageIds'],
          Query: e['query'],
        }),
      };
    case 'cloudApplicationEvidence':
      return {
        EntityType: 'CloudApplication',
        Application: str(e['displayName']),
        ApplicationId: typeof e['appId'] === 'number' ? e['appId'] : undefined,
      };
    case 'oauthApplicationEvidence':
      return {
        EntityType: 'OAuthApplication',
        Application: str(e['displayName']),
        OAuthApplicationId: str(e['appId']),
        AdditionalFields: JSON.stringify({ Publisher: e['publisher'], ObjectId: e['objectId'] }),
      };
    default:
      return { EntityType: type.replace(/Evidence$/, '').replace(/^./, (c) => c.toUpperCase()) };
  }
}

function common(alert: GraphAlert): Fields {
  return {
    Timestamp: alert.createdDateTime,
    AlertId: alert.id,
    Title: alert.title,
    AttackTechniques: JSON.stringify(alert.mitreTechniques.map(techniqueLabel)),
    ServiceSource: PRODUCT_NAMES[alert.serviceSource as ServiceSource] ?? alert.serviceSource,
    DetectionSource: HUNTING_DETECTION_SOURCES[alert.detectionSource as DetectionSource] ?? alert.detectionSource,
  };
}

/** AlertInfo and AlertEvidence are derived from the Graph alerts so hunting and alerts_v2 always agree. */
export function deriveAlertTables(alerts: readonly GraphAlert[], machines: readonly MdeMachine[]): { AlertInfo: TableRow[]; AlertEvidence: TableRow[] } {
  const byId = new Map(machines.map((m) => [m.id, m]));
  const info: TableRow[] = [];
  const evidence: TableRow[] = [];
  for (const alert of alerts) {
    info.push(
      row('AlertInfo', {
        ...common(alert),
        Category: alert.category,
        Severity: SEVERITY[alert.severity] ?? alert.severity,
      }),
    );
    for (const e of alert.evidence) {
      evidence.push(
        row('AlertEvidence', {
          ...common(alert),
          Categories: JSON.stringify(alert.category ? [alert.category] : []),
          EvidenceRole: evidenceRole(e),
          EvidenceDirection: evidenceDirection(e),
          Severity: SEVERITY[alert.severity] ?? alert.severity,
          ...entityColumns(e, alert, byId),
        }),
      );
    }
  }
  return { AlertInfo: info, AlertEvidence: evidence };
}
