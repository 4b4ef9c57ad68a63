import { stableGuid, stableHex, stableInt } from './prng';

export const DEMO_TENANT_ID = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';
export const PORTAL = 'https://security.microsoft.com';

/** The SOC automation app that requests machine actions and creates indicators through the public API. */
export const SOC_APP = {
  appId: 'c0a1e2b3-5d4f-4a6b-8c7d-9e0f1a2b3c4d',
  requestor: 'Contoso SOC App (contoso.onmicrosoft.com)',
} as const;

export function incidentWebUrl(incidentId: string): string {
  return `${PORTAL}/incidents/${incidentId}?tid=${DEMO_TENANT_ID}`;
}

export function alertWebUrl(alertId: string): string {
  return `${PORTAL}/alerts/${alertId}?tid=${DEMO_TENANT_ID}`;
}

/** Machine keys used across the story; ids are 40-hex MDE device ids, names are computerDnsName. */
export const MACHINES = {
  ws042: { id: '1e5bc9d7e413ddd7902c2932e418702b84d0cc07', name: 'ws-042.contoso.com' },
  ws017: { id: '79762a684dfee99e578b6588319bd480c7f2d17e', name: 'ws-017.contoso.com' },
  srvFin01: { id: 'd781e0bd238883977f4f0e6e6fb52106fb50197d', name: 'srv-fin-01.contoso.com' },
  srvFile02: { id: 'ff35c35fef1f32df4ccd6817b1c6214d2368d803', name: 'srv-file-02.contoso.com' },
  dc01: { id: 'a5de2d8c5ce19696cc035334ec674598a0e21341', name: 'dc-01.contoso.com' },
  macCfo01: { id: '2f1efc58e476a32eeaeed8cdbc9e712bc0fb3f0b', name: 'mac-cfo-01.contoso.com' },
  lnxWeb01: { id: '3e6720a2395cce965ebe0536d835326a2967978f', name: 'lnx-web-01.contoso.com' },
  ws063: { id: 'ac996a1eff95f0b87953cae86dedada913ca72ea', name: 'ws-063.contoso.com' },
  wsPentest01: { id: '2ac26a771a0d5efade21829e04f4b84288b31210', name: 'ws-pentest-01.contoso.com' },
  ws105: { id: '727f2a39f7977c8374d42233b2a4d02ecf2057b9', name: 'ws-105.contoso.com' },
  ws011: { id: '7b0065fc09443c55b97faf068c61a9328b524268', name: 'ws-011.contoso.com' },
  lnxBuild02: { id: 'e9145451a195b5dd74aea7ac93f0face28d4b5b7', name: 'lnx-build-02.contoso.com' },
  srvSql03: { id: 'c3b8a2f6d91e4075ab6e1f2d3c4b5a6978e0d1f2', name: 'srv-sql-03.contoso.com' },
} as const;

export type MachineKey = keyof typeof MACHINES;

export const INCIDENT_IDS = {
  pua: '48211',
  phishing: '48212',
  securityTesting: '48213',
  passwordSpray: '48214',
  invoiceMalware: '48215',
  payloadWs017: '48216',
  impossibleTravel: '48217',
  ransomware: '48218',
  oauthConsent: '48219',
  statementCampaign: '48220',
  cve: '48221',
  scheduledTask: '48222',
} as const;

export type AlertPrefix = 'da' | 'fa' | 'aa' | 'ca' | 'ra';

/**
 * Alert ids in the shapes Defender uses per product: MDE "da<ticks>_<int>", others "<prefix><guid>"
 * (fa = Office 365, aa = Identity, ca = Cloud Apps, ra = Defender XDR correlation).
 */
export function alertId(prefix: AlertPrefix, label: string): string {
  if (prefix === 'da') {
    const ticks = `638${String(stableInt(`ticks:${label}`, 1e15)).padStart(15, '0')}`;
    const tail = stableInt(`tail:${label}`, 2_147_483_647) - (stableInt(`sign:${label}`, 2) === 0 ? 0 : 2_147_483_647);
    return `da${ticks}_${tail}`;
  }
  return `${prefix}${stableGuid(`alert:${label}`)}`;
}

/** Hash-shaped ids (e.g. Exchange URN suffixes). */
export function urnSuffix(label: string): string {
  return stableHex(`urn:${label}`, 32);
}

export { DEMO_GROUPS } from '../../src/config/demo';

/** The bot's own users (chat identities mapped to Entra object ids) for role checks. */
export const DEMO_USERS = {
  alex: {
    objectId: 'aaaaaaaa-0000-4000-8000-000000000001',
    userPrincipalName: 'alex.analyst@contoso.com',
    displayName: 'Alex Analyst',
    groups: ['SOC Responders', 'SOC Hunters'],
  },
  sam: {
    objectId: 'aaaaaaaa-0000-4000-8000-000000000002',
    userPrincipalName: 'sam.soc@contoso.com',
    displayName: 'Sam Soc',
    groups: ['SOC Approvers'],
  },
  pat: {
    objectId: 'aaaaaaaa-0000-4000-8000-000000000003',
    userPrincipalName: 'pat.viewer@contoso.com',
    displayName: 'Pat Viewer',
    groups: [],
  },
} as const;
