/*
 * Text from Defender (alert titles, file names, e-mail subjects, hunting values) is attacker-influenced. Both
 * renderers first make every such string one line of visible text: nothing can start a new line (a line of its own
 * would let data fake a line of the card or start a list), reorder what the reader sees, or hide characters. What
 * each renderer then does for its own markup is in adaptive/text-runs.ts and blockkit/mrkdwn.ts.
 */

// C0, DEL, C1 and the Unicode line/paragraph separators: any run becomes one space.
const CONTROL_RUNS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;
// Bidi embeddings, overrides and isolates reorder what the reader sees ("invoice\u202Efdp.exe"); they become a
// visible replacement character so the analyst sees that something was there.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// Invisible characters that make one value look like another. Zero-width joiner/non-joiner stay: emoji sequences
// and several scripts need them. Tag characters (U+E0000..E007F) hide text entirely.
const INVISIBLE = /[\u200B\u200E\u200F\u061C\u180E\u00AD\u2060-\u2064\uFEFF\uFFF9-\uFFFB]|[\u{E0000}-\u{E007F}]/gu;

/** One line of plain text without control, bidi-override or invisible characters, trimmed. */
export function sanitizeText(text: string): string {
  // Lone surrogates (cut UTF-16) become U+FFFD: JSON would carry them, but they are not text. Node 20 has it.
  return (text as string & { toWellFormed(): string }).toWellFormed().replace(CONTROL_RUNS, ' ').replace(BIDI_CONTROLS, '\uFFFD').replace(INVISIBLE, '').trim();
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
