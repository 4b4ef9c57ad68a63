import type { HelpView, MessageView } from '../view-models';
import type { FittedActionsView } from './fitted-views';
import { type ItemData, itemData, moreNotShownText, type TextColor } from './item-data';

/** Binding data of templates/actions.json, help.json and message.json; see item-data.ts for the conventions. */
export interface ActionsCardData {
  demo: boolean;
  title: string;
  hasError: boolean;
  error: string;
  noItems: boolean;
  items: ItemData[];
  hasHidden: boolean;
  hiddenText: string;
}

export interface HelpCardData {
  demo: boolean;
  hasReason: boolean;
  reason: string;
  commands: Array<{ usage: string; description: string }>;
}

export interface MessageCardData {
  demo: boolean;
  text: string;
  color: TextColor;
}

export function actionsCardData(view: FittedActionsView): ActionsCardData {
  const notShown = view.itemsNotShown ?? 0;
  return {
    demo: view.demo,
    title: view.title,
    hasError: view.error !== undefined,
    error: view.error ?? '',
    noItems: view.items.length === 0 && notShown === 0 && view.error === undefined,
    items: view.items.map(itemData),
    hasHidden: notShown > 0,
    hiddenText: moreNotShownText(notShown),
  };
}

export function helpCardData(view: HelpView): HelpCardData {
  return {
    demo: view.demo,
    hasReason: view.reason !== undefined && view.reason !== '',
    reason: view.reason ?? '',
    commands: view.commands,
  };
}

const MESSAGE_COLORS: Record<MessageView['tone'], TextColor> = {
  info: 'default',
  progress: 'default',
  warning: 'warning',
  error: 'attention',
};

export function messageCardData(view: MessageView): MessageCardData {
  const hasText = view.text !== undefined && view.text !== '';
  return {
    demo: view.demo,
    // A blank line is a paragraph break in the Markdown subset; both parts are escaped single lines.
    text: hasText ? `${view.title}\n\n${view.text ?? ''}` : view.title,
    color: MESSAGE_COLORS[view.tone],
  };
}
