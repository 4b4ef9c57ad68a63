import { stableGuid } from './prng';

export type ServiceSource =
  'microsoftDefenderForEndpoint' | 'microsoftDefenderForOffice365' | 'microsoftDefenderForIdentity' | 'microsoftDefenderForCloudApps' | 'microsoft365Defender';

export type DetectionSource =
  'microsoftDefenderForEndpoint' | 'antivirus' | 'microsoftDefenderForOffice365' | 'microsoftDefenderForIdentity' | 'cloudAppSecurity' | 'microsoft365Defender';

export const PRODUCT_NAMES: Record<ServiceSource, string> = {
  microsoftDefenderForEndpoint: 'Microsoft Defender for Endpoint',
  microsoftDefenderForOffice365: 'Microsoft Defender for Office 365',
  microsoftDefenderForIdentity: 'Microsoft Defender for Identity',
  microsoftDefenderForCloudApps: 'Microsoft Defender for Cloud Apps',
  microsoft365Defender: 'Microsoft Defender XDR',
};

/** How advanced hunting (AlertInfo/AlertEvidence) spells the detection source. */
export const HUNTING_DETECTION_SOURCES: Record<DetectionSource, string> = {
  microsoftDefenderForEndpoint: 'EDR',
  antivirus: 'Antivirus',
  microsoftDefenderForOffice365: 'Microsoft Defender for Office 365',
  microsoftDefenderForIdentity: 'Microsoft Defender for Identity',
  cloudAppSecurity: 'Microsoft Defender for Cloud Apps',
  microsoft365Defender: 'Microsoft Defender XDR',
};

/** One detection rule: every alert it raises shares title, category, techniques and detectorId. */
export interface Detector {
  detectorId: string;
  title: string;
  category: string;
  mitreTechniques: string[];
  serviceSource: ServiceSource;
  detectionSource: DetectionSource;
  recommendedActions: string | null;
  /** MDO/MDCA alerts come from an alert policy. */
  alertPolicyId: string | null;
}

function detector(
  label: string,
  title: string,
  category: string,
  mitreTechniques: string[],
  serviceSource: ServiceSource,
  detectionSource: DetectionSource,
  recommendedActions: string | null = null,
): Detector {
  const policyBased = serviceSource === 'microsoftDefenderForOffice365' || serviceSource === 'microsoftDefenderForCloudApps';
  return {
    detectorId: stableGuid(`detector:${label}`),
    title,
    category,
    mitreTechniques,
    serviceSource,
    detectionSource,
    recommendedActions,
    alertPolicyId: policyBased ? stableGuid(`policy:${label}`) : null,
  };
}

const MDE = 'microsoftDefenderForEndpoint' as const;
const MDO = 'microsoftDefenderForOffice365' as const;
const MDI = 'microsoftDefenderForIdentity' as const;
const MDCA = 'microsoftDefenderForCloudApps' as const;
const XDR = 'microsoft365Defender' as const;

const ISOLATE_ADVICE =
  'Isolate the device, collect an investigation package, and review the process tree and network connections ' + 'for the time frame of the alert.';

export const DETECTORS = {
  urlZap: detector(
    'urlZap',
    'Email messages containing malicious URL removed after delivery',
    'InitialAccess',
    ['T1566.002'],
    MDO,
    MDO,
    'Review the affected mailboxes and block the sender and URL in the Tenant Allow/Block List.',
  ),
  urlClick: detector(
    'urlClick',
    'A potentially malicious URL click was detected',
    'InitialAccess',
    ['T1566.002', 'T1204.001'],
    MDO,
    MDO,
    "Reset the user's password, revoke sessions and check for sign-ins from the phishing infrastructure.",
  ),
  userReported: detector('userReported', 'Email reported by user as malware or phish', 'InitialAccess', ['T1566'], MDO, MDO),
  fileZap: detector(
    'fileZap',
    'Email messages containing malicious file removed after delivery',
    'InitialAccess',
    ['T1566.001'],
    MDO,
    MDO,
    'Check whether recipients opened the attachment before it was removed.',
  ),
  malwareCampaign: detector('malwareCampaign', 'Malware campaign detected and blocked', 'InitialAccess', ['T1566.001'], MDO, MDO),
  avMalware: detector(
    'avMalware',
    "'Nemucod' malware was detected",
    'Malware',
    ['T1059.007', 'T1204.002'],
    MDE,
    'antivirus',
    'Run a full antivirus scan and check for second-stage payloads.',
  ),
  droppedAndLaunched: detector('droppedAndLaunched', 'Suspicious file dropped and launched', 'Execution', ['T1105', 'T1204.002'], MDE, MDE, ISOLATE_ADVICE),
  c2Communication: detector(
    'c2Communication',
    'Communication with a known command and control server',
    'CommandAndControl',
    ['T1071.001'],
    MDE,
    MDE,
    ISOLATE_ADVICE,
  ),
  ransomwareBehavior: detector('ransomwareBehavior', 'Ransomware behavior detected in the file system', 'Impact', ['T1486', 'T1490'], MDE, MDE, ISOLATE_ADVICE),
  ransomwarePrevented: detector('ransomwarePrevented', "'LockBit' ransomware was prevented", 'Ransomware', ['T1486'], MDE, 'antivirus'),
  remoteCodeExecution: detector(
    'remoteCodeExecution',
    'Remote code execution attempt',
    'LateralMovement',
    ['T1021.002', 'T1569.002'],
    MDI,
    MDI,
    'Reset the credentials of the account and review which devices it reached.',
  ),
  attackDisruption: detector(
    'attackDisruption',
    'Human-operated ransomware attack was launched from a compromised asset (attack disruption)',
    'Ransomware',
    ['T1486', 'T1078'],
    XDR,
    XDR,
    'Investigate the contained user and devices before releasing containment.',
  ),
  bruteForce: detector(
    'bruteForce',
    'Suspected brute-force attack (Kerberos, NTLM)',
    'CredentialAccess',
    ['T1110.003'],
    MDI,
    MDI,
    'Enforce strong passwords and MFA; block the source IP at the perimeter.',
  ),
  dcsync: detector(
    'dcsync',
    'Suspected DCSync attack (replication of directory services)',
    'CredentialAccess',
    ['T1003.006'],
    MDI,
    MDI,
    "Reset the KRBTGT and the account's password; review replication permissions.",
  ),
  impossibleTravel: detector(
    'impossibleTravel',
    'Impossible travel activity',
    'InitialAccess',
    ['T1078.004'],
    MDCA,
    'cloudAppSecurity',
    'Confirm with the user; if unknown, revoke sessions and reset the password.',
  ),
  infrequentCountry: detector('infrequentCountry', 'Activity from infrequent country', 'InitialAccess', ['T1078.004'], MDCA, 'cloudAppSecurity'),
  oauthCredentials: detector(
    'oauthCredentials',
    'Unusual addition of credentials to an OAuth app',
    'Persistence',
    ['T1098.001'],
    MDCA,
    'cloudAppSecurity',
    "Review the app's permissions and consent; disable the app if unknown.",
  ),
  oauthMisleading: detector('oauthMisleading', 'Misleading publisher name for an OAuth app', 'CredentialAccess', ['T1528'], MDCA, 'cloudAppSecurity'),
  suspiciousPowerShell: detector('suspiciousPowerShell', 'Suspicious PowerShell command line', 'Execution', ['T1059.001'], MDE, MDE),
  hacktool: detector('hacktool', "'Mimikatz' hacktool was detected", 'CredentialAccess', ['T1003.001'], MDE, 'antivirus'),
  pua: detector('pua', "'FusionCore' unwanted software was detected", 'UnwantedSoftware', [], MDE, 'antivirus'),
  cveExploit: detector(
    'cveExploit',
    'Possible exploitation of CVE-2024-3400',
    'InitialAccess',
    ['T1190'],
    MDE,
    MDE,
    'Patch PAN-OS to a fixed release, rotate device credentials and hunt for connections from the gateway.',
  ),
  reverseShell: detector('reverseShell', 'Suspicious reverse shell', 'Execution', ['T1059.004'], MDE, MDE, ISOLATE_ADVICE),
  scheduledTask: detector('scheduledTask', 'Suspicious scheduled task', 'Persistence', ['T1053.005'], MDE, MDE),
} as const satisfies Record<string, Detector>;
