import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The key that signs button ids: from configuration, or generated once and kept in DATA_DIR (mode 0600) so buttons and
 * pending approvals survive a restart. Several replicas must share one: set ACTION_SIGNING_KEY.
 */
export async function loadSigningKey(configured: string | undefined, dataDir: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = join(dataDir, 'signing-key');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 43) return Buffer.from(existing, 'base64url');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(
        `DATA_DIR ${dataDir}: the signing key cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): fix the folder's permissions or set ACTION_SIGNING_KEY`,
      );
  }
  const key = randomBytes(32);
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, key.toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadSigningKey(undefined, dataDir);
    throw new Error(
      `DATA_DIR ${dataDir} cannot be written (${(err as NodeJS.ErrnoException).code ?? 'error'}): create it or point DATA_DIR elsewhere, or set ACTION_SIGNING_KEY`,
    );
  }
  return key;
}
