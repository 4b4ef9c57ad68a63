import type { RouteStats } from '../../emulator/server';

/** Emulator routes that change something in Defender: machine actions, their cancel, custom indicators. */
export const DEFENDER_WRITE_ROUTES: ReadonlySet<string> = new Set([
  'mde.isolate',
  'mde.unisolate',
  'mde.StopAndQuarantineFile',
  'mde.runAntiVirusScan',
  'mde.restrictCodeExecution',
  'mde.unrestrictCodeExecution',
  'mde.collectInvestigationPackage',
  'mde.cancel',
  'mde.indicatorCreate',
  'mde.indicatorDelete',
]);

/** How many calls the emulator received that change something in Defender. */
export function defenderWrites(calls: readonly RouteStats[]): number {
  return calls.filter((c) => DEFENDER_WRITE_ROUTES.has(c.route)).length;
}
