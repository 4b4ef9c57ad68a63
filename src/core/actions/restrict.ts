import { deviceAction } from './device-action';

/** Restrict app execution to Microsoft-signed binaries (Defender for Endpoint restrict-code-execution). */
export const restrict = deviceAction({
  name: 'restrict',
  title: 'Restrict app execution',
  noun: 'app restriction',
  description: 'Let only Microsoft-signed applications run on a device. Needs the responder role and, if required, a second approver',
  inManifest: false,
  onCards: false,
  permission: 'Machine.RestrictExecution',
  machineActionType: 'RestrictCodeExecution',
  disruptive: true,
  approvalByDefault: true,
  enabled: (c) => c.actions.restrictExecution,
  send: (endpoint, machineId, comment) => endpoint.restrictCodeExecution(machineId, comment),
});
