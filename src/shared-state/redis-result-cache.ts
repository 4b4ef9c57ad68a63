import type Redis from 'ioredis';
import type { ResultCache } from '../ports/shared-state';
import type { TargetFindings } from '../defender/lookup/types';
import type { Log } from './connect-redis';

export interface RedisResultCacheOptions {
  /** Larger answers are not stored (a lookup that found that much is cheaper to redo than to ship). Default 1 MB. */
  maxBytes?: number;
  log?: Log;
}

/**
 * The lookup cache every replica shares: findings as JSON under `cache:<target>`, expiring with PX. The cache only
 * saves work, so it never fails a lookup: a value that does not parse, or a Redis error, is a miss (logged).
 */
export class RedisResultCache implements ResultCache {
  private readonly maxBytes: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisResultCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 1_000_000;
  }

  async get(key: string): Promise<TargetFindings | undefined> {
    let raw: string | null;
    try {
      raw = await this.redis.get(cacheKey(key));
    } catch (err) {
      this.options.log?.(`result cache: cannot read ${key}, looking it up instead: ${(err as Error).message}`);
      return undefined;
    }
    if (raw === null) return undefined;
    try {
      const value: unknown = JSON.parse(raw);
      if (isFindings(value)) return value;
    } catch {
      // reported below
    }
    this.options.log?.(`result cache: the entry for ${key} is not readable findings; ignoring it`);
    return undefined;
  }

  async set(key: string, value: TargetFindings, ttlMs: number): Promise<void> {
    if (!(ttlMs >= 1)) return;
    const json = JSON.stringify(value);
    if (Buffer.byteLength(json, 'utf8') > this.maxBytes) return;
    try {
      await this.redis.set(cacheKey(key), json, 'PX', Math.ceil(ttlMs));
    } catch (err) {
      this.options.log?.(`result cache: cannot store ${key}: ${(err as Error).message}`);
    }
  }
}

export function cacheKey(key: string): string {
  return `cache:${key}`;
}

function isFindings(value: unknown): value is TargetFindings {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.target === 'object' &&
    v.target !== null &&
    ['incidents', 'alerts', 'assigned', 'devices', 'files', 'prevalence', 'emails', 'hunting'].every(
      (s) => typeof v[s] === 'object' && v[s] !== null && typeof (v[s] as { status?: unknown }).status === 'string',
    )
  );
}
