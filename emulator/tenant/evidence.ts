import type { FileDetails, GraphEvidence } from '../../src/defender/types';
import type { StoryEmail } from './emails';
import { FILES, SIGNATURES, type FileKey } from './hashes';
import type { DemoDevice } from './machines';
import type { KnownIp } from './network';
import { stableGuid } from './prng';
import { urnSuffix } from './ids';
import { NT_DOMAIN, type DirectoryUser } from './users';

export type Verdict = 'unknown' | 'suspicious' | 'malicious' | 'noThreatsFound';
export type RemediationStatus = 'none' | 'remediated' | 'prevented' | 'blocked' | 'notFound' | 'active' | 'pendingApproval' | 'unremediated';
export type EvidenceRole =
  | 'unknown'
  | 'contextual'
  | 'scanned'
  | 'source'
  | 'destination'
  | 'created'
  | 'added'
  | 'compromised'
  | 'edited'
  | 'attacked'
  | 'attacker'
  | 'commandAndControl'
  | 'loaded'
  | 'suspicious'
  | 'policyViolator';
export type DetectionStatus = 'detected' | 'blocked' | 'prevented';

export interface EvidenceOptions {
  verdict?: Verdict;
  remediationStatus?: RemediationStatus;
  remediationStatusDetails?: string | null;
  roles?: EvidenceRole[];
  detailedRoles?: string[];
  tags?: string[];
}

/** Graph spells MDE's PascalCase enums in camelCase (ImpairedCommunication -> impairedCommunication). */
export function camel(value: string): string {
  return value.charAt(0).toLowerCase() + value.slice(1);
}

export function userAccount(user: DirectoryUser): Record<string, unknown> {
  return {
    accountName: user.accountName,
    domainName: NT_DOMAIN,
    userSid: user.sid,
    azureAdUserId: user.objectId,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    activeDirectoryObjectGuid: stableGuid(`ad-object:${user.accountName}`),
    resourceAccessEvents: [],
  };
}

export function fileDetails(key: FileKey, filePath: string | null): FileDetails {
  const file = FILES[key];
  const signature = SIGNATURES[key];
  return {
    fileName: file.fileName,
    filePath,
    filePublisher: signature?.publisher ?? null,
    fileSize: file.size,
    issuer: signature?.issuer ?? null,
    md5: file.md5,
    sha1: file.sha1,
    sha256: file.sha256,
    sha256Ac: null,
    signer: signature?.signer ?? null,
  };
}

export interface ProcessSpec {
  image: FileKey;
  imagePath: string;
  commandLine: string;
  processId: number;
  created: string;
  parent?: { image: FileKey; imagePath: string; processId: number; created: string };
  user: DirectoryUser | null;
  device: DemoDevice;
  detectionStatus?: DetectionStatus | null;
}

export interface CloudAppSpec {
  appId: number;
  displayName: string;
  instanceId: number;
  instanceName: string;
  saasAppId: number;
}

export interface OAuthAppSpec {
  appId: string;
  displayName: string;
  objectId: string;
  publisher: string;
}

/** Evidence builders that stamp every item with the alert's creation time. */
export function evidenceAt(createdDateTime: string) {
  const base = (type: string, o: EvidenceOptions = {}): GraphEvidence => ({
    '@odata.type': `#microsoft.graph.security.${type}`,
    createdDateTime,
    verdict: o.verdict ?? 'unknown',
    remediationStatus: o.remediationStatus ?? 'none',
    remediationStatusDetails: o.remediationStatusDetails ?? null,
    roles: o.roles ?? [],
    detailedRoles: o.detailedRoles ?? [],
    tags: o.tags ?? [],
  });

  return {
    ip: (ip: KnownIp | string, o?: EvidenceOptions): GraphEvidence => {
      const known = typeof ip === 'string' ? null : ip;
      return {
        ...base('ipEvidence', o),
        ipAddress: typeof ip === 'string' ? ip : ip.ipAddress,
        countryLetterCode: known?.countryLetterCode ?? null,
        location: known
          ? {
              city: known.city,
              countryName: known.countryName,
              latitude: known.latitude,
              longitude: known.longitude,
              state: known.state,
            }
          : null,
        stream: null,
      };
    },

    url: (url: string, o?: EvidenceOptions): GraphEvidence => ({ ...base('urlEvidence', o), url }),

    file: (
      key: FileKey,
      filePath: string | null,
      device: DemoDevice | null,
      o?: EvidenceOptions & { detectionStatus?: DetectionStatus | null },
    ): GraphEvidence => ({
      ...base('fileEvidence', o),
      detectionStatus: o?.detectionStatus ?? null,
      mdeDeviceId: device?.machine.id ?? null,
      fileDetails: fileDetails(key, filePath),
    }),

    process: (p: ProcessSpec, o?: EvidenceOptions): GraphEvidence => ({
      ...base('processEvidence', o),
      processId: p.processId,
      parentProcessId: p.parent?.processId ?? null,
      processCommandLine: p.commandLine,
      processCreationDateTime: p.created,
      parentProcessCreationDateTime: p.parent?.created ?? null,
      imageFile: fileDetails(p.image, p.imagePath),
      parentProcessImageFile: p.parent ? fileDetails(p.parent.image, p.parent.imagePath) : null,
      userAccount: p.user ? userAccount(p.user) : null,
      detectionStatus: p.detectionStatus ?? null,
      mdeDeviceId: p.device.machine.id,
    }),

    device: (device: DemoDevice, o?: EvidenceOptions): GraphEvidence => {
      const m = device.machine;
      const windows = m.osPlatform.startsWith('Windows');
      const vm = m.vmMetadata;
      return {
        ...base('deviceEvidence', o),
        mdeDeviceId: m.id,
        azureAdDeviceId: m.aadDeviceId,
        deviceDnsName: m.computerDnsName,
        hostName: m.computerDnsName.split('.')[0] ?? m.computerDnsName,
        ntDomain: windows ? NT_DOMAIN : null,
        dnsDomain: 'contoso.com',
        firstSeenDateTime: m.firstSeen,
        osPlatform: m.osPlatform,
        osBuild: m.osBuild,
        version: m.version,
        healthStatus: camel(m.healthStatus),
        riskScore: camel(m.riskScore),
        rbacGroupId: m.rbacGroupId,
        rbacGroupName: m.rbacGroupName,
        onboardingStatus: camel(m.onboardingStatus),
        defenderAvStatus: m.defenderAvStatus ? camel(m.defenderAvStatus) : null,
        ipInterfaces: m.ipAddresses.filter((a) => a.ipAddress !== '127.0.0.1').map((a) => a.ipAddress),
        lastIpAddress: m.lastIpAddress,
        lastExternalIpAddress: m.lastExternalIpAddress,
        loggedOnUsers: device.profile.loggedOnUsers.map((accountName) => ({ accountName, domainName: NT_DOMAIN })),
        vmMetadata: vm
          ? {
              vmId: vm['vmId'] ?? null,
              cloudProvider: 'azure',
              resourceId: vm['resourceId'] ?? null,
              subscriptionId: vm['subscriptionId'] ?? null,
            }
          : null,
      };
    },

    user: (user: DirectoryUser, o?: EvidenceOptions): GraphEvidence => ({
      ...base('userEvidence', o),
      userAccount: userAccount(user),
      stream: null,
    }),

    mailbox: (user: DirectoryUser, o?: EvidenceOptions): GraphEvidence => ({
      ...base('mailboxEvidence', o),
      displayName: user.displayName,
      primaryAddress: user.userPrincipalName,
      upn: user.userPrincipalName,
      userAccount: userAccount(user),
    }),

    analyzedMessage: (mail: StoryEmail, o?: EvidenceOptions): GraphEvidence => ({
      ...base('analyzedMessageEvidence', o),
      networkMessageId: mail.networkMessageId,
      internetMessageId: mail.internetMessageId,
      subject: mail.subject,
      language: 'en',
      senderIp: mail.senderIp,
      recipientEmailAddress: mail.recipient.userPrincipalName,
      antiSpamDirection: 'inbound',
      deliveryAction: camel(mail.deliveryAction),
      deliveryLocation: mail.deliveryLocation === 'Inbox/folder' ? 'inbox' : mail.deliveryLocation === 'Quarantine' ? 'quarantine' : 'junkFolder',
      urn: `urn:MailEntity:${urnSuffix(mail.networkMessageId)}`,
      threats: mail.threatTypes ? mail.threatTypes.split(',') : [],
      threatDetectionMethods: Object.values(JSON.parse(mail.detectionMethods) as Record<string, string[]>).flat(),
      urls: mail.urls,
      urlCount: mail.urls.length,
      attachmentsCount: mail.attachments.length,
      receivedDateTime: mail.received,
      p1Sender: { ...mail.sender },
      p2Sender: { ...mail.sender },
    }),

    mailCluster: (mails: StoryEmail[], clusterBy: 'Url' | 'Sender' | 'AttachmentHash', clusterByValue: string, o?: EvidenceOptions): GraphEvidence => ({
      ...base('mailClusterEvidence', o),
      clusterBy,
      clusterByValue,
      emailCount: mails.length,
      networkMessageIds: mails.map((m) => m.networkMessageId),
      query: `${clusterBy === 'AttachmentHash' ? 'AttachmentFileHash' : clusterBy}:"${clusterByValue}"`,
      urn: `urn:MailClusterEntity:${urnSuffix(`${clusterBy}:${clusterByValue}`)}`,
    }),

    cloudApplication: (app: CloudAppSpec, o?: EvidenceOptions): GraphEvidence => ({
      ...base('cloudApplicationEvidence', o),
      appId: app.appId,
      displayName: app.displayName,
      instanceId: app.instanceId,
      instanceName: app.instanceName,
      saasAppId: app.saasAppId,
      stream: null,
    }),

    oauthApplication: (app: OAuthAppSpec, o?: EvidenceOptions): GraphEvidence => ({
      ...base('oauthApplicationEvidence', o),
      appId: app.appId,
      displayName: app.displayName,
      objectId: app.objectId,
      publisher: app.publisher,
    }),
  };
}

export type EvidenceFactory = ReturnType<typeof evidenceAt>;
