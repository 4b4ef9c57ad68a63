import { button, USERS } from './teams';
import { requestIdOf, type ClickResult, type World } from './world';

/** Indicators the bot created in Defender. */
export function botIndicators(w: World): unknown[] {
  return w.emulator.context.tenant.indicators.filter((i) => String((i as { title?: string }).title ?? '').startsWith('defender-chatops:'));
}

/**
 * Alex types "block <value> because <reason>", confirms on the request card's form, and the request waits for an approver. Only Graph
 * is used up to here (role checks): Defender for Endpoint is first called when the indicator is created.
 */
export async function blockAwaitingApproval(w: World, value: string): Promise<{ requestId: string; approve: Record<string, unknown> }> {
  const typed = await w.say(`block ${value} because reliability suite`);
  if (!typed.final) throw new Error(`no request card: ${typed.finalText}`);
  // The request card is posted for everyone; Alex's client shows Alex the form (refresh).
  const form = await w.shown(typed.final, { user: USERS.alex });
  const confirm = button(form.card, 'confirm');
  const confirmed: ClickResult = await w.click(
    'confirm',
    { ...confirm.data, reason: 'reliability suite', indicatorAction: 'Block', expiryDays: '1' },
    { user: USERS.alex },
  );
  if (confirmed.kind !== 'card') throw new Error(`no approval card: ${confirmed.text}`);
  const approve = button(confirmed.card, 'approve');
  return { requestId: requestIdOf(approve.data.requestId), approve: approve.data };
}
