import type { ButtonView, FactView, InputView, RequestView } from '../../src/cards/view-models';
import { requestId } from './fixtures';

/*
 * One isolation request of the Contoso demo tenant at each stage, as core would build it: the confirmation for the
 * responder, the approval card for the conversation, the live status while pending, and the final status.
 */

const DEVICE_LINK = {
  title: 'Open device',
  url: 'https://security.microsoft.com/machines/v2/9f1ce7a/overview?tid=4a6f1c2e-8f3d-4b1a-9c7e-2d5b6a8f0e13',
};

export const ISOLATION_CHOICES = [
  { title: 'Full: cut every connection except to Defender', value: 'Full' },
  { title: 'Selective: keep Outlook, Teams and Skype working', value: 'Selective' },
];

export function isolationTypeInput(overrides: Partial<InputView> = {}): InputView {
  return {
    id: 'isolationType',
    label: 'Isolation type',
    kind: 'choice',
    required: true,
    choices: ISOLATION_CHOICES,
    value: 'Full',
    ...overrides,
  };
}

export function reasonInput(overrides: Partial<InputView> = {}): InputView {
  return {
    id: 'reason',
    label: 'Reason',
    kind: 'text',
    required: true,
    placeholder: 'Ticket number and why, e.g. INC-1042: beaconing to a Tor exit node',
    maxLength: 500,
    ...overrides,
  };
}

function deviceFacts(isolation: string): FactView[] {
  return [
    { title: 'Device', value: 'ws-fin-017.contoso.local' },
    { title: 'OS', value: 'Windows 11 23H2' },
    { title: 'Health', value: 'Active' },
    { title: 'Risk', value: 'High' },
    { title: 'Last seen', value: '2025-06-02 07:55 UTC' },
    { title: 'Isolation', value: isolation },
  ];
}

function requestButton(title: string, verb: ButtonView['verb'], id: string, primary = false): ButtonView {
  return { title, verb, requestId: id, ...(primary ? { primary: true } : {}) };
}

const WARNINGS = [
  'ws-fin-017 has 1 pending machine action (antivirus scan): the isolation waits until it completes.',
  'ws-fin-017 is tagged Finance-Critical: isolating it stops the payment run on this device.',
];

export function confirmRequestView(overrides: Partial<RequestView> = {}): RequestView {
  const id = requestId();
  return {
    kind: 'request',
    demo: true,
    stage: 'confirm',
    title: 'Isolate ws-fin-017.contoso.local?',
    tone: 'attention',
    facts: [...deviceFacts('not isolated'), { title: 'Pending actions', value: 'Antivirus scan (since 07:31 UTC)' }],
    warnings: WARNINGS,
    inputs: [isolationTypeInput(), reasonInput()],
    // The cancel button comes first here: the renderer must still put the primary one first.
    buttons: [requestButton('Cancel', 'abandon', id), requestButton('Isolate device', 'confirm', id, true)],
    timeline: [],
    links: [DEVICE_LINK],
    ...overrides,
  };
}

export function approvalRequestView(overrides: Partial<RequestView> = {}): RequestView {
  const id = requestId();
  return {
    kind: 'request',
    demo: true,
    stage: 'approval',
    title: 'Approval needed: isolate ws-fin-017',
    tone: 'warning',
    facts: [
      ...deviceFacts('not isolated'),
      { title: 'Requested by', value: 'j.doe@contoso.com' },
      { title: 'Isolation type', value: 'Full' },
      { title: 'Reason', value: 'INC-1042: beaconing to a Tor exit node from the finance VLAN' },
      { title: 'Expires', value: '2025-06-02 09:02 UTC' },
    ],
    warnings: [WARNINGS[1] ?? ''],
    inputs: [],
    buttons: [requestButton('Approve', 'approve', id, true), requestButton('Reject', 'reject', id)],
    timeline: [{ at: '08:47 UTC', text: 'Requested by j.doe@contoso.com' }],
    links: [DEVICE_LINK],
    ...overrides,
  };
}

export const PENDING_TIMELINE = [
  { at: '08:47 UTC', text: 'Requested by j.doe@contoso.com (reason: INC-1042)' },
  { at: '08:49 UTC', text: 'Approved by a.smith@contoso.com' },
  { at: '08:49 UTC', text: 'Sent to Defender: machine action 5f2d1c0e-7b9a-4e3f-a1d2-6c8b9e0f1a2b' },
  { at: '08:50 UTC', text: 'Status: Pending (waiting for the device to connect)' },
  { at: '08:55 UTC', text: 'Status: InProgress' },
];

export function pendingStatusView(overrides: Partial<RequestView> = {}): RequestView {
  const id = requestId();
  return {
    kind: 'request',
    demo: true,
    stage: 'status',
    title: 'Isolation of ws-fin-017: In progress',
    tone: 'warning',
    facts: [
      { title: 'Device', value: 'ws-fin-017.contoso.local' },
      { title: 'Isolation type', value: 'Full' },
      { title: 'Machine action', value: '5f2d1c0e-7b9a-4e3f-a1d2-6c8b9e0f1a2b' },
      { title: 'Status', value: 'InProgress' },
    ],
    warnings: [],
    inputs: [],
    buttons: [requestButton('Cancel isolation', 'cancelAction', id), requestButton('Refresh status', 'status', id)],
    timeline: PENDING_TIMELINE,
    links: [DEVICE_LINK],
    ...overrides,
  };
}

export function succeededStatusView(overrides: Partial<RequestView> = {}): RequestView {
  return pendingStatusView({
    demo: false,
    title: 'Isolation of ws-fin-017: Succeeded',
    tone: 'good',
    facts: [
      { title: 'Device', value: 'ws-fin-017.contoso.local' },
      { title: 'Isolation type', value: 'Full' },
      { title: 'Status', value: 'Succeeded' },
    ],
    buttons: [],
    timeline: [...PENDING_TIMELINE, { at: '08:58 UTC', text: 'Status: Succeeded, ws-fin-017 is isolated' }],
    ...overrides,
  });
}

export function requestViews(): Array<[string, RequestView]> {
  return [
    ['request confirm', confirmRequestView()],
    ['request approval', approvalRequestView()],
    ['request status (pending)', pendingStatusView()],
    ['request status (succeeded)', succeededStatusView()],
  ];
}
