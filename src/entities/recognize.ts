import { stripChatFormatting } from './chat-formatting';
import { ignoreList } from './ignore-list';
import { isInternal } from './internal-ranges';
import { refangWithMarks } from './refang';
import { scan } from './scan';
import { DEFAULT_CAP, MAX_INDICATOR_LENGTH, type Candidate, type Indicator, type RecognizeOptions, type Recognition } from './types';
import { normalizeUnicode } from './unicode';

/** Chat formatting removed, Unicode normalised, defangs replaced; `marks` are where defangs were. */
export function prepare(text: string): { text: string; marks: number[] } {
  return refangWithMarks(normalizeUnicode(stripChatFormatting(text)));
}

function findCandidates(text: string): Candidate[] {
  const prepared = prepare(text);
  return scan(prepared.text, prepared.marks);
}

function capOf(cap: unknown): number {
  if (typeof cap !== 'number' || Number.isNaN(cap) || cap < 0) return DEFAULT_CAP;
  return Math.floor(cap);
}

/**
 * Every indicator in a chat message, canonical, de-duplicated (case-insensitively, first appearance kept), with the
 * ignore list applied after canonicalisation. Never throws.
 */
export function recognize(text: string, options?: RecognizeOptions): Recognition {
  const cap = capOf(options?.cap);
  try {
    const ignore = ignoreList(options?.ignore);
    const seen = new Set<string>();
    const kept: Indicator[] = [];
    const ignored: Indicator[] = [];
    const tooLong: Indicator[] = [];
    for (const c of findCandidates(typeof text === 'string' ? text : String(text ?? ''))) {
      const key = `${c.type}\u0000${c.value.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const indicator: Indicator = { type: c.type, value: c.value };
      if (isInternal(indicator)) indicator.internal = true;
      (ignore.matches(indicator) ? ignored : indicator.value.length > MAX_INDICATOR_LENGTH ? tooLong : kept).push(indicator);
    }
    return { indicators: kept.slice(0, cap), total: kept.length, capped: kept.length > cap, ignored, tooLong };
  } catch {
    return { indicators: [], total: 0, capped: false, ignored: [], tooLong: [] };
  }
}

/** "looked up the first 25 of 140 indicators" when the cap cut the list, otherwise undefined. */
export function capNotice(r: Recognition): string | undefined {
  const parts: string[] = [];
  if (r.capped) parts.push(`looked up the first ${r.indicators.length} of ${r.total} indicators`);
  for (const i of r.tooLong.slice(0, 3)) parts.push(`skipped a ${i.type} of ${i.value.length.toLocaleString('en-US')} characters (${i.value.slice(0, 40)}...): too long for a Defender query`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
