import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Log } from './connect-redis';
import type { FlightClaim, FlightCoordinator } from '../ports/shared-state';
import { keyPrefixOf, luaScript, runScript } from './lua-script';

/**
 * Ends the claim if it is still this leader's and tells the followers; a leader whose claim lapsed and was taken by
 * another stays silent, so it does not wake the new leader's followers early.
 */
const FINISH = luaScript(`
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then redis.call('DEL', KEYS[1]) elseif current then return 0 end
redis.call('PUBLISH', ARGV[2], 'done')
return 1
`);

export interface RedisFlightsOptions {
  /** How often a follower checks for the value and for the leader's claim when no signal came. Default 200 ms. */
  pollMs?: number;
  log?: Log;
}

/**
 * Flights shared by every replica: the claim is `flight:<key>` (SET NX PX with a token), done() deletes it and
 * publishes on the channel `<prefix>flight:<key>`. Followers listen on one subscriber connection per instance.
 */
export class RedisFlights implements FlightCoordinator {
  private subscriber: Redis | undefined;
  private readonly channels = new Map<string, { wakers: Set<() => void>; subscribed: Promise<unknown> }>();
  private readonly pollMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisFlightsOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 200;
  }

  /** When Redis cannot be reached the caller leads: coalescing only saves work, it never blocks a lookup. */
  async claim(key: string, ttlMs: number): Promise<FlightClaim> {
    const token = randomUUID();
    let claimed: string | null;
    try {
      claimed = await this.redis.set(claimKey(key), token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
    } catch (err) {
      this.options.log?.(`flights: cannot claim ${key}, fetching it here: ${(err as Error).message}`);
      return { leader: true, done: async () => undefined };
    }
    if (claimed !== 'OK') return { leader: false };
    let finished: Promise<void> | undefined;
    const done = () => {
      finished ??= runScript(this.redis, FINISH, [claimKey(key)], [token, this.channel(key)]).then(
        () => undefined,
        (err: unknown) => this.options.log?.(`flights: cannot end the claim on ${key}, it will lapse: ${(err as Error).message}`),
      );
      return finished;
    };
    return { leader: true, done };
  }

  async waitFor<T>(key: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    let signalled = false;
    let wake: (() => void) | undefined;
    const waker = () => {
      signalled = true;
      wake?.();
    };
    const channel = this.channel(key);
    await this.listen(channel, waker);
    try {
      for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (signalled) return undefined; // the leader is done and left nothing to share
        // No claim: the leader finished (and its signal was missed) or crashed and its claim lapsed.
        if (!(await this.claimed(key))) return await check();
        const left = deadline - Date.now();
        if (left <= 0) return undefined;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(this.pollMs, left));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
          if (signalled) wake();
        });
        wake = undefined;
      }
    } finally {
      await this.unlisten(channel, waker);
    }
  }

  /** Whether someone still holds the claim; when Redis cannot say, stop waiting (the caller fetches it itself). */
  private async claimed(key: string): Promise<boolean> {
    try {
      return (await this.redis.exists(claimKey(key))) === 1;
    } catch (err) {
      this.options.log?.(`flights: cannot see the claim on ${key}, no longer waiting: ${(err as Error).message}`);
      return false;
    }
  }

  /** Closes the subscriber connection (the main connection is the caller's). */
  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.channels.clear();
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private channel(key: string): string {
    return `${keyPrefixOf(this.redis)}${claimKey(key)}`;
  }

  private subscriberConnection(): Redis {
    if (!this.subscriber) {
      const subscriber = this.redis.duplicate();
      subscriber.on('error', (err: Error) => this.options.log?.(`flights: subscriber connection: ${err.message}`));
      subscriber.on('message', (channel: string) => {
        for (const wakeUp of this.channels.get(channel)?.wakers ?? []) wakeUp();
      });
      this.subscriber = subscriber;
    }
    return this.subscriber;
  }

  private async listen(channel: string, waker: () => void): Promise<void> {
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = { wakers: new Set(), subscribed: this.subscriberConnection().subscribe(channel) };
      this.channels.set(channel, entry);
    }
    entry.wakers.add(waker);
    try {
      await entry.subscribed;
    } catch (err) {
      // Polling still finds the value and notices a lapsed claim; the signal only makes it faster.
      this.options.log?.(`flights: cannot subscribe to ${channel}, polling only: ${(err as Error).message}`);
    }
  }

  private async unlisten(channel: string, waker: () => void): Promise<void> {
    const entry = this.channels.get(channel);
    if (!entry) return;
    entry.wakers.delete(waker);
    if (entry.wakers.size > 0) return;
    this.channels.delete(channel);
    await this.subscriber?.unsubscribe(channel).catch(() => undefined);
  }
}

function claimKey(key: string): string {
  return `flight:${key}`;
}
