import { deviceAction } from './device-action';
import { isolationOf } from './device-check';
import { choice } from './inputs';

const isolationType = choice(
  'isolationType',
  'Isolation type',
  [
    { title: 'Full: cut all network traffic except Defender', value: 'Full' },
    { title: 'Selective: keep Outlook, Teams, Skype', value: 'Selective' },
  ],
  'Full',
);

/** Isolate a device from the network (Defender for Endpoint isolate-machine; Full or Selective). */
export const isolate = deviceAction({
  name: 'isolate',
  title: 'Isolate device',
  noun: 'isolation',
  description: 'Isolate a device from the network. Needs the responder role and, if required, a second approver',
  inManifest: true,
  onCards: true,
  permission: 'Machine.Isolate',
  machineActionType: 'Isolate',
  disruptive: true,
  approvalByDefault: true,
  enabled: (c) => c.actions.deviceIsolation,
  flags: { usage: '[selective]', read: (words): Record<string, string> => (words.includes('selective') ? { isolationType: 'Selective' } : {}) },
  option: { input: (prefill) => isolationType.input(prefill.isolationType), read: (data) => ({ isolationType: isolationType.read(data) }) },
  extra: async (_ctx, device) => ({ warnings: isolationOf(device) === 'isolated' ? ['The device is already isolated.'] : [] }),
  send: (endpoint, machineId, comment, params) => endpoint.isolate(machineId, comment, params.isolationType === 'Selective' ? 'Selective' : 'Full'),
});
