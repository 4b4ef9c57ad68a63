import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What the child prints after the command: every module it loaded, on stderr after this marker. */
export const LOADED_MARKER = 'LOADED-MODULES ';

/**
 * The CLI in a child process, from src/ under tsx (no build needed), with `input` piped to its standard input (none:
 * an empty pipe). `reportModules` prints require.cache after the command, for the lazy-loading test.
 */
export function runCli(args: string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; reportModules?: boolean } = {}): Promise<CliRun> {
  const report = options.reportModules ? `process.stderr.write(${JSON.stringify(LOADED_MARKER)} + JSON.stringify(Object.keys(require.cache)) + '\\n');` : '';
  const script = `require('./src/cli/main.ts').main(process.argv.slice(1)).then((c) => { ${report} process.exitCode = c; }, (e) => { console.error(e); process.exitCode = 1; })`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, '--', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    // The CLI stops reading an oversize input and exits: the rest of the write fails with EPIPE, as a shell pipe's would.
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(options.input ?? '');
  });
}

/** The modules a run reported (absolute paths), from its stderr. */
export function loadedModules(run: CliRun): string[] {
  const line = run.stderr.split('\n').find((l) => l.startsWith(LOADED_MARKER));
  if (!line) throw new Error(`the child reported no modules; stderr:\n${run.stderr}`);
  return JSON.parse(line.slice(LOADED_MARKER.length)) as string[];
}
