import type { AbortSignalLike } from '@azure/abort-controller';
import type { PipelineRequest } from '@azure/core-rest-pipeline';
import type { Operation } from './operation';

/** What the policies know about a request beyond HTTP: the operation it serves and the waiting it has done. */
export interface RequestState {
  op: Operation;
  waitedMs: number;
  attempts: number;
  timedOut: boolean;
}

const states = new WeakMap<PipelineRequest, RequestState>();

export function attachState(request: PipelineRequest, op: Operation): RequestState {
  const state: RequestState = { op, waitedMs: 0, attempts: 0, timedOut: false };
  states.set(request, state);
  return state;
}

export function stateOf(request: PipelineRequest): RequestState {
  const state = states.get(request);
  if (!state) throw new Error('request was not created by DefenderHttp');
  return state;
}

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
