import type { ActionsBlock, Button, PlainTextOption, StaticSelect } from '@slack/types';
import type { ButtonView, Verb } from '../view-models';
import { SLACK_LIMITS } from './limits';
import { plain } from './text-objects';

/*
 * A button carries its verb in action_id ("dc:<verb>:<n>", n unique within the message) and the view's opaque request
 * id as its value, nothing else. What it acts on stays in the server's store.
 */

const VERB_LABELS: Record<Verb, string> = {
  isolate: 'Isolate',
  release: 'Release',
  quarantine: 'Quarantine',
  refresh: 'Refresh',
  showMore: 'Show more',
  huntPage: 'Page',
  confirm: 'Confirm',
  abandon: 'Cancel',
  approve: 'Approve',
  reject: 'Reject',
  cancelAction: 'Cancel action',
  status: 'Status',
  openIncident: 'Open incident',
  incidentRefresh: 'Refresh',
  incidentShowAll: 'Show all',
  triage: 'Triage',
};

const DANGER_VERBS: ReadonlySet<Verb> = new Set<Verb>(['reject', 'abandon', 'cancelAction']);

export const ACTION_ID_PREFIX = 'dc';

function isVerb(verb: unknown): verb is Verb {
  return typeof verb === 'string' && Object.prototype.hasOwnProperty.call(VERB_LABELS, verb);
}

/** The verb of an action_id made here ("dc:isolate:3" -> "isolate"); undefined for any other id. */
export function verbOfActionId(actionId: unknown): Verb | undefined {
  if (typeof actionId !== 'string') return undefined;
  const verb = /^dc:([A-Za-z]+):\d{1,6}$/.exec(actionId)?.[1];
  return isVerb(verb) ? verb : undefined;
}

/** Hands out the action ids of one message. */
export class ActionIds {
  private count = 0;

  next(verb: Verb): string {
    this.count++;
    return `${ACTION_ID_PREFIX}:${verb}:${this.count}`;
  }
}

/** A request id Slack can carry as a button value: a non-empty string of at most 2,000 characters. */
export function isCarriableRequestId(requestId: unknown): requestId is string {
  return typeof requestId === 'string' && requestId.length > 0 && requestId.length <= SLACK_LIMITS.buttonValue;
}

/** The button, or undefined when its verb is unknown or its request id cannot be carried (the message stays valid). */
export function buttonElement(view: ButtonView, ids: ActionIds): Button | undefined {
  if (!isVerb(view.verb) || !isCarriableRequestId(view.requestId)) return undefined;
  const button: Button = {
    type: 'button',
    action_id: ids.next(view.verb),
    text: plain(view.title, SLACK_LIMITS.buttonText, VERB_LABELS[view.verb]),
    value: view.requestId,
  };
  if (view.primary === true) button.style = 'primary';
  else if (DANGER_VERBS.has(view.verb)) button.style = 'danger';
  return button;
}

/** Well-formed buttons, primary ones first (Slack shows them in order), at most `max`. */
export function buttonElements(views: ButtonView[], ids: ActionIds, max: number = SLACK_LIMITS.actionsElements): Button[] {
  const ordered = [...views.filter((b) => b.primary === true), ...views.filter((b) => b.primary !== true)];
  const buttons: Button[] = [];
  for (const view of ordered) {
    if (buttons.length >= max) break;
    const button = buttonElement(view, ids);
    if (button !== undefined) buttons.push(button);
  }
  return buttons;
}

/** An actions block of the buttons, or none when no button is left. */
export function actionsBlocks(views: Array<ButtonView | undefined>, ids: ActionIds): ActionsBlock[] {
  const buttons = buttonElements(
    views.filter((view): view is ButtonView => view !== undefined),
    ids,
  );
  return buttons.length === 0 ? [] : [{ type: 'actions', elements: buttons }];
}

/** A request id a select can carry as an option value: a non-empty string of at most 150 characters. */
export function isSelectableRequestId(requestId: unknown): requestId is string {
  return typeof requestId === 'string' && requestId.length > 0 && requestId.length <= SLACK_LIMITS.optionValue;
}

/**
 * Buttons in groups as one select menu (a heading per group, an option per button): picking an option sends it, as
 * a click would. The select's action_id carries one verb, the first well-formed button's; an option's value is its
 * button's request id. Buttons of another verb, ids a select cannot carry and repeated ids are left off, as are
 * options past Slack's 100. None when no option is left.
 */
export function selectElement(groups: Array<{ title: string; buttons: ButtonView[] }>, placeholder: string, ids: ActionIds): StaticSelect | undefined {
  const verb = groups.flatMap((group) => group.buttons.map((button) => button.verb)).find(isVerb);
  if (verb === undefined) return undefined;
  const seen = new Set<string>();
  const optionGroups: Array<{ label: ReturnType<typeof plain>; options: PlainTextOption[] }> = [];
  for (const group of groups.slice(0, SLACK_LIMITS.optionGroups)) {
    const options: PlainTextOption[] = [];
    for (const button of group.buttons) {
      if (button.verb !== verb || !isSelectableRequestId(button.requestId) || seen.has(button.requestId) || seen.size >= SLACK_LIMITS.options) continue;
      seen.add(button.requestId);
      options.push({ text: plain(button.title, SLACK_LIMITS.optionText, VERB_LABELS[verb]), value: button.requestId });
    }
    if (options.length > 0) optionGroups.push({ label: plain(group.title, SLACK_LIMITS.optionText, VERB_LABELS[verb]), options });
  }
  if (optionGroups.length === 0) return undefined;
  return {
    type: 'static_select',
    action_id: ids.next(verb),
    placeholder: plain(placeholder, SLACK_LIMITS.placeholder, VERB_LABELS[verb]),
    option_groups: optionGroups,
  };
}
