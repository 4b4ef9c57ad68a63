import type { InputView } from '../../cards/view-models';
import type { AppConfig } from '../../config/schema';
import type { EndpointClient } from '../../defender/endpoint';
import type { MachineAction, MachineActionType } from '../../defender/types';
import type { ActionSpec, CheckContext, RequestPrefill } from '../registry/action-spec';
import { checkDevice, type DeviceExtra } from './device-check';
import { reasonInput } from './inputs';
import { parseDeviceText } from './typed';

/** What makes one device action different from the others; the rest is common (checkDevice, the reason, the title). */
export interface DeviceActionOptions<Name extends string> {
  name: Name;
  aliases?: readonly string[];
  title: string;
  noun: string;
  description: string;
  inManifest: boolean;
  onCards: boolean;
  permission: string;
  machineActionType: MachineActionType;
  disruptive: boolean;
  approvalByDefault: boolean;
  enabled(config: AppConfig): boolean;
  /** Words after the device that set a parameter ("selective", "full"), and how the usage shows them. */
  flags?: { usage: string; read(words: string[]): Record<string, string> };
  /** A form input besides the reason, and how its value is read back. */
  option?: { input(prefill: RequestPrefill): InputView; read(data: Record<string, unknown>): Record<string, string> };
  /** What only this action checks on the device. */
  extra?: DeviceExtra;
  send(endpoint: EndpointClient, machineId: string, comment: string, params: Record<string, string>): Promise<MachineAction>;
}

export function deviceAction<Name extends string>(o: DeviceActionOptions<Name>): ActionSpec<Name> {
  const spec: ActionSpec<Name> = {
    name: o.name,
    aliases: o.aliases ?? [o.name],
    title: o.title,
    noun: o.noun,
    usage: `${o.name} <device>${o.flags ? ` ${o.flags.usage}` : ''} because <reason>`,
    description: o.description,
    inManifest: o.inManifest,
    onCards: o.onCards,
    permission: o.permission,
    machineActionType: o.machineActionType,
    disruptive: o.disruptive,
    approvalByDefault: o.approvalByDefault,
    enabled: o.enabled,
    parseText: (text) => parseDeviceText(o.name, text, o.flags?.read),
    inputs: (prefill) => [reasonInput(prefill.reason), ...(o.option ? [o.option.input(prefill)] : [])],
    readInputs: (data) => o.option?.read(data) ?? {},
    check: (ctx: CheckContext, params) => checkDevice(ctx, spec, params, o.extra),
    execute: async (defender, params, comment) => ({ kind: 'machineAction', action: await o.send(defender.endpoint, params.machineId ?? '', comment, params) }),
    cardTitle: (params) => `${o.title} ${params.deviceName ?? params.machineId ?? ''}`,
  };
  return spec;
}
