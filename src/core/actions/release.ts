import { deviceAction } from './device-action';
import { isolationOf } from './device-check';

/** Release a device from isolation (Defender for Endpoint unisolate-machine). */
export const release = deviceAction({
  name: 'release',
  aliases: ['release', 'unisolate'],
  title: 'Release device from isolation',
  noun: 'release',
  description: 'Release a device from isolation. Needs the responder role and, if required, a second approver',
  inManifest: true,
  onCards: true,
  permission: 'Machine.Isolate',
  machineActionType: 'Unisolate',
  disruptive: false,
  approvalByDefault: true,
  enabled: (c) => c.actions.deviceIsolation,
  extra: async (_ctx, device) => ({ warnings: isolationOf(device) === 'notIsolated' ? ['The device is not isolated.'] : [] }),
  send: (endpoint, machineId, comment) => endpoint.unisolate(machineId, comment),
});
