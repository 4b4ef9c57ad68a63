import { Agent } from 'node:https';
import { loadConfig } from '../src/config/load';
import type { AppConfig } from '../src/config/schema';
import { connectDefender, type Defender } from '../src/defender/connect';
import type { RateBudget } from '../src/net/memory-rate-budget';

/** What a child process needs to reach the emulator: the settings that point the bot at it, and its CA certificate. */
export interface EmulatorAddress {
  environment: Record<string, string>;
  caPem: string;
}

export const EMULATOR_ENV = 'BENCH_EMULATOR';

/** A rate budget that never holds a call back (for measuring throughput and CPU, not Microsoft's limits). */
export const NO_BUDGET: RateBudget = { reserve: async () => ({ waitMs: 0, booked: true }) };

export interface ChildBot {
  config: AppConfig;
  defender: Defender;
  /** Trusts the emulator's certificate. */
  agent: Agent;
  close(): Promise<void>;
}

/**
 * In a child process: the bot's real Defender clients pointed at the parent's emulator through configuration, as in
 * production (@azure/identity, the pipeline, HTTPS with the emulator's CA trusted), with Microsoft's rate budget or none.
 */
export async function connectToParentEmulator(settings: Record<string, string>, budget: 'microsoft' | 'off'): Promise<ChildBot> {
  const raw = process.env[EMULATOR_ENV];
  if (!raw) throw new Error(`${EMULATOR_ENV} is not set: run this through npm run bench`);
  const address = JSON.parse(raw) as EmulatorAddress;
  const config = loadConfig({ ...address.environment, ...settings });
  const agent = new Agent({ ca: address.caPem, keepAlive: true });
  const defender = await connectDefender(config, { agent, ...(budget === 'off' ? { budget: NO_BUDGET } : {}) });
  // Tokens first, as a bot that has been running holds them already.
  await defender.credential.getToken(defender.endpoints.graphScope);
  await defender.credential.getToken(defender.endpoints.apiScope);
  return {
    config,
    defender,
    agent,
    async close() {
      agent.destroy();
      await defender.close();
    },
  };
}

/** Sends the part's result to the benchmark's main process. */
export function reply(result: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('no IPC channel: run this through npm run bench'));
    process.send(result, (err: Error | null) => (err ? reject(err) : resolve()));
  });
}

/** The entry point of a child: run, reply, end (with a non-zero code on failure). */
export function childMain(work: () => Promise<unknown>): void {
  work()
    .then(reply)
    .then(() => process.disconnect?.())
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
      process.disconnect?.();
    });
}
