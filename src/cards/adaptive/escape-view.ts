import type {
  ActionsView,
  AnswerView,
  ButtonView,
  FactView,
  HelpView,
  HuntView,
  IndicatorView,
  ItemView,
  LinkView,
  LookupView,
  MessageView,
  SectionView,
} from '../view-models';
import { clipText, escapeMarkdown } from './escape-markdown';
import type { FittedActionsView, FittedHuntView, FittedView } from './fitted-views';
import { httpsUrlOrUndefined, isSafeRequestId, isSafeVerb } from './safe-action-values';

/*
 * A bounded, escaped copy of a view: every text Markdown-escaped and clipped (so one 10 KB title cannot take the
 * whole card budget), every link https-only, every button with a well-formed verb and request id. Templates bind
 * only to views that went through here.
 */

/** Maximum code points per text, before escaping. */
export const TEXT_LIMITS = {
  title: 200,
  subtitle: 300,
  factTitle: 60,
  factValue: 400,
  actionTitle: 60,
  sectionTitle: 80,
  indicatorType: 40,
  indicatorValue: 300,
  headline: 300,
  error: 500,
  notice: 300,
  severity: 40,
  timestamp: 60,
  huntQuery: 2000,
  huntColumn: 60,
  huntCell: 300,
  usage: 120,
  description: 300,
  messageTitle: 300,
  messageText: 2000,
} as const;

/** Teams shows at most 6 actions per ActionSet; buttons are kept before links. */
export const MAX_ACTIONS_PER_ITEM = 6;
export const MAX_FACTS_PER_ITEM = 30;
/** More than this never fits in the budget with a useful card; the rest are counted in hiddenCount. */
export const MAX_ITEMS_PER_SECTION = 50;
export const MAX_ACTION_ITEMS = 50;
export const MAX_HUNT_ROWS = 100;
export const MAX_HUNT_COLUMNS = 30;

/** Clipped before escaping, so an escape sequence is never cut and a 10 KB string costs no more than a short one. */
function text(raw: string, max: number): string {
  return escapeMarkdown(clipText(raw, max));
}

function optionalText(raw: string | undefined, max: number): string | undefined {
  return raw === undefined ? undefined : text(raw, max);
}

/** How many of `count` a cap of `cap` leaves off; undefined when none. */
function notShown(count: number, cap: number): number | undefined {
  return count > cap ? count - cap : undefined;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function escapeButton(button: ButtonView): ButtonView | undefined {
  if (!isSafeRequestId(button.requestId) || !isSafeVerb(button.verb)) return undefined;
  return { ...button, title: text(button.title, TEXT_LIMITS.actionTitle) };
}

function escapeOptionalButton(button: ButtonView | undefined): ButtonView | undefined {
  return button === undefined ? undefined : escapeButton(button);
}

function escapeLink(link: LinkView): LinkView | undefined {
  const url = httpsUrlOrUndefined(link.url);
  return url === undefined ? undefined : { title: text(link.title, TEXT_LIMITS.actionTitle), url };
}

function escapeFacts(facts: FactView[]): FactView[] {
  const escaped = facts.slice(0, MAX_FACTS_PER_ITEM).map((fact) => ({
    title: text(fact.title, TEXT_LIMITS.factTitle),
    value: text(fact.value, TEXT_LIMITS.factValue),
  }));
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

function escapeItem(item: ItemView): ItemView {
  const buttons = primaryFirst(item.buttons).map(escapeButton).filter(isDefined).slice(0, MAX_ACTIONS_PER_ITEM);
  const links = item.links
    .map(escapeLink)
    .filter(isDefined)
    .slice(0, MAX_ACTIONS_PER_ITEM - buttons.length);
  return {
    title: text(item.title, TEXT_LIMITS.title),
    subtitle: optionalText(item.subtitle, TEXT_LIMITS.subtitle),
    tone: item.tone,
    facts: escapeFacts(item.facts),
    links,
    buttons,
  };
}

function escapeSection(section: SectionView): SectionView {
  const overCap = notShown(section.items.length, MAX_ITEMS_PER_SECTION);
  return {
    title: text(section.title, TEXT_LIMITS.sectionTitle),
    status: section.status,
    error: optionalText(section.error, TEXT_LIMITS.error),
    items: section.items.slice(0, MAX_ITEMS_PER_SECTION).map(escapeItem),
    hiddenCount: overCap === undefined ? section.hiddenCount : (section.hiddenCount ?? 0) + overCap,
    showMore: escapeOptionalButton(section.showMore),
  };
}

function escapeIndicator(indicator: IndicatorView): IndicatorView {
  const link = indicator.link === undefined ? undefined : escapeLink(indicator.link);
  return {
    type: text(indicator.type, TEXT_LIMITS.indicatorType),
    value: text(indicator.value, TEXT_LIMITS.indicatorValue),
    internal: indicator.internal,
    headline: text(indicator.headline, TEXT_LIMITS.headline),
    tone: indicator.tone,
    sections: indicator.sections.map(escapeSection),
    link,
  };
}

function escapeLookup(view: LookupView): LookupView {
  return {
    kind: 'lookup',
    demo: view.demo,
    notice: optionalText(view.notice, TEXT_LIMITS.notice),
    verdict: {
      ...view.verdict,
      highestSeverity:
        view.verdict.highestSeverity === null ? null : text(view.verdict.highestSeverity, TEXT_LIMITS.severity),
    },
    indicators: view.indicators.map(escapeIndicator),
    generatedAt: text(view.generatedAt, TEXT_LIMITS.timestamp),
    refresh: escapeOptionalButton(view.refresh),
  };
}

function escapeHunt(view: HuntView): FittedHuntView {
  return {
    kind: 'hunt',
    demo: view.demo,
    query: text(view.query, TEXT_LIMITS.huntQuery),
    columns: view.columns.map((column) => text(column, TEXT_LIMITS.huntColumn)),
    rows: view.rows.slice(0, MAX_HUNT_ROWS).map((row) => row.map((cell) => text(cell, TEXT_LIMITS.huntCell))),
    page: view.page,
    pageCount: view.pageCount,
    totalRows: view.totalRows,
    next: escapeOptionalButton(view.next),
    previous: escapeOptionalButton(view.previous),
    error: optionalText(view.error, TEXT_LIMITS.error),
    rowsNotShown: notShown(view.rows.length, MAX_HUNT_ROWS),
  };
}

function escapeActions(view: ActionsView): FittedActionsView {
  return {
    kind: 'actions',
    demo: view.demo,
    title: text(view.title, TEXT_LIMITS.title),
    items: view.items.slice(0, MAX_ACTION_ITEMS).map(escapeItem),
    error: optionalText(view.error, TEXT_LIMITS.error),
    itemsNotShown: notShown(view.items.length, MAX_ACTION_ITEMS),
  };
}

function escapeHelp(view: HelpView): HelpView {
  return {
    kind: 'help',
    demo: view.demo,
    reason: optionalText(view.reason, TEXT_LIMITS.error),
    commands: view.commands.map((command) => ({
      usage: text(command.usage, TEXT_LIMITS.usage),
      description: text(command.description, TEXT_LIMITS.description),
    })),
  };
}

function escapeMessage(view: MessageView): MessageView {
  return {
    kind: 'message',
    demo: view.demo,
    tone: view.tone,
    title: text(view.title, TEXT_LIMITS.messageTitle),
    text: optionalText(view.text, TEXT_LIMITS.messageText),
  };
}

export function escapeView(view: AnswerView): FittedView {
  switch (view.kind) {
    case 'lookup':
      return escapeLookup(view);
    case 'hunt':
      return escapeHunt(view);
    case 'actions':
      return escapeActions(view);
    case 'help':
      return escapeHelp(view);
    case 'message':
      return escapeMessage(view);
  }
}
