import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { encodePng, renderOutlineIcon } from '../../scripts/make-icons';
import {
  MANIFEST_DIR,
  PACKAGE_FILE_NAME,
  PLACEHOLDER_BOT_ID,
  PackagingError,
  REPO_ROOT,
  type TeamsManifest,
  buildManifest,
  main,
  packageTeamsApp,
  readManifestTemplate,
  validateAgainstShippedSchema,
} from '../../scripts/package-teams';

const BOT_ID = '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b';
const APP_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const template = readManifestTemplate();

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'teams-package-'));
  jest.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('network access in a test'));
});
afterEach(() => {
  expect(globalThis.fetch).not.toHaveBeenCalled();
  jest.restoreAllMocks();
  rmSync(tmp, { recursive: true, force: true });
});

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { log: (l: string) => out.push(l), error: (l: string) => err.push(l) } };
}

function refusal(fn: () => unknown): PackagingError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PackagingError) return e;
    throw e;
  }
  throw new Error('expected a PackagingError');
}

/** A copy of manifest/teams in a temp folder, optionally with a changed manifest. */
function manifestCopy(change?: (m: TeamsManifest) => void): string {
  const dir = join(tmp, 'manifest');
  cpSync(MANIFEST_DIR, dir, { recursive: true });
  if (change) {
    const m = readManifestTemplate(dir);
    change(m);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2));
  }
  return dir;
}

describe('buildManifest', () => {
  it('fills bots[0].botId from MicrosoftAppId (lower-cased) and keeps the committed app id', () => {
    const { manifest, placeholderBotId, notes } = buildManifest({ MicrosoftAppId: ` ${BOT_ID.toUpperCase()} ` });
    expect(manifest.bots?.[0]?.botId).toBe(BOT_ID);
    expect(manifest.id).toBe(template.id);
    expect(placeholderBotId).toBe(false);
    expect(notes.join('\n')).toContain(`bot id ${BOT_ID} from MicrosoftAppId`);
    expect(template.bots?.[0]?.botId).toBe(PLACEHOLDER_BOT_ID); // the template object is not modified
  });

  it('takes the app id from TEAMS_APP_ID when set', () => {
    const { manifest } = buildManifest({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: APP_ID });
    expect(manifest.id).toBe(APP_ID);
    expect(buildManifest({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: '' }).manifest.id).toBe(template.id);
  });

  it.each([
    ['missing', {}, /MicrosoftAppId is not set/],
    ['empty', { MicrosoftAppId: '' }, /MicrosoftAppId is not set/],
    ['blank', { MicrosoftAppId: '   ' }, /MicrosoftAppId is not set/],
    ['not a GUID', { MicrosoftAppId: 'my-bot' }, /MicrosoftAppId is not a GUID \("my-bot"\)/],
    ['a GUID with braces', { MicrosoftAppId: `{${BOT_ID}}` }, /MicrosoftAppId is not a GUID/],
    ['the all-zero placeholder', { MicrosoftAppId: PLACEHOLDER_BOT_ID }, /MicrosoftAppId is the all-zero placeholder/],
  ])('refuses with exit code 2 when MicrosoftAppId is %s', (_case, env, message) => {
    const err = refusal(() => buildManifest(env));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(message);
    expect(err.message).toContain('--demo');
  });

  it('refuses an invalid TEAMS_APP_ID with exit code 2, naming it', () => {
    const err = refusal(() => buildManifest({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: 'contoso' }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^TEAMS_APP_ID must be a GUID/);
  });

  it('with demo, keeps the placeholder when MicrosoftAppId is missing or invalid, and says so', () => {
    for (const env of [{}, { MicrosoftAppId: 'my-bot' }]) {
      const built = buildManifest(env, { demo: true });
      expect(built.manifest.bots?.[0]?.botId).toBe(PLACEHOLDER_BOT_ID);
      expect(built.placeholderBotId).toBe(true);
      expect(built.notes.join('\n')).toMatch(/^DEMO package: MicrosoftAppId .*placeholder/m);
    }
  });

  it('with demo and a valid MicrosoftAppId, still uses it', () => {
    const built = buildManifest({ MicrosoftAppId: BOT_ID }, { demo: true });
    expect(built.manifest.bots?.[0]?.botId).toBe(BOT_ID);
    expect(built.placeholderBotId).toBe(false);
  });
});

describe('packageTeamsApp', () => {
  it('writes a zip with exactly manifest.json, color.png and outline.png at its root', async () => {
    const outDir = join(tmp, 'nested', 'out'); // created on demand
    const { zipPath } = await packageTeamsApp({ MicrosoftAppId: BOT_ID }, outDir);
    expect(zipPath).toBe(join(outDir, PACKAGE_FILE_NAME));
    const entries = new AdmZip(zipPath).getEntries();
    expect(entries.map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(entries.every((e) => !e.isDirectory && !e.entryName.includes('/'))).toBe(true);
  });

  it('the manifest in the zip carries MicrosoftAppId and is valid offline; the icons are the committed files', async () => {
    const { zipPath } = await packageTeamsApp({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: APP_ID }, tmp);
    const zip = new AdmZip(zipPath);
    const manifest = JSON.parse(zip.readAsText('manifest.json')) as TeamsManifest;
    expect(manifest.bots?.[0]?.botId).toBe(BOT_ID);
    expect(manifest.id).toBe(APP_ID);
    expect({ ...manifest, id: template.id, bots: template.bots }).toEqual(template); // nothing else changed
    await expect(validateAgainstShippedSchema(manifest)).resolves.toEqual([]);
    for (const icon of ['color.png', 'outline.png']) {
      expect(zip.readFile(icon)?.equals(readFileSync(join(MANIFEST_DIR, icon)))).toBe(true);
    }
  });

  it('writes nothing when MicrosoftAppId is missing', async () => {
    await expect(packageTeamsApp({}, tmp)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^MicrosoftAppId is not set/),
    });
    expect(existsSync(join(tmp, PACKAGE_FILE_NAME))).toBe(false);
  });

  it('in demo mode packages the placeholder bot id', async () => {
    const { zipPath, placeholderBotId } = await packageTeamsApp({}, tmp, { demo: true });
    expect(placeholderBotId).toBe(true);
    const manifest = JSON.parse(new AdmZip(zipPath).readAsText('manifest.json')) as TeamsManifest;
    expect(manifest.bots?.[0]?.botId).toBe(PLACEHOLDER_BOT_ID);
  });

  it('refuses a manifest that fails the schema (exit code 1, errors listed), and writes nothing', async () => {
    const manifestDir = manifestCopy((m) => {
      m.accentColor = 'blue';
      m.description.short = 'x'.repeat(81);
    });
    const err = await packageTeamsApp({ MicrosoftAppId: BOT_ID }, tmp, { manifestDir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PackagingError);
    const { exitCode, message, details } = err as PackagingError;
    expect(exitCode).toBe(1);
    expect(message).toMatch(/not valid against Teams manifest schema v1\.25/);
    expect(details.join('\n')).toMatch(/\/accentColor/);
    expect(details.join('\n')).toMatch(/\/description\/short/);
    expect(existsSync(join(tmp, PACKAGE_FILE_NAME))).toBe(false);
  });

  it('refuses icons of the wrong size', async () => {
    const manifestDir = manifestCopy();
    writeFileSync(join(manifestDir, 'color.png'), encodePng(renderOutlineIcon()));
    await expect(packageTeamsApp({ MicrosoftAppId: BOT_ID }, tmp, { manifestDir })).rejects.toMatchObject({
      exitCode: 1,
      details: ['color.png is 32x32, must be 192x192'],
    });
  });
});

describe('main (the CLI)', () => {
  it('prints the zip path and exits 0', async () => {
    const { out, err, io } = captureIo();
    await expect(main(['--out-dir', tmp], { MicrosoftAppId: BOT_ID }, io)).resolves.toBe(0);
    expect(out[out.length - 1]).toBe(join(tmp, PACKAGE_FILE_NAME));
    expect(err).toEqual([]);
  });

  it('exits 2 with a message naming MicrosoftAppId when it is missing or invalid', async () => {
    for (const env of [{}, { MicrosoftAppId: 'nope' }]) {
      const { out, err, io } = captureIo();
      await expect(main([`--out-dir=${tmp}`], env, io)).resolves.toBe(2);
      expect(err.join('\n')).toMatch(/^package-teams: MicrosoftAppId is (not set|not a GUID)/);
      expect(out).toEqual([]);
    }
    expect(existsSync(join(tmp, PACKAGE_FILE_NAME))).toBe(false);
  });

  it('--demo packages anyway and warns that the bot id is a placeholder', async () => {
    const { out, err, io } = captureIo();
    await expect(main(['--demo', '--out-dir', tmp], {}, io)).resolves.toBe(0);
    expect(err.join('\n')).toMatch(/DEMO package: MicrosoftAppId is not set.*00000000-0000-0000-0000-000000000000/);
    expect(out[out.length - 1]).toBe(join(tmp, PACKAGE_FILE_NAME));
  });

  it('exits 2 on an unknown argument and 0 on --help', async () => {
    const bad = captureIo();
    await expect(main(['--dmeo'], { MicrosoftAppId: BOT_ID }, bad.io)).resolves.toBe(2);
    expect(bad.err.join('\n')).toMatch(/unknown argument --dmeo/);
    const help = captureIo();
    await expect(main(['--help'], {}, help.io)).resolves.toBe(0);
    expect(help.out.join('\n')).toMatch(/MicrosoftAppId/);
  });

  it('as a real process: exit code 2 and the message on stderr when MicrosoftAppId is missing', () => {
    const env = { ...process.env };
    delete env.MicrosoftAppId;
    const run = spawnSync(process.execPath, ['--import', 'tsx', join('scripts', 'package-teams.ts'), '--out-dir', tmp], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/MicrosoftAppId is not set/);
    expect(run.stdout).toBe('');
  });
});
