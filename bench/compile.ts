import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * src/ and bench/ as JavaScript in a temporary directory (TypeScript's own per-file transpiler with the project's
 * options, no type check), so a part can run on plain node as the production build does, without tsx's loader in its
 * memory. Packages resolve through NODE_PATH. Returns the directory.
 */
export function compileForNode(): string {
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, ROOT);
  const compilerOptions: ts.CompilerOptions = { ...parsed.options, sourceMap: false, inlineSourceMap: false, declaration: false };
  const out = mkdtempSync(join(tmpdir(), 'defender-bench-'));
  for (const top of ['src', 'bench']) {
    for (const file of files(join(ROOT, top))) {
      const target = join(out, relative(ROOT, file));
      if (file.endsWith('.json')) {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(file, target);
      } else if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
        const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file }).outputText;
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target.replace(/\.ts$/, '.js'), js);
      }
    }
  }
  return out;
}
