import { DEMO_INDICATORS as D } from '../emulator/tenant';
import type { Actor } from '../src/core/actor';

/** Part 1 and 2: a 10-indicator message of mixed types from the demo tenant, defanged as analysts paste them. */
export const MESSAGE = [
  `C2 ${D.malware.c2Ip} and ${D.malware.c2Domain.replace(/\./g, '[.]')}`,
  `phish from ${D.phishing.sender} linking hxxps://bad[.]example[.]net/login`,
  `spray from ${D.identity.sprayIp}, travel from ${D.cloudApps.impossibleTravelIps[0]}`,
  `payload ${D.malware.payloadExe.sha1}, ransomware ${D.ransomware.file.sha256}, dropper md5 ${D.malware.invoiceJs.md5}`,
  `assigned alex.analyst@contoso.com`,
].join('\n');

/**
 * Part 3: the 30 indicators a channel storm draws from. The first 15 are in the demo tenant (alerts, devices, files,
 * e-mails to assemble), the other 15 are unknown to it (each still costs a full lookup upstream).
 */
export const STORM_INDICATORS: string[] = [
  D.malware.c2Ip,
  D.malware.c2Domain,
  D.phishing.sender,
  D.phishing.url,
  D.phishing.domain,
  D.phishing.senderIp,
  D.identity.sprayIp,
  D.cloudApps.impossibleTravelIps[0],
  D.cloudApps.impossibleTravelIps[1],
  D.malware.payloadExe.sha1!,
  D.malware.payloadExe.sha256,
  D.malware.invoiceJs.md5!,
  D.ransomware.file.sha256,
  D.reverseShellIp,
  D.cve,
  '185.220.101.47',
  '91.219.236.18',
  '45.142.212.61',
  '103.75.190.12',
  '5.188.206.14',
  'update-check.cdn-edge-sync.com',
  'login-microsoftonline.account-verify.net',
  'files.share-docs-secure.org',
  'api.telemetry-collector.info',
  'https://invoice-portal.billing-notice.com/pay/8841',
  'hr-payroll@outlook-mail-service.com',
  '44d88612fea8a8f36de82e1278abb02f',
  '3395856ce81f2b7382dee72602f798b642f14140',
  '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
  'e1112134b6dcc8bed54e0e34d8ac272795e73d74',
];

export const CHANNEL_ID = '19:storm-channel@thread.tacv2';
export const TEAMS_TENANT = '8f3e6c2a-51b4-4c1e-9d2f-7a6b5c4d3e21';

export function users(count: number): Actor[] {
  return Array.from({ length: count }, (_, i) => ({
    platform: 'teams' as const,
    userId: `29:bench-user-${i + 1}`,
    aadObjectId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    tenantId: TEAMS_TENANT,
    displayName: `Analyst ${i + 1}`,
  }));
}

/** Part 4: indicators nobody looked up before, a different one for every n (public IPs, domains, SHA256). */
export function freshIndicator(n: number): string {
  switch (n % 3) {
    case 0:
      return `${11 + ((n >> 16) % 100)}.${(n >> 8) & 255}.${n & 255}.${7 + (n % 200)}`;
    case 1:
      return `host-${n.toString(36)}.unseen-${n % 97}.example-bench.net`;
    default:
      return `${n.toString(16).padStart(8, '0')}${'c'.repeat(56)}`;
  }
}
