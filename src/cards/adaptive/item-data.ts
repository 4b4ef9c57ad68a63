import { countText, moreNotShownText } from '../count-text';
import type { ButtonView, FactView, ItemView, LinkView } from '../view-models';
import { type Inline, runs, type TextColor } from './text-runs';

export { countText, moreNotShownText };
export type { TextColor };

/*
 * The data the templates bind to. Every field a template reads is always present (an undefined field would stay
 * in the card as the literal "${path}"), and optional parts come with a boolean for `$when`. Texts are clean
 * (escape-view.ts); every text that is not a fixed phrase of a template is bound as the `inlines` of a
 * RichTextBlock (text-runs.ts), never as Markdown, styled here.
 */

export type Tone = 'attention' | 'warning' | 'good' | 'default';

export interface ButtonData {
  title: string;
  verb: string;
  requestId: string;
}

export interface ItemData {
  title: Inline[];
  hasSubtitle: boolean;
  subtitle: Inline[];
  /** One line per fact. */
  facts: Array<{ line: Inline[] }>;
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

/**
 * A fact as one line, "**Created:** 2025-06-01 22:14 UTC": on a 360 px phone a FactSet gives the value about half
 * the width beside a title column, so hashes, paths and command lines wrap into a narrow strip; one line per fact
 * starts every fact at the margin and lets its value use the whole width, with the title in bold to scan by.
 */
export function factLine(fact: FactView): { line: Inline[] } {
  return { line: [...runs(`${fact.title === '' ? 'Fact' : fact.title}: `, { weight: 'bolder' }), ...runs(fact.value)] };
}

export function itemData(item: ItemView): ItemData {
  const subtitle = item.subtitle ?? '';
  return {
    title: runs(item.title === '' ? '(untitled)' : item.title, { weight: 'bolder', color: toneColor(item.tone) }),
    hasSubtitle: subtitle !== '',
    subtitle: runs(subtitle, { isSubtle: true }),
    facts: item.facts.map(factLine),
    hasActions: item.buttons.length + item.links.length > 0,
    buttons: item.buttons.map(buttonData),
    links: item.links,
  };
}
