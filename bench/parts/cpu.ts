/** Part 2: the bot's own CPU per indicator, measured in a child process (see cpu.child.ts). */
import { runChild } from '../emulator-host';
import { round, spread, type Spread } from '../stats';
import type { Row } from '../table';
import type { BenchContext, PartOutcome } from './part';

/** CPU milliseconds per indicator, one entry per 10-indicator message. */
export interface CpuSamples {
  indicators: number;
  recognize: number[];
  /** The lookup on replayed upstream answers: pipeline, JSON parsing, assembly into findings. */
  assembly: number[];
  /** The same lookup over HTTPS against the emulator: the above plus sockets and TLS. */
  https: number[];
  view: number[];
  adaptive: number[];
  blockKit?: number[];
  blockKitNote?: string;
}

export const CPU_TARGET_MS = 2;

export async function runCpuPart(context: BenchContext): Promise<PartOutcome> {
  const host = context.host;
  host.configure(0, 'off');
  const s = await runChild<CpuSamples>(context, 'parts/cpu.child.ts');
  // A lookup is answered on one platform, so one card per lookup: the Teams path (Adaptive Card) and the Slack path
  // (Block Kit) are measured separately, each against the target.
  const sum = (lookup: number[], card: number[]) => s.recognize.map((r, i) => r + lookup[i]! + s.view[i]! + card[i]!);
  const teams = sum(s.assembly, s.adaptive);
  const slack = s.blockKit ? sum(s.assembly, s.blockKit) : undefined;
  const total = teams;
  const withHttps = sum(s.https, s.adaptive);
  const fmt = (x: Spread) => `${x.median.toFixed(3)} / ${x.p95.toFixed(3)} ms`;
  const part = '2 CPU';
  const stage = (measure: string, values: number[] | undefined): Row => ({
    part,
    measure: `  ${measure}`,
    value: values ? fmt(spread(values)) : `not measured: ${s.blockKitNote}`,
    target: '',
  });
  const pathRow = (platform: string, card: string, values: number[]): Row => {
    const x = spread(values);
    return {
      part,
      measure: `bot CPU per indicator, ${platform}: recognition + lookup assembly + view + ${card}, median / p95 (${s.recognize.length} messages of ${s.indicators}, process.cpuUsage)`,
      value: fmt(x),
      target: `p95 <= ${CPU_TARGET_MS} ms`,
      pass: x.p95 <= CPU_TARGET_MS,
    };
  };
  const rows: Row[] = [
    pathRow('Teams', 'Adaptive Card', teams),
    ...(slack ? [pathRow('Slack', 'Block Kit', slack)] : []),
    stage('recognition (recognize)', s.recognize),
    stage('lookup assembly on replayed upstream answers (pipeline, JSON, findings)', s.assembly),
    stage('view model (buildLookupView, signed button ids)', s.view),
    stage('Adaptive Card (renderAdaptiveCard)', s.adaptive),
    stage('Block Kit (renderBlockKit)', s.blockKit),
    { part, measure: 'Teams path with the lookup over HTTPS to the emulator (adds sockets, TLS), median / p95', value: fmt(spread(withHttps)), target: '' },
  ];
  const summary = (values: number[] | undefined) => (values ? { median: round(spread(values).median, 4), p95: round(spread(values).p95, 4) } : undefined);
  return {
    rows,
    results: {
      cpuPerIndicatorMs: summary(total),
      cpu: {
        unit: 'CPU ms per indicator (user + system of the bot process), one sample per 10-indicator message',
        messages: s.recognize.length,
        indicatorsPerMessage: s.indicators,
        total: summary(total),
        teams: summary(teams),
        slack: summary(slack),
        totalWithHttpsLookup: summary(withHttps),
        recognize: summary(s.recognize),
        lookupAssemblyReplayed: summary(s.assembly),
        lookupOverHttps: summary(s.https),
        view: summary(s.view),
        adaptiveCard: summary(s.adaptive),
        blockKit: summary(s.blockKit) ?? s.blockKitNote,
      },
    },
  };
}
