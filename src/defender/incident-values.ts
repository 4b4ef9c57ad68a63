// What Graph security v1.0 accepts when an incident is changed (PATCH /security/incidents/{id}):
// learn.microsoft.com/graph/api/security-incident-update and the incident resource page
// (learn.microsoft.com/graph/api/resources/security-incident). Status, classification and determination are enums
// compared case-insensitively by the service; the bot always sends Microsoft's spelling.

/** Statuses an analyst may set ("redirected" is set by Defender when it merges incidents; "awaitingAction" by Defender Experts). */
export const SETTABLE_STATUSES = ['active', 'inProgress', 'resolved'] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

export const CLASSIFICATIONS = ['truePositive', 'informationalExpectedActivity', 'falsePositive'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/**
 * The determinations each classification allows, as the Defender portal offers them when an incident is classified
 * (learn.microsoft.com/defender-xdr/manage-incidents, "Classify an incident") and as Graph maps them
 * (security-incident-update: the v1.0 enum names; apt and securityPersonnel are kept by the enum for older alerts and
 * are not offered by the portal).
 */
export const DETERMINATIONS_BY_CLASSIFICATION: Readonly<Record<Classification, readonly string[]>> = {
  truePositive: ['multiStagedAttack', 'maliciousUserActivity', 'compromisedAccount', 'malware', 'phishing', 'unwantedSoftware', 'other'],
  informationalExpectedActivity: ['securityTesting', 'lineOfBusinessApplication', 'confirmedActivity', 'other'],
  falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
};

export const CLASSIFICATION_TITLES: Readonly<Record<Classification, string>> = {
  truePositive: 'True positive',
  informationalExpectedActivity: 'Informational, expected activity',
  falsePositive: 'False positive',
};

export const DETERMINATION_TITLES: Readonly<Record<string, string>> = {
  multiStagedAttack: 'Multistage attack',
  maliciousUserActivity: 'Malicious user activity',
  compromisedAccount: 'Compromised account',
  malware: 'Malware',
  phishing: 'Phishing',
  unwantedSoftware: 'Unwanted software',
  other: 'Other',
  securityTesting: 'Security test',
  lineOfBusinessApplication: 'Line-of-business application',
  confirmedActivity: 'Confirmed activity',
  notMalicious: 'Not malicious',
  notEnoughDataToValidate: 'Not enough data to validate',
  apt: 'APT',
  securityPersonnel: 'Security personnel',
  unknown: 'Unknown',
};

export const STATUS_TITLES: Readonly<Record<string, string>> = {
  active: 'Active',
  inProgress: 'In progress',
  resolved: 'Resolved',
  redirected: 'Redirected',
  awaitingAction: 'Awaiting action',
  unknown: 'Unknown',
};

function canonical<T extends string>(values: readonly T[], value: string): T | undefined {
  const lower = value.trim().toLowerCase();
  return values.find((v) => v.toLowerCase() === lower);
}

export function settableStatus(value: string): SettableStatus | undefined {
  return canonical(SETTABLE_STATUSES, value.replace(/[\s_-]/g, ''));
}

export function classificationOf(value: string): Classification | undefined {
  const squeezed = value.replace(/[\s_,-]/g, '').toLowerCase();
  const short: Record<string, Classification> = {
    tp: 'truePositive',
    fp: 'falsePositive',
    benign: 'informationalExpectedActivity',
    informational: 'informationalExpectedActivity',
  };
  return short[squeezed] ?? canonical(CLASSIFICATIONS, squeezed);
}

/** The determination in Microsoft's spelling when the classification allows it; undefined otherwise. */
export function determinationFor(classification: Classification, value: string): string | undefined {
  const squeezed = value.replace(/[\s_,-]/g, '').toLowerCase();
  return DETERMINATIONS_BY_CLASSIFICATION[classification].find((d) => d.toLowerCase() === squeezed);
}

export function isValidPair(classification: string, determination: string): boolean {
  const c = canonical(CLASSIFICATIONS, classification);
  return c !== undefined && determinationFor(c, determination) !== undefined;
}

/** "True positive: Malware" */
export function classificationText(classification: string | null | undefined, determination: string | null | undefined): string {
  const c = classification ? canonical(CLASSIFICATIONS, classification) : undefined;
  if (!c) return 'Not classified';
  const d = determination && determination !== 'unknown' ? (DETERMINATION_TITLES[determination] ?? determination) : undefined;
  return d ? `${CLASSIFICATION_TITLES[c]}: ${d}` : CLASSIFICATION_TITLES[c];
}
