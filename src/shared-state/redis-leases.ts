import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Leases } from '../ports/shared-state';
import { luaScript, runScript } from './lua-script';

const RENEW = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** Leases every replica honours: `lease:<key>` holds the owner's token (SET NX PX); renew and release compare first. */
export class RedisLeases implements Leases {
  constructor(private readonly redis: Redis) {}

  async acquire(key: string, ttlMs: number): Promise<string | undefined> {
    const token = randomUUID();
    const ok = await this.redis.set(leaseKey(key), token, 'PX', px(ttlMs), 'NX');
    return ok === 'OK' ? token : undefined;
  }

  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    return Number(await runScript(this.redis, RENEW, [leaseKey(key)], [token, px(ttlMs)])) === 1;
  }

  async release(key: string, token: string): Promise<void> {
    await runScript(this.redis, RELEASE, [leaseKey(key)], [token]);
  }
}

function leaseKey(key: string): string {
  return `lease:${key}`;
}

function px(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}
