import { clipText, sanitizeText } from '../plain-text';

/*
 * Untrusted text in Slack mrkdwn. Slack reads "<...>" as links, mentions (<!channel>, <@U123>) and dates, and decodes
 * &amp; &lt; &gt;, so those three characters always become entities. Every mrkdwn object is also sent with
 * verbatim: true, so Slack does not turn bare URLs, #channels or @here in data into links or mentions.
 * Text is made one line first (sanitizeText), so data cannot start a quote or fake a line of the message.
 */

/** A backtick in data would open or close a code span or fence around it; U+02CB looks the same and is inert. */
const BACKTICK = /`/g;
const INERT_BACKTICK = '\u02CB';
/** Inside our own *bold*, a "*" from data would end the bold early and re-format the rest of the text. */
const ASTERISK = /\*/g;
const INERT_ASTERISK = '\u2217';

export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * At most `max` UTF-16 units of escaped text, the last one an ellipsis when cut. Never cuts inside an entity ("&am"
 * would show as text) or a surrogate pair.
 */
export function clipEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  let cut = max - 1;
  const amp = escaped.lastIndexOf('&', cut - 1);
  if (amp !== -1 && escaped.indexOf(';', amp) >= cut) cut = amp;
  const last = escaped.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  // Data has no "<" left, so an open "<" is one of our links: it goes whole or not at all.
  const open = escaped.lastIndexOf('<', cut - 1);
  if (open > escaped.lastIndexOf('>', cut - 1)) cut = open;
  return `${escaped.slice(0, cut)}…`;
}

/** At most `max` UTF-16 units, never ending on half a surrogate pair (no ellipsis: for values, not for display). */
export function clipUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** Plain one-line text: no control, bidi-override or invisible characters, at most `max` UTF-16 units. */
export function cleanText(raw: string, max: number): string {
  // Clipped before sanitizing so a 100 KB value costs no more than a short one.
  const clean = sanitizeText(clipText(raw, max));
  if (clean.length <= max) return clean;
  const last = clean.charCodeAt(max - 2);
  return `${clean.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 2 : max - 1)}…`;
}

/** Untrusted text as inert mrkdwn of at most `max` characters ('' when there is nothing to show). */
export function mrkdwnText(raw: string, max: number): string {
  return clipEscaped(escapeEntities(cleanText(raw, max)).replace(BACKTICK, INERT_BACKTICK), max);
}

/** Untrusted text in bold, `suffix` (trusted) inside the bold; `fallback` (trusted) when the text is empty. */
export function boldText(raw: string, max: number, fallback: string, suffix = ''): string {
  const text = mrkdwnText(raw, max).replace(ASTERISK, INERT_ASTERISK);
  return `*${text === '' ? fallback : text}${suffix}*`;
}

/** Untrusted text in an inline code span (not linkified, monospace: indicator values). */
export function codeText(raw: string, max: number): string {
  const text = mrkdwnText(raw, max);
  return text === '' ? '`(empty)`' : `\`${text}\``;
}

/** The display width of one-line text, in code points (monospace fonts give most of them one cell). */
export function displayWidth(text: string): number {
  return [...text].length;
}

/** A table cell for a code block: cleaned, clipped and padded to `width` display characters, then escaped. */
export function tableCell(raw: string, width: number): string {
  const clean = sanitizeText(clipText(raw, width));
  const padded = clean + ' '.repeat(Math.max(0, width - displayWidth(clean)));
  return escapeEntities(padded).replace(BACKTICK, INERT_BACKTICK);
}

/** Multi-line untrusted text (a KQL query) as escaped code lines, each made safe on its own, at most `max` in all. */
export function codeLines(raw: string, max: number): string[] {
  const lines: string[] = [];
  let used = 0;
  for (const line of raw.slice(0, max * 2).split(/\r\n|\r|\n/)) {
    // sanitizeText trims; the indentation of a query line is kept (tabs as spaces).
    const indent = (/^[ \t]*/.exec(line)?.[0] ?? '').replace(/\t/g, '    ').slice(0, 40);
    const text = indent + mrkdwnText(line, max);
    if (used + text.length + 1 > max) {
      lines.push('…');
      break;
    }
    lines.push(text);
    used += text.length + 1;
  }
  return lines;
}

/** A code block around escaped lines. Our fences are the only backticks: data backticks were made inert. */
export function fenced(lines: string[]): string {
  return `\`\`\`\n${lines.join('\n')}\n\`\`\``;
}

/**
 * `parts` joined by `separator`, as many as fit in `max` characters; when some are left off, `more(n)` (which must
 * be short) says how many.
 */
export function joinWithin(parts: string[], separator: string, max: number, more: (n: number) => string): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, part] of parts.entries()) {
    const added = (kept.length === 0 ? 0 : separator.length) + part.length;
    const reserve = index === parts.length - 1 ? 0 : separator.length + more(parts.length - index).length;
    if (length + added + reserve > max) {
      kept.push(more(parts.length - index));
      return kept.join(separator);
    }
    kept.push(part);
    length += added;
  }
  return kept.join(separator);
}

/** Lines packed into as few texts as possible, each at most `max` characters (every line must fit on its own). */
export function packLines(lines: string[], max: number): string[] {
  const texts: string[] = [];
  let current = '';
  for (const line of lines) {
    const next = current === '' ? line : `${current}\n${line}`;
    if (next.length <= max) {
      current = next;
      continue;
    }
    if (current !== '') texts.push(current);
    current = line.length <= max ? line : clipEscaped(line, max);
  }
  if (current !== '') texts.push(current);
  return texts;
}
