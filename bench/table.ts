/** One figure of the benchmark, with its target and whether it was met; printed as one table and kept in results.json. */
export interface Row {
  part: string;
  measure: string;
  value: string;
  /** Empty for a figure reported for information only. */
  target: string;
  /** undefined: information only. */
  pass?: boolean;
}

export const verdict = (pass: boolean | undefined): string => (pass === undefined ? 'info' : pass ? 'PASS' : 'FAIL');

/** Widest a column may be before its text wraps onto more lines. */
const MAX_WIDTH = [10, 64, 72, 30, 6];

function wrap(text: string, width: number): string[] {
  const indent = /^\s*/.exec(text)![0];
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (line && (indent + line + ' ' + word).length > width) {
      lines.push(indent + line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(indent + line);
  return lines;
}

export function formatTable(rows: Row[]): string {
  const header = ['Part', 'Measure', 'Value', 'Target', 'Result'];
  const cells = rows.map((r) => [r.part, r.measure, r.value, r.target, verdict(r.pass)].map((c, i) => wrap(c, MAX_WIDTH[i]!)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.flatMap((c) => c[i]!.map((l) => l.length))));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('-|-')];
  for (const row of cells) {
    const height = Math.max(...row.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(row.map((c) => c[k] ?? '')));
  }
  return out.join('\n');
}

/** `{ "a": 1, "b": 2 }` as `a 1, b 2`, so a table cell can wrap. */
export const tally = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
