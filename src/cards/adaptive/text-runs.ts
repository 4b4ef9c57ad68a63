/*
 * Where Teams shows a text exactly as written. TextBlock text and FactSet titles and values are Markdown (Teams
 * cards-format.md: "Markdown is supported in Adaptive Card TextBlock field, and Fact.Title and Fact.Value"), and
 * Teams has no escape syntax: backslashes show literally on its mobile clients and in the adaptivecards renderer
 * (AdaptiveCards issues 4677, 5590). A TextRun inside a RichTextBlock is never Markdown (schema 1.5, TextRun.text:
 * "Markdown is not supported"), so every text that is not one of our own fixed phrases is shown as TextRuns.
 * Button titles, input labels, choices and placeholders are plain strings on every client.
 */

export type TextColor = 'default' | 'attention' | 'warning' | 'good' | 'accent';

/** The TextRun properties the cards use (schema 1.5 TextRun). */
export interface RunStyle {
  color?: TextColor;
  weight?: 'bolder';
  size?: 'small' | 'medium' | 'large';
  isSubtle?: boolean;
  fontType?: 'monospace';
}

/**
 * One element of a RichTextBlock's `inlines`. An unstyled TextRun is written as its bare text, the shorthand the
 * schema defines ("A TextRun with no properties set can be represented in the json as string"), which the
 * adaptivecards renderer and the shared object model of the mobile renderers (TextRun::Deserialize, json.isString())
 * both read; it keeps cards within the size budget.
 */
export type Inline = string | ({ type: 'TextRun'; text: string } & RunStyle);

/**
 * "${" would read as a template expression to a host that expands templates; "{{" starts the DATE()/TIME()
 * functions that renderers expand in TextBlock and TextRun text alike ("{{DATE(2025-06-01T22:14:00Z, SHORT)}}" would
 * show as a date: adaptivecards text-formatters.ts, the shared model's DateTimePreparser). Cutting the text into two
 * runs between the two characters keeps it exactly as written on screen, while no string of the card holds either.
 */
const CUT = /(?<=\$)(?=\{)|(?<=\{)(?=\{)/;

/** The inlines showing `text` (clean: one line, see sanitizeText) literally in `style`; none for ''. */
export function runs(text: string, style: RunStyle = {}): Inline[] {
  if (text === '') return [];
  const { color, ...rest } = style;
  const own: RunStyle = color === undefined || color === 'default' ? rest : { ...rest, color };
  const pieces = text.split(CUT);
  return Object.keys(own).length === 0 ? pieces : pieces.map((piece) => ({ type: 'TextRun', text: piece, ...own }));
}

/** The inlines of `text`, or of `fallback` (one of our own words) when the text is empty. */
export function runsOr(text: string, fallback: string, style: RunStyle = {}): Inline[] {
  return runs(text === '' ? fallback : text, style);
}

/** The text an analyst reads in these inlines. */
export function inlineText(inlines: Inline[]): string {
  return inlines.map((inline) => (typeof inline === 'string' ? inline : inline.text)).join('');
}

/**
 * Text for a field every client shows as one plain string (button title, input label, choice title, placeholder,
 * input value, fallbackText): a single string cannot be cut into runs, so "${" gets a space, the only change.
 */
export function plainString(text: string): string {
  return text.replace(/\$\{/g, '$ {');
}

// What can format, link or mention in one line of the Markdown subsets renderers use.
const MARKDOWN_SIGNS = /[\\*_~`[\]<>#&|]/;
const LIST_START = /^(?:[-+*]|\d{1,9}[.)])(?:\s|$)/;

/**
 * Whether a text means the same as Markdown and as plain text. A few fields may be either depending on the client:
 * fallbackText ("may contain markdown", schema 1.5) and the labels of radio buttons (the adaptivecards renderer's
 * useMarkdownInRadioButtonAndCheckbox is on by default); they only carry texts that pass this check.
 */
export function isMarkdownInert(text: string): boolean {
  return !MARKDOWN_SIGNS.test(text) && !LIST_START.test(text);
}
