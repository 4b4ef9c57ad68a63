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
