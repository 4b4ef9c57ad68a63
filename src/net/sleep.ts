import type { AbortSignalLike } from '@azure/abort-controller';

/** A wait that an abort ends early; tests pass their own to wait no real time. */
export type Sleep = (ms: number, signal?: AbortSignalLike) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
