/*
 * Refanging: the defang forms listed in the corpus README, and nothing else (a bracket on one side only, a
 * spaced " . " / " AT " / " DOT ", commas and "-dot-" are prose, not defangs).
 */
const REFANG = /[[\](){}]\.[[\](){}]|[[({]dot[\])}]|\\\.|\[\/\]|\[:\/\/\]|\[:\]|[[({](?:@|at)[\])}]|(?<![A-Za-z0-9])(?:h(?:xx|\*\*)ps?|fxp)(?=\[?:)/gi;

function replacement(match: string): string {
  const m = match.toLowerCase();
  if (m === '[/]') return '/';
  if (m === '[://]') return '://';
  if (m === '[:]') return ':';
  if (m === '\\.') return '.';
  if (m.length === 3 && m[1] === '.') return '.';
  if (m.endsWith('dot]') || m.endsWith('dot)') || m.endsWith('dot}')) return '.';
  if (m.startsWith('h')) return m.endsWith('s') ? 'https' : 'http';
  if (m === 'fxp') return 'ftp';
  return '@';
}

export interface Refanged {
  text: string;
  /** Offsets in `text` where a defang was replaced, ascending. */
  marks: number[];
}

export function refangWithMarks(text: string): Refanged {
  const marks: number[] = [];
  let delta = 0;
  const out = text.replace(REFANG, (match: string, offset: number) => {
    const r = replacement(match);
    marks.push(offset + delta);
    delta += r.length - match.length;
    return r;
  });
  return { text: out, marks };
}

/** Replaces every supported defang form with the character(s) it stands for. */
export function refang(text: string): string {
  return refangWithMarks(text).text;
}

/** Whether any defang was replaced inside [start, end) of the refanged text. */
export function isDefangedRange(marks: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((marks[mid] as number) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < marks.length && (marks[lo] as number) < end;
}
