import { deviceAction } from './device-action';

/** Remove the app execution restriction (Defender for Endpoint unrestrict-code-execution). */
export const unrestrict = deviceAction({
  name: 'unrestrict',
  title: 'Remove app restriction',
  noun: 'removal of the app restriction',
  description: 'Remove the app execution restriction from a device. Needs the responder role and, if required, a second approver',
  inManifest: false,
  onCards: false,
  permission: 'Machine.RestrictExecution',
  machineActionType: 'UnrestrictCodeExecution',
  disruptive: false,
  approvalByDefault: true,
  enabled: (c) => c.actions.restrictExecution,
  send: (endpoint, machineId, comment) => endpoint.unrestrictCodeExecution(machineId, comment),
});
