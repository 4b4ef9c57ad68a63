import type { GraphAlert } from '../../../src/defender/types';
import type { StoryEmail } from '../emails';
import type { MachineKey } from '../ids';
import type { DemoDevice } from '../machines';
import { Prng } from '../prng';
import type { Clock } from '../time';
import type { HuntingTable } from '../types';
import { table } from './columns';
import { deriveAlertTables } from './derive-alert-tables';
import { deriveDeviceTables } from './derive-device-tables';
import { buildEmailTables } from './email-tables';
import { buildIdentityLogons } from './identity-logons';
import { buildNetworkAndFileEvents } from './network-and-file-events';

export interface TableInputs {
  clock: Clock;
  alerts: readonly GraphAlert[];
  devices: readonly DemoDevice[];
  device: (key: MachineKey) => DemoDevice;
  emails: readonly StoryEmail[];
}

export function buildHuntingTables({ clock, alerts, devices, device, emails }: TableInputs): Record<string, HuntingTable> {
  const alertTables = deriveAlertTables(
    alerts,
    devices.map((d) => d.machine),
  );
  const deviceTables = deriveDeviceTables(devices, clock);
  const events = buildNetworkAndFileEvents(clock, devices, device);
  const mail = buildEmailTables(emails, clock, new Prng(0xe3a11));
  const logons = buildIdentityLogons(clock, device, new Prng(0x1d10c));
  return {
    AlertInfo: table('AlertInfo', alertTables.AlertInfo),
    AlertEvidence: table('AlertEvidence', alertTables.AlertEvidence),
    DeviceInfo: table('DeviceInfo', deviceTables.DeviceInfo),
    DeviceNetworkInfo: table('DeviceNetworkInfo', deviceTables.DeviceNetworkInfo),
    DeviceNetworkEvents: table('DeviceNetworkEvents', events.DeviceNetworkEvents),
    DeviceFileEvents: table('DeviceFileEvents', events.DeviceFileEvents),
    EmailEvents: table('EmailEvents', mail.EmailEvents),
    EmailUrlInfo: table('EmailUrlInfo', mail.EmailUrlInfo),
    EmailAttachmentInfo: table('EmailAttachmentInfo', mail.EmailAttachmentInfo),
    EmailPostDeliveryEvents: table('EmailPostDeliveryEvents', mail.EmailPostDeliveryEvents),
    IdentityLogonEvents: table('IdentityLogonEvents', logons),
  };
}
