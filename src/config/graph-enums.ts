// Graph security v1.0 enums (reference/defender-api.md section 2.4), used to check the ignore settings.
export const GRAPH_ENUMS = {
  classification: ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity'],
  determination: [
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
  ],
  severity: ['unknown', 'informational', 'low', 'medium', 'high'],
  // Incident and alert statuses together: an ignore value may apply to either.
  status: ['unknown', 'new', 'active', 'inProgress', 'resolved', 'redirected', 'awaitingAction'],
  serviceSource: [
    'unknown',
    'microsoftDefenderForEndpoint',
    'microsoftDefenderForIdentity',
    'microsoftDefenderForCloudApps',
    'microsoftDefenderForOffice365',
    'microsoft365Defender',
    'azureAdIdentityProtection',
    'microsoftAppGovernance',
    'dataLossPrevention',
    'microsoftDefenderForCloud',
    'microsoftSentinel',
    'microsoftInsiderRiskManagement',
    'microsoftThreatIntelligence',
  ],
} as const;

export type GraphEnumName = keyof typeof GRAPH_ENUMS;
