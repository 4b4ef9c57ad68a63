import { INVOICE_SENDER, INVOICE_SUBJECT, NETWORK_MESSAGE_IDS, PHISH_SENDER, PHISH_SUBJECT, STATEMENT_SENDER } from './emails';
import { FILES } from './hashes';
import { DEMO_TENANT_ID, INCIDENT_IDS, MACHINES } from './ids';
import { C2_DOMAIN, EXTERNAL_IPS, PHISH_DOMAIN, PHISH_URL } from './network';
import { MAIL_SYNC_APP } from './stories/cloud-apps';
import { ESCAPING_TITLE } from './stories/malware';

const hashes = (f: { fileName: string; sha1: string | null; sha256: string; md5: string | null }) => ({
  fileName: f.fileName,
  sha1: f.sha1,
  sha256: f.sha256,
  md5: f.md5,
});

/** The values a demo (or a test) can look up, and what each should find. */
export const DEMO_INDICATORS = {
  tenantId: DEMO_TENANT_ID,
  incidents: INCIDENT_IDS,
  devices: MACHINES,
  phishing: {
    sender: PHISH_SENDER.emailAddress,
    senderDisplayName: PHISH_SENDER.displayName,
    senderIp: EXTERNAL_IPS.phishSender.ipAddress,
    url: PHISH_URL,
    domain: PHISH_DOMAIN,
    subject: PHISH_SUBJECT,
    recipients: ['user1@contoso.com', 'user2@contoso.com', 'user3@contoso.com', 'user4@contoso.com'],
    clickedBy: 'user1@contoso.com',
    blockedFor: 'user3@contoso.com',
    zappedFor: 'user4@contoso.com',
    networkMessageIds: [NETWORK_MESSAGE_IDS.phishUser1, NETWORK_MESSAGE_IDS.phishUser2, NETWORK_MESSAGE_IDS.phishUser3, NETWORK_MESSAGE_IDS.phishUser4],
  },
  malware: {
    device: MACHINES.ws042,
    user: 'user1@contoso.com',
    invoiceJs: hashes(FILES.invoiceJs),
    payloadExe: hashes(FILES.payloadExe),
    /** payload.exe and invoice.js are on both. */
    devicesWithPayload: [MACHINES.ws042.name, MACHINES.ws017.name],
    c2Ip: EXTERNAL_IPS.c2.ipAddress,
    /** An alert of the C2 IP (ws-017's incident) titled with Markdown/mrkdwn characters: \ _ * > [x](y). */
    markupAlertTitle: ESCAPING_TITLE,
    c2Domain: C2_DOMAIN,
    /** Each has DeviceNetworkEvents to the C2 IP and domain. */
    devicesContactingC2: [MACHINES.ws042.name, MACHINES.ws017.name, MACHINES.srvFin01.name],
    attachmentSender: INVOICE_SENDER.emailAddress,
    attachmentSubject: INVOICE_SUBJECT,
    attachmentNetworkMessageIds: [NETWORK_MESSAGE_IDS.invoiceUser1, NETWORK_MESSAGE_IDS.invoiceUser5, NETWORK_MESSAGE_IDS.invoiceUser6],
  },
  identity: {
    sprayIp: EXTERNAL_IPS.spray.ipAddress,
    compromisedAccount: 'svc-backup@contoso.com',
    domainController: MACHINES.dc01,
  },
  cloudApps: {
    user: 'user2@contoso.com',
    impossibleTravelIps: [EXTERNAL_IPS.travelHome.ipAddress, EXTERNAL_IPS.travelAway.ipAddress],
    oauthApp: MAIL_SYNC_APP,
  },
  ransomware: {
    server: MACHINES.srvFin01,
    file: hashes(FILES.ransomware),
    devicesWithFile: [MACHINES.srvFin01.name, MACHINES.srvFile02.name],
  },
  /** Known to Office 365 only: no MDE file profile, so files/{sha256} answers 404. */
  emailOnlyAttachment: {
    fileName: FILES.statementPdfExe.fileName,
    sha256: FILES.statementPdfExe.sha256,
    sender: STATEMENT_SENDER.emailAddress,
  },
  cve: 'CVE-2024-3400',
  reverseShellIp: EXTERNAL_IPS.reverseShell.ipAddress,
  /** machineTags that response actions should respect. */
  doNotIsolateDevice: MACHINES.dc01,
  vipDevice: MACHINES.macCfo01,
  /** Device with a Pending Isolate action; srv-fin-01 is already isolated. */
  pendingIsolationDevice: MACHINES.ws017,
  isolatedDevice: MACHINES.srvFin01,
  offlineDevice: MACHINES.ws011,
  analysts: ['alex.analyst@contoso.com', 'sam.soc@contoso.com'],
} as const;
