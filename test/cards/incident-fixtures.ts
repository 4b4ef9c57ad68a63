import { CLASSIFICATION_TITLES, CLASSIFICATIONS, DETERMINATION_TITLES, DETERMINATIONS_BY_CLASSIFICATION } from '../../src/defender/incident-values';
import type { ButtonView, IncidentTriageView, IncidentView, InputView, ItemView } from '../../src/cards/view-models';
import { requestId } from './fixtures';
import { HOSTILE, hostileValues } from './hostile-fixtures';

/*
 * Incident cards as core would build them from Graph incidents/{id}?$expand=alerts for the Contoso demo tenant: a
 * typical multi-stage incident with every triage control, one without triage, one far over every size budget, and
 * one whose every text is hostile.
 */

const PORTAL = 'https://security.microsoft.com';
const TID = 'tid=4a6f1c2e-8f3d-4b1a-9c7e-2d5b6a8f0e13';

function triageButton(title: string): ButtonView {
  return { title, verb: 'triage', requestId: requestId() };
}

export function commentInput(overrides: Partial<InputView> = {}): InputView {
  return { id: 'comment', label: 'Comment', kind: 'text', required: true, placeholder: 'What you found or did', maxLength: 1000, ...overrides };
}

export function tagInput(overrides: Partial<InputView> = {}): InputView {
  return { id: 'tag', label: 'Tag', kind: 'text', required: true, placeholder: 'e.g. Phishing campaign', maxLength: 100, ...overrides };
}

/** The classification/determination pairs the portal offers, one button each, as core builds them. */
export function resolveGroups(): IncidentTriageView['resolve'] {
  return CLASSIFICATIONS.map((classification) => ({
    title: CLASSIFICATION_TITLES[classification],
    buttons: DETERMINATIONS_BY_CLASSIFICATION[classification].map((determination) => triageButton(DETERMINATION_TITLES[determination] ?? determination)),
  }));
}

export function triageView(tags: string[] = ['Phishing campaign', 'Finance'], overrides: Partial<IncidentTriageView> = {}): IncidentTriageView {
  return {
    assign: triageButton('Assign to me'),
    statuses: [triageButton('In progress'), triageButton('Resolved')],
    resolve: resolveGroups(),
    comment: { title: 'Comment', inputs: [commentInput()], submit: triageButton('Add comment') },
    addTag: { title: 'Add tag', inputs: [tagInput()], submit: triageButton('Add tag') },
    removeTags: tags.map((tag) => triageButton(`Remove ${tag}`)),
    textHint: 'Or type: incident 4471 comment <text> · incident 4471 tag <tag> · incident 4471 untag <tag>',
    ...overrides,
  };
}

export function alertItem(id: string, title: string, severity = 'High'): ItemView {
  return {
    title,
    subtitle: `${severity} · New · Microsoft Defender for Endpoint · 2025-06-01 22:14 UTC`,
    tone: severity === 'High' ? 'attention' : 'warning',
    facts: [{ title: 'MITRE', value: 'T1059.001 PowerShell' }],
    links: [{ title: 'Open alert', url: `${PORTAL}/alerts/${id}?${TID}` }],
    buttons: [],
  };
}

export function deviceItem(name: string, isolated: boolean): ItemView {
  return {
    title: name,
    subtitle: `${isolated ? 'ISOLATED' : 'not isolated'} · Windows 11 · risk High · last seen 2025-06-02 07:55 UTC`,
    tone: isolated ? 'warning' : 'attention',
    facts: [],
    links: [{ title: 'Open device', url: `${PORTAL}/machines/v2/9f1c${name.length}e7a/overview?${TID}` }],
    buttons: [
      isolated ? { title: 'Release', verb: 'release', requestId: requestId() } : { title: 'Isolate', verb: 'isolate', requestId: requestId(), primary: true },
    ],
  };
}

function userItem(upn: string): ItemView {
  return { title: upn, subtitle: 'Compromised account · risk High', tone: 'attention', facts: [], links: [], buttons: [] };
}

function mailboxItem(address: string): ItemView {
  return { title: address, subtitle: 'Recipient of 3 phishing e-mails', tone: 'warning', facts: [], links: [], buttons: [] };
}

export function incidentView(overrides: Partial<IncidentView> = {}): IncidentView {
  return {
    kind: 'incident',
    demo: true,
    id: '4471',
    title: 'Incident 4471: Multi-stage attack involving initial access and command and control on ws-042',
    headline: 'High · Active · Unassigned · Not classified',
    scope: '3 alerts · 2 devices · 1 user · 1 mailbox',
    tone: 'attention',
    notice: { tone: 'warning', text: 'Changed in Defender since this card was drawn: severity raised to High' },
    alerts: [
      alertItem('da638537', 'Suspicious PowerShell command line'),
      alertItem('da638538', 'Connection to a Tor exit node', 'Medium'),
      alertItem('da638539', 'Phishing e-mail delivered to j.doe@contoso.com', 'Medium'),
    ],
    devices: [deviceItem('ws-042.contoso.local', false), deviceItem('ws-fin-017.contoso.local', true)],
    users: [userItem('j.doe@contoso.com')],
    mailboxes: [mailboxItem('j.doe@contoso.com')],
    tags: ['Phishing campaign', 'Finance'],
    comments: [
      { at: '2025-06-02 08:12 UTC', by: 'alex@contoso.com', text: 'Blocked the sender domain; checking the other recipients.' },
      { at: '2025-06-02 07:58 UTC', by: 'Automated investigation', text: 'Investigation 1183 started.' },
    ],
    links: [
      { title: 'Open incident', url: `${PORTAL}/incidents/4471?${TID}` },
      { title: 'Attack story', url: `${PORTAL}/incidents/4471/attackstory?${TID}` },
    ],
    triage: triageView(),
    refresh: { title: 'Refresh', verb: 'incidentRefresh', requestId: requestId() },
    updatedAt: '2025-06-02 08:41 UTC',
    generatedAt: '2025-06-02 08:45 UTC',
    ...overrides,
  };
}

/** Far over every budget: `alerts` alerts and `devices` devices with long titles, many users and mailboxes. */
export function hugeIncidentView(alerts = 200, devices = 50): IncidentView {
  const long = (i: number, what: string) => `${what} ${i}: ${'suspicious activity observed on the endpoint and correlated by Defender XDR '.repeat(3)}`;
  return incidentView({
    scope: `${alerts} alerts · ${devices} devices · 30 users · 20 mailboxes`,
    notice: undefined,
    alerts: Array.from({ length: alerts }, (_, i) => alertItem(`da${i}`, long(i, 'Alert'))),
    devices: Array.from({ length: devices }, (_, i) => deviceItem(`${long(i, 'ws')}.contoso.local`, i % 3 === 0)),
    users: Array.from({ length: 30 }, (_, i) => userItem(`user${i}@contoso.com`)),
    mailboxes: Array.from({ length: 20 }, (_, i) => mailboxItem(`mailbox${i}@contoso.com`)),
    comments: Array.from({ length: 3 }, (_, i) => ({ at: `2025-06-02 08:1${i} UTC`, by: 'alex@contoso.com', text: long(i, 'Comment') })),
    showAll: { title: 'Show all', verb: 'incidentShowAll', requestId: requestId() },
  });
}

/** Every item an incident view lists, left off or not: what "Show all" shows. */
export function incidentEntryCount(view: IncidentView): number {
  return view.alerts.length + view.devices.length + view.users.length + view.mailboxes.length + view.comments.length + (view.hiddenCount ?? 0);
}

function hostileItem(text: string, index: number): ItemView {
  return {
    title: text,
    subtitle: text,
    tone: 'attention',
    facts: [{ title: text, value: text }],
    links: [{ title: text, url: 'https://security.microsoft.com/alerts/da1' }],
    buttons: [{ title: text, verb: 'isolate', requestId: `rq-${index}` }],
  };
}

/** Hostile text in every field an incident card shows. */
export function hostileIncidentView(): IncidentView {
  const button = (text: string, index: number): ButtonView => ({ title: text, verb: 'triage', requestId: `rq-t${index}` });
  return incidentView({
    id: HOSTILE.template,
    title: HOSTILE.link,
    headline: HOSTILE.bold,
    scope: HOSTILE.mention,
    notice: { tone: 'info', text: HOSTILE.html },
    alerts: hostileValues.map(hostileItem),
    devices: hostileValues.slice(0, 4).map(hostileItem),
    users: [hostileItem(HOSTILE.rtl, 90)],
    mailboxes: [hostileItem(HOSTILE.zeroWidth, 91)],
    tags: hostileValues,
    comments: [
      { at: HOSTILE.date, by: HOSTILE.mention, text: HOSTILE.path },
      { at: HOSTILE.template, by: HOSTILE.control, text: HOSTILE.long },
      { at: '', by: '', text: HOSTILE.code },
    ],
    links: [{ title: HOSTILE.link, url: 'https://security.microsoft.com/incidents/4471' }],
    triage: {
      assign: button(HOSTILE.bold, 0),
      statuses: [button(HOSTILE.heading, 1), button(HOSTILE.template, 2)],
      resolve: [
        { title: HOSTILE.mention, buttons: hostileValues.slice(0, 5).map((text, i) => button(text, 10 + i)) },
        { title: HOSTILE.template, buttons: [button(HOSTILE.date, 20)] },
      ],
      comment: {
        title: HOSTILE.link,
        inputs: [commentInput({ label: HOSTILE.mention, placeholder: HOSTILE.template, value: HOSTILE.rtl })],
        submit: button(HOSTILE.path, 30),
      },
      addTag: { title: HOSTILE.template, inputs: [tagInput({ label: HOSTILE.bold, placeholder: HOSTILE.control })], submit: button(HOSTILE.list, 31) },
      removeTags: hostileValues.slice(0, 6).map((text, i) => button(text, 40 + i)),
      textHint: HOSTILE.autolink,
    },
    showAll: { title: HOSTILE.code, verb: 'incidentShowAll', requestId: 'rq-all' },
    hiddenCount: 3,
    updatedAt: HOSTILE.date,
    generatedAt: HOSTILE.template,
  });
}

export function incidentViews(): Array<[string, IncidentView]> {
  return [
    ['incident (typical)', incidentView()],
    ['incident (live, no triage, no notice)', incidentView({ demo: false, triage: undefined, notice: undefined, refresh: undefined })],
    [
      'incident (info notice, nothing listed)',
      incidentView({
        notice: { tone: 'info', text: 'Assigned to alex@contoso.com by Alex' },
        alerts: [],
        devices: [],
        users: [],
        mailboxes: [],
        comments: [],
        tags: [],
        links: [],
      }),
    ],
    ['incident (huge)', hugeIncidentView()],
  ];
}
