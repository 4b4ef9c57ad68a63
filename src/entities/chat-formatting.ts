import { decodeEntities, parseAttributes, URL_ATTRIBUTES } from './html';

/*
 * Turns a Teams (HTML), Slack (mrkdwn) or Markdown message into the plain text a reader sees, keeping link
 * targets where the reader would not see them: an href whose text is a different indicator, an img src, a Slack
 * link's URL. Markdown emphasis and code markers need no rewriting: the scanner treats them as punctuation.
 */

const MAX_TAG = 4096;
const MAX_MENTION = 512;
const SCHEME_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const TAG_NAME = /^(\/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/]|$)/;
const WHITESPACE = /\s/;
/** HTML elements and the Teams additions (at, emoji, attachment...). Any other `<word>` is text, e.g. `<md5>`. */
const TAG_NAMES: ReadonlySet<string> = new Set(
  (
    'a abbr address area article aside at attachment audio b base bdi bdo big blockquote body br button caption ' +
    'center cite code col colgroup customemoji data dd del details dfn dialog div dl dt em emoji embed fieldset ' +
    'figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label ' +
    'legend li link main mark meta nav noscript object ol optgroup option p param picture pre q rp rt ruby s samp ' +
    'script section select small source span strike strong style sub summary sup svg table tbody td template ' +
    'textarea tfoot th thead time title tr track tt u ul var video wbr'
  ).split(' '),
);
/** `[label](url)` and `![alt](src)`: groups are opener, label, middle, url, closer. */
const MD_LINK = /(!?\[)([^[\]\n]{0,1000})(\]\(\s{0,10}<?)([^\s()<>]{0,4096}(?:\([^\s()<>]{0,4096}\)[^\s()<>]{0,4096}){0,8})(>?\s{0,10}\))/g;

/** The label and target of every Markdown link, the syntax around them turned into as many spaces. */
function blankLinks(text: string): string {
  if (!text.includes('](')) return text;
  return text.replace(
    MD_LINK,
    (_m: string, open: string, label: string, middle: string, url: string, close: string) =>
      `${' '.repeat(open.length)}${label}${' '.repeat(middle.length)}${url}${' '.repeat(close.length)}`,
  );
}

export function stripChatFormatting(text: string): string {
  let out = text;
  if (out.includes('<')) out = angleConstructs(out);
  out = blankLinks(out);
  return decodeEntities(out);
}

/**
 * After refanging: a Markdown link that refanging completed ("![[dot]1]()" gives "![.1]()") is read as one too, as
 * it would be when the refanged text is pasted again. Same length in and out, so defang offsets stay valid.
 */
export function blankRefangedLinks(text: string): string {
  return blankLinks(text);
}

/** Finds closing markers forward, remembering the last answer so repeated unclosed openers stay linear. */
class Closer {
  private from = -1;
  private at = -1;
  private end = -1;

  constructor(
    private readonly text: string,
    private readonly pattern: RegExp,
  ) {}

  /** [start, end) of the first match at or after `from`, or undefined. */
  find(from: number): [number, number] | undefined {
    if (!(this.from >= 0 && this.from <= from && (this.at < 0 || this.at >= from))) {
      this.pattern.lastIndex = from;
      const m = this.pattern.exec(this.text);
      this.from = from;
      this.at = m === null ? -1 : m.index;
      this.end = m === null ? -1 : m.index + m[0].length;
    }
    return this.at < 0 ? undefined : [this.at, this.end];
  }
}

function tagEnd(text: string, lt: number): number {
  const limit = Math.min(text.length, lt + 1 + MAX_TAG);
  for (let j = lt + 1; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x3e) return j;
    if (c === 0x3c) return -1;
  }
  return -1;
}

function sameIndicator(linkText: string, href: string): boolean {
  const t = decodeEntities(linkText).replace(/\s+/g, ' ').trim().toLowerCase();
  if (t === '') return false;
  const h = decodeEntities(href).trim().toLowerCase();
  const bare = (s: string): string => s.replace(/\/+$/, '');
  return bare(h) === bare(t) || bare(h.replace(/^(?:https?:\/\/|mailto:)/, '')) === bare(t);
}

function angleConstructs(text: string): string {
  const out: string[] = [];
  const closers = {
    comment: new Closer(text, /-->/g),
    at: new Closer(text, /<\/at\s*>/gi),
    script: new Closer(text, /<\/script\s*>/gi),
    style: new Closer(text, /<\/style\s*>/gi),
  };
  let anchor: { href: string; text: string } | undefined;
  const emit = (s: string): void => {
    out.push(s);
    if (anchor !== undefined && anchor.text.length < 2048) anchor.text += s;
  };
  const closeAnchor = (): void => {
    if (anchor !== undefined && !sameIndicator(anchor.text, anchor.href)) out.push(` ${anchor.href} `);
    anchor = undefined;
  };

  const n = text.length;
  let i = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      emit(text.slice(i));
      break;
    }
    if (lt > i) emit(text.slice(i, lt));
    if (text.startsWith('<!--', lt)) {
      const close = closers.comment.find(lt + 4);
      if (close !== undefined) {
        emit(' ');
        i = close[1];
        continue;
      }
    }
    const gt = tagEnd(text, lt);
    if (gt < 0) {
      emit('<');
      i = lt + 1;
      continue;
    }
    const inner = text.slice(lt + 1, gt);
    i = gt + 1;
    const first = inner.charCodeAt(0);
    if ((first === 0x40 || first === 0x23) && /^[@#][A-Za-z0-9]/.test(inner)) {
      emit(' '); // Slack <@U123>, <@U123|name>, <#C123|general>
      continue;
    }
    if (first === 0x21) {
      emit(' '); // Slack <!here>, <!channel>, <!subteam^...>, <!date^...>; HTML <!DOCTYPE>
      continue;
    }
    if (SCHEME_LIKE.test(inner)) {
      const bar = inner.indexOf('|');
      const url = bar < 0 ? inner : inner.slice(0, bar);
      if (!WHITESPACE.test(url)) {
        const label = bar < 0 ? undefined : inner.slice(bar + 1);
        // Slack auto-links typed text as <http://x|x> or <mailto:a@b|a@b>: read what was typed.
        const typed = label !== undefined && (url === `http://${label}` || url === `mailto:${label}`);
        emit(` ${typed ? label : url} `);
        continue;
      }
    }
    const tag = TAG_NAME.exec(inner);
    if (tag === null || !TAG_NAMES.has((tag[2] as string).toLowerCase())) {
      emit(text.slice(lt, gt + 1));
      continue;
    }
    const closing = tag[1] === '/';
    const name = (tag[2] as string).toLowerCase();
    if (!closing && (name === 'at' || name === 'script' || name === 'style')) {
      const close = closers[name].find(gt + 1);
      if (close !== undefined && (name !== 'at' || close[0] - gt <= MAX_MENTION)) i = close[1];
      emit(' ');
      continue;
    }
    if (name === 'a') {
      closeAnchor();
      emit(' ');
      if (!closing) {
        const href = parseAttributes(inner.slice(tag[0].length)).get('href');
        if (href !== undefined && href.trim() !== '') anchor = { href: href.trim(), text: '' };
      }
      continue;
    }
    if (!closing && inner.includes('=')) {
      const attrs = parseAttributes(inner.slice(tag[0].length));
      for (const key of URL_ATTRIBUTES) {
        const value = attrs.get(key);
        if (value !== undefined && value.trim() !== '') out.push(` ${value.trim()} `);
      }
    }
    emit(' ');
  }
  closeAnchor();
  return out.join('');
}
