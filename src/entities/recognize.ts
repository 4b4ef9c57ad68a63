import { blankRefangedLinks, stripChatFormatting } from './chat-formatting';
import { ignoreList } from './ignore-list';
import { isInternal } from './internal-ranges';
import { refangWithMarks } from './refang';
import { scan } from './scan';
import { DEFAULT_CAP, DEFAULT_MAX_CHARS, MAX_INDICATOR_LENGTH, type Candidate, type Indicator, type RecognizeOptions, type Recognition } from './types';
import { normalizeUnicode } from './unicode';

/** Chat formatting removed, Unicode normalised, defangs replaced; `marks` are where defangs were. */
export function prepare(text: string): { text: string; marks: number[] } {
  const refanged = refangWithMarks(normalizeUnicode(stripChatFormatting(text)));
  return { text: blankRefangedLinks(refanged.text), marks: refanged.marks };
}

function findCandidates(text: string): Candidate[] {
  const prepared = prepare(text);
  return scan(prepared.text, prepared.marks);
}

function capOf(cap: unknown): number {
  if (typeof cap !== 'number' || Number.isNaN(cap) || cap < 0) return DEFAULT_CAP;
  return Math.floor(cap);
}

function maxCharsOf(max: unknown): number {
  if (typeof max !== 'number' || Number.isNaN(max) || max < 1) return DEFAULT_MAX_CHARS;
  return Math.floor(max);
}

/**
 * Where to cut a text longer than `max`: at the last whitespace before it when one is near enough (an indicator is
 * never cut in two and reported shortened), else at `max`, never inside a surrogate pair.
 */
export function cutPoint(text: string, max: number): number {
  if (text.length <= max) return text.length;
  for (let i = max; i > 0 && max - i <= MAX_INDICATOR_LENGTH; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) return i;
  }
  const c = text.charCodeAt(max - 1);
  return c >= 0xd800 && c <= 0xdbff ? max - 1 : max;
}

/**
 * Every indicator in a chat message, canonical, de-duplicated (case-insensitively, first appearance kept), with the
 * ignore list applied after canonicalisation. Never throws.
 */
export function recognize(text: string, options?: RecognizeOptions): Recognition {
  const cap = capOf(options?.cap);
  try {
    const whole = typeof text === 'string' ? text : String(text ?? '');
    const cut = cutPoint(whole, maxCharsOf(options?.maxChars));
    const ignore = ignoreList(options?.ignore);
    const seen = new Set<string>();
    const kept: Indicator[] = [];
    const ignored: Indicator[] = [];
    const tooLong: Indicator[] = [];
    for (const c of findCandidates(cut < whole.length ? whole.slice(0, cut) : whole)) {
      const key = `${c.type}\u0000${c.value.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const indicator: Indicator = { type: c.type, value: c.value };
      if (isInternal(indicator)) indicator.internal = true;
      (ignore.matches(indicator) ? ignored : indicator.value.length > MAX_INDICATOR_LENGTH ? tooLong : kept).push(indicator);
    }
    const found: Recognition = { indicators: kept.slice(0, cap), total: kept.length, capped: kept.length > cap, ignored, tooLong };
    if (cut < whole.length) found.truncated = { readChars: cut, totalChars: whole.length };
    return found;
  } catch {
    return { indicators: [], total: 0, capped: false, ignored: [], tooLong: [] };
  }
}

const kb = (chars: number) => `${Math.max(1, Math.round(chars / 1024)).toLocaleString('en-US')} KB`;

/**
 * What was left out, for the answer: "read the first 64 KB of 312 KB of the message", "looked up the first 25 of 140
 * indicators", overlong indicators; undefined when nothing was.
 */
export function capNotice(r: Recognition): string | undefined {
  const parts: string[] = [];
  if (r.truncated) parts.push(`read the first ${kb(r.truncated.readChars)} of ${kb(r.truncated.totalChars)} of the message`);
  if (r.capped) parts.push(`looked up the first ${r.indicators.length} of ${r.total} indicators`);
  for (const i of r.tooLong.slice(0, 3))
    parts.push(`skipped a ${i.type} of ${i.value.length.toLocaleString('en-US')} characters (${i.value.slice(0, 40)}...): too long for a Defender query`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
