import { deviceAction } from './device-action';
import { choice } from './inputs';

const scanType = choice(
  'scanType',
  'Scan type',
  [
    { title: 'Quick', value: 'Quick' },
    { title: 'Full', value: 'Full' },
  ],
  'Quick',
);

/** Run an antivirus scan on a device (Defender for Endpoint run-av-scan; Quick or Full). */
export const scan = deviceAction({
  name: 'scan',
  title: 'Run antivirus scan',
  noun: 'antivirus scan',
  description: 'Run a Microsoft Defender Antivirus scan on a device (quick, or full). Needs the responder role',
  inManifest: false,
  onCards: false,
  permission: 'Machine.Scan',
  machineActionType: 'RunAntiVirusScan',
  disruptive: false,
  approvalByDefault: false,
  enabled: (c) => c.actions.avScan,
  flags: { usage: '[full]', read: (words): Record<string, string> => (words.includes('full') ? { scanType: 'Full' } : {}) },
  option: { input: (prefill) => scanType.input(prefill.scanType), read: (data) => ({ scanType: scanType.read(data) }) },
  send: (endpoint, machineId, comment, params) => endpoint.runAntiVirusScan(machineId, comment, params.scanType === 'Full' ? 'Full' : 'Quick'),
});
