import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { renderAdaptiveCard } from '../../src/cards/adaptive';
import { renderBlockKit } from '../../src/cards/blockkit';
import * as fitSearch from '../../src/cards/fit-search';
import { huntView, hugeLookupView } from './fixtures';

/*
 * The Teams renderer (src/cards/adaptive) and the Slack renderer (src/cards/blockkit) stand alone: what they share
 * lives in src/cards itself, and both fit with the one search in src/cards/fit-search.ts.
 */

// Wrapped, not replaced: the renderers run the real search, and the test sees that they called it (jest hoists this).
jest.mock('../../src/cards/fit-search', () => {
  const actual = jest.requireActual<typeof import('../../src/cards/fit-search')>('../../src/cards/fit-search');
  return {
    ...actual,
    fitSectionItems: jest.fn(actual.fitSectionItems),
    largestCountFitting: jest.fn(actual.largestCountFitting),
    largestFitting: jest.fn(actual.largestFitting),
  };
});

const CARDS = path.resolve(__dirname, '../../src/cards');
const RENDERERS = { adaptive: path.join(CARDS, 'adaptive'), blockkit: path.join(CARDS, 'blockkit') } as const;
type Renderer = keyof typeof RENDERERS;

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a source names: import and export ... from, import(), require() and import x = require(). */
function specifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The specifiers of `source` (a file of renderer `own`) that reach into the other renderer. */
function crossImports(file: string, source: string, own: Renderer): string[] {
  const other: Renderer = own === 'adaptive' ? 'blockkit' : 'adaptive';
  return specifiers(source).filter((specifier) => {
    if (specifier.startsWith('.')) return isInside(path.resolve(path.dirname(file), specifier), RENDERERS[other]);
    // A path alias or an absolute path would get around the relative check.
    return new RegExp(`(^|/)cards/${other}(/|$)`).test(specifier);
  });
}

describe('renderer independence', () => {
  it('finds the import statements it scans for', () => {
    const file = path.join(RENDERERS.blockkit, 'example.ts');
    const source = [
      "import { a } from '../adaptive/budget';",
      "import type { B } from '../adaptive';",
      "export { c } from '../adaptive/limits';",
      "const d = require('../adaptive/text-runs');",
      "import { e } from '../fit-search';",
      "import { f } from './limits';",
      "import { g } from 'src/cards/adaptive/escape-view';",
    ].join('\n');
    expect(crossImports(file, source, 'blockkit')).toEqual([
      '../adaptive/budget',
      '../adaptive',
      '../adaptive/limits',
      '../adaptive/text-runs',
      'src/cards/adaptive/escape-view',
    ]);
  });

  it.each(Object.keys(RENDERERS) as Renderer[])('no file under src/cards/%s imports from the other renderer', (own) => {
    const files = tsFiles(RENDERERS[own]);
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((file) =>
      crossImports(file, fs.readFileSync(file, 'utf8'), own).map((specifier) => `${path.relative(CARDS, file)}: ${specifier}`),
    );
    expect(found).toEqual([]);
  });

  it('each renderer keeps its limits in one table', () => {
    for (const dir of Object.values(RENDERERS)) expect(fs.existsSync(path.join(dir, 'limits.ts'))).toBe(true);
  });
});

describe('the one fitting search', () => {
  const fitModules = ['adaptive/budget.ts', 'blockkit/fit.ts', 'blockkit/fit-lookup.ts'];

  it.each(fitModules)('%s imports src/cards/fit-search', (module) => {
    const file = path.join(CARDS, module);
    const imported = specifiers(fs.readFileSync(file, 'utf8')).map((specifier) => path.resolve(path.dirname(file), specifier));
    expect(imported).toContain(path.join(CARDS, 'fit-search'));
  });

  it('is written once: no other file under src/cards gallops', () => {
    // The gallop ("step *= 2") is the search's signature; a second copy would bring it back.
    const galloping = tsFiles(CARDS).filter((file) => /step\s*\*=\s*2/.test(fs.readFileSync(file, 'utf8')));
    expect(galloping.map((file) => path.relative(CARDS, file))).toEqual(['fit-search.ts']);
  });

  it('fits an oversize lookup and hunting page in both renderers', () => {
    const sectionSearch = jest.mocked(fitSearch.fitSectionItems);
    const countSearch = jest.mocked(fitSearch.largestCountFitting);
    const big = 'x'.repeat(400);
    const hunt = huntView();
    const oversizeHunt = { ...hunt, rows: Array.from({ length: 300 }, (_, i) => hunt.columns.map((c) => `${c}-${i}-${big}`)) };
    for (const render of [renderAdaptiveCard, renderBlockKit]) {
      sectionSearch.mockClear();
      countSearch.mockClear();
      render(hugeLookupView());
      expect(sectionSearch).toHaveBeenCalled();
      render(oversizeHunt);
      expect(countSearch).toHaveBeenCalled();
    }
  });
});
