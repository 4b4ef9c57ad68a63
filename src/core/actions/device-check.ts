import type { FactView } from '../../cards/view-models';
import { DefenderError } from '../../defender/http/errors';
import { isolationState } from '../../defender/lookup/assemble';
import { QueryValueError } from '../../defender/queries/query-value-error';
import { pendingActions, readDeviceForAction, type DeviceForAction } from '../../defender/response-targets';
import type { MdeMachine } from '../../defender/types';
import type { ActionSpec, CheckContext, CheckPassed, CheckRefusal, CheckResult } from '../registry/action-spec';

const day = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'unknown');

const ISOLATION_TEXT = {
  isolated: 'isolated',
  notIsolated: 'not isolated',
  pendingIsolation: 'isolation pending',
  pendingRelease: 'release pending',
  unknown: 'unknown',
} as const;

/** The DEVICE_EXCLUSIONS rule that covers the device (`tag:<machine tag>` or `name:<computer name, * wildcard>`), if any. */
export function exclusionOf(machine: MdeMachine, rules: readonly string[]): string | undefined {
  for (const rule of rules) {
    const [kind, ...rest] = rule.split(':');
    const value = rest.join(':').toLowerCase();
    if (kind?.toLowerCase() === 'tag' && machine.machineTags.some((t) => t.toLowerCase() === value)) return rule;
    if (kind?.toLowerCase() === 'name') {
      const pattern = new RegExp(`^${value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      const name = machine.computerDnsName.toLowerCase();
      if (pattern.test(name) || pattern.test(name.split('.')[0] ?? '')) return rule;
    }
  }
  return undefined;
}

/** What a device action needs from its device beyond the common checks (warnings, more facts), or a refusal. */
export type DeviceExtra = (
  ctx: CheckContext,
  device: DeviceForAction,
  params: Record<string, string>,
) => Promise<Partial<CheckPassed> | CheckRefusal | undefined>;

/**
 * The checks every action on a device shares: the device read from Defender (by id or name), its state shown, an
 * excluded device refused for a disruptive action, a long-offline device and an action of the same kind already
 * pending flagged. `extra` adds what only this action checks.
 */
export async function checkDevice(ctx: CheckContext, spec: ActionSpec, params: Record<string, string>, extra?: DeviceExtra): Promise<CheckResult> {
  const named = params.machineId ?? params.deviceName ?? '';
  let device: DeviceForAction;
  try {
    device = await readDeviceForAction(ctx.defender, named);
  } catch (err) {
    if (err instanceof QueryValueError) return { refused: { tone: 'warning', title: 'That value cannot be used', text: err.message } };
    if (err instanceof DefenderError && err.kind === 'notFound')
      return {
        refused: {
          tone: 'warning',
          title: 'Device not found',
          text: `Defender for Endpoint knows no device called ${named}: check the name (the full computer name or the 40-character machine id).`,
        },
      };
    return { refused: { tone: 'error', title: 'Defender did not answer', text: ctx.words(err, 'The device could not be read from Defender for Endpoint') } };
  }
  const { machine, actions } = device;
  const pending = actions ? pendingActions(actions) : [];
  const isolation = actions ? isolationState(actions) : 'unknown';
  const facts: FactView[] = [
    { title: 'Device', value: machine.computerDnsName },
    { title: 'OS', value: [machine.osPlatform, machine.version].filter(Boolean).join(' ') },
    { title: 'Health', value: machine.healthStatus },
    { title: 'Risk', value: machine.riskScore },
    { title: 'Last seen', value: day(machine.lastSeen) },
    { title: 'Isolation', value: ISOLATION_TEXT[isolation] },
    ...pending.map((p) => ({ title: 'Pending action', value: `${p.type} (${p.status})` })),
  ];
  const excluded = exclusionOf(machine, ctx.config.actions.deviceExclusions);
  if (excluded && spec.disruptive) {
    return {
      refused: {
        tone: 'warning',
        title: 'This device is excluded',
        text: `${machine.computerDnsName} is on the exclusion list (${excluded}): chat can never ${spec.name} it. Use the Defender portal if you must.`,
      },
      audit: `device excluded (${excluded})`,
      target: machine.computerDnsName,
    };
  }
  const warnings: string[] = [];
  const hoursOffline = (ctx.now.getTime() - Date.parse(machine.lastSeen)) / 3600_000;
  if (hoursOffline > ctx.config.actions.offlineWarningHours)
    warnings.push(`${machine.computerDnsName} has not been seen for ${Math.round(hoursOffline / 24)} days: the action will wait until it comes back.`);
  const isolationKinds = ['Isolate', 'Unisolate'];
  const samePending = pending.filter(
    (p) => p.type === spec.machineActionType || (isolationKinds.includes(spec.machineActionType ?? '') && isolationKinds.includes(p.type)),
  );
  if (samePending.length)
    warnings.push(
      `An action of this kind is already pending on the device (${samePending.map((p) => `${p.type} ${p.status}`).join(', ')}): confirming attaches to it instead of sending a second one.`,
    );
  const resolved = { ...params, machineId: machine.id, deviceName: machine.computerDnsName };
  const more = await extra?.(ctx, device, resolved);
  if (more && 'refused' in more) return more;
  return {
    params: { ...resolved, ...(more?.params ?? {}) },
    facts: [...facts, ...(more?.facts ?? [])],
    warnings: [...warnings, ...(more?.warnings ?? [])],
  };
}

/** The isolation state the device's actions describe (for the isolate and release warnings). */
export function isolationOf(device: DeviceForAction): ReturnType<typeof isolationState> {
  return device.actions ? isolationState(device.actions) : 'unknown';
}
