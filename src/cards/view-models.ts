// Platform-neutral answers. `core` builds them; src/cards renders them as Adaptive Cards (Teams) and Block Kit (Slack).
// Every text here is raw (untrusted where it comes from Defender); each renderer escapes it for its own markup.

/**
 * Every button verb: the command buttons, the response actions offered on cards, and the request card's steps.
 * They come from the registry in src/core (commands, actions, ActionRequestService); test/core/registry-listings
 * fails when this list and the registry differ. Cards only know the names, never what they do.
 */
export const VERBS = [
  'isolate',
  'release',
  'quarantine',
  'refresh',
  'showMore',
  'huntPage',
  'confirm',
  'abandon',
  'approve',
  'reject',
  'cancelAction',
  'status',
  'openIncident',
  'incidentRefresh',
  'incidentShowAll',
  'triage',
] as const;

export type Verb = (typeof VERBS)[number];

/** A button: a verb and an opaque request id. What it acts on lives in the server's store, never in the card. */
export interface ButtonView {
  title: string;
  verb: Verb;
  requestId: string;
  /** Shown with emphasis (the main action of an item). */
  primary?: boolean;
}

export interface LinkView {
  title: string;
  url: string;
}

export interface FactView {
  title: string;
  value: string;
}

/** One incident, alert, device, file, e-mail or hunting row. */
export interface ItemView {
  title: string;
  /** The key fact line under the title: severity, status, isolation... */
  subtitle?: string;
  /** Severity or state that colours the item: attention (high), warning (medium), good, default. */
  tone?: 'attention' | 'warning' | 'good' | 'default';
  facts: FactView[];
  links: LinkView[];
  buttons: ButtonView[];
}

export interface SectionView {
  /** e.g. "Incidents", "Alerts", "Devices", "File", "E-mails", "Hunting: DeviceNetworkEvents". */
  title: string;
  status: 'ok' | 'error' | 'empty';
  /** The cause and what to do, when status is 'error'. */
  error?: string;
  /** Filled only in part (status 'ok' or 'empty'): what is missing and why. Such a section never reads as "none found". */
  partial?: string;
  /**
   * Index in LookupView.problems of the failure behind `error` or `partial`: the card says it once, near the top,
   * and the section only points to it.
   */
  problem?: number;
  items: ItemView[];
  /** Items not shown on the card (over the size budget or the per-section cap). */
  hiddenCount?: number;
  showMore?: ButtonView;
}

/** What one failure left out: sections that could not be read ('missing') or were filled in part ('incomplete'). */
export interface ProblemEffect {
  kind: 'missing' | 'incomplete';
  /** Section titles, in card order. */
  sections: string[];
  /** The values of the indicators these sections belong to, in card order. */
  indicators: string[];
}

/** One distinct failure of a lookup (one upstream, one cause), said once on the card with everything it affects. */
export interface ProblemView {
  /** The upstream that failed, in words ("advanced hunting"); absent when the failure does not say. */
  source?: string;
  /** The cause and what to do (may quote Microsoft: untrusted). */
  message: string;
  /** Each group of sections it affected for the same indicators. */
  effects: ProblemEffect[];
  /** When the source may be asked again (ISO 8601). */
  retryAt?: string;
  /** Seconds from the lookup to retryAt. */
  retryAfterSeconds?: number;
  /** Permissions of which one is missing, by name. */
  missingPermissions?: string[];
}

export interface IndicatorView {
  type: string;
  value: string;
  /** Private or reserved address. */
  internal: boolean;
  /** The first line an analyst reads: "3 alerts (high) · 2 devices · seen on 3 devices". */
  headline: string;
  tone: 'attention' | 'warning' | 'good' | 'default';
  sections: SectionView[];
  /** Link to the indicator's own page in the Defender portal. */
  link?: LinkView;
}

export interface VerdictView {
  highestSeverity: string | null;
  incidents: number;
  alerts: number;
  devices: number;
  emails: number;
  huntingRows: number;
}

export interface LookupView {
  kind: 'lookup';
  demo: boolean;
  /** The tenant the answer comes from, when the bot serves several: the card's first line names it. */
  tenant?: string;
  /** "looked up the first 25 of 140 indicators" */
  notice?: string;
  verdict: VerdictView;
  /** Every distinct failure, once; sections point to them by index. */
  problems?: ProblemView[];
  indicators: IndicatorView[];
  generatedAt: string;
  refresh?: ButtonView;
}

export interface HuntView {
  kind: 'hunt';
  demo: boolean;
  /** The tenant the answer comes from, when the bot serves several: the card's first line names it. */
  tenant?: string;
  query: string;
  columns: string[];
  rows: string[][];
  page: number;
  pageCount: number;
  totalRows: number;
  next?: ButtonView;
  previous?: ButtonView;
  error?: string;
}

export interface ActionsView {
  kind: 'actions';
  demo: boolean;
  /** The tenant the answer comes from, when the bot serves several: the card's first line names it. */
  tenant?: string;
  title: string;
  items: ItemView[];
  error?: string;
}

export interface HelpView {
  kind: 'help';
  demo: boolean;
  /** The tenant the answer comes from, when the bot serves several: the card's first line names it. */
  tenant?: string;
  /** Why help is shown: "I did not understand ..." or undefined when asked for. */
  reason?: string;
  commands: { usage: string; description: string }[];
}

/** A short answer: progress ("looking up 12 indicators..."), a refusal, an error, a notice. */
export interface MessageView {
  kind: 'message';
  demo: boolean;
  /** The tenant the answer comes from, when the bot serves several: the card's first line names it. */
  tenant?: string;
  tone: 'info' | 'progress' | 'warning' | 'error';
  title: string;
  text?: string;
}

/** An input the person fills in on a card; its value comes back merged into the button's data. */
export interface InputView {
  id: 'reason' | 'isolationType' | 'scanType' | 'indicatorAction' | 'expiryDays' | 'comment' | 'tag';
  label: string;
  kind: 'text' | 'choice';
  required: boolean;
  placeholder?: string;
  maxLength?: number;
  choices?: { title: string; value: string }[];
  value?: string;
}

/**
 * One response-action request at one stage: the confirmation for the person who clicked, the approval card for the
 * conversation, or the live status of the action in Defender.
 */
export interface RequestView {
  kind: 'request';
  demo: boolean;
  /** The tenant the answer comes from, when the bot serves several: the card's first line names it. */
  tenant?: string;
  stage: 'confirm' | 'approval' | 'status';
  /** "Isolate ws-042.contoso.com?" / "Approval needed: isolate ws-042" / "Isolation of ws-042: Pending" */
  title: string;
  tone: 'attention' | 'warning' | 'good' | 'default';
  /** What the action targets: device name, OS, health, risk, last seen, isolation state, pending actions; file name, prevalence, signer. */
  facts: FactView[];
  /** Reasons to stop and think, shown before anything is sent: excluded device, long offline, already isolated, pending action. */
  warnings: string[];
  inputs: InputView[];
  buttons: ButtonView[];
  /** Who did what, when: requested, approved, submitted, each status change. */
  timeline: { at: string; text: string }[];
  links: LinkView[];
  /**
   * A view some people see differently (the requester's confirmation form): Teams clients of `userIds` (platform user
   * ids, at most 60) fetch their own view with this button's verb and request id whenever they show the card
   * (Universal Actions `refresh`), so it survives a reload and reaches the person's phone. Others see this view.
   */
  personal?: { userIds: string[]; button: ButtonView };
}

/** A comment on an incident, as Defender keeps it. */
export interface IncidentCommentView {
  at: string;
  by: string;
  text: string;
}

/** A form on the incident card: text inputs and the button that sends them (a comment, a tag). */
export interface IncidentFormView {
  title: string;
  inputs: InputView[];
  submit: ButtonView;
}

/** The triage controls of an incident card; each button carries the incident and the change it makes. */
export interface IncidentTriageView {
  /** "Assign to me": one tap. A shared card cannot know who looks at it, so it is shown to everyone. */
  assign?: ButtonView;
  /** Set status: the statuses it is not in. */
  statuses: ButtonView[];
  /** Resolve with a classification and determination: one group per classification, one button per valid determination. */
  resolve: { title: string; buttons: ButtonView[] }[];
  comment?: IncidentFormView;
  /** Add a tag (form) and remove one (a button per tag). */
  addTag?: IncidentFormView;
  removeTags: ButtonView[];
  /** How to do the same by text ("incident 4471 comment <text>"), for clients without forms. */
  textHint: string;
}

/**
 * One incident, whole: the first two lines say how bad and where (headline, scope), then its alerts, the devices with
 * their response buttons, users, mailboxes, tags and the latest comments. Built by core from Graph incidents/{id}
 * with $expand=alerts.
 */
export interface IncidentView {
  kind: 'incident';
  demo: boolean;
  /** The tenant the answer comes from, when the bot serves several: the card's first line names it. */
  tenant?: string;
  id: string;
  /** "Incident 4471: Multi-stage attack on ws-042" */
  title: string;
  /** Line 1: "High · Active · Unassigned · Not classified" */
  headline: string;
  /** Line 2: "3 alerts · 2 devices · 1 user · 1 mailbox" */
  scope: string;
  tone: 'attention' | 'warning' | 'good' | 'default';
  /** What happened to the card: "Changed in Defender since this card was drawn: ...", "Assigned to alex@contoso.com by Alex". */
  notice?: { tone: 'info' | 'warning'; text: string };
  alerts: ItemView[];
  devices: ItemView[];
  users: ItemView[];
  mailboxes: ItemView[];
  tags: string[];
  /** The latest first, at most three. */
  comments: IncidentCommentView[];
  links: LinkView[];
  /** Items left off the card (alerts, devices, users, mailboxes, comments), and the button that shows them all. */
  hiddenCount?: number;
  showAll?: ButtonView;
  /** Absent when triage is not enabled on this bot. */
  triage?: IncidentTriageView;
  refresh?: ButtonView;
  /** The incident's lastUpdateDateTime, as drawn. */
  updatedAt: string;
  generatedAt: string;
}

export type AnswerView = LookupView | HuntView | ActionsView | HelpView | MessageView | RequestView | IncidentView;
