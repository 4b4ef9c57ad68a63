import { JSDOM } from 'jsdom';

/*
 * The official Adaptive Cards renderer (npm adaptivecards 3.0.6, the one Microsoft's web hosts build on), rendering
 * our cards into jsdom so a test can read back what a person sees. Its package `main` is ESM without
 * "type": "module", so require('adaptivecards') fails under jest; the UMD bundle in dist/ loads (bot-platform.md
 * §2.4). jsdom has no layout and no innerText, which the renderer uses to set text: innerText is mapped to
 * textContent, which for the one-line texts of our cards is what a browser's innerText setter does too.
 *
 * Markdown: the renderer hands every text it would format to AdaptiveCard.onProcessMarkdown (TextBlock text, FactSet
 * titles and values, radio button labels), never TextRuns. The hook installed here records each such text and shows
 * it unformatted, so a test sees exactly which texts a Markdown-rendering host (Teams) would format.
 */

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
const { window } = dom;
Object.defineProperty(window.HTMLElement.prototype, 'innerText', {
  configurable: true,
  get(this: HTMLElement) {
    return this.textContent ?? '';
  },
  set(this: HTMLElement, value: string) {
    this.textContent = value;
  },
});

const globals = global as unknown as Record<string, unknown>;
for (const name of [
  'window',
  'document',
  'navigator',
  'HTMLElement',
  'HTMLInputElement',
  'HTMLButtonElement',
  'HTMLTextAreaElement',
  'HTMLSelectElement',
  'Node',
  'Element',
  'getComputedStyle',
  'MouseEvent',
  'KeyboardEvent',
  'Event',
]) {
  if (!(name in globals)) globals[name] = (window as unknown as Record<string, unknown>)[name];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

const markdownSeen: string[] = [];
AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  markdownSeen.push(text);
  const span = window.document.createElement('span');
  span.textContent = text;
  result.outputHtml = span.outerHTML;
  result.didProcess = true;
};

export interface RenderedCard {
  /** The rendered card (a div). */
  element: HTMLElement;
  /** The text of each rendered RichTextBlock, in card order. */
  richTexts: string[];
  /** The text of each rendered TextBlock, in card order. */
  textBlocks: string[];
  /** The titles of the rendered buttons. */
  buttonTitles: string[];
  /** Every text the renderer sent to Markdown processing while rendering this card. */
  markdown: string[];
  /** Problems the renderer reported while parsing (unknown types, invalid values). */
  parseEvents: string[];
}

/** Renders a card JSON as a Teams-like host would (schema 1.5) and reads back what it shows. */
export function renderWithAdaptiveCards(json: unknown): RenderedCard {
  markdownSeen.length = 0;
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json as never, context);
  const element = card.render();
  if (element === undefined) throw new Error('the renderer rendered nothing');
  window.document.body.replaceChildren(element);
  const texts = (selector: string) => Array.from(element.querySelectorAll(selector)).map((e) => e.textContent ?? '');
  const parseEvents = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  return {
    element,
    richTexts: texts('.ac-richTextBlock'),
    textBlocks: texts('.ac-textBlock'),
    buttonTitles: Array.from(element.querySelectorAll('button')).map((b) => b.getAttribute('aria-label') ?? b.textContent ?? ''),
    markdown: [...markdownSeen],
    parseEvents,
  };
}

/** An action the rendered card handed to its host, as the host would send it: type, verb and data with the inputs merged. */
export interface ExecutedAction {
  type: string;
  verb?: string;
  data: unknown;
}

function isShown(element: Element): boolean {
  for (let node: Element | null = element; node !== null; node = node.parentElement) {
    if ((node as HTMLElement).style?.display === 'none') return false;
  }
  return true;
}

/**
 * A person using the card: each title in turn is a tap on the first shown button with that title (a ShowCard opens
 * its card, any other action is executed), after typing `typed` into the inputs of those ids that are rendered. The
 * actions the card executed, each with the data a host would send (the button's data, the inputs merged in); a tap
 * on a title no shown button has throws.
 */
export function tapThrough(json: unknown, titles: string[], typed: Record<string, string> = {}): ExecutedAction[] {
  const executed: ExecutedAction[] = [];
  const card = new AC.AdaptiveCard();
  card.onExecuteAction = (action) => {
    const withVerb = action as unknown as { verb?: string; data?: unknown };
    executed.push({ type: action.getJsonTypeName(), verb: withVerb.verb, data: withVerb.data });
  };
  card.parse(json as never, new AC.SerializationContext(AC.Versions.v1_5));
  const element = card.render();
  if (element === undefined) throw new Error('the renderer rendered nothing');
  window.document.body.replaceChildren(element);
  for (const title of titles) {
    for (const input of card.getAllInputs(true)) {
      // The element a person types into (protected in the typings, read here as the host page would find it).
      const control = (input as unknown as { renderedInputControlElement?: HTMLInputElement | HTMLTextAreaElement }).renderedInputControlElement;
      const value = input.id === undefined ? undefined : typed[input.id];
      if (control !== undefined && value !== undefined) {
        control.value = value;
        control.dispatchEvent(new window.Event('input'));
      }
    }
    const button = Array.from(element.querySelectorAll('button')).find((b) => (b.getAttribute('aria-label') ?? b.textContent) === title && isShown(b));
    if (button === undefined) throw new Error(`no shown button titled ${title}`);
    button.click();
  }
  return executed;
}
