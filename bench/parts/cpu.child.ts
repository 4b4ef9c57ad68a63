/**
 * Part 2, in its own process: the bot's own CPU per indicator (process.cpuUsage, user + system) for recognition, lookup
 * assembly, the view and each card renderer. The lookup runs twice per message: once over HTTPS against the parent's
 * emulator (0 latency; its work is in the other process), once replaying the emulator's recorded answers under the same
 * pipeline, so the assembly of upstream answers into findings is measured without sockets and TLS.
 */
import { ButtonRegistry } from '../../src/core/button-registry';
import { buildLookupView } from '../../src/core/lookup-view';
import { LookupService } from '../../src/defender/lookup/lookup-service';
import { recognize } from '../../src/entities';
import { childMain, connectToParentEmulator } from '../child';
import { loadRenderers } from '../renderers';
import { ReplayHttpClient, replayingDefender } from '../replay';
import { CHANNEL_ID, MESSAGE } from '../scenario';
import type { CpuSamples } from './cpu';

const WARMUP = Number(process.env.BENCH_CPU_WARMUP ?? 30);
const SAMPLES = Number(process.env.BENCH_CPU_SAMPLES ?? 200);

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

childMain(async (): Promise<CpuSamples> => {
  // No rate budget: 230 lookups in a few seconds would otherwise queue behind hunting's 45 calls a minute.
  const bot = await connectToParentEmulator({ DEFENDER_CACHE_SECONDS: '0' }, 'off');
  const { config, defender } = bot;
  const renderers = await loadRenderers();
  const overHttps = new LookupService(defender, config, { cacheTtlMs: 0 });
  const tape = new ReplayHttpClient();
  const replayed = new LookupService(replayingDefender(defender, config, tape, bot.agent), config, { cacheTtlMs: 0 });
  const buttons = new ButtonRegistry();
  const mint = (verb: string, params: Record<string, string>) => buttons.mint(verb, CHANNEL_ID, params);
  const samples: CpuSamples = {
    indicators: 0,
    recognize: [],
    assembly: [],
    https: [],
    view: [],
    adaptive: [],
    blockKit: renderers.blockKit ? [] : undefined,
    blockKitNote: renderers.blockKitNote,
  };

  const first = recognize(MESSAGE, { cap: config.lookups.maxIndicators }).indicators.map((x) => ({ type: x.type, value: x.value, internal: x.internal }));
  await replayed.lookup(first);
  tape.recording = false;

  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    let t = process.cpuUsage();
    const found = recognize(MESSAGE, { cap: config.lookups.maxIndicators, ignore: config.lookups.ignoreIndicators });
    const recognizeMs = cpuMs(t);
    const targets = found.indicators.map((x) => ({ type: x.type, value: x.value, internal: x.internal }));

    t = process.cpuUsage();
    const result = await replayed.lookup(targets);
    const assemblyMs = cpuMs(t);

    t = process.cpuUsage();
    await overHttps.lookup(targets);
    const httpsMs = cpuMs(t);

    t = process.cpuUsage();
    const view = buildLookupView(result, { actions: config.actions, mint });
    view.refresh = { title: 'Refresh', verb: 'refresh', requestId: mint('refresh', { targets: JSON.stringify(targets) }) };
    const viewMs = cpuMs(t);

    t = process.cpuUsage();
    renderers.adaptive(view);
    const adaptiveMs = cpuMs(t);

    let blockKitMs = 0;
    if (renderers.blockKit) {
      t = process.cpuUsage();
      renderers.blockKit(view);
      blockKitMs = cpuMs(t);
    }
    if (i < WARMUP) continue;
    const n = targets.length;
    samples.indicators = n;
    samples.recognize.push(recognizeMs / n);
    samples.assembly.push(assemblyMs / n);
    samples.https.push(httpsMs / n);
    samples.view.push(viewMs / n);
    samples.adaptive.push(adaptiveMs / n);
    samples.blockKit?.push(blockKitMs / n);
  }
  await bot.close();
  return samples;
});
