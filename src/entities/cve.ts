// "CVE", then "-", a non-breaking hyphen or a space, the year, a hyphen (or non-breaking hyphen), the sequence.
const CVE = /(?<![\p{L}\p{N}_])cve(?:[-\u2011]|[ \u00A0])(\d{4})[-\u2011](\d+)(?![\p{L}\p{N}_])/giu;

export interface CveMatch {
  start: number;
  end: number;
  value: string;
}

export function canonicalCve(year: string, sequence: string): string | undefined {
  const y = Number(year);
  if (y < 1999 || y > 2099) return undefined;
  if (sequence.length < 4 || (sequence.length > 4 && sequence.startsWith('0'))) return undefined;
  if (sequence.length > 19) return undefined;
  return `CVE-${year}-${sequence}`;
}

export function findCves(text: string): CveMatch[] {
  const out: CveMatch[] = [];
  CVE.lastIndex = 0;
  for (let m = CVE.exec(text); m !== null; m = CVE.exec(text)) {
    const value = canonicalCve(m[1] as string, m[2] as string);
    if (value !== undefined) out.push({ start: m.index, end: m.index + m[0].length, value });
  }
  return out;
}
