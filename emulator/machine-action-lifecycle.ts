import { randomUUID } from 'node:crypto';
import { FINAL_ACTION_STATUSES, type MachineAction, type MachineActionStatus, type MachineActionType, type MdeMachine } from '../src/defender/types';
import type { EmulatorContext } from './context';

interface Progress {
  createdMs: number;
  outcome: MachineActionStatus;
}

// Progress of actions created through the emulator; seeded history keeps the status it was given.
const progress = new WeakMap<MachineAction, Progress>();

/** Brings an action's status up to date with the clock: Pending -> InProgress -> outcome. */
export function refresh(action: MachineAction, ctx: EmulatorContext): MachineAction {
  const p = progress.get(action);
  if (!p || FINAL_ACTION_STATUSES.includes(action.status)) return action;
  const elapsed = ctx.now().getTime() - p.createdMs;
  const { pendingMs, inProgressMs } = ctx.timeline;
  const status: MachineActionStatus = elapsed < pendingMs ? 'Pending' : elapsed < pendingMs + inProgressMs ? 'InProgress' : p.outcome;
  if (status !== action.status) {
    action.status = status;
    const changedAt = status === 'InProgress' ? p.createdMs + pendingMs : status === 'Pending' ? p.createdMs : p.createdMs + pendingMs + inProgressMs;
    action.lastUpdateDateTimeUtc = new Date(changedAt).toISOString();
    if (status === 'Failed' || status === 'TimeOut') action.errorHResult = -2147024891;
  }
  return action;
}

/** Isolate and Unisolate share one slot per device, as do restrict and unrestrict. */
function family(type: MachineActionType): string {
  if (type === 'Isolate' || type === 'Unisolate') return 'isolation';
  if (type === 'RestrictCodeExecution' || type === 'UnrestrictCodeExecution') return 'restriction';
  return type;
}

export function activeActionLike(ctx: EmulatorContext, machineId: string, type: MachineActionType): MachineAction | undefined {
  return ctx.tenant.machineActions
    .map((a) => refresh(a, ctx))
    .find((a) => a.machineId === machineId && family(a.type) === family(type) && !FINAL_ACTION_STATUSES.includes(a.status));
}

export function createAction(
  ctx: EmulatorContext,
  machine: MdeMachine,
  type: MachineActionType,
  requestor: string,
  comment: string,
  extra: Partial<MachineAction> = {},
): MachineAction {
  const now = ctx.now();
  const action: MachineAction = {
    id: randomUUID(),
    type,
    title: null,
    scope: null,
    requestor,
    requestorComment: comment,
    requestSource: 'PublicApi',
    externalId: null,
    commands: [],
    troubleshootInfo: null,
    status: 'Pending',
    machineId: machine.id,
    computerDnsName: machine.computerDnsName,
    creationDateTimeUtc: now.toISOString(),
    lastUpdateDateTimeUtc: now.toISOString(),
    cancellationRequestor: null,
    cancellationComment: null,
    cancellationDateTimeUtc: null,
    errorHResult: 0,
    relatedFileInfo: null,
    ...extra,
  };
  progress.set(action, { createdMs: now.getTime(), outcome: ctx.outcomeOverrides.get(machine.id) ?? ctx.timeline.outcome });
  ctx.tenant.machineActions.push(action);
  return action;
}

export function cancelAction(ctx: EmulatorContext, action: MachineAction, requestor: string, comment: string): MachineAction {
  const now = ctx.now().toISOString();
  action.status = 'Cancelled';
  action.cancellationRequestor = requestor;
  action.cancellationComment = comment;
  action.cancellationDateTimeUtc = now;
  action.lastUpdateDateTimeUtc = now;
  return action;
}
