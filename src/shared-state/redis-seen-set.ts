import type Redis from 'ioredis';
import type { SeenSet } from '../ports/shared-state';

/** The seen set every replica shares: `seen:<key>` created with SET NX PX, so exactly one replica sees it first. */
export class RedisSeenSet implements SeenSet {
  constructor(private readonly redis: Redis) {}

  async firstTime(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`seen:${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
  }
}
