// Members of the Graph security v1.0 enumerations an incident change names, as the v1.0 schema lists them
// (microsoft.graph.security.incidentStatus, alertSeverity, alertClassification, alertDetermination; the same lists as
// test/emulator/tenant/enums.test.ts). Graph compares enum members without regard to case and answers in its own
// spelling, so a value is looked up case-insensitively and stored as listed here.

export const INCIDENT_STATUSES = ['active', 'resolved', 'inProgress', 'redirected', 'unknownFutureValue', 'awaitingAction'] as const;
export const ALERT_SEVERITIES = ['unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue'] as const;
export const ALERT_CLASSIFICATIONS = ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity', 'unknownFutureValue'] as const;
export const ALERT_DETERMINATIONS = [
  'unknown',
  'apt',
  'malware',
  'securityPersonnel',
  'securityTesting',
  'unwantedSoftware',
  'other',
  'multiStagedAttack',
  'compromisedAccount',
  'phishing',
  'maliciousUserActivity',
  'notMalicious',
  'notEnoughDataToValidate',
  'confirmedActivity',
  'lineOfBusinessApplication',
  'unknownFutureValue',
] as const;
export const SERVICE_SOURCES = [
  'unknown',
  'microsoftDefenderForEndpoint',
  'microsoftDefenderForIdentity',
  'microsoftDefenderForCloudApps',
  'microsoftDefenderForOffice365',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'microsoftAppGovernance',
  'dataLossPrevention',
  'unknownFutureValue',
  'microsoftDefenderForCloud',
  'microsoftSentinel',
  'microsoftInsiderRiskManagement',
  'microsoftThreatIntelligence',
] as const;

/** The member of `members` that `value` names in any case, in Microsoft's spelling. */
export function enumMember<T extends string>(members: readonly T[], value: string): T | undefined {
  const lower = value.toLowerCase();
  return members.find((m) => m.toLowerCase() === lower);
}
