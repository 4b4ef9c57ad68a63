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
