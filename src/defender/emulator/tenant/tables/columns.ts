import type { HuntingTable, TableRow } from '../types';

type ColumnType = 'DateTime' | 'String' | 'Int32' | 'Int64' | 'Boolean' | 'Double' | 'Object';

/** `name:Type` shorthand; names without a type are String. */
function cols(spec: string): { name: string; type: ColumnType }[] {
  return spec
    .split(/\s*,\s*/)
    .filter(Boolean)
    .map((entry) => {
      const [name = '', type = 'String'] = entry.split(':');
      return { name, type: type as ColumnType };
    });
}

/** Column lists per Microsoft's advanced-hunting schema reference (types by Kusto -> .NET convention). */
export const TABLE_COLUMNS = {
  AlertInfo: cols('Timestamp:DateTime, AlertId, Title, Category, Severity, ServiceSource, DetectionSource, AttackTechniques'),
  AlertEvidence: cols(
    'Timestamp:DateTime, AlertId, Title, Categories, AttackTechniques, ServiceSource, DetectionSource, EntityType, ' +
      'EvidenceRole, EvidenceDirection, FileName, FolderPath, SHA1, SHA256, FileSize:Int64, ThreatFamily, RemoteIP, ' +
      'RemoteUrl, AccountName, AccountDomain, AccountSid, AccountObjectId, AccountUpn, DeviceId, DeviceName, LocalIP, ' +
      'NetworkMessageId, EmailSubject, Application, ApplicationId:Int32, OAuthApplicationId, ProcessCommandLine, ' +
      'RegistryKey, RegistryValueName, RegistryValueData, AdditionalFields, Severity, CloudResource, CloudPlatform, ' +
      'ResourceType, ResourceID, SubscriptionId',
  ),
  DeviceInfo: cols(
    'Timestamp:DateTime, DeviceId, DeviceName, ClientVersion, PublicIP, OSArchitecture, OSPlatform, OSBuild:Int64, ' +
      'IsAzureADJoined:Boolean, JoinType, AadDeviceId, LoggedOnUsers, RegistryDeviceTag, OSVersion, MachineGroup, ' +
      'ReportId:Int64, OnboardingStatus, AdditionalFields:Object, DeviceCategory, DeviceType, DeviceSubtype, Model, ' +
      'Vendor, OSDistribution, OSVersionInfo, MergedDeviceIds, MergedToDeviceId, IsInternetFacing:Boolean, ' +
      'SensorHealthState, IsExcluded:Boolean, ExclusionReason, ExposureLevel, AssetValue, DeviceManualTags:Object, ' +
      'DeviceDynamicTags:Object, ConnectivityType, HostDeviceId',
  ),
  DeviceNetworkInfo: cols(
    'Timestamp:DateTime, DeviceId, DeviceName, MacAddress, IPAddresses:Object, NetworkAdapterType, ' +
      'NetworkAdapterStatus, ConnectedNetworks:Object, ReportId:Int64',
  ),
  DeviceNetworkEvents: cols(
    'Timestamp:DateTime, DeviceId, DeviceName, ActionType, RemoteIP, RemotePort:Int32, RemoteUrl, LocalIP, ' +
      'LocalPort:Int32, Protocol, InitiatingProcessFileName, InitiatingProcessSHA1, InitiatingProcessAccountName, ' +
      'ReportId:Int64',
  ),
  DeviceFileEvents: cols(
    'Timestamp:DateTime, DeviceId, DeviceName, ActionType, FileName, FolderPath, SHA1, SHA256, MD5, FileSize:Int64, ' +
      'InitiatingProcessFileName, InitiatingProcessAccountName, ReportId:Int64',
  ),
  EmailEvents: cols(
    'Timestamp:DateTime, NetworkMessageId, InternetMessageId, SenderMailFromAddress, SenderFromAddress, ' +
      'SenderDisplayName, SenderObjectId, SenderMailFromDomain, SenderFromDomain, SenderIPv4, SenderIPv6, ' +
      'RecipientEmailAddress, RecipientObjectId, Subject, EmailClusterId:Int64, EmailDirection, DeliveryAction, ' +
      'DeliveryLocation, ThreatTypes, ThreatNames, DetectionMethods, ConfidenceLevel, BulkComplaintLevel:Int32, ' +
      'EmailAction, EmailActionPolicy, EmailActionPolicyGuid, AuthenticationDetails, AttachmentCount:Int32, ' +
      'UrlCount:Int32, EmailLanguage, Connectors, OrgLevelAction, OrgLevelPolicy, UserLevelAction, UserLevelPolicy, ' +
      'ReportId, AdditionalFields, LatestDeliveryLocation, LatestDeliveryAction',
  ),
  EmailUrlInfo: cols('Timestamp:DateTime, NetworkMessageId, Url, UrlDomain, UrlLocation, ReportId'),
  EmailAttachmentInfo: cols(
    'Timestamp:DateTime, NetworkMessageId, SenderFromAddress, SenderDisplayName, SenderObjectId, ' +
      'RecipientEmailAddress, RecipientObjectId, FileName, FileType, SHA256, FileSize:Int64, ThreatTypes, ThreatNames, ' +
      'DetectionMethods, ReportId',
  ),
  EmailPostDeliveryEvents: cols(
    'Timestamp:DateTime, NetworkMessageId, InternetMessageId, Action, ActionType, ActionTrigger, ActionResult, ' +
      'RecipientEmailAddress, DeliveryLocation, ThreatTypes, DetectionMethods, ReportId',
  ),
  IdentityLogonEvents: cols(
    'Timestamp:DateTime, ActionType, LogonType, Protocol, AccountName, AccountDomain, AccountUpn, AccountObjectId, ' +
      'DeviceName, IPAddress, Location, FailureReason, ReportId',
  ),
} as const satisfies Record<string, { name: string; type: ColumnType }[]>;

export type TableName = keyof typeof TABLE_COLUMNS;

/**
 * Builds a row with exactly the table's columns: unknown keys throw (a typo would otherwise hide a value),
 * missing String columns become "" and other missing columns null, as hunting results return them.
 */
export function row(table: TableName, values: TableRow): TableRow {
  const columns = TABLE_COLUMNS[table];
  const known = new Set(columns.map((c) => c.name));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) throw new Error(`demo tenant: ${table} has no column ${key}`);
  }
  const out: TableRow = {};
  for (const c of columns) {
    const value = values[c.name];
    out[c.name] = value === undefined || value === null ? (c.type === 'String' ? '' : null) : value;
  }
  return out;
}

/** A table with its rows sorted by Timestamp, oldest first. */
export function table(name: TableName, rows: TableRow[]): HuntingTable {
  const sorted = [...rows].sort((a, b) => Date.parse(String(a['Timestamp'])) - Date.parse(String(b['Timestamp'])));
  return { columns: TABLE_COLUMNS[name].map((c) => ({ ...c })), rows: sorted };
}
