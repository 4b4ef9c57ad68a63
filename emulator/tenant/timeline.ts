import type { Offset } from './time';

/**
 * When things happened, as offsets before "now". Alerts, hunting rows and machine actions all read these,
 * so that a device's file and network events line up with the alerts raised about them.
 */
export const T = {
  puaInstalled: { d: 6, h: 20, m: 12 },
  phishClickUser1: { d: 6, h: 1, m: 40 },
  pentestPowerShell: { d: 5, h: 21, m: 34 },
  pentestMimikatz: { d: 5, h: 21, m: 12 },
  sprayStart: { d: 5, h: 8 },
  sprayEnd: { d: 5, h: 7, m: 21 },
  invoiceOpenedWs042: { d: 4, h: 6, m: 9 },
  payloadDroppedWs042: { d: 4, h: 6, m: 8, s: 30 },
  c2FirstWs042: { d: 4, h: 6, m: 7 },
  invoiceOpenedWs017: { d: 4, h: 5, m: 55 },
  payloadDroppedWs017: { d: 4, h: 5, m: 54, s: 20 },
  c2FirstWs017: { d: 4, h: 5, m: 53 },
  avScanWs042: { d: 4, h: 4, m: 30 },
  travelHome: { d: 4, h: 3, m: 2 },
  travelAway: { d: 4, h: 1, m: 10 },
  dcsyncFromWs042: { d: 3, h: 20, m: 5 },
  lateralToSrvFin01: { d: 3, h: 2, m: 41 },
  ransomwareDropped: { d: 3, h: 2, m: 38 },
  c2SrvFin01: { d: 3, h: 2, m: 36 },
  encryptionStart: { d: 3, h: 2, m: 31 },
  srvFile02Prevented: { d: 3, h: 2, m: 25 },
  attackDisruption: { d: 3, h: 2, m: 19 },
  isolateSrvFin01: { d: 3, h: 2, m: 17 },
  oauthCredentialAdded: { d: 2, h: 14, m: 3 },
  reverseShell: { d: 1, h: 5, m: 12 },
  scheduledTask: { d: 0, h: 11, m: 40 },
  isolateWs017Requested: { m: 12 },
} as const satisfies Record<string, Offset>;
