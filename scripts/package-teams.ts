/**
 * Builds the Teams app package: dist/teams/defender-chatops-teams.zip with manifest.json, color.png and outline.png
 * at the zip root (Teams rejects nested paths with "Failed to find icon").
 *
 *   npx tsx scripts/package-teams.ts [--demo] [--out-dir <dir>]
 *
 * The bot id comes from MicrosoftAppId (the Azure Bot's Microsoft App ID, the same variable botbuilder reads) and
 * the app id from TEAMS_APP_ID when set (otherwise the fixed id in manifest/teams/manifest.json). Without a valid
 * MicrosoftAppId the script refuses with exit code 2, unless --demo is given: then the placeholder bot id stays (and
 * the script says so); such a package is for inspection only, as Teams cannot reach a bot with that id.
 *
 * The filled manifest is validated offline against the MicrosoftTeams.schema.json that @microsoft/app-manifest ships
 * (never fetched from $schema), plus the limits Teams enforces beyond the schema; any failure exits 1 with the list.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import AdmZip from 'adm-zip';
import type { TeamsManifestV1D25 } from '@microsoft/app-manifest';

export type TeamsManifest = TeamsManifestV1D25.TeamsManifestV1D25;
export type Env = Readonly<Record<string, string | undefined>>;

/** The manifest schema version this app targets; manifest.json must say the same. */
export const MANIFEST_SCHEMA_VERSION = '1.25';
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_SCHEMA_VERSION}/MicrosoftTeams.schema.json`;

export const REPO_ROOT = resolve(__dirname, '..');
export const MANIFEST_DIR = join(REPO_ROOT, 'manifest', 'teams');
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'dist', 'teams');
export const PACKAGE_FILE_NAME = 'defender-chatops-teams.zip';
/** Exactly these files, at the zip root. */
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;

/** The bot id committed in manifest.json; replaced from MicrosoftAppId when packaging. */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';
export const BOT_ID_ENV = 'MicrosoftAppId';
export const APP_ID_ENV = 'TEAMS_APP_ID';

/** Limits Teams documents and enforces on upload but the JSON schema states more loosely (or not at all). */
export const LIMITS = {
  commandTitle: 32, // schema: 128
  commandDescription: 128, // schema: 4000
  commandsPerList: 12, // schema 1.24+: 12 (10 before)
  nameShort: 30,
  nameFull: 100,
  descriptionShort: 80,
  descriptionFull: 4000,
  developerName: 32,
} as const;

export const ICON_SIZES = { 'color.png': 192, 'outline.png': 32 } as const;

/** Non-standard channel types the bot declares (manifest `supportedChannelTypes`, schema 1.25: at most these two). */
export const CHANNEL_TYPES = ['sharedChannels', 'privateChannels'] as const;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A failure with the exit code the CLI should end with: 2 for bad input (environment, arguments), 1 otherwise. */
export class PackagingError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'PackagingError';
  }
}

export interface PackageOptions {
  /** Keep the placeholder bot id when MicrosoftAppId is missing or invalid instead of refusing. */
  demo?: boolean;
  /** Folder holding manifest.json and the icons (default manifest/teams). */
  manifestDir?: string;
}

export interface BuiltManifest {
  manifest: TeamsManifest;
  /** True when bots[0].botId is still the placeholder (only possible with --demo). */
  placeholderBotId: boolean;
  /** Lines for the user: what was filled from where, and warnings. */
  notes: string[];
}

export function readManifestTemplate(manifestDir = MANIFEST_DIR): TeamsManifest {
  const path = join(manifestDir, 'manifest.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new PackagingError(`cannot read ${path}: ${(err as Error).message}`, 1);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PackagingError(`${path} does not hold a JSON object`, 1);
  }
  return parsed as TeamsManifest;
}

function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * The manifest with its ids filled from the environment. Throws PackagingError (exit code 2) when MicrosoftAppId is
 * missing, not a GUID or the all-zero placeholder (unless options.demo), or when TEAMS_APP_ID is set but not a GUID.
 */
export function buildManifest(env: Env, options: PackageOptions = {}): BuiltManifest {
  const manifest = structuredClone(readManifestTemplate(options.manifestDir));
  const notes: string[] = [];
  const bot = manifest.bots?.[0];
  if (!bot) throw new PackagingError('manifest.json has no bots[0] entry to fill', 1);

  const appId = envValue(env, APP_ID_ENV);
  if (appId !== undefined) {
    if (!isGuid(appId) || appId === PLACEHOLDER_BOT_ID) {
      throw new PackagingError(
        `${APP_ID_ENV} must be a GUID (the Teams app id; make one with uuidgen) and not all zeros, got "${appId}". ` +
          `Unset it to keep the app id in manifest/teams/manifest.json.`,
        2,
      );
    }
    manifest.id = appId.toLowerCase();
    notes.push(`app id ${manifest.id} from ${APP_ID_ENV}`);
  } else {
    notes.push(`app id ${manifest.id} from manifest/teams/manifest.json (set ${APP_ID_ENV} to override)`);
  }

  const botId = envValue(env, BOT_ID_ENV);
  const problem =
    botId === undefined
      ? `${BOT_ID_ENV} is not set`
      : botId === PLACEHOLDER_BOT_ID
        ? `${BOT_ID_ENV} is the all-zero placeholder GUID, not a real app id`
        : !isGuid(botId)
          ? `${BOT_ID_ENV} is not a GUID ("${botId}")`
          : undefined;

  if (problem === undefined && botId !== undefined) {
    bot.botId = botId.toLowerCase();
    notes.push(`bot id ${bot.botId} from ${BOT_ID_ENV}`);
    return { manifest, placeholderBotId: false, notes };
  }
  if (!options.demo) {
    throw new PackagingError(
      `${problem}. Set ${BOT_ID_ENV} to the Microsoft App ID of the Azure Bot (a GUID such as ` +
        `1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b), or pass --demo to package with the placeholder bot id.`,
      2,
    );
  }
  bot.botId = PLACEHOLDER_BOT_ID;
  notes.push(
    `DEMO package: ${problem}, so bots[0].botId keeps the placeholder ${PLACEHOLDER_BOT_ID}. ` +
      `Use it to inspect the package only: Teams cannot reach a bot with this id. Set ${BOT_ID_ENV} for a real package.`,
  );
  return { manifest, placeholderBotId: true, notes };
}

/** The directory of JSON schemas shipped inside @microsoft/app-manifest. */
export function shippedSchemaDir(): string {
  return join(dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams');
}

export function shippedSchemaPath(version = MANIFEST_SCHEMA_VERSION): string {
  if (!/^1\.\d{1,2}$/.test(version)) throw new PackagingError(`manifestVersion "${version}" is not a 1.x version`, 1);
  return join(shippedSchemaDir(), `v${version}`, 'MicrosoftTeams.schema.json');
}

/** The Teams manifest JSON schema read from disk (never from the network). */
export function loadManifestSchema(version = MANIFEST_SCHEMA_VERSION): Record<string, unknown> {
  const path = shippedSchemaPath(version);
  if (!existsSync(path)) {
    throw new PackagingError(`@microsoft/app-manifest ships no Teams schema v${version} (looked for ${path})`, 1);
  }
  // Same clean-up the package applies to its own schema files before parsing (\a and \v escapes in patterns).
  const text = readFileSync(path, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(text) as Record<string, unknown>;
}

interface SchemaError {
  instancePath: string;
  message?: string;
  params?: unknown;
}
type SchemaValidator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
interface AjvInstance {
  compile(schema: object): SchemaValidator;
}
type AjvConstructor = new (options: Record<string, unknown>) => AjvInstance;
type AddFormats = (ajv: AjvInstance, formats: string[]) => unknown;

const validators = new Map<string, SchemaValidator>();

/**
 * The validator AppManifestUtils.validateAgainstSchema(manifest, schema) builds for a draft-04 schema: ajv-draft-04
 * with allErrors and strictTypes off, plus ajv-formats uri/email/regex. The modules are the ones
 * @microsoft/app-manifest itself depends on (resolved from its folder). Its index is not loaded: it requires the
 * ESM-only strip-bom, which Jest's CommonJS runtime cannot load. test/manifest runs the package's own function in a
 * child process and checks it returns the same errors as this one.
 */
function compileShippedSchema(version: string): SchemaValidator {
  const cached = validators.get(version);
  if (cached) return cached;
  const schema = loadManifestSchema(version);
  if (!String(schema.$schema ?? '').includes('draft-04')) {
    throw new PackagingError(`Teams schema v${version} is not draft-04; update compileShippedSchema`, 1);
  }
  const fromPackage = createRequire(require.resolve('@microsoft/app-manifest'));
  const ajvDraft04 = fromPackage('ajv-draft-04') as { default?: AjvConstructor } & AjvConstructor;
  const ajvFormats = fromPackage('ajv-formats') as { default?: AddFormats } & AddFormats;
  const Ajv04 = ajvDraft04.default ?? ajvDraft04;
  const addFormats = ajvFormats.default ?? ajvFormats;
  const ajv = new Ajv04({ allErrors: true, strictTypes: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  validators.set(version, validate);
  return validate;
}

/**
 * JSON-schema errors against the schema file shipped in @microsoft/app-manifest for the manifest's own
 * manifestVersion; an empty list when valid. Formatted like AppManifestUtils.validateAgainstSchema. Offline: the
 * schema is read from disk and `$schema` is never fetched.
 */
export async function validateAgainstShippedSchema(manifest: TeamsManifest): Promise<string[]> {
  const validate = compileShippedSchema(manifest.manifestVersion);
  if (validate(JSON.parse(JSON.stringify(manifest)))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}. Details: ${e.params ? JSON.stringify(e.params) : ''}`);
}

/** Rules the schema does not (fully) state but Teams or this project require. */
export function checkManifestRules(manifest: TeamsManifest): string[] {
  const errors: string[] = [];
  if (manifest.manifestVersion !== MANIFEST_SCHEMA_VERSION) {
    errors.push(`manifestVersion is ${manifest.manifestVersion}, expected ${MANIFEST_SCHEMA_VERSION}`);
  }
  if (manifest.$schema !== MANIFEST_SCHEMA_URL) errors.push(`$schema must be ${MANIFEST_SCHEMA_URL}`);
  if (!isGuid(manifest.id)) errors.push(`id "${manifest.id}" is not a GUID`);
  if (manifest.description.short === manifest.description.full) {
    errors.push('description.short and description.full must differ');
  }
  for (const [key, name] of Object.entries(manifest.icons)) {
    if (typeof name === 'string' && (name.includes('/') || name.includes('\\'))) {
      errors.push(`icons.${key} "${name}" must be a file at the package root`);
    }
  }
  (manifest.bots ?? []).forEach((bot, b) => {
    if (!isGuid(bot.botId)) errors.push(`bots[${b}].botId "${bot.botId}" is not a GUID`);
    const listed = new Set<string>();
    (bot.commandLists ?? []).forEach((list, l) => {
      const at = `bots[${b}].commandLists[${l}]`;
      list.scopes.forEach((s) => listed.add(s));
      if (list.commands.length > LIMITS.commandsPerList) {
        errors.push(`${at} has ${list.commands.length} commands (at most ${LIMITS.commandsPerList})`);
      }
      list.commands.forEach((c, i) => {
        if (c.title.length > LIMITS.commandTitle) {
          errors.push(`${at}.commands[${i}].title "${c.title}" is longer than ${LIMITS.commandTitle}`);
        }
        if (c.description.length > LIMITS.commandDescription) {
          errors.push(`${at}.commands[${i}].description is longer than ${LIMITS.commandDescription}`);
        }
      });
    });
    for (const scope of bot.scopes) {
      if (!listed.has(scope)) errors.push(`bots[${b}] scope ${scope} has no command list`);
    }
  });
  // SOC incident rooms are often private or shared channels; Teams offers an app there only when the manifest says so.
  if ((manifest.bots ?? []).some((bot) => bot.scopes.includes('team'))) {
    for (const type of CHANNEL_TYPES) {
      if (!manifest.supportedChannelTypes?.includes(type))
        errors.push(`supportedChannelTypes must include ${type} (a team bot is offered in such channels only when declared)`);
    }
    if (manifest.supportsChannelFeatures !== 'tier1')
      errors.push('supportsChannelFeatures must be "tier1" (Teams\' readiness flag for shared and private channels)');
  }
  return errors;
}

/** Width and height from a PNG's IHDR chunk (throws when the bytes are not a PNG). */
export function readPngSize(png: Uint8Array): { width: number; height: number; colorType: number } {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const signature = '89504e470d0a1a0a';
  if (buf.length < 33 || buf.subarray(0, 8).toString('hex') !== signature || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), colorType: buf[25] as number };
}

function readIcons(manifestDir: string): Map<string, Buffer> {
  const icons = new Map<string, Buffer>();
  const errors: string[] = [];
  for (const [name, size] of Object.entries(ICON_SIZES)) {
    const path = join(manifestDir, name);
    if (!existsSync(path)) {
      errors.push(`${path} is missing (npx tsx scripts/make-icons.ts draws it)`);
      continue;
    }
    const bytes = readFileSync(path);
    try {
      const { width, height } = readPngSize(bytes);
      if (width !== size || height !== size) errors.push(`${name} is ${width}x${height}, must be ${size}x${size}`);
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message}`);
    }
    icons.set(name, bytes);
  }
  if (errors.length) throw new PackagingError('the icons are not valid', 1, errors);
  return icons;
}

export interface PackageResult extends BuiltManifest {
  zipPath: string;
}

/**
 * Fills the ids, validates (schema + rules + icons), and writes `<outDir>/defender-chatops-teams.zip`.
 * Nothing is written when validation fails.
 */
export async function packageTeamsApp(env: Env, outDir: string = DEFAULT_OUT_DIR, options: PackageOptions = {}): Promise<PackageResult> {
  const manifestDir = options.manifestDir ?? MANIFEST_DIR;
  const built = buildManifest(env, { ...options, manifestDir });
  const errors = [...(await validateAgainstShippedSchema(built.manifest)), ...checkManifestRules(built.manifest)];
  if (errors.length) {
    throw new PackagingError(`the manifest is not valid against Teams manifest schema v${built.manifest.manifestVersion}`, 1, errors);
  }
  const icons = readIcons(manifestDir);

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(built.manifest, null, 2)}\n`, 'utf8'));
  for (const [name, bytes] of icons) zip.addFile(name, bytes);

  mkdirSync(outDir, { recursive: true });
  const zipPath = join(resolve(outDir), PACKAGE_FILE_NAME);
  zip.writeZip(zipPath);
  return { ...built, zipPath };
}

export interface CliArgs {
  demo: boolean;
  outDir: string;
  help: boolean;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { demo: false, outDir: DEFAULT_OUT_DIR, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--demo') args.demo = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--out-dir' || arg.startsWith('--out-dir=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) throw new PackagingError('--out-dir needs a directory', 2);
      args.outDir = resolve(value);
    } else throw new PackagingError(`unknown argument ${arg} (try --help)`, 2);
  }
  return args;
}

const USAGE = `Usage: npx tsx scripts/package-teams.ts [--demo] [--out-dir <dir>]

Builds ${PACKAGE_FILE_NAME} (manifest.json, color.png, outline.png at the zip root) from manifest/teams/.
  ${BOT_ID_ENV}   required: the Azure Bot's Microsoft App ID (GUID), written to bots[0].botId
  ${APP_ID_ENV}    optional: overrides the Teams app id (GUID)
  --demo           keep the placeholder bot id when ${BOT_ID_ENV} is missing or invalid
  --out-dir <dir>  where to write the zip (default dist/teams)`;

export interface Io {
  log(line: string): void;
  error(line: string): void;
}

/** The CLI; returns the exit code (0 ok, 1 invalid manifest or icons, 2 bad environment or arguments). */
export async function main(argv: readonly string[], env: Env, io: Io = console): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.log(USAGE);
      return 0;
    }
    const result = await packageTeamsApp(env, args.outDir, { demo: args.demo });
    for (const note of result.notes) {
      if (note.startsWith('DEMO')) io.error(note);
      else io.log(note);
    }
    io.log(result.zipPath);
    return 0;
  } catch (err) {
    if (err instanceof PackagingError) {
      io.error(`package-teams: ${err.message}`);
      for (const detail of err.details) io.error(`  - ${detail}`);
      return err.exitCode;
    }
    io.error(`package-teams: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
