import { FILES, type FileKey } from '../hashes';
import type { MachineKey } from '../ids';
import type { DemoDevice } from '../machines';
import { C2_DOMAIN, EDGE_FIREWALL_IP, EXTERNAL_IPS, PHISH_URL } from '../network';
import { Prng, stableHex } from '../prng';
import { PATHS } from '../stories/paths';
import { T } from '../timeline';
import type { Clock } from '../time';
import type { TableRow } from '../types';
import { USERS } from '../users';
import { row } from './columns';

/** Address the phishing host resolved to when user1 clicked (not an alert entity; only seen in telemetry). */
export const PHISH_HOST_IP = '203.0.113.26';

type Devices = (key: MachineKey) => DemoDevice;

function processSha1(fileName: string): string {
  const known = Object.values(FILES).find((f) => f.fileName.toLowerCase() === fileName.toLowerCase());
  return known?.sha1 ?? stableHex(`process:${fileName.toLowerCase()}`, 40);
}

interface NetEvent {
  at: string;
  device: DemoDevice;
  actionType: string;
  remoteIp: string;
  remotePort: number;
  remoteUrl?: string;
  localPort?: number;
  process: string;
  account: string;
}

interface FileEvent {
  at: string;
  device: DemoDevice;
  actionType: 'FileCreated' | 'FileModified' | 'FileRenamed' | 'FileDeleted';
  fileName: string;
  folder: string;
  sha1: string | null;
  sha256: string | null;
  md5: string | null;
  size: number | null;
  process: string;
  account: string;
}

function storyFile(key: FileKey, rest: Omit<FileEvent, 'fileName' | 'sha1' | 'sha256' | 'md5' | 'size'>): FileEvent {
  const f = FILES[key];
  return { ...rest, fileName: f.fileName, sha1: f.sha1, sha256: f.sha256, md5: f.md5, size: f.size };
}

/** Hand-written rows that back the alerts: downloads, drops, C2 beacons, lateral movement, encryption. */
function storyEvents(clock: Clock, device: Devices): { net: NetEvent[]; files: FileEvent[] } {
  const ws042 = device('ws042');
  const ws017 = device('ws017');
  const srvFin01 = device('srvFin01');
  const srvFile02 = device('srvFile02');
  const c2 = EXTERNAL_IPS.c2.ipAddress;
  const net: NetEvent[] = [];
  const files: FileEvent[] = [];

  // user1 clicks the phishing link on ws-042.
  net.push({
    at: clock.ago(T.phishClickUser1),
    device: ws042,
    actionType: 'ConnectionSuccess',
    remoteIp: PHISH_HOST_IP,
    remotePort: 443,
    remoteUrl: PHISH_URL,
    process: 'msedge.exe',
    account: 'user1',
  });

  // invoice.js on ws-042 and ws-017: saved by Outlook, run by wscript, which fetches payload.exe from the C2.
  const chains = [
    { dev: ws042, user: 'user1', opened: clock.ago(T.invoiceOpenedWs042), dropped: clock.ago(T.payloadDroppedWs042), c2: clock.ago(T.c2FirstWs042) },
    { dev: ws017, user: 'user5', opened: clock.ago(T.invoiceOpenedWs017), dropped: clock.ago(T.payloadDroppedWs017), c2: clock.ago(T.c2FirstWs017) },
  ];
  for (const c of chains) {
    files.push(
      storyFile('invoiceJs', {
        at: clock.before(c.opened, { s: 20 }),
        device: c.dev,
        actionType: 'FileCreated',
        folder: PATHS.outlookCache(c.user),
        process: 'OUTLOOK.EXE',
        account: c.user,
      }),
    );
    net.push({
      at: clock.before(c.dropped, { s: 12 }),
      device: c.dev,
      actionType: 'ConnectionSuccess',
      remoteIp: c2,
      remotePort: 443,
      remoteUrl: C2_DOMAIN,
      process: 'wscript.exe',
      account: c.user,
    });
    files.push(
      storyFile('payloadExe', { at: c.dropped, device: c.dev, actionType: 'FileCreated', folder: PATHS.temp(c.user), process: 'wscript.exe', account: c.user }),
    );
  }

  // ws-042 beacons until payload.exe is remediated.
  const c2042 = clock.ago(T.c2FirstWs042);
  for (let i = 0; i < 8; i++) {
    net.push({
      at: clock.after(c2042, { m: i * 10 }),
      device: ws042,
      actionType: 'ConnectionSuccess',
      remoteIp: c2,
      remotePort: 443,
      remoteUrl: C2_DOMAIN,
      process: 'payload.exe',
      account: 'user1',
    });
  }
  files.push(
    storyFile('payloadExe', {
      at: clock.after(c2042, { h: 1, m: 31 }),
      device: ws042,
      actionType: 'FileDeleted',
      folder: PATHS.temp('user1'),
      process: 'MsMpEng.exe',
      account: 'system',
    }),
  );

  // ws-017 keeps beaconing; once the domain is blocked the beacon falls back to the bare IP.
  const domainBlocked = Date.parse(clock.ago({ d: 4, h: 3, m: 58 }));
  const lastBeacon = Date.parse(clock.ago({ m: 25 }));
  for (let t = Date.parse(clock.ago(T.c2FirstWs017)); t <= lastBeacon; t += 3 * 3_600_000) {
    net.push({
      at: new Date(t).toISOString(),
      device: ws017,
      actionType: 'ConnectionSuccess',
      remoteIp: c2,
      remotePort: 443,
      remoteUrl: t < domainBlocked ? C2_DOMAIN : undefined,
      process: 'payload.exe',
      account: 'user5',
    });
  }

  // Attacker on ws-042 with svc-backup: DCSync against dc-01, then PsExec to srv-fin-01.
  const dcsync = clock.ago(T.dcsyncFromWs042);
  net.push({
    at: dcsync,
    device: ws042,
    actionType: 'ConnectionSuccess',
    remoteIp: '10.0.1.10',
    remotePort: 135,
    process: 'payload.exe',
    account: 'svc-backup',
  });
  net.push({
    at: clock.after(dcsync, { s: 2 }),
    device: ws042,
    actionType: 'ConnectionSuccess',
    remoteIp: '10.0.1.10',
    remotePort: 49_667,
    process: 'payload.exe',
    account: 'svc-backup',
  });
  const lateral = clock.ago(T.lateralToSrvFin01);
  files.push(
    storyFile('psexec', {
      at: clock.before(lateral, { m: 9 }),
      device: ws042,
      actionType: 'FileCreated',
      folder: PATHS.tools,
      process: 'payload.exe',
      account: 'user1',
    }),
  );
  net.push({
    at: lateral,
    device: ws042,
    actionType: 'ConnectionSuccess',
    remoteIp: '10.0.8.21',
    remotePort: 445,
    process: 'PsExec64.exe',
    account: 'svc-backup',
  });
  files.push(
    storyFile('psexesvc', {
      at: clock.after(lateral, { s: 3 }),
      device: srvFin01,
      actionType: 'FileCreated',
      folder: PATHS.windows,
      process: 'System',
      account: 'system',
    }),
  );

  // srv-fin-01: ransomware dropped, C2 (domain blocked, IP not), files encrypted, then remediated.
  const dropped = clock.ago(T.ransomwareDropped);
  files.push(
    storyFile('ransomware', {
      at: dropped,
      device: srvFin01,
      actionType: 'FileCreated',
      folder: PATHS.windowsTemp,
      process: 'PSEXESVC.exe',
      account: 'svc-backup',
    }),
  );
  const c2Fin = clock.ago(T.c2SrvFin01);
  net.push({
    at: c2Fin,
    device: srvFin01,
    actionType: 'ConnectionFailed',
    remoteIp: c2,
    remotePort: 443,
    remoteUrl: C2_DOMAIN,
    process: 'svcupdate.exe',
    account: 'svc-backup',
  });
  net.push({
    at: clock.after(c2Fin, { s: 30 }),
    device: srvFin01,
    actionType: 'ConnectionSuccess',
    remoteIp: c2,
    remotePort: 443,
    process: 'svcupdate.exe',
    account: 'svc-backup',
  });
  const encryption = clock.ago(T.encryptionStart);
  const prng = new Prng(0x10cb17);
  const docs = [
    'Q3-forecast.xlsx',
    'payroll-2025.xlsx',
    'board-pack.pdf',
    'vendor-master.csv',
    'budget-FY26.xlsx',
    'audit-notes.docx',
    'bank-reconciliation.xlsx',
    'tax-return.pdf',
    'invoices-archive.zip',
    'cashflow.xlsx',
    'ledger-export.csv',
    'contracts.docx',
  ];
  docs.forEach((doc, i) => {
    files.push({
      at: clock.after(encryption, { s: i * 47 }),
      device: srvFin01,
      actionType: 'FileRenamed',
      fileName: `${doc}.lockbit`,
      folder: 'D:\\Shares\\Finance',
      sha1: prng.hex(40),
      sha256: prng.hex(64),
      md5: prng.hex(32),
      size: prng.int(30_000, 4_000_000),
      process: 'svcupdate.exe',
      account: 'svc-backup',
    });
  });
  files.push(
    storyFile('ransomware', {
      at: clock.after(clock.ago(T.attackDisruption), { m: 2 }),
      device: srvFin01,
      actionType: 'FileDeleted',
      folder: PATHS.windowsTemp,
      process: 'MsMpEng.exe',
      account: 'system',
    }),
  );

  // srv-file-02: the same binary arrives and antivirus removes it before it runs.
  const prevented = clock.ago(T.srvFile02Prevented);
  files.push(
    storyFile('ransomware', {
      at: clock.before(prevented, { s: 25 }),
      device: srvFile02,
      actionType: 'FileCreated',
      folder: PATHS.windowsTemp,
      process: 'PSEXESVC.exe',
      account: 'svc-backup',
    }),
  );
  files.push(
    storyFile('ransomware', {
      at: prevented,
      device: srvFile02,
      actionType: 'FileDeleted',
      folder: PATHS.windowsTemp,
      process: 'MsMpEng.exe',
      account: 'system',
    }),
  );

  // Smaller stories.
  const pua = clock.ago(T.puaInstalled);
  files.push(
    storyFile('fusionCore', {
      at: clock.before(pua, { m: 1 }),
      device: device('ws063'),
      actionType: 'FileCreated',
      folder: PATHS.downloads('user6'),
      process: 'msedge.exe',
      account: 'user6',
    }),
  );
  files.push(
    storyFile('fusionCore', {
      at: clock.after(pua, { s: 30 }),
      device: device('ws063'),
      actionType: 'FileDeleted',
      folder: PATHS.downloads('user6'),
      process: 'MsMpEng.exe',
      account: 'system',
    }),
  );
  files.push(
    storyFile('mimikatz', {
      at: clock.ago(T.pentestMimikatz),
      device: device('wsPentest01'),
      actionType: 'FileCreated',
      folder: PATHS.tools,
      process: 'powershell.exe',
      account: 'redteam01',
    }),
  );

  const shell = clock.ago(T.reverseShell);
  const lnx = device('lnxWeb01');
  net.push({
    at: clock.before(shell, { m: 9 }),
    device: lnx,
    actionType: 'InboundConnectionAccepted',
    remoteIp: EDGE_FIREWALL_IP,
    remotePort: 51_522,
    localPort: 22,
    process: 'sshd',
    account: 'root',
  });
  net.push({
    at: shell,
    device: lnx,
    actionType: 'ConnectionSuccess',
    remoteIp: EXTERNAL_IPS.reverseShell.ipAddress,
    remotePort: 4444,
    process: 'bash',
    account: 'www-data',
  });

  return { net, files };
}

interface Destination {
  url: string;
  ipPrefix: string;
  port: number;
  processes: string[];
}

const WINDOWS_DESTINATIONS: Destination[] = [
  { url: 'login.microsoftonline.com', ipPrefix: '20.190.151.', port: 443, processes: ['msedge.exe', 'ms-teams.exe', 'OUTLOOK.EXE'] },
  { url: 'outlook.office365.com', ipPrefix: '52.96.36.', port: 443, processes: ['OUTLOOK.EXE'] },
  { url: 'teams.microsoft.com', ipPrefix: '52.113.194.', port: 443, processes: ['ms-teams.exe'] },
  { url: 'www.office.com', ipPrefix: '13.107.6.', port: 443, processes: ['msedge.exe'] },
  { url: 'contoso.sharepoint.com', ipPrefix: '13.107.136.', port: 443, processes: ['OneDrive.exe', 'msedge.exe'] },
  { url: 'winatp-gw-weu.microsoft.com', ipPrefix: '13.107.42.', port: 443, processes: ['MsSense.exe'] },
  { url: 'settings-win.data.microsoft.com', ipPrefix: '13.107.5.', port: 443, processes: ['svchost.exe'] },
];
const SERVER_DESTINATIONS: Destination[] = [
  { url: 'winatp-gw-weu.microsoft.com', ipPrefix: '13.107.42.', port: 443, processes: ['MsSense.exe'] },
  { url: 'settings-win.data.microsoft.com', ipPrefix: '13.107.5.', port: 443, processes: ['svchost.exe'] },
  { url: 'dc-01.contoso.com', ipPrefix: '10.0.1.', port: 389, processes: ['lsass.exe', 'svchost.exe'] },
];
const UNIX_DESTINATIONS: Destination[] = [
  { url: 'packages.microsoft.com', ipPrefix: '13.107.246.', port: 443, processes: ['wdavdaemon'] },
  { url: 'login.microsoftonline.com', ipPrefix: '20.190.151.', port: 443, processes: ['Microsoft Teams', 'wdavdaemon'] },
  { url: 'outlook.office365.com', ipPrefix: '52.96.36.', port: 443, processes: ['Microsoft Outlook'] },
];

const WORKSTATION_FILES = [
  { name: 'setup.exe', folder: 'Downloads', process: 'msedge.exe' },
  { name: 'TeamsSetup_x64.exe', folder: 'Downloads', process: 'msedge.exe' },
  { name: 'report.xlsx', folder: 'Documents', process: 'EXCEL.EXE' },
  { name: 'notes.docx', folder: 'Documents', process: 'WINWORD.EXE' },
  { name: 'meeting.pdf', folder: 'Downloads', process: 'OUTLOOK.EXE' },
];

const SEED = 0x5eed_d3f3;
const WEEK_MS = 7 * 86_400_000;
const MIN_AGE_MS = 10 * 60_000;

/** Seeded background: ordinary traffic and file writes so story rows are needles in a (small) haystack. */
function backgroundEvents(clock: Clock, devices: readonly DemoDevice[]): { net: NetEvent[]; files: FileEvent[] } {
  const prng = new Prng(SEED);
  const net: NetEvent[] = [];
  const files: FileEvent[] = [];
  const nowMs = clock.now.getTime();
  const isolatedAt = Date.parse(clock.ago(T.isolateSrvFin01));

  for (const device of devices) {
    if (device.profile.silent) continue;
    const m = device.machine;
    const newest = Math.min(nowMs - MIN_AGE_MS, Date.parse(m.lastSeen));
    const span = newest - (nowMs - WEEK_MS);
    const platform = m.osPlatform;
    const unix = platform === 'Linux' || platform === 'macOS';
    const server = device.profile.deviceType === 'Server';
    const destinations = unix ? UNIX_DESTINATIONS : server ? SERVER_DESTINATIONS : WINDOWS_DESTINATIONS;
    const user = device.profile.loggedOnUsers[0];
    const userName = user ? USERS[user].accountName : 'system';
    const count = m.healthStatus === 'ImpairedCommunication' ? 8 : 20;

    for (let i = 0; i < count; i++) {
      let at = nowMs - WEEK_MS + prng.int(0, span);
      let dest = prng.pick(destinations);
      // An isolated device only talks to the Defender service.
      if (device.profile.key === 'srvFin01' && at > isolatedAt) {
        dest = SERVER_DESTINATIONS[0] ?? dest;
        at = Math.max(at, isolatedAt + 60_000);
      }
      const process = prng.pick(dest.processes);
      const systemProcess = ['MsSense.exe', 'svchost.exe', 'lsass.exe', 'wdavdaemon'].includes(process);
      net.push({
        at: new Date(at).toISOString(),
        device,
        actionType: 'ConnectionSuccess',
        remoteIp: `${dest.ipPrefix}${prng.int(2, 250)}`,
        remotePort: dest.port,
        remoteUrl: dest.url,
        process,
        account: systemProcess || server ? (process === 'svchost.exe' ? 'network service' : 'system') : userName,
      });
    }

    const fileCount = unix ? 3 : 8;
    for (let i = 0; i < fileCount; i++) {
      const at = new Date(nowMs - WEEK_MS + prng.int(0, span)).toISOString();
      const hashes = { sha1: prng.hex(40), sha256: prng.hex(64), md5: prng.hex(32), size: prng.int(8_000, 90_000_000) };
      if (unix) {
        files.push({ at, device, actionType: 'FileModified', fileName: 'syslog', folder: '/var/log', ...hashes, process: 'rsyslogd', account: 'syslog' });
      } else if (server) {
        files.push({
          at,
          device,
          actionType: 'FileCreated',
          fileName: `u_ex${prng.int(250101, 251231)}.log`,
          folder: 'C:\\inetpub\\logs\\LogFiles\\W3SVC1',
          ...hashes,
          process: 'w3wp.exe',
          account: 'system',
        });
      } else {
        const f = prng.pick(WORKSTATION_FILES);
        files.push({
          at,
          device,
          actionType: prng.chance(0.7) ? 'FileCreated' : 'FileModified',
          fileName: f.name,
          folder: `C:\\Users\\${userName}\\${f.folder}`,
          ...hashes,
          process: f.process,
          account: userName,
        });
      }
    }
  }
  return { net, files };
}

export function buildNetworkAndFileEvents(
  clock: Clock,
  devices: readonly DemoDevice[],
  device: Devices,
): { DeviceNetworkEvents: TableRow[]; DeviceFileEvents: TableRow[] } {
  const story = storyEvents(clock, device);
  const noise = backgroundEvents(clock, devices);
  const prng = new Prng(SEED ^ 0xffff);
  let reportId = 7_001;

  const DeviceNetworkEvents = [...story.net, ...noise.net].map((e) =>
    row('DeviceNetworkEvents', {
      Timestamp: e.at,
      DeviceId: e.device.machine.id,
      DeviceName: e.device.machine.computerDnsName,
      ActionType: e.actionType,
      RemoteIP: e.remoteIp,
      RemotePort: e.remotePort,
      RemoteUrl: e.remoteUrl,
      LocalIP: e.device.machine.lastIpAddress,
      LocalPort: e.localPort ?? prng.int(49_152, 65_535),
      Protocol: 'Tcp',
      InitiatingProcessFileName: e.process,
      InitiatingProcessSHA1: processSha1(e.process),
      InitiatingProcessAccountName: e.account,
      ReportId: reportId++,
    }),
  );
  const DeviceFileEvents = [...story.files, ...noise.files].map((e) =>
    row('DeviceFileEvents', {
      Timestamp: e.at,
      DeviceId: e.device.machine.id,
      DeviceName: e.device.machine.computerDnsName,
      ActionType: e.actionType,
      FileName: e.fileName,
      FolderPath: `${e.folder}${e.folder.startsWith('/') ? '/' : '\\'}${e.fileName}`,
      SHA1: e.sha1,
      SHA256: e.sha256,
      MD5: e.md5,
      FileSize: e.size,
      InitiatingProcessFileName: e.process,
      InitiatingProcessAccountName: e.account,
      ReportId: reportId++,
    }),
  );
  return { DeviceNetworkEvents, DeviceFileEvents };
}
