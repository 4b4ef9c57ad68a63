import type { FileKey } from './hashes';
import { stableHex } from './prng';
import { EXTERNAL_IPS, PHISH_URL } from './network';
import type { Clock, Offset } from './time';
import { USERS, type DirectoryUser } from './users';

export interface EmailSender {
  emailAddress: string;
  displayName: string;
  domainName: string;
}

export interface PostDeliveryAction {
  at: string;
  action: string;
  actionType: 'Phish ZAP' | 'Malware ZAP' | 'Manual remediation';
  actionTrigger: 'SpecialAction' | 'AdminAction';
  actionResult: 'Success' | 'Error';
  deliveryLocation: string;
}

/** A message of the story; EmailEvents/EmailUrlInfo/EmailAttachmentInfo rows and mail evidence derive from it. */
export interface StoryEmail {
  networkMessageId: string;
  internetMessageId: string;
  received: string;
  sender: EmailSender;
  senderIp: string;
  recipient: DirectoryUser;
  subject: string;
  deliveryAction: 'Delivered' | 'Blocked' | 'Junked';
  deliveryLocation: 'Inbox/folder' | 'Quarantine' | 'Junk folder';
  latestDeliveryAction: string;
  latestDeliveryLocation: string;
  threatTypes: string;
  threatNames: string;
  detectionMethods: string;
  urls: string[];
  attachments: FileKey[];
  emailClusterId: number;
  postDelivery: PostDeliveryAction[];
}

export const PHISH_SENDER: EmailSender = {
  emailAddress: 'billing@example.net',
  displayName: 'Billing',
  domainName: 'example.net',
};
export const INVOICE_SENDER: EmailSender = {
  emailAddress: 'ap@northwind-invoices.example.com',
  displayName: 'Accounts Payable',
  domainName: 'northwind-invoices.example.com',
};
export const STATEMENT_SENDER: EmailSender = {
  emailAddress: 'no-reply@secure-statements.example.com',
  displayName: 'Bank Statements',
  domainName: 'secure-statements.example.com',
};

/** Fixed so docs and tests can name them; one message per recipient, as campaigns send them. */
export const NETWORK_MESSAGE_IDS = {
  phishUser1: '6a8b2c1e-1234-4f5e-8d9c-08dd5a1b2c3d',
  phishUser2: '6a8b2c1e-5678-4f5e-8d9c-08dd5a1b2c3e',
  phishUser3: '6a8b2c1e-9abc-4f5e-8d9c-08dd5a1b2c3f',
  phishUser4: '6a8b2c1e-def0-4f5e-8d9c-08dd5a1b2c40',
  invoiceUser1: '3f1d7a52-0c4e-4b8a-9e21-08dd5b7c9a11',
  invoiceUser5: '3f1d7a52-0c4e-4b8a-9e21-08dd5b7c9a12',
  invoiceUser6: '3f1d7a52-0c4e-4b8a-9e21-08dd5b7c9a13',
  statementUser2: 'b71c44e0-6d2a-4f93-a8b5-08dd5d2e4f01',
  statementUser3: 'b71c44e0-6d2a-4f93-a8b5-08dd5d2e4f02',
  statementUser7: 'b71c44e0-6d2a-4f93-a8b5-08dd5d2e4f03',
  statementCfo: 'b71c44e0-6d2a-4f93-a8b5-08dd5d2e4f04',
} as const;

export type StoryEmailKey = keyof typeof NETWORK_MESSAGE_IDS;

const PHISH_CLUSTER = 4_310_928_117;
const INVOICE_CLUSTER = 4_310_944_562;
const STATEMENT_CLUSTER = 4_311_002_390;

export const PHISH_SUBJECT = 'Invoice overdue - action required';
export const INVOICE_SUBJECT = 'Invoice INV-20931 overdue - payment required';
export const STATEMENT_SUBJECT = 'Your monthly statement is ready';

const PHISH_DETECTION = JSON.stringify({ Phish: ['URL detonation reputation'] });
const MALWARE_DETECTION = JSON.stringify({ Malware: ['File detonation'] });

function internetMessageId(key: string, domain: string): string {
  return `<CA${stableHex(`internet-message-id:${key}`, 32).slice(0, 18).toUpperCase()}@mail.${domain}>`;
}

interface Draft {
  key: StoryEmailKey;
  at: Offset;
  sender: EmailSender;
  senderIp: string;
  recipient: DirectoryUser;
  subject: string;
  delivered: boolean;
  threat: 'Phish' | 'Malware';
  threatNames: string;
  urls: string[];
  attachments: FileKey[];
  cluster: number;
  postDelivery?: (received: string, clock: Clock) => PostDeliveryAction[];
}

function build(draft: Draft, clock: Clock): StoryEmail {
  const received = clock.ago(draft.at);
  const postDelivery = draft.postDelivery?.(received, clock) ?? [];
  const last = postDelivery[postDelivery.length - 1];
  const deliveryLocation = draft.delivered ? 'Inbox/folder' : 'Quarantine';
  return {
    networkMessageId: NETWORK_MESSAGE_IDS[draft.key],
    internetMessageId: internetMessageId(draft.key, draft.sender.domainName),
    received,
    sender: draft.sender,
    senderIp: draft.senderIp,
    recipient: draft.recipient,
    subject: draft.subject,
    deliveryAction: draft.delivered ? 'Delivered' : 'Blocked',
    deliveryLocation,
    latestDeliveryAction: last ? last.action : draft.delivered ? 'Delivered' : 'Blocked',
    latestDeliveryLocation: last ? last.deliveryLocation : deliveryLocation,
    threatTypes: draft.threat,
    threatNames: draft.threatNames,
    detectionMethods: draft.threat === 'Phish' ? PHISH_DETECTION : MALWARE_DETECTION,
    urls: draft.urls,
    attachments: draft.attachments,
    emailClusterId: draft.cluster,
    postDelivery,
  };
}

const zap = (actionType: 'Phish ZAP' | 'Malware ZAP', after: Offset) => (received: string, clock: Clock) => [
  {
    at: clock.after(received, after),
    action: 'Moved to quarantine',
    actionType,
    actionTrigger: 'SpecialAction' as const,
    actionResult: 'Success' as const,
    deliveryLocation: 'Quarantine',
  },
];

export function buildStoryEmails(clock: Clock): Record<StoryEmailKey, StoryEmail> {
  const phish = (key: StoryEmailKey, recipient: DirectoryUser, at: Offset, delivered: boolean): Draft => ({
    key,
    at,
    recipient,
    delivered,
    sender: PHISH_SENDER,
    senderIp: EXTERNAL_IPS.phishSender.ipAddress,
    subject: PHISH_SUBJECT,
    threat: 'Phish',
    threatNames: '',
    urls: [PHISH_URL],
    attachments: [],
    cluster: PHISH_CLUSTER,
  });
  const invoice = (key: StoryEmailKey, recipient: DirectoryUser, at: Offset, delivered: boolean): Draft => ({
    key,
    at,
    recipient,
    delivered,
    sender: INVOICE_SENDER,
    senderIp: EXTERNAL_IPS.invoiceSender.ipAddress,
    subject: INVOICE_SUBJECT,
    threat: 'Malware',
    threatNames: 'Trojan:JS/Nemucod.A',
    urls: [],
    attachments: ['invoiceJs'],
    cluster: INVOICE_CLUSTER,
    postDelivery: delivered ? zap('Malware ZAP', { m: 47 }) : undefined,
  });
  const statement = (key: StoryEmailKey, recipient: DirectoryUser, at: Offset): Draft => ({
    key,
    at,
    recipient,
    delivered: false,
    sender: STATEMENT_SENDER,
    senderIp: EXTERNAL_IPS.statementSender.ipAddress,
    subject: STATEMENT_SUBJECT,
    threat: 'Malware',
    threatNames: 'Trojan:Win32/Wacatac.B!ml',
    urls: [],
    attachments: ['statementPdfExe'],
    cluster: STATEMENT_CLUSTER,
  });

  const drafts: Draft[] = [
    {
      ...phish('phishUser1', USERS.user1, { d: 6, h: 2, m: 1, s: 57 }, true),
      // Soft-deleted by the analyst while the incident was being worked.
      postDelivery: (received, c) => [
        {
          at: c.after(received, { h: 5, m: 12 }),
          action: 'Moved to deleted items',
          actionType: 'Manual remediation',
          actionTrigger: 'AdminAction',
          actionResult: 'Success',
          deliveryLocation: 'Deleted items',
        },
      ],
    },
    phish('phishUser2', USERS.user2, { d: 6, h: 2, m: 1, s: 55 }, true),
    phish('phishUser3', USERS.user3, { d: 6, h: 2, m: 1, s: 52 }, false),
    { ...phish('phishUser4', USERS.user4, { d: 6, h: 2, m: 1, s: 50 }, true), postDelivery: zap('Phish ZAP', { m: 38 }) },
    invoice('invoiceUser1', USERS.user1, { d: 4, h: 6, m: 18 }, true),
    invoice('invoiceUser5', USERS.user5, { d: 4, h: 6, m: 18, s: -4 }, true),
    invoice('invoiceUser6', USERS.user6, { d: 4, h: 5, m: 2 }, false),
    statement('statementUser2', USERS.user2, { d: 2, h: 1, m: 44 }),
    statement('statementUser3', USERS.user3, { d: 2, h: 1, m: 44, s: -2 }),
    statement('statementUser7', USERS.user7, { d: 2, h: 1, m: 43, s: 57 }),
    statement('statementCfo', USERS.cfo, { d: 2, h: 1, m: 43, s: 55 }),
  ];
  const out = {} as Record<StoryEmailKey, StoryEmail>;
  for (const draft of drafts) out[draft.key] = build(draft, clock);
  return out;
}
