import { clipText, sanitizeText } from '../plain-text';
import type { ButtonView, FactView, ItemView, LinkView } from '../view-models';
import { MAX_ACTIONS_PER_ITEM, MAX_FACTS_PER_ITEM, TEXT_LIMITS } from './limits';
import { httpsUrlOrUndefined, isSafeRequestId, isSafeVerb } from './safe-action-values';
import { plainString } from './text-runs';

/*
 * The pieces escape-view.ts and escape-request.ts share: clean one-line text within a limit (limits.ts), checked
 * buttons and links, and the counting of what a cap leaves off. Nothing here adds a character to a text: where it is shown
 * literally (TextRuns, plain strings) is decided by the data builders (text-runs.ts).
 */

/** One clean line (sanitizeText) of at most `max` code points; clipped first, so a 10 KB string costs no more than a short one. */
export function text(raw: string, max: number): string {
  return sanitizeText(clipText(raw, max));
}

export function optionalText(raw: string | undefined, max: number): string | undefined {
  return raw === undefined ? undefined : text(raw, max);
}

/** How many of `count` a cap of `cap` leaves off; undefined when none. */
export function notShown(count: number, cap: number): number | undefined {
  return count > cap ? count - cap : undefined;
}

export function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

export function escapeButton(button: ButtonView): ButtonView | undefined {
  if (!isSafeRequestId(button.requestId) || !isSafeVerb(button.verb)) return undefined;
  return { ...button, title: plainString(text(button.title, TEXT_LIMITS.actionTitle)) };
}

export function escapeOptionalButton(button: ButtonView | undefined): ButtonView | undefined {
  return button === undefined ? undefined : escapeButton(button);
}

export function escapeLink(link: LinkView): LinkView | undefined {
  const url = httpsUrlOrUndefined(link.url);
  return url === undefined ? undefined : { title: plainString(text(link.title, TEXT_LIMITS.actionTitle)), url };
}

export function escapeFact(fact: FactView): FactView {
  return { title: text(fact.title, TEXT_LIMITS.factTitle), value: text(fact.value, TEXT_LIMITS.factValue) };
}

export function escapeFacts(facts: FactView[]): FactView[] {
  const escaped = facts.slice(0, MAX_FACTS_PER_ITEM).map(escapeFact);
  const more = facts.length - MAX_FACTS_PER_ITEM;
  if (more > 0) escaped.push({ title: 'More', value: `${more} more facts not shown` });
  return escaped;
}

/**
 * Teams ignores positive/destructive action styles, so a primary button is emphasised by coming first (and is the
 * last to be left off); the card carries no `style` at all.
 */
function primaryFirst(buttons: ButtonView[]): ButtonView[] {
  return [...buttons.filter((b) => b.primary === true), ...buttons.filter((b) => b.primary !== true)];
}

/** The buttons (primary first, well-formed only) and then the https links, at most MAX_ACTIONS_PER_ITEM in all. */
export function escapeActionSet(buttons: ButtonView[], links: LinkView[]): { buttons: ButtonView[]; links: LinkView[] } {
  const escapedButtons = primaryFirst(buttons).map(escapeButton).filter(isDefined).slice(0, MAX_ACTIONS_PER_ITEM);
  const escapedLinks = links
    .map(escapeLink)
    .filter(isDefined)
    .slice(0, MAX_ACTIONS_PER_ITEM - escapedButtons.length);
  return { buttons: escapedButtons, links: escapedLinks };
}

/** An incident, alert, device, file, e-mail or hunting row: clean texts, capped facts, checked buttons and links. */
export function escapeItem(item: ItemView): ItemView {
  const { buttons, links } = escapeActionSet(item.buttons, item.links);
  return {
    title: text(item.title, TEXT_LIMITS.title),
    subtitle: optionalText(item.subtitle, TEXT_LIMITS.subtitle),
    tone: item.tone,
    facts: escapeFacts(item.facts),
    links,
    buttons,
  };
}
