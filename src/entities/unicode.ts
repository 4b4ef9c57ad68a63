// Zero-width characters and the soft hyphen are invisible in chat and are removed wherever they occur.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Ideographic, full-width and half-width full stops are dots only between two label characters, so a Japanese
// sentence end stays punctuation.
const WIDE_DOT = /(?<=[\p{L}\p{M}\p{N}])[\uFF0E\u3002\uFF61](?=[\p{L}\p{M}\p{N}])/gu;
const HAS_SPECIAL = /[\u200B-\u200D\u2060\uFEFF\u00AD\uFF0E\u3002\uFF61]/;

export function normalizeUnicode(text: string): string {
  if (!HAS_SPECIAL.test(text)) return text;
  return text.replace(INVISIBLE, '').replace(WIDE_DOT, '.');
}

const CJK = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]/u;
const CJK_RUNS = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]+/gu;

/**
 * Index of the first CJK letter in text[from, to), or -1. Only that range is searched: a search running on to the end
 * of the text made every failed URL cost the rest of the message (quadratic on a message of failed URLs).
 */
export function firstCjkIndex(text: string, from: number, to: number): number {
  const m = CJK.exec(text.slice(from, to));
  return m === null ? -1 : from + m.index;
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/**
 * The non-CJK pieces of a run, with their offsets. CJK prose has no spaces, so an indicator in it touches
 * letters on both sides; the pieces are tried when the whole run is not an indicator.
 */
export function nonCjkPieces(text: string): Array<{ offset: number; text: string }> {
  const pieces: Array<{ offset: number; text: string }> = [];
  let last = 0;
  CJK_RUNS.lastIndex = 0;
  for (let m = CJK_RUNS.exec(text); m !== null; m = CJK_RUNS.exec(text)) {
    if (m.index > last) pieces.push({ offset: last, text: text.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  if (last < text.length) pieces.push({ offset: last, text: text.slice(last) });
  return pieces;
}

/** Letter, mark or number in any script. */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

export function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined || ch === '') return false;
  const c = ch.charCodeAt(0);
  if (c < 0x80) {
    return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  }
  return WORD_CHAR.test(ch);
}

/** The code point (as a string) ending just before index i, so a surrogate pair counts as one character. */
export function charBefore(text: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(i - 2, i);
  }
  return text[i - 1];
}

/** The code point (as a string) starting at index i. */
export function charAt(text: string, i: number): string | undefined {
  if (i >= text.length) return undefined;
  const cp = text.codePointAt(i);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}
