/** An app registration in the emulated tenant, with the application permissions admin-consented to it. */
export interface EmulatorApp {
  clientId: string;
  displayName: string;
  /** Client secret, for ClientSecretCredential. */
  secret?: string;
  /** PEM certificate (public part), for ClientCertificateCredential. */
  certificatePem?: string;
  graphRoles: string[];
  mdeRoles: string[];
}

export const ALL_GRAPH_ROLES = ['SecurityIncident.Read.All', 'SecurityAlert.Read.All', 'ThreatHunting.Read.All', 'GroupMember.Read.All'];

export const ALL_MDE_ROLES = [
  'Machine.Read.All',
  'File.Read.All',
  'Ip.Read.All',
  // Tokens of Defender for Endpoint carry Url.Read.All, although its docs write URL.Read.All: the service's spelling.
  'Url.Read.All',
  'Alert.Read.All',
  'Machine.Isolate',
  'Machine.StopAndQuarantine',
  'Machine.Scan',
  'Machine.RestrictExecution',
  'Machine.CollectForensics',
  'Ti.ReadWrite.All',
];

export const DEMO_CLIENT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const DEMO_CLIENT_SECRET = 'demo-secret-not-a-real-secret';

export function demoApp(): EmulatorApp {
  return {
    clientId: DEMO_CLIENT_ID,
    displayName: 'Contoso SOC App (contoso.onmicrosoft.com)',
    secret: DEMO_CLIENT_SECRET,
    graphRoles: [...ALL_GRAPH_ROLES],
    mdeRoles: [...ALL_MDE_ROLES],
  };
}

/** Role names are compared as Microsoft compares them: without regard to case. */
export function sameRole(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Whether the roles include the given one, in any case. */
export function hasRole(roles: readonly string[], role: string): boolean {
  return roles.some((r) => sameRole(r, role));
}
