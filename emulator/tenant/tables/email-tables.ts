import type { StoryEmail } from '../emails';
import { FILES } from '../hashes';
import { Prng, stableGuid } from '../prng';
import type { Clock } from '../time';
import type { TableRow } from '../types';
import { USERS, type DirectoryUser } from '../users';
import { row } from './columns';

interface Attachment {
  fileName: string;
  fileType: string;
  sha256: string;
  size: number;
  threatTypes: string;
  threatNames: string;
  detectionMethods: string;
}

interface PostDelivery {
  at: string;
  action: string;
  actionType: string;
  actionTrigger: string;
  actionResult: string;
  deliveryLocation: string;
}

/** One message to one recipient, whatever its origin (story or background). */
interface MailRecord {
  networkMessageId: string;
  internetMessageId: string;
  received: string;
  senderAddress: string;
  senderDisplayName: string;
  senderDomain: string;
  senderObjectId: string | null;
  senderIp: string;
  recipient: DirectoryUser;
  subject: string;
  direction: 'Inbound' | 'Intra-org';
  deliveryAction: string;
  deliveryLocation: string;
  latestDeliveryAction: string;
  latestDeliveryLocation: string;
  threatTypes: string;
  threatNames: string;
  detectionMethods: string;
  confidenceLevel: string;
  bulkComplaintLevel: number;
  emailAction: string;
  emailActionPolicy: string;
  authenticationDetails: string;
  urls: string[];
  attachments: Attachment[];
  clusterId: number;
  postDelivery: PostDelivery[];
}

const AUTH_PASS = JSON.stringify({ SPF: 'pass', DKIM: 'pass', DMARC: 'pass', CompAuth: 'pass' });
const AUTH_SUSPICIOUS = JSON.stringify({ SPF: 'pass', DKIM: 'none', DMARC: 'none', CompAuth: 'fail' });
const CLEAN_CONFIDENCE = JSON.stringify({ Spam: 'Normal' });

const POLICY_GUIDS: Record<string, string> = {
  Antiphish: stableGuid('policy:antiphish'),
  Antimalware: stableGuid('policy:antimalware'),
  Antispam: stableGuid('policy:antispam'),
};

function fromStory(mail: StoryEmail): MailRecord {
  const malicious = mail.threatTypes !== '';
  return {
    networkMessageId: mail.networkMessageId,
    internetMessageId: mail.internetMessageId,
    received: mail.received,
    senderAddress: mail.sender.emailAddress,
    senderDisplayName: mail.sender.displayName,
    senderDomain: mail.sender.domainName,
    senderObjectId: null,
    senderIp: mail.senderIp,
    recipient: mail.recipient,
    subject: mail.subject,
    direction: 'Inbound',
    deliveryAction: mail.deliveryAction,
    deliveryLocation: mail.deliveryLocation,
    latestDeliveryAction: mail.latestDeliveryAction,
    latestDeliveryLocation: mail.latestDeliveryLocation,
    threatTypes: mail.threatTypes,
    threatNames: mail.threatNames,
    detectionMethods: mail.detectionMethods,
    confidenceLevel: JSON.stringify(malicious ? { [mail.threatTypes]: 'High', Spam: 'Normal' } : { Spam: 'Normal' }),
    bulkComplaintLevel: 0,
    emailAction: mail.deliveryAction === 'Blocked' ? 'Send to quarantine' : 'No action',
    emailActionPolicy: mail.threatTypes === 'Phish' ? 'Antiphish' : 'Antimalware',
    authenticationDetails: AUTH_SUSPICIOUS,
    urls: mail.urls,
    attachments: mail.attachments.map((key) => {
      const file = FILES[key];
      return {
        fileName: file.fileName,
        fileType: file.fileName.split('.').pop() ?? '',
        sha256: file.sha256,
        size: file.size,
        threatTypes: mail.threatTypes,
        threatNames: mail.threatNames,
        detectionMethods: mail.detectionMethods,
      };
    }),
    clusterId: mail.emailClusterId,
    postDelivery: mail.postDelivery,
  };
}

interface Partner {
  address: string;
  displayName: string;
  ip: string;
  subjects: string[];
  urlHost?: string;
  attachment?: { prefix: string; ext: string };
  bulk?: boolean;
  internal?: boolean;
}

const PARTNERS: Partner[] = [
  {
    address: 'news@fabrikam.com',
    displayName: 'Fabrikam News',
    ip: '198.51.100.120',
    bulk: true,
    subjects: ['Fabrikam Weekly: supply chain update', 'Webinar invitation: modern procurement', 'Your Fabrikam digest'],
    urlHost: 'news.fabrikam.com',
  },
  {
    address: 'orders@northwindtraders.com',
    displayName: 'Northwind Traders Orders',
    ip: '198.51.100.121',
    subjects: ['Order confirmation', 'Shipping notice', 'Purchase order acknowledgement'],
    attachment: { prefix: 'PO-', ext: 'pdf' },
  },
  {
    address: 'support@adventure-works.com',
    displayName: 'Adventure Works Support',
    ip: '203.0.113.200',
    subjects: ['Case update: renewal quote', 'Your support ticket was updated'],
    urlHost: 'support.adventure-works.com',
  },
  {
    address: 'noreply@tailspintoys.com',
    displayName: 'Tailspin Toys',
    ip: '203.0.113.201',
    subjects: ['Quarterly catalogue', 'Price list 2025'],
    attachment: { prefix: 'Pricelist-', ext: 'xlsx' },
  },
  {
    address: 'events@wingtiptoys.com',
    displayName: 'Wingtip Events',
    ip: '198.51.100.140',
    bulk: true,
    subjects: ['Save the date: partner summit', 'Last chance to register'],
    urlHost: 'events.wingtiptoys.com',
  },
  {
    address: 'hr@contoso.com',
    displayName: 'Contoso HR',
    ip: '10.0.2.25',
    internal: true,
    subjects: ['Benefits enrolment closes Friday', 'Updated travel policy', 'Team offsite logistics'],
    urlHost: 'contoso.sharepoint.com',
  },
];

const RECIPIENTS: DirectoryUser[] = [
  USERS.user1,
  USERS.user2,
  USERS.user3,
  USERS.user4,
  USERS.user5,
  USERS.user6,
  USERS.user7,
  USERS.cfo,
  USERS.alex,
  USERS.sam,
  USERS.pat,
];

const MESSAGES = 52;
const WINDOW_START_MS = 7 * 86_400_000;
const WINDOW_END_MS = 10 * 60_000;

function backgroundMail(prng: Prng, clock: Clock): MailRecord[] {
  const out: MailRecord[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const partner = prng.pick(PARTNERS);
    const recipient = prng.pick(RECIPIENTS);
    const junk = partner.bulk === true && prng.chance(0.3);
    const bcl = partner.bulk ? (junk ? 7 : prng.int(3, 5)) : 0;
    const domain = partner.address.split('@')[1] ?? '';
    const id = prng.guid();
    const urls = partner.urlHost ? [`https://${partner.urlHost}/${prng.hex(8)}`] : [];
    const attachments: Attachment[] = partner.attachment
      ? [
          {
            fileName: `${partner.attachment.prefix}${prng.int(10_000, 99_999)}.${partner.attachment.ext}`,
            fileType: partner.attachment.ext,
            sha256: prng.hex(64),
            size: prng.int(40_000, 900_000),
            threatTypes: '',
            threatNames: '',
            detectionMethods: '',
          },
        ]
      : [];
    const location = junk ? 'Junk folder' : 'Inbox/folder';
    out.push({
      networkMessageId: id,
      internetMessageId: `<${prng.hex(16).toUpperCase()}@${partner.internal ? 'contoso.com' : `mail.${domain}`}>`,
      received: clock.agoMs(prng.int(WINDOW_END_MS, WINDOW_START_MS)),
      senderAddress: partner.address,
      senderDisplayName: partner.displayName,
      senderDomain: domain,
      senderObjectId: partner.internal ? stableGuid('user:hr') : null,
      senderIp: partner.ip,
      recipient,
      subject: prng.pick(partner.subjects),
      direction: partner.internal ? 'Intra-org' : 'Inbound',
      deliveryAction: junk ? 'Junked' : 'Delivered',
      deliveryLocation: location,
      latestDeliveryAction: junk ? 'Junked' : 'Delivered',
      latestDeliveryLocation: location,
      threatTypes: junk ? 'Spam' : '',
      threatNames: '',
      detectionMethods: junk ? JSON.stringify({ Spam: ['Bulk'] }) : '',
      confidenceLevel: junk ? JSON.stringify({ Spam: 'High' }) : CLEAN_CONFIDENCE,
      bulkComplaintLevel: bcl,
      emailAction: junk ? 'Move message to junk mail folder' : 'No action',
      emailActionPolicy: junk ? 'Antispam' : '',
      authenticationDetails: AUTH_PASS,
      urls,
      attachments,
      clusterId: 4_300_000_000 + prng.int(0, 9_999_999),
      postDelivery: [],
    });
  }
  return out;
}

export interface EmailTables {
  EmailEvents: TableRow[];
  EmailUrlInfo: TableRow[];
  EmailAttachmentInfo: TableRow[];
  EmailPostDeliveryEvents: TableRow[];
}

/** Defender for Office 365 tables: the story's campaigns plus ordinary partner mail. */
export function buildEmailTables(story: readonly StoryEmail[], clock: Clock, prng: Prng): EmailTables {
  const mails = [...story.map(fromStory), ...backgroundMail(prng, clock)];
  const tables: EmailTables = { EmailEvents: [], EmailUrlInfo: [], EmailAttachmentInfo: [], EmailPostDeliveryEvents: [] };
  let report = 0;
  const reportId = (mail: MailRecord) => `${mail.networkMessageId}-${String(++report).padStart(6, '0')}`;

  for (const mail of mails) {
    tables.EmailEvents.push(
      row('EmailEvents', {
        Timestamp: mail.received,
        NetworkMessageId: mail.networkMessageId,
        InternetMessageId: mail.internetMessageId,
        SenderMailFromAddress: mail.senderAddress,
        SenderFromAddress: mail.senderAddress,
        SenderDisplayName: mail.senderDisplayName,
        SenderObjectId: mail.senderObjectId,
        SenderMailFromDomain: mail.senderDomain,
        SenderFromDomain: mail.senderDomain,
        SenderIPv4: mail.senderIp,
        RecipientEmailAddress: mail.recipient.userPrincipalName,
        RecipientObjectId: mail.recipient.objectId,
        Subject: mail.subject,
        EmailClusterId: mail.clusterId,
        EmailDirection: mail.direction,
        DeliveryAction: mail.deliveryAction,
        DeliveryLocation: mail.deliveryLocation,
        ThreatTypes: mail.threatTypes,
        ThreatNames: mail.threatNames,
        DetectionMethods: mail.detectionMethods,
        ConfidenceLevel: mail.confidenceLevel,
        BulkComplaintLevel: mail.bulkComplaintLevel,
        EmailAction: mail.emailAction,
        EmailActionPolicy: mail.emailActionPolicy,
        EmailActionPolicyGuid: POLICY_GUIDS[mail.emailActionPolicy],
        AuthenticationDetails: mail.authenticationDetails,
        AttachmentCount: mail.attachments.length,
        UrlCount: mail.urls.length,
        EmailLanguage: 'en',
        ReportId: reportId(mail),
        AdditionalFields: '{}',
        LatestDeliveryLocation: mail.latestDeliveryLocation,
        LatestDeliveryAction: mail.latestDeliveryAction,
      }),
    );
    for (const url of mail.urls) {
      tables.EmailUrlInfo.push(
        row('EmailUrlInfo', {
          Timestamp: mail.received,
          NetworkMessageId: mail.networkMessageId,
          Url: url,
          UrlDomain: new URL(url).hostname,
          UrlLocation: 'Body',
          ReportId: reportId(mail),
        }),
      );
    }
    for (const a of mail.attachments) {
      tables.EmailAttachmentInfo.push(
        row('EmailAttachmentInfo', {
          Timestamp: mail.received,
          NetworkMessageId: mail.networkMessageId,
          SenderFromAddress: mail.senderAddress,
          SenderDisplayName: mail.senderDisplayName,
          SenderObjectId: mail.senderObjectId,
          RecipientEmailAddress: mail.recipient.userPrincipalName,
          RecipientObjectId: mail.recipient.objectId,
          FileName: a.fileName,
          FileType: a.fileType,
          SHA256: a.sha256,
          FileSize: a.size,
          ThreatTypes: a.threatTypes,
          ThreatNames: a.threatNames,
          DetectionMethods: a.detectionMethods,
          ReportId: reportId(mail),
        }),
      );
    }
    for (const action of mail.postDelivery) {
      tables.EmailPostDeliveryEvents.push(
        row('EmailPostDeliveryEvents', {
          Timestamp: action.at,
          NetworkMessageId: mail.networkMessageId,
          InternetMessageId: mail.internetMessageId,
          Action: action.action,
          ActionType: action.actionType,
          ActionTrigger: action.actionTrigger,
          ActionResult: action.actionResult,
          RecipientEmailAddress: mail.recipient.userPrincipalName,
          DeliveryLocation: action.deliveryLocation,
          ThreatTypes: mail.threatTypes,
          DetectionMethods: mail.detectionMethods,
          ReportId: reportId(mail),
        }),
      );
    }
  }
  return tables;
}
