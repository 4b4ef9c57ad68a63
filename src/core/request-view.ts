import type { ButtonView, FactView, InputView, RequestView } from '../cards/view-models';
import { actionSpec } from './actions';
import type { RequestPrefill } from './registry/action-spec';

export type { RequestPrefill };
import type { ActionRequest, AuditEntry } from '../store/types';

const STATE_TEXT: Record<string, string> = {
  awaitingConfirmation: 'Waiting for confirmation',
  awaitingApproval: 'Waiting for an approver',
  submitting: 'Sending to Defender',
  pending: 'Pending in Defender',
  inProgress: 'In progress on the device',
  succeeded: 'Succeeded',
  failed: 'Failed',
  timedOut: 'Timed out in Defender',
  cancelled: 'Cancelled',
  denied: 'Refused',
  rejected: 'Rejected by the approver',
  expired: 'Expired',
};

export function stateText(state: string): string {
  return STATE_TEXT[state] ?? state;
}

const time = (iso: string) => `${iso.slice(11, 16)} UTC`;

export function targetTitle(r: Pick<ActionRequest, 'action' | 'params'>): string {
  return actionSpec(r.action)?.cardTitle(r.params) ?? `${r.action} ${r.params.deviceName ?? r.params.indicatorValue ?? ''}`;
}

function timeline(entries: AuditEntry[]): RequestView['timeline'] {
  return [...entries].reverse().map((e) => ({ at: time(e.at), text: `${e.event}: ${e.actor}${e.detail ? ` (${e.detail})` : ''}` }));
}

export interface RequestViewParts {
  request: ActionRequest;
  demo: boolean;
  facts: FactView[];
  warnings: string[];
  audit: AuditEntry[];
  mint: (verb: ButtonView['verb']) => string;
  /**
   * Who looks: the requester gets the confirmation form; everyone else sees that the request waits for them. Only the
   * confirmation stage differs.
   */
  audience?: 'requester' | 'everyone';
  /** Platform ids whose clients fetch their own view of the card (Teams refresh): the requester, while it waits for them. */
  personalFor?: string[];
  prefill?: RequestPrefill;
}

function inputsFor(action: string, prefill: RequestPrefill): InputView[] {
  return actionSpec(action)?.inputs(prefill) ?? [];
}

/** The card of a request at its current stage. */
export function buildRequestView(parts: RequestViewParts): RequestView {
  const r = parts.request;
  const title = targetTitle(r);
  const base = { kind: 'request' as const, demo: parts.demo, facts: parts.facts, warnings: parts.warnings, timeline: timeline(parts.audit), links: [] };
  const personal =
    parts.personalFor?.length && r.state === 'awaitingConfirmation'
      ? { personal: { userIds: parts.personalFor.slice(0, 60), button: { title: 'Refresh', verb: 'status' as const, requestId: parts.mint('status') } } }
      : {};
  if (r.state === 'awaitingConfirmation' && parts.audience === 'everyone') {
    return {
      ...base,
      ...personal,
      stage: 'confirm',
      title: `${title}? Waiting for ${r.requester.displayName} to confirm`,
      tone: 'default',
      facts: [{ title: 'Requested by', value: r.requester.displayName }, ...parts.facts, { title: 'Expires', value: time(r.expiresAt) }],
      inputs: [],
      // Where a client cannot fetch the personal view by itself (older clients, Outlook), the requester opens it here;
      // anyone else who clicks gets this same card.
      buttons: [{ title: 'Open the form (requester)', verb: 'status', requestId: parts.mint('status') }],
    };
  }
  if (r.state === 'awaitingConfirmation') {
    return {
      ...personal,
      ...base,
      stage: 'confirm',
      title: `${title}?`,
      tone: 'warning',
      facts: [...parts.facts, { title: 'Needs approval', value: r.approvalsRequired > 0 ? 'yes, by someone else with the approver role' : 'no' }],
      inputs: inputsFor(r.action, { ...parts.prefill, reason: r.reason ?? parts.prefill?.reason }),
      buttons: [
        {
          title: r.approvalsRequired > 0 ? 'Confirm and ask for approval' : 'Confirm and send',
          verb: 'confirm',
          requestId: parts.mint('confirm'),
          primary: true,
        },
        { title: 'Cancel', verb: 'abandon', requestId: parts.mint('abandon') },
      ],
    };
  }
  if (r.state === 'awaitingApproval') {
    return {
      ...base,
      stage: 'approval',
      title: `Approval needed: ${title}`,
      tone: 'warning',
      facts: [
        { title: 'Requested by', value: r.requester.displayName },
        { title: 'Reason', value: r.reason ?? '' },
        ...(r.params.isolationType ? [{ title: 'Isolation type', value: r.params.isolationType }] : []),
        { title: 'Expires', value: time(r.expiresAt) },
        ...parts.facts,
      ],
      inputs: [],
      buttons: [
        { title: 'Approve', verb: 'approve', requestId: parts.mint('approve'), primary: true },
        { title: 'Reject', verb: 'reject', requestId: parts.mint('reject') },
      ],
    };
  }
  const final = ['succeeded', 'failed', 'timedOut', 'cancelled', 'denied', 'rejected', 'expired'].includes(r.state);
  return {
    ...base,
    stage: 'status',
    title: `${title}: ${stateText(r.state)}`,
    tone: r.state === 'succeeded' ? 'good' : final ? 'attention' : 'warning',
    facts: [
      { title: 'State', value: stateText(r.state) },
      { title: 'Requested by', value: r.requester.displayName },
      ...(r.approver ? [{ title: 'Approved by', value: r.approver.displayName }] : []),
      ...(r.reason ? [{ title: 'Reason', value: r.reason }] : []),
      ...(r.defenderActionId ? [{ title: 'Defender action', value: r.defenderActionId }] : []),
      ...(r.lastError ? [{ title: 'Error', value: r.lastError }] : []),
      ...parts.facts,
    ],
    inputs: [],
    buttons:
      r.state === 'pending' || r.state === 'inProgress'
        ? [
            { title: 'Cancel the action', verb: 'cancelAction', requestId: parts.mint('cancelAction') },
            { title: 'Refresh', verb: 'status', requestId: parts.mint('status') },
          ]
        : [],
  };
}
