import type { LookupView, MessageView } from '../../cards/view-models';
import type { LookupTarget } from '../../defender/lookup/types';
import type { ConversationService } from '../conversation';
import type { TenantService } from './tenant-router';

/** How one tenant answered a sweep: its lookup card, a refusal (no role there), or a failure. */
export interface TenantAnswer {
  service: TenantService;
  view?: LookupView;
  refusal?: MessageView;
  failure?: MessageView;
}

function found(view: LookupView): number {
  const v = view.verdict;
  return v.incidents + v.alerts + v.devices + v.emails + v.huntingRows;
}

/** A tenant's card is posted when it saw something, or could not check everything (its card says what failed). */
export function worthACard(view: LookupView): boolean {
  return found(view) > 0 || (view.problems?.length ?? 0) > 0;
}

function counts(view: LookupView): string {
  const v = view.verdict;
  const parts = [
    [v.incidents, 'incident'],
    [v.alerts, 'alert'],
    [v.devices, 'device'],
    [v.emails, 'e-mail'],
    [v.huntingRows, 'hunting row'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`)
    .join(' · ');
}

const list = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/**
 * The one message that sums a sweep up: which tenants saw the indicators (their cards follow), which did not (one
 * line for all of them), which could not check everything, and which refused or failed, each with its reason.
 */
export function sweepSummary(words: ConversationService, targets: LookupTarget[], answers: TenantAnswer[], notice?: string): MessageView {
  const seen = answers.filter((a) => a.view && found(a.view) > 0);
  const partial = answers.filter((a) => a.view && found(a.view) === 0 && worthACard(a.view));
  const clean = answers.filter((a) => a.view && !worthACard(a.view));
  const refused = answers.filter((a) => a.refusal);
  const failed = answers.filter((a) => a.failure);
  const name = (a: TenantAnswer) => a.service.tenant.name;
  const lines = [
    ...seen.map((a) => `Seen in ${name(a)}: ${counts(a.view!)}${a.view!.problems?.length ? ' (some sections failed)' : ''}.`),
    ...(clean.length ? [`Not seen in ${list(clean.map(name))}.`] : []),
    ...partial.map((a) => `Nothing found in ${name(a)} so far, but some sections could not be read: see its card.`),
    ...refused.map((a) => `Not checked in ${name(a)}: ${a.refusal!.text ?? a.refusal!.title}`),
    ...failed.map((a) => `Failed in ${name(a)}: ${a.failure!.text ?? a.failure!.title}`),
    ...(notice ? [`(${notice})`] : []),
  ];
  const what = targets.length === 1 ? targets[0]!.value.slice(0, 200) : `${targets.length} indicators`;
  const title = `Sweep of ${what}: seen in ${seen.length} of ${answers.length} tenants`;
  return words.message(failed.length + refused.length + partial.length > 0 ? 'warning' : 'info', title, lines.join('\n'));
}
