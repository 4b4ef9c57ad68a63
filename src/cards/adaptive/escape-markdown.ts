/*
 * Text from Defender (alert titles, file names, e-mail subjects, hunting values) is attacker-influenced. TextBlock
 * and FactSet render a Markdown subset, so every such string is made single-line and inert before it reaches a card.
 */

// C0, DEL, C1 and the Unicode line/paragraph separators: any run becomes one space, so no text starts a new line
// (a new line would let "# x", "- x" or "1. x" format as a heading or list in the middle of a value).
const CONTROL_RUNS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;
// Bidi embeddings, overrides and isolates reorder what the reader sees ("invoice\u202Efdp.exe"); they become a
// visible replacement character so the analyst sees that something was there.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// Invisible characters that make one value look like another. Zero-width joiner/non-joiner stay: emoji sequences
// and several scripts need them. Tag characters (U+E0000..E007F) hide text entirely.
const INVISIBLE = /[\u200B\u200E\u200F\u061C\u180E\u00AD\u2060-\u2064\uFEFF\uFFF9-\uFFFB]|[\u{E0000}-\u{E007F}]/gu;

/*
 * Escaping is minimal so that values stay readable (IPs, dates, KQL), and sufficient because every text is one
 * line: brackets (links, images), emphasis, strike-through, code, autolinks and HTML are escaped everywhere;
 * parentheses need no escape once no "]" can close a link text; block markers only count at the line start.
 */
const ALWAYS_ESCAPED = /[\\*_~`[\]<>]/g;
/** "${" would read as a template expression. */
const TEMPLATE_START = /\$\{/g;
/** HTML entities would decode to characters the escaping above already handled. */
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;
/** Heading, list item, thematic break and ordered list item ("1." or "1)") at the start of the line. */
const LINE_START_MARKER = /^(?:#(?=#{0,5}(?:\s|$))|[-+](?=\s|$)|-(?=\s*-)|\d{1,9}(?=[.)](?:\s|$)))/;

/** One line of plain text without control, bidi-override or invisible characters, trimmed. */
export function sanitizeText(text: string): string {
  // Lone surrogates (cut UTF-16) become U+FFFD: JSON would carry them, but they are not text. Node 20 has it.
  return (text as string & { toWellFormed(): string })
    .toWellFormed()
    .replace(CONTROL_RUNS, ' ')
    .replace(BIDI_CONTROLS, '\uFFFD')
    .replace(INVISIBLE, '')
    .trim();
}

/** Text for a TextBlock or a FactSet title/value: sanitized, and shown literally by the Markdown subset. */
export function escapeMarkdown(text: string): string {
  return sanitizeText(text)
    .replace(ALWAYS_ESCAPED, '\\$&')
    .replace(TEMPLATE_START, () => '$\\{')
    .replace(ENTITY, '\\&')
    .replace(LINE_START_MARKER, (marker: string) => (/^\d/.test(marker) ? `${marker}\\` : `\\${marker}`));
}

/**
 * Text for a field Teams shows as plain text, never as Markdown (input label, placeholder, choice title, input
 * value): sanitized like the rest, but not backslash-escaped, since the backslashes would show. Only "${" is broken
 * up, so no host can read it as a template expression.
 */
export function inertPlainText(text: string): string {
  return sanitizeText(text).replace(TEMPLATE_START, () => '$ {');
}

/** At most `max` code points (the last one an ellipsis when cut), never splitting a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let keepEnd = 0;
  let end = 0;
  for (let codePoints = 0; end < text.length; codePoints++) {
    if (codePoints === max) return `${text.slice(0, keepEnd)}…`;
    if (codePoints === max - 1) keepEnd = end;
    end += (text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
  }
  return text;
}
