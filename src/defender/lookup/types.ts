import type { DefenderErrorKind } from '../http/errors';

/** What a lookup is about: an indicator recognised in text, or a device or user a command named. */
export type TargetType = 'ipv4' | 'ipv4cidr' | 'ipv6' | 'domain' | 'url' | 'email' | 'md5' | 'sha1' | 'sha256' | 'cve' | 'mac' | 'device' | 'user';

export interface LookupTarget {
  type: TargetType;
  /** Canonical value (lower-case hashes and domains, refanged). */
  value: string;
  /** A private, loopback or reserved address: still looked up, shown as internal. */
  internal?: boolean;
}

/** Why a section could not be filled, in words an analyst can act on. */
export interface SectionError {
  kind: DefenderErrorKind | 'invalid';
  message: string;
  retryAt?: string;
  missingPermissions?: string[];
  /**
   * The upstream source that failed, in words ("advanced hunting", "Defender for Endpoint devices"). Sections that
   * failed because of the same source carry the same source and message, so a card says the failure once, with the
   * sections it affects, instead of repeating it in each.
   */
  source?: string;
}

export type Section<T> =
  /** `partial`: filled only in part (from a fallback source) because of this failure; the card says what is missing and why. */
  | { status: 'ok'; items: T[]; truncated?: boolean; partial?: SectionError }
  | { status: 'error'; error: SectionError; items: T[] }
  | { status: 'notApplicable' };

export interface IncidentSummary {
  id: string;
  title: string;
  severity: string;
  status: string;
  classification: string | null;
  determination: string | null;
  assignedTo: string | null;
  createdDateTime: string;
  lastUpdateDateTime: string;
  alertCount: number;
  serviceSources: string[];
  tags: string[];
  link: string;
}

export interface EvidenceSummary {
  type: string;
  value: string;
  verdict: string | null;
  roles: string[];
}

export interface AlertSummary {
  id: string;
  incidentId: string | null;
  title: string;
  severity: string;
  status: string;
  classification: string | null;
  determination: string | null;
  serviceSource: string;
  detectionSource: string;
  category: string | null;
  createdDateTime: string;
  assignedTo: string | null;
  mitreTechniques: string[];
  /** Evidence that ties this alert to the indicator, then the rest. */
  evidence: EvidenceSummary[];
  deviceIds: string[];
  link: string;
}

export type IsolationState = 'isolated' | 'notIsolated' | 'pendingIsolation' | 'pendingRelease' | 'unknown';

export interface DeviceSummary {
  id: string;
  name: string;
  os: string | null;
  healthStatus: string | null;
  riskScore: string | null;
  exposureLevel: string | null;
  lastSeen: string | null;
  lastIpAddress: string | null;
  tags: string[];
  isolation: IsolationState;
  /** Pending or in-progress machine actions on it. */
  pendingActions: { id: string; type: string; status: string }[];
  /** How the device relates to the indicator: "contacted 198.51.100.77 (14 connections)", "has the file", ... */
  relation: string;
  firstSeenWithIndicator?: string;
  lastSeenWithIndicator?: string;
  link: string;
}

export interface FileSummary {
  sha1: string | null;
  sha256: string | null;
  md5: string | null;
  fileName: string | null;
  size: number | null;
  globalPrevalence: number | null;
  globalFirstSeen: string | null;
  globalLastSeen: string | null;
  orgPrevalence: number;
  orgFirstSeen: string | null;
  orgLastSeen: string | null;
  signer: string | null;
  issuer: string | null;
  isCertificateValid: boolean | null;
  threatName: string | null;
  /** False when Defender has no profile for the hash. */
  profileAvailable: boolean;
  link: string | null;
}

export interface PrevalenceSummary {
  organizationPrevalence: number;
  firstSeen: string | null;
  lastSeen: string | null;
  connections: number;
  link: string;
}

export interface EmailSummary {
  networkMessageId: string;
  timestamp: string;
  sender: string | null;
  recipient: string | null;
  subject: string | null;
  deliveryAction: string | null;
  deliveryLocation: string | null;
  threatTypes: string | null;
  /** Why this message matches: "from", "to", "sender IP", "carries URL", "attachment invoice.js". */
  match: string;
  postDelivery: string[];
  link: string;
}

export interface HuntingGroup {
  table: string;
  columns: string[];
  rows: Record<string, unknown>[];
  /** Values of the configured summary fields (first three distinct each). */
  summary: Record<string, string[]>;
}

export interface TargetFindings {
  target: LookupTarget;
  incidents: Section<IncidentSummary>;
  alerts: Section<AlertSummary>;
  /** For an e-mail address: incidents and alerts assigned to it (the old product's behaviour). */
  assigned: Section<IncidentSummary | AlertSummary>;
  devices: Section<DeviceSummary>;
  files: Section<FileSummary>;
  prevalence: Section<PrevalenceSummary>;
  emails: Section<EmailSummary>;
  hunting: Section<HuntingGroup>;
  /** Served from the result cache. */
  cached: boolean;
  /** Shared with a lookup of the same target already under way (here or on another replica). */
  coalesced?: boolean;
}

export interface LookupResult {
  findings: TargetFindings[];
  demo: boolean;
  generatedAt: string;
}
