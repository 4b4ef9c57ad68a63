import { DEMO_USERS } from '../../../emulator/tenant';

/** A Teams user as the Bot Connector describes them in `from`. */
export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId?: string;
}

export const USERS = {
  /** SOC Responders + SOC Hunters. */
  alex: { id: '29:alex', name: 'Alex Analyst', aadObjectId: DEMO_USERS.alex.objectId },
  /** SOC Approvers. */
  sam: { id: '29:sam', name: 'Sam Soc', aadObjectId: DEMO_USERS.sam.objectId },
  /** No group: no role. */
  pat: { id: '29:pat', name: 'Pat Viewer', aadObjectId: DEMO_USERS.pat.objectId },
  /** A guest or anonymous user: no Entra object id. */
  guest: { id: '29:guest', name: 'Guest User' },
} satisfies Record<string, TeamsUser>;

export const CONVERSATION = 'a:personal-soc';

let seq = 0;

export interface ActivityOptions {
  user?: TeamsUser;
  conversationId?: string;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  replyToId?: string;
  extra?: Record<string, unknown>;
}

function base(serviceUrl: string, tenantId: string, o: ActivityOptions) {
  const user = o.user ?? USERS.alex;
  return {
    id: `msg-${++seq}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { ...user },
    recipient: { id: '28:defender-bot', name: 'Defender' },
    conversation: { id: o.conversationId ?? CONVERSATION, conversationType: o.conversationType ?? 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
  };
}

export function messageActivity(serviceUrl: string, tenantId: string, text: string, o: ActivityOptions = {}): Record<string, unknown> {
  return { ...base(serviceUrl, tenantId, o), type: 'message', text, ...o.extra };
}

/** A click on an Action.Execute button: Teams sends an adaptiveCard/action invoke and shows the answer to the clicker. */
export function invokeActivity(serviceUrl: string, tenantId: string, verb: unknown, data: unknown, o: ActivityOptions = {}): Record<string, unknown> {
  return {
    ...base(serviceUrl, tenantId, o),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: o.replyToId ?? 'activity-card',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    ...o.extra,
  };
}

/**
 * What a Teams client sends when it shows a card with `refresh` for one of its `userIds` (Universal Actions,
 * user-specific views): the refresh action as an invoke with trigger 'automatic'.
 */
export function refreshActivity(serviceUrl: string, tenantId: string, card: unknown, o: ActivityOptions = {}): Record<string, unknown> | undefined {
  const refresh = (card as { refresh?: { action?: { verb?: unknown; data?: unknown } } } | undefined)?.refresh?.action;
  if (!refresh) return undefined;
  return {
    ...invokeActivity(serviceUrl, tenantId, refresh.verb, refresh.data, o),
    value: { action: { type: 'Action.Execute', verb: refresh.verb, data: refresh.data }, trigger: 'automatic' },
  };
}

/** The newest card the bot posted (not an update) that carries a `refresh`: a request card waiting for its requester. */
export function newestRefreshingCard(calls: { method: string; body: Record<string, unknown> }[]): Record<string, unknown> | undefined {
  for (let i = calls.length - 1; i >= 0; i--) {
    const call = calls[i]!;
    const card = (call.body.attachments as { content?: Record<string, unknown> }[] | undefined)?.[0]?.content;
    if (call.method === 'POST' && card?.refresh) return card;
  }
  return undefined;
}

export interface HttpAnswer {
  status: number;
  text: string;
  body: unknown;
}

/** POST to the bot's /api/messages; `body` may be any value (sent as JSON) or raw text. */
export async function postToBot(botUrl: string, body: unknown, options: { raw?: boolean; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.raw ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, text, body: parsed };
}

/**
 * Text as a reader sees it. Cards show untrusted text as written (TextRuns, no Markdown escapes), so there is
 * nothing to undo; kept so that callers read the same either way.
 */
export function unescape(text: string): string {
  return text;
}

/** What a RichTextBlock shows: its inlines (TextRuns, or bare strings for unstyled runs) joined. */
export function richText(block: Record<string, unknown>): string {
  return ((block.inlines ?? []) as Array<string | { text?: unknown }>).map((i) => (typeof i === 'string' ? i : String(i.text ?? ''))).join('');
}

function firstRun(block: Record<string, unknown>): Record<string, unknown> {
  const [first] = (block.inlines ?? []) as Array<string | Record<string, unknown>>;
  return typeof first === 'object' && first !== null ? first : {};
}

/** Every Action.Execute of a card: the verb, its data and its title. */
export function buttons(card: unknown): { verb: string; data: Record<string, unknown>; title: string }[] {
  const out: { verb: string; data: Record<string, unknown>; title: string }[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Action.Execute')
        out.push({ verb: String(o.verb), data: (o.data ?? {}) as Record<string, unknown>, title: unescape(String(o.title ?? '')) });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

export function button(card: unknown, verb: string): { verb: string; data: Record<string, unknown>; title: string } {
  const found = buttons(card).find((b) => b.verb === verb);
  if (!found)
    throw new Error(
      `no "${verb}" button on the card; buttons: ${
        buttons(card)
          .map((b) => b.verb)
          .join(', ') || 'none'
      }\n${JSON.stringify(card).slice(0, 2000)}`,
    );
  return found;
}

export type SectionStatus = 'error' | 'list' | 'empty';

export interface CardSection {
  indicator: string;
  title: string;
  status: SectionStatus;
  /** The error line (cause and next step) of a failed section. */
  error?: string;
  count?: number;
}

const INDICATOR_HEADER = /^(ipv4|ipv4cidr|ipv6|domain|url|email|md5|sha1|sha256|cve|mac|device|user): (.+?)(?: · internal)?$/;
const SECTION_TITLES = ['Incidents', 'Alerts', 'Assigned to this address', 'Devices', 'File', 'Prevalence', 'E-mails', 'Hunting'];

/** The problems a lookup card states once at the top (the Container with id "problems"), each as one text. */
function problemTexts(card: unknown): string[] {
  const body = ((card as Record<string, unknown> | undefined)?.body ?? []) as Array<Record<string, unknown>>;
  const problems = body.find((e) => e.id === 'problems');
  return ((problems?.items ?? []) as Array<Record<string, unknown>>).map((p) => ((p.items ?? []) as Array<Record<string, unknown>>).map(richText).join(' '));
}

/**
 * The sections of a lookup card as an analyst reads them: per indicator, each section failed (why), listed or empty.
 * A failure the card states once at the top is found through the line that points to it ("Not read: Alerts and
 * E-mails (advanced hunting failed, see above)"): the error of each of those sections is that problem's text.
 */
export function lookupSections(card: unknown): CardSection[] {
  const out: CardSection[] = [];
  const problems = problemTexts(card);
  let indicator = '';
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.id === 'problems') return;
    if (o.type === 'RichTextBlock' || o.type === 'TextBlock') {
      const text = o.type === 'TextBlock' ? String(o.text) : richText(o);
      const style = o.type === 'TextBlock' ? o : firstRun(o);
      const header = INDICATOR_HEADER.exec(text);
      const pointer = /^Not read: (.+) \((?:(.+) failed, )?see above\)$/.exec(text);
      if (header && style.weight === 'bolder') indicator = `${header[1]}: ${header[2]}`;
      else if (pointer) {
        const source = pointer[2]?.toLowerCase();
        const problem = problems.find((p) => source === undefined || p.toLowerCase().includes(source)) ?? '';
        for (const title of pointer[1]!.split(/, | and /)) out.push({ indicator, title, status: 'error', error: problem });
      } else if (text.startsWith('None found: ')) {
        for (const title of text.slice('None found: '.length).split(', ')) out.push({ indicator, title, status: 'empty' });
      } else {
        const title = SECTION_TITLES.find((t) => text.startsWith(`${t}: `));
        const cause = ((o.inlines ?? []) as Array<string | Record<string, unknown>>).some((i) => typeof i === 'object' && i.color === 'attention');
        if (title && (cause || style.color === 'attention')) out.push({ indicator, title, status: 'error', error: text.slice(text.indexOf(': ') + 2) });
      }
    }
    if (o.type === 'Action.ToggleVisibility' && typeof o.title === 'string') {
      const m = /^▸ (.+) \((\d+)(?:, incomplete)?\)$/.exec(o.title);
      if (m) out.push({ indicator, title: m[1]!, status: 'list', count: Number(m[2]) });
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'text') walk(v);
  };
  walk(card);
  return out;
}

/** Every text, title and value of a card (a RichTextBlock as one line): what a person reads. */
export function readable(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'RichTextBlock') {
        out.push(richText(o));
        return;
      }
      for (const k of ['text', 'title', 'value']) if (typeof o[k] === 'string') out.push(o[k] as string);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}
