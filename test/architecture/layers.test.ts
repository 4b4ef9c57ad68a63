import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

// The layers of src/ and the only arrows allowed between them (docs/architecture.md draws them). A new import that
// crosses a layer another way fails here, naming the file and the import.
const ALLOWED: Record<string, readonly string[]> = {
  config: [],
  entities: [],
  ports: ['defender'], // the shapes the shared state holds (TargetFindings), types only
  net: ['ports'],
  defender: ['config', 'net', 'ports', 'entities'],
  store: ['config', 'ports'],
  'shared-state': ['defender', 'net', 'ports', 'config'],
  cards: [],
  core: ['cards', 'config', 'defender', 'entities', 'net', 'ports', 'store'],
  ops: ['core', 'defender', 'store', 'config'],
  bot: ['cards', 'config', 'core', 'net', 'ops', 'ports', 'store'],
  cli: ['app', 'config', 'core', 'defender', 'entities', 'ops', 'store', 'bot', 'cards', 'net'],
  app: ['bot', 'config', 'core', 'defender', 'ops', 'shared-state', 'store', 'net', 'ports', 'cards', 'entities'],
};

const src = join(__dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The top-level part of src/ a path belongs to ('app' for src/app.ts). */
function layerOf(path: string): string {
  const [first] = relative(src, path).split(/[\\/]/);
  return (first ?? '').replace(/\.ts$/, '');
}

/** Relative imports, static and dynamic, type-only included: a type is a dependency too. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)'(\.{1,2}\/[^']*)'/g)].map((m) => m[1]!);
}

describe('layers', () => {
  const all = files(src);

  it('every import crosses layers only where an arrow is allowed', () => {
    const wrong: string[] = [];
    for (const file of all) {
      const from = layerOf(file);
      const allowed = ALLOWED[from];
      if (!allowed) {
        wrong.push(`${relative(src, file)}: src/${from} is not a known layer (add it to ALLOWED and docs/architecture.md)`);
        continue;
      }
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = normalize(join(dirname(file), spec));
        if (!target.startsWith(src)) continue;
        const to = layerOf(target);
        if (to !== from && !allowed.includes(to)) wrong.push(`${relative(src, file)} imports ${spec} (${from} -> ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the bot never calls Defender and Defender never knows who is asking', () => {
    expect(ALLOWED.bot).not.toContain('defender');
    expect(ALLOWED.defender).not.toContain('core');
    expect(ALLOWED.defender).not.toContain('shared-state');
    expect(ALLOWED.defender).not.toContain('bot');
    expect(ALLOWED.cards).toEqual([]);
  });

  it('the import reader sees every form of import, so the check cannot pass by missing one', () => {
    const text = [
      "import { a } from '../core/x';",
      "import type { B } from '../bot/y';",
      "export { c } from '../cards/z';",
      "import '../ops/side-effect';",
      "const m = await import('../store/lazy');",
      "import x from 'node:fs';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['../core/x', '../bot/y', '../cards/z', '../ops/side-effect', '../store/lazy']);
  });
});
