import type { FittedActionsView } from '../fitted-views';
import type { HelpView, MessageView } from '../view-models';
import { type ItemData, itemData, moreNotShownText, type TextColor } from './item-data';
import { type Inline, runs, runsOr } from './text-runs';

/** Binding data of templates/actions.json, help.json and message.json; see item-data.ts for the conventions. */
export interface ActionsCardData {
  demo: boolean;
  title: Inline[];
  hasError: boolean;
  error: Inline[];
  noItems: boolean;
  items: ItemData[];
  hasHidden: boolean;
  hiddenText: Inline[];
}

export interface HelpCardData {
  demo: boolean;
  hasReason: boolean;
  reason: Inline[];
  commands: Array<{ usage: Inline[]; hasDescription: boolean; description: Inline[] }>;
}

export interface MessageCardData {
  demo: boolean;
  title: Inline[];
  hasText: boolean;
  text: Inline[];
}

export function actionsCardData(view: FittedActionsView): ActionsCardData {
  const notShown = view.itemsNotShown ?? 0;
  return {
    demo: view.demo,
    title: runsOr(view.title, 'Response actions', { weight: 'bolder', size: 'medium' }),
    hasError: view.error !== undefined,
    error: runsOr(view.error ?? '', 'could not be read', { color: 'attention' }),
    noItems: view.items.length === 0 && notShown === 0 && view.error === undefined,
    items: view.items.map(itemData),
    hasHidden: notShown > 0,
    hiddenText: runs(moreNotShownText(notShown), { isSubtle: true }),
  };
}

export function helpCardData(view: HelpView): HelpCardData {
  return {
    demo: view.demo,
    hasReason: view.reason !== undefined && view.reason !== '',
    reason: runs(view.reason ?? '', { color: 'warning' }),
    commands: view.commands.map((command) => ({
      usage: runsOr(command.usage, '(command)', { fontType: 'monospace', weight: 'bolder' }),
      hasDescription: command.description !== '',
      description: runs(command.description),
    })),
  };
}

const MESSAGE_COLORS: Record<MessageView['tone'], TextColor> = {
  info: 'default',
  progress: 'default',
  warning: 'warning',
  error: 'attention',
};

export function messageCardData(view: MessageView): MessageCardData {
  const text = view.text ?? '';
  return {
    demo: view.demo,
    title: runs(view.title === '' ? 'Message' : view.title, { color: MESSAGE_COLORS[view.tone], weight: 'bolder' }),
    hasText: text !== '',
    text: runs(text),
  };
}
