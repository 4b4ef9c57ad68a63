import fs from 'node:fs';
import path from 'node:path';

/** Repository root (test/e2e/harness -> ../../..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

let runDir: string | undefined;

/**
 * The folder of this run's artifacts (screenshots, bot and playground logs, event recordings):
 * `test-output/e2e/<timestamp>/` under the repo root (gitignored), or $E2E_OUTPUT_DIR.
 * Created and printed on first use; one folder per jest process.
 */
export function outputDir(): string {
  if (runDir) return runDir;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  runDir = process.env.E2E_OUTPUT_DIR ? path.resolve(process.env.E2E_OUTPUT_DIR) : path.join(REPO_ROOT, 'test-output', 'e2e', stamp);
  fs.mkdirSync(runDir, { recursive: true });
  console.log(`[e2e] artifacts of this run: ${runDir}`);
  return runDir;
}

/** A file name safe for any file system, keeping it readable. */
export function safeName(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'unnamed'
  );
}

let seq = 0;
/** `outputDir()/NN-name.ext`, numbered in creation order so a folder listing reads like the run. */
export function artifactPath(name: string, ext: string): string {
  seq += 1;
  return path.join(outputDir(), `${String(seq).padStart(2, '0')}-${safeName(name)}.${ext}`);
}
