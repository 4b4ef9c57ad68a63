/* global module, require, console, process, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';
// Collects the figures every reliability test file recorded (support/figures.ts) into
// test-output/reliability/figures.json and prints them as one table when the run ends.
const fs = require('node:fs');
const path = require('node:path');

const OUTPUT = path.resolve(__dirname, '..', '..', 'test-output', 'reliability');
const DIR = path.join(OUTPUT, 'figures');

function pad(text, width) {
  return text + ' '.repeat(Math.max(0, width - text.length));
}

class FiguresReporter {
  onRunStart() {
    fs.rmSync(DIR, { recursive: true, force: true });
    fs.mkdirSync(DIR, { recursive: true });
  }

  onRunComplete(_contexts, results) {
    let figures = [];
    if (fs.existsSync(DIR)) {
      for (const name of fs
        .readdirSync(DIR)
        .filter((n) => n.endsWith('.json'))
        .sort()) {
        try {
          figures.push(...JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8')));
        } catch {
          /* a file cut short by a killed run: skip it */
        }
      }
    }
    figures = figures.sort((a, b) => a.file.localeCompare(b.file) || a.group.localeCompare(b.group));
    const summary = {
      generatedAt: new Date().toISOString(),
      tests: { passed: results.numPassedTests, failed: results.numFailedTests, total: results.numTotalTests },
      figures,
    };
    fs.mkdirSync(OUTPUT, { recursive: true });
    fs.writeFileSync(path.join(OUTPUT, 'figures.json'), JSON.stringify(summary, null, 2));

    const rows = figures.map((f) => [f.file, f.group, f.name, `${f.value}${f.unit ? ` ${f.unit}` : ''}`, f.note ?? '']);
    const head = ['file', 'group', 'figure', 'value', 'note'];
    const widths = head.map((h, i) => Math.min(i === 4 ? 60 : 48, Math.max(h.length, ...rows.map((r) => r[i].length))));
    const line = (cells) => `| ${cells.map((c, i) => pad(c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c, widths[i])).join(' | ')} |`;
    const out = [
      '',
      `Reliability figures (${figures.length}; tests ${results.numPassedTests} passed, ${results.numFailedTests} failed) -> ${path.relative(process.cwd(), path.join(OUTPUT, 'figures.json'))}`,
      line(head),
      `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
      ...rows.map(line),
      '',
    ];
    console.log(out.join('\n'));
  }
}

module.exports = FiguresReporter;
