/**
 * Texts built to make a recogniser slow (issue 13, Low 6), shared by `npm run bench` (part recognizer: time at 1x and
 * 2x size) and the reliability suite (answered, with the 64 KB notice, through the real Teams endpoint).
 */
export interface HostileText {
  name: string;
  /** The repeated unit. */
  unit: string;
}

export const HOSTILE_TEXTS: readonly HostileText[] = [
  // The two of the issue: 312 KB took 3 s; 84 KB 0.59 s and 168 KB 1.9 s (each failed URL searched the rest of the text).
  { name: 'defanged soup x[.]y@z(.)w hxxps://q[.]r/', unit: 'x[.]y@z(.)w hxxps://q[.]r/ ' },
  { name: 'unclosed Slack links <http://a.com|', unit: '<http://a.com|' },
  { name: 'failed URLs before CJK prose', unit: 'https://a.b:テ ' },
  { name: 'Markdown links [a](b(c)', unit: '[a](b(c)' },
  { name: 'HTML anchors <a href="http://a.b">', unit: '<a href="http://a.b">' },
  { name: 'e-mail-like runs a@b.c', unit: 'a@b.c' },
  { name: 'colon runs ab:cd:', unit: 'ab:cd:' },
  { name: 'unclosed <at> mentions', unit: '<at>x' },
];

/** The unit repeated to exactly `size` characters. */
export function hostileText(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}
