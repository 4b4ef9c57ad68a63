import { loadConfig } from '../../src/config/load';
import type { AppConfig } from '../../src/config/schema';
import { connectDefender, type Defender } from '../../src/defender/connect';
import { DefenderEmulator, type EmulatorOptions } from '../../emulator/server';

/** A clock both sides share, so tests move time instead of waiting for it. */
export class TestClock {
  offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface EmulatorHarness {
  emulator: DefenderEmulator;
  clock: TestClock;
  config: AppConfig;
  defender: Defender;
  waits: number[];
  close(): Promise<void>;
}

/**
 * The emulator in-process over HTTPS, and the bot's real Defender clients pointed at it through configuration,
 * exactly as in production: @azure/identity, the pipeline, an agent that trusts the emulator's certificate.
 * The client's sleep moves the shared clock instead of waiting.
 */
export async function startHarness(options: EmulatorOptions = {}, env: Record<string, string> = {}): Promise<EmulatorHarness> {
  const clock = new TestClock();
  const emulator = await DefenderEmulator.start({ rateLimits: 'off', now: clock.now, ...options });
  let config: AppConfig;
  try {
    // These tests drive the Defender clients, not who may read through chat: reading is opened explicitly (outside
    // demo mode the configuration otherwise needs a ROLE_* member). A test about roles sets its own.
    config = loadConfig({ ...emulator.environment(), LOOKUPS_REQUIRE_ROLE: 'false', DEFENDER_MAX_RETRY_WAIT_SECONDS: '120', ...env });
  } catch (err) {
    await emulator.close();
    throw err;
  }
  const waits: number[] = [];
  const agent = emulator.agent();
  const defender = await connectDefender(config, {
    agent,
    sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  });
  return {
    emulator,
    clock,
    config,
    defender,
    waits,
    async close() {
      agent.destroy();
      await defender.close();
      await emulator.close();
    },
  };
}
