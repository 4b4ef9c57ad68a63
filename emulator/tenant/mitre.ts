/** MITRE ATT&CK technique names, as AlertInfo/AlertEvidence.AttackTechniques spell them ("Name (Txxxx)"). */
export const TECHNIQUES: Record<string, string> = {
  'T1003.001': 'LSASS Memory',
  'T1003.006': 'DCSync',
  'T1021.002': 'SMB/Windows Admin Shares',
  'T1053.005': 'Scheduled Task',
  'T1059.001': 'PowerShell',
  'T1059.004': 'Unix Shell',
  'T1059.007': 'JavaScript',
  'T1071.001': 'Web Protocols',
  T1078: 'Valid Accounts',
  'T1078.004': 'Cloud Accounts',
  'T1098.001': 'Additional Cloud Credentials',
  T1105: 'Ingress Tool Transfer',
  'T1110.003': 'Password Spraying',
  T1190: 'Exploit Public-Facing Application',
  'T1204.001': 'Malicious Link',
  'T1204.002': 'Malicious File',
  T1486: 'Data Encrypted for Impact',
  T1490: 'Inhibit System Recovery',
  T1528: 'Steal Application Access Token',
  T1566: 'Phishing',
  'T1566.001': 'Spearphishing Attachment',
  'T1566.002': 'Spearphishing Link',
  'T1569.002': 'Service Execution',
  T1036: 'Masquerading',
};

export function techniqueLabel(id: string): string {
  const name = TECHNIQUES[id];
  return name ? `${name} (${id})` : id;
}
