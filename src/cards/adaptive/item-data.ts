import { countText, moreNotShownText } from '../count-text';
import type { ButtonView, FactView, ItemView, LinkView } from '../view-models';

export { countText, moreNotShownText };

/*
 * The data the templates bind to. Every field a template reads is always present (an undefined field would stay
 * in the card as the literal "${path}"), and optional parts come with a boolean for `$when`.
 * Texts here are already escaped (escape-view.ts); labels added here contain no Markdown.
 */

export type TextColor = 'default' | 'attention' | 'warning' | 'good' | 'accent';
export type Tone = 'attention' | 'warning' | 'good' | 'default';

export interface ButtonData {
  title: string;
  verb: string;
  requestId: string;
}

export interface ItemData {
  title: string;
  color: TextColor;
  hasSubtitle: boolean;
  subtitle: string;
  hasFacts: boolean;
  facts: FactView[];
  hasActions: boolean;
  buttons: ButtonData[];
  links: LinkView[];
}

export function toneColor(tone: Tone | undefined): TextColor {
  return tone ?? 'default';
}

export function buttonData(button: ButtonView): ButtonData {
  return {
    title: button.title,
    verb: button.verb,
    requestId: button.requestId,
  };
}

/** Zero or one button, for a `$data` array that the template repeats. */
export function optionalButtonData(button: ButtonView | undefined): ButtonData[] {
  return button === undefined ? [] : [buttonData(button)];
}

export function itemData(item: ItemView): ItemData {
  return {
    title: item.title,
    color: toneColor(item.tone),
    hasSubtitle: item.subtitle !== undefined && item.subtitle !== '',
    subtitle: item.subtitle ?? '',
    hasFacts: item.facts.length > 0,
    facts: item.facts,
    hasActions: item.buttons.length + item.links.length > 0,
    buttons: item.buttons.map(buttonData),
    links: item.links,
  };
}

