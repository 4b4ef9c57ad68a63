import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../..');
const EMULATOR = join(ROOT, 'emulator');

interface ModuleReference {
  file: string;
  specifier: string;
  /** import() loads the module when the code runs; everything else loads it when the importing file is loaded. */
  dynamic: boolean;
  /** `import type` / `export type`: erased by the compiler, loads nothing. */
  typeOnly: boolean;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const parse = (file: string, text: string) => ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);

/** Every module a file names: import and export-from declarations, import = require, require() and import(). */
function referencesIn(source: ts.SourceFile): ModuleReference[] {
  const file = source.fileName;
  const found: ModuleReference[] = [];
  const add = (node: ts.Node | undefined, dynamic: boolean, typeOnly: boolean) => {
    if (node && ts.isStringLiteralLike(node)) found.push({ file, specifier: node.text, dynamic, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, false, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, false, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, false, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], true, false);
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') add(node.arguments[0], false, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, false, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const moduleReferences = (file: string) => referencesIn(parse(file, readFileSync(file, 'utf8')));

const intoEmulator = (ref: ModuleReference) => {
  if (!ref.specifier.startsWith('.')) return false;
  const target = resolve(dirname(ref.file), ref.specifier);
  return target === EMULATOR || target.startsWith(EMULATOR + sep);
};
const show = (ref: ModuleReference) => `${relative(ROOT, ref.file)} -> ${ref.specifier}`;

describe('the product does not load the emulator by being imported', () => {
  const references = tsFiles(join(ROOT, 'src')).flatMap(moduleReferences);

  it('no file under src/ imports or re-exports from emulator/ statically (import() and import type are allowed)', () => {
    const static_ = references.filter((r) => intoEmulator(r) && !r.dynamic && !r.typeOnly).map(show);
    expect(static_).toEqual([]);
  });

  it('the scan sees the dynamic imports that do load it: demo mode in connect.ts and `npm run emulator`', () => {
    const dynamic = references.filter((r) => intoEmulator(r) && r.dynamic).map(show);
    expect(dynamic).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^src\/defender\/connect\.ts -> .*emulator\/server$/),
        expect.stringMatching(/^src\/cli\/emulator-command\.ts -> .*emulator\/server$/),
      ]),
    );
  });

  it('the scan tells a static import from a dynamic one and from a type-only one', () => {
    const probe = join(ROOT, 'src', 'probe.ts');
    const refs = (text: string) => referencesIn(parse(probe, text)).filter(intoEmulator);
    expect(refs("import { DefenderEmulator } from '../emulator/server';").map((r) => [r.dynamic, r.typeOnly])).toEqual([[false, false]]);
    expect(refs("export { DEMO_USERS } from '../emulator/tenant';").map((r) => [r.dynamic, r.typeOnly])).toEqual([[false, false]]);
    expect(refs("import '../emulator/tls';").map((r) => [r.dynamic, r.typeOnly])).toEqual([[false, false]]);
    expect(refs("const t = require('../emulator/tenant');").map((r) => [r.dynamic, r.typeOnly])).toEqual([[false, false]]);
    expect(refs("import type { DefenderEmulator } from '../emulator/server';").map((r) => [r.dynamic, r.typeOnly])).toEqual([[false, true]]);
    expect(refs("const m = await import('../emulator/server');").map((r) => [r.dynamic, r.typeOnly])).toEqual([[true, false]]);
    expect(refs("import { x } from './emulator-command';")).toEqual([]);
  });
});
