import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

export interface LuaScript {
  source: string;
  sha: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/** EVALSHA, loading the script with EVAL the first time a server has not seen it. Keys get the key prefix. */
export async function runScript(redis: Redis, script: LuaScript, keys: string[], args: (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (!/NOSCRIPT/.test(String((err as Error | undefined)?.message))) throw err;
    return await redis.eval(script.source, keys.length, ...keys, ...args);
  }
}

/** The key prefix of a connection: ioredis applies it to keys, not to pub/sub channels, so those add it themselves. */
export function keyPrefixOf(redis: Redis): string {
  return redis.options.keyPrefix ?? '';
}
