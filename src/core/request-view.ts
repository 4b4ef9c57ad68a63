import type { ButtonView, FactView, InputView, RequestView } from '../cards/view-models';
import { ACTIONS, type ActionName } from '../defender/actions/catalog';
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
  const spec = ACTIONS[r.action as ActionName];
  const device = r.params.deviceName ?? r.params.machineId ?? '';
  switch (r.action) {
    case 'quarantine':
      return `${spec.title} ${r.params.fileName ?? r.params.sha1 ?? ''} on ${device}`;
    case 'block':
      return `${r.params.indicatorAction ?? 'Block'} ${r.params.indicatorValue ?? ''}`;
    default:
      return `${spec?.title ?? r.action} ${device}`;
  }
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

/** Values typed with the command ("isolate ws-042 selective because C2"), shown pre-filled on the form. */
export interface RequestPrefill {
  reason?: string;
  isolationType?: string;
  scanType?: string;
}

function inputsFor(action: string, prefill: RequestPrefill = {}): InputView[] {
  const inputs: InputView[] = [{ id: 'reason', label: 'Reason (goes into Defender and the audit)', kind: 'text', required: true, placeholder: 'e.g. C2 beacon to 198.51.100.77, incident 48215', maxLength: 500, value: prefill.reason }];
  if (action === 'isolate')
    inputs.push({ id: 'isolationType', label: 'Isolation type', kind: 'choice', required: true, value: prefill.isolationType === 'Selective' ? 'Selective' : 'Full', choices: [{ title: 'Full: cut all network traffic except Defender', value: 'Full' }, { title: 'Selective: keep Outlook, Teams, Skype', value: 'Selective' }] });
  if (action === 'scan') inputs.push({ id: 'scanType', label: 'Scan type', kind: 'choice', required: true, value: prefill.scanType === 'Full' ? 'Full' : 'Quick', choices: [{ title: 'Quick', value: 'Quick' }, { title: 'Full', value: 'Full' }] });
  if (action === 'block') {
    inputs.push({ id: 'indicatorAction', label: 'Action', kind: 'choice', required: true, value: 'Block', choices: [{ title: 'Block', value: 'Block' }, { title: 'Warn', value: 'Warn' }, { title: 'Audit', value: 'Audit' }] });
    inputs.push({ id: 'expiryDays', label: 'Expires after (days)', kind: 'choice', required: true, value: '30', choices: ['1', '7', '30', '90', '365'].map((d) => ({ title: d, value: d })) });
  }
  return inputs;
}

/** The card of a request at its current stage. */
export function buildRequestView(parts: RequestViewParts): RequestView {
  const r = parts.request;
  const title = targetTitle(r);
  const base = { kind: 'request' as const, demo: parts.demo, facts: parts.facts, warnings: parts.warnings, timeline: timeline(parts.audit), links: [] };
  const personal = parts.personalFor?.length && r.state === 'awaitingConfirmation'
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
        { title: r.approvalsRequired > 0 ? 'Confirm and ask for approval' : 'Confirm and send', verb: 'confirm', requestId: parts.mint('confirm'), primary: true },
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
    buttons: r.state === 'pending' || r.state === 'inProgress' ? [{ title: 'Cancel the action', verb: 'cancelAction', requestId: parts.mint('cancelAction') }, { title: 'Refresh', verb: 'status', requestId: parts.mint('status') }] : [],
  };
}
