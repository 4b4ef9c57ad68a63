import type { Defender } from './connect';
import { kqlString } from './queries/kql';
import { odata } from './queries/odata';
import { FINAL_ACTION_STATUSES, type MachineAction, type MachineActionType, type MdeFile, type MdeMachine } from './types';

/*
 * What response actions read from Defender before and while they act: the device and its machine actions, a file's
 * SHA1 and profile, the live action of one kind on a device. The queries (OData filters, KQL) are written here, in
 * the Defender client; src/core asks in words.
 */

export interface DeviceForAction {
  machine: MdeMachine;
  /** Its recent machine actions, newest first; undefined when they could not be read (the check goes on without). */
  actions?: MachineAction[];
}

/** The device by 40-hex id or computer name, with its recent machine actions. A device Defender does not know throws notFound. */
export async function readDeviceForAction(defender: Defender, idOrName: string): Promise<DeviceForAction> {
  const machine = await defender.endpoint.getMachine(idOrName);
  const actions = (await defender.endpoint.listMachineActions(odata.eq('machineId', machine.id), 50).catch(() => undefined))?.items;
  return { machine, actions: actions?.sort((a, b) => b.creationDateTimeUtc.localeCompare(a.creationDateTimeUtc)) };
}

/** Machine actions that are not final yet (Pending, InProgress). */
export function pendingActions(actions: readonly MachineAction[]): MachineAction[] {
  return actions.filter((a) => !FINAL_ACTION_STATUSES.includes(a.status));
}

/**
 * The SHA1 of a file known by SHA256 (its Defender profile) or MD5 (the device file events of advanced hunting):
 * Defender quarantines by SHA1 only. Undefined when Defender knows none.
 */
export async function sha1OfFile(defender: Defender, file: { sha256?: string; md5?: string }): Promise<string | undefined> {
  if (file.sha256) return (await defender.endpoint.getFile(file.sha256).catch(() => undefined))?.sha1?.toLowerCase();
  if (!file.md5) return undefined;
  const query = `DeviceFileEvents | where MD5 =~ ${kqlString(file.md5, 'MD5')} | summarize by SHA1 | take 1`;
  const sha1 = (await defender.graph.runHuntingQuery(query, 'P30D').catch(() => undefined))?.results[0]?.SHA1;
  return typeof sha1 === 'string' ? sha1.toLowerCase() : undefined;
}

/** A file's Defender profile (prevalence, signer), or undefined when unknown or unreadable. */
export function fileProfile(defender: Defender, hash: string): Promise<MdeFile | undefined> {
  return defender.endpoint.getFile(hash).catch(() => undefined);
}

/**
 * The newest live machine action of `type` on a device: the one a duplicate request attaches to. With `mentioning`,
 * the newest action (live or not) whose comment carries that text: a request's own action found after an unclear answer.
 */
export async function existingAction(defender: Defender, machineId: string, type: MachineActionType, mentioning?: string): Promise<MachineAction | undefined> {
  const list = await defender.endpoint.listMachineActions(odata.and(odata.eq('machineId', machineId), odata.eq('type', type)), 50);
  return list.items
    .filter((a) => (mentioning ? (a.requestorComment ?? '').includes(mentioning) : !FINAL_ACTION_STATUSES.includes(a.status)))
    .sort((a, b) => b.creationDateTimeUtc.localeCompare(a.creationDateTimeUtc))[0];
}

/** The most recent machine actions, of one device or of all, newest first (the `actions` command). */
export async function recentMachineActions(defender: Defender, machineId?: string, top = 20): Promise<MachineAction[]> {
  return (await defender.endpoint.listMachineActions(machineId ? odata.eq('machineId', machineId) : undefined, top)).items;
}
