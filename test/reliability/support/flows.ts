import { button, USERS, type TeamsUser } from './teams';
import { requestIdOf, type ClickResult, type World } from './world';

export const WS042 = { id: '1e5bc9d7e413ddd7902c2932e418702b84d0cc07', name: 'ws-042.contoso.com', short: 'ws-042' };

/** Looks the device up: the data of its "Isolate device" button. */
export async function isolateButton(w: World, device = WS042.short): Promise<Record<string, unknown>> {
  const lookup = await w.say(`device ${device}`, { user: USERS.alex });
  if (!lookup.final) throw new Error(`no answer to "device ${device}": ${lookup.finalText}`);
  return button(lookup.final, 'isolate').data;
}

/** Clicks "Isolate device" (looked up now unless given): the confirmation form the clicker's client shows. */
export async function clickIsolate(w: World, user: TeamsUser = USERS.alex, isolate?: Record<string, unknown>): Promise<ClickResult> {
  return w.propose('isolate', isolate ?? (await isolateButton(w)), { user });
}

export interface AwaitingApproval {
  requestId: string;
  approve: Record<string, unknown>;
  reject: Record<string, unknown>;
  approvalCard: Record<string, unknown>;
}

/** Alex asks to isolate the device and confirms with a reason: the request waits for an approver. */
export async function isolationAwaitingApproval(w: World, options: { reason?: string; isolate?: Record<string, unknown> } = {}): Promise<AwaitingApproval> {
  const reason = options.reason ?? 'C2 beacon seen, reliability suite';
  const proposal = await clickIsolate(w, USERS.alex, options.isolate);
  if (proposal.kind !== 'card') throw new Error(`no confirmation card: ${proposal.text}`);
  const confirm = button(proposal.card, 'confirm');
  const confirmed = await w.click('confirm', { ...confirm.data, reason, isolationType: 'Full' }, { user: USERS.alex });
  if (confirmed.kind !== 'card') throw new Error(`no approval card: ${confirmed.text}`);
  const approve = button(confirmed.card, 'approve');
  return {
    requestId: requestIdOf(approve.data.requestId),
    approve: approve.data,
    reject: button(confirmed.card, 'reject').data,
    approvalCard: confirmed.card!,
  };
}

/** Sam (an approver) approves: the request is sent to Defender; the answer is the status card for everyone. */
export async function approve(w: World, pending: AwaitingApproval, user: TeamsUser = USERS.sam): Promise<ClickResult> {
  return w.click('approve', pending.approve, { user });
}

/**
 * The facts of a request status card: State, Error, Defender action... Each is a line of its own, a RichTextBlock
 * whose first TextRun is the title in bold ("State: "), the value after it.
 */
export function requestFacts(card: unknown): Record<string, string> {
  const facts: Record<string, string> = {};
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.type === 'RichTextBlock' && Array.isArray(o.inlines)) {
        const [title, ...value] = o.inlines as Array<string | { text?: unknown; weight?: unknown }>;
        if (typeof title === 'object' && title.weight === 'bolder' && String(title.text).endsWith(': ')) {
          facts[String(title.text).slice(0, -2)] = value.map((v) => (typeof v === 'string' ? v : String(v.text ?? ''))).join('');
        }
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return facts;
}
