import { DEMO_USERS } from '../../../src/defender/emulator/tenant';

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

/** Adaptive Card markdown escapes undone, as a reader sees the text. */
export function unescape(text: string): string {
  return text.replace(/\\([\\*_~[\]()#+\-.!>|`{}<])/g, '$1');
}

/** Every Action.Execute of a card: the verb, its data and its title. */
export function buttons(card: unknown): { verb: string; data: Record<string, unknown>; title: string }[] {
  const out: { verb: string; data: Record<string, unknown>; title: string }[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'Action.Execute') out.push({ verb: String(o.verb), data: (o.data ?? {}) as Record<string, unknown>, title: unescape(String(o.title ?? '')) });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

export function button(card: unknown, verb: string): { verb: string; data: Record<string, unknown>; title: string } {
  const found = buttons(card).find((b) => b.verb === verb);
  if (!found) throw new Error(`no "${verb}" button on the card; buttons: ${buttons(card).map((b) => b.verb).join(', ') || 'none'}\n${JSON.stringify(card).slice(0, 2000)}`);
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

/** The sections of a lookup card as an analyst reads them: per indicator, each section failed (why), listed or empty. */
export function lookupSections(card: unknown): CardSection[] {
  const out: CardSection[] = [];
  let indicator = '';
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') {
      const text = unescape(o.text);
      const header = INDICATOR_HEADER.exec(text);
      if (header && o.weight === 'bolder') indicator = `${header[1]}: ${header[2]}`;
      else if (o.color === 'attention') {
        const title = SECTION_TITLES.find((t) => text.startsWith(`${t}: `));
        if (title) out.push({ indicator, title, status: 'error', error: text.slice(title.length + 2) });
      } else if (text.startsWith('None found: ')) {
        for (const title of text.slice('None found: '.length).split(', ')) out.push({ indicator, title, status: 'empty' });
      }
    }
    if (o.type === 'Action.ToggleVisibility' && typeof o.title === 'string') {
      const m = /^▸ (.+) \((\d+)\)$/.exec(unescape(o.title));
      if (m) out.push({ indicator, title: m[1]!, status: 'list', count: Number(m[2]) });
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'text') walk(v);
  };
  walk(card);
  return out;
}

/** Every text, title and value of a card, markdown unescaped: what a person reads. */
export function readable(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      for (const k of ['text', 'title', 'value']) if (typeof o[k] === 'string') out.push(o[k] as string);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return unescape(out.join('\n'));
}
