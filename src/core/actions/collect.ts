import { deviceAction } from './device-action';

/** Collect an investigation package from a device (Defender for Endpoint collect-investigation-package). */
export const collect = deviceAction({
  name: 'collect',
  title: 'Collect investigation package',
  noun: 'investigation package',
  description: 'Collect an investigation package (forensics) from a device. Needs the responder role',
  inManifest: false,
  onCards: false,
  permission: 'Machine.CollectForensics',
  machineActionType: 'CollectInvestigationPackage',
  disruptive: false,
  approvalByDefault: false,
  enabled: (c) => c.actions.collectPackage,
  send: (endpoint, machineId, comment) => endpoint.collectInvestigationPackage(machineId, comment),
});
