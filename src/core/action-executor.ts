import { DefenderError } from '../defender/http/errors';
import { existingAction } from '../defender/response-targets';
import type { MachineAction } from '../defender/types';
import { actionSpec } from './actions';
import type { ActionRequest, RequestState } from '../store/types';
import type { ActionRequestDeps } from './action-requests';

export function stateOfAction(status: MachineAction['status']): RequestState {
  switch (status) {
    case 'Pending':
      return 'pending';
    case 'InProgress':
      return 'inProgress';
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
      return 'failed';
    case 'TimeOut':
      return 'timedOut';
    case 'Cancelled':
      return 'cancelled';
  }
}

/** The comment Defender keeps with the action: its own history then names the people and the reason. */
export function actionComment(r: ActionRequest): string {
  const approver = r.approver ? `; approved by ${r.approver.displayName}` : '';
  return `defender-chatops request ${r.id}: requested by ${r.requester.displayName}${approver}; reason: ${r.reason ?? ''}`.slice(0, 1000);
}

/** A live action of the same kind on the device: the one a duplicate attaches to, or ours after an unclear failure. */
export async function findExisting(deps: ActionRequestDeps, r: ActionRequest, mustMention?: string): Promise<MachineAction | undefined> {
  const type = actionSpec(r.action)?.machineActionType;
  if (!type || !r.params.machineId) return undefined;
  return existingAction(deps.defender, r.params.machineId, type, mustMention);
}

const ATTACH_NOTES = {
  submitted: '',
  attached: ' (an action of this kind was already pending; not sent twice)',
  found: ' (found by its request id after an unclear answer)',
} as const;

/** Moves a `submitting` request onto the Defender action that carries it out, and audits it as submitted or attached. */
export async function attachAction(
  deps: ActionRequestDeps,
  request: ActionRequest,
  action: MachineAction,
  how: keyof typeof ATTACH_NOTES,
): Promise<ActionRequest | undefined> {
  const moved = await deps.store.requests.transition(request.id, ['submitting'], {
    state: stateOfAction(action.status),
    defenderActionId: action.id,
    ...(request.lastError ? { lastError: '' } : {}),
  });
  if (moved)
    await deps.store.audit.append({
      at: new Date().toISOString(),
      event: how === 'attached' ? 'attached' : 'submitted',
      requestId: request.id,
      actor: 'system',
      action: request.action,
      target: request.target,
      conversationId: request.conversationId,
      defenderActionId: action.id,
      detail: `${action.type} ${action.status}${ATTACH_NOTES[how]}`,
    });
  return moved;
}

/**
 * Sends a request that reached `submitting` (only one caller can get it there) to Defender, once. A duplicate
 * (ActiveRequestAlreadyExists, or an action already pending) attaches to the existing action; a failure whose outcome is
 * unknown (timeout, reset) is reconciled by looking for our request id in the device's actions before giving up.
 */
export async function submitRequest(deps: ActionRequestDeps, request: ActionRequest): Promise<ActionRequest> {
  const audit = (event: string, detail?: string, defenderActionId?: string) =>
    deps.store.audit.append({
      at: new Date().toISOString(),
      event,
      requestId: request.id,
      actor: 'system',
      action: request.action,
      target: request.target,
      conversationId: request.conversationId,
      defenderActionId,
      detail,
    });
  const attach = async (action: MachineAction, how: 'submitted' | 'attached') =>
    (await attachAction(deps, request, action, how)) ?? (await deps.store.requests.get(request.id))!;
  const fail = async (message: string) => {
    const moved = await deps.store.requests.transition(request.id, ['submitting'], { state: 'failed', lastError: message.slice(0, 500) });
    await audit('failed', message);
    return moved ?? (await deps.store.requests.get(request.id))!;
  };

  // A pending action of the same kind means a click elsewhere or a retry already sent it.
  const already = await findExisting(deps, request).catch(() => undefined);
  if (already) return attach(already, 'attached');

  try {
    const spec = actionSpec(request.action);
    if (!spec) return fail(`"${request.action}" is not a response action this bot knows`);
    const result = await spec.execute(deps.defender, request.params, actionComment(request));
    if (result.kind === 'indicator') {
      const moved = await deps.store.requests.transition(request.id, ['submitting'], {
        state: 'succeeded',
        defenderActionId: `indicator:${result.indicatorId}`,
      });
      await audit('submitted', `indicator ${result.indicatorId} created`, `indicator:${result.indicatorId}`);
      return moved ?? (await deps.store.requests.get(request.id))!;
    }
    return attach(result.action, 'submitted');
  } catch (err) {
    if (err instanceof DefenderError && err.kind === 'conflict') {
      const existing = await findExisting(deps, request).catch(() => undefined);
      if (existing) return attach(existing, 'attached');
      return fail(`Defender says an action of this kind is already in progress, but it could not be found: ${err.message}`);
    }
    if (err instanceof DefenderError && (err.kind === 'timeout' || err.kind === 'network' || (err.kind === 'upstream' && (err.details.status ?? 500) >= 500))) {
      // The action may have been created anyway (Defender can finish after our timeout): our request id is in its
      // comment. Not there yet: the request stays "submitting" and the tracker keeps looking before it gives up.
      const ours = await findExisting(deps, request, request.id).catch(() => undefined);
      if (ours) return attach(ours, 'submitted');
      // A server error is an answer: nothing was created. No answer at all (timeout, reset) is not, for a machine
      // action, which can be found later by its comment (an indicator cannot).
      if (err.kind === 'upstream' || !actionSpec(request.action)?.machineActionType) return fail(err.message);
      const unclear = await deps.store.requests.update(request.id, request.version, {
        lastError: 'Defender did not confirm the action in time; the bot is checking whether it was created (its comment carries this request id).',
      });
      await audit('submit-unclear', err.message);
      return unclear ?? (await deps.store.requests.get(request.id))!;
    }
    if (err instanceof DefenderError) return fail(err.message);
    // Not Defender's answer (a fault of the bot or its store): the card says what happened in words, the raw text
    // goes to the log only.
    deps.log?.(`sending request ${request.id} failed inside the bot: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`, 'warn');
    return fail(
      'The bot failed before Defender answered (an internal error, logged). Check the machine actions of the device (actions <device>) before asking again.',
    );
  }
}
