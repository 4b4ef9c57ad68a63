import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  CHANNEL_TYPES,
  LIMITS,
  MANIFEST_DIR,
  MANIFEST_SCHEMA_URL,
  MANIFEST_SCHEMA_VERSION,
  PLACEHOLDER_BOT_ID,
  type TeamsManifest,
  checkManifestRules,
  isGuid,
  loadManifestSchema,
  readManifestTemplate,
  shippedSchemaDir,
  shippedSchemaPath,
  validateAgainstShippedSchema,
} from '../../scripts/package-teams';

/** The bot's commands, in the order the manifest lists them. */
const COMMANDS = ['lookup', 'incident', 'subscribe', 'device', 'hunt', 'actions', 'isolate', 'release', 'quarantine', 'audit', 'help'];
const SCOPES = ['personal', 'team', 'groupChat'] as const;

const manifest: TeamsManifest = readManifestTemplate();

// Offline guard: validation must use the schema file on disk. Any HTTP(S) request or fetch during a test fails it.
let guards: jest.SpyInstance[] = [];
beforeEach(() => {
  const refuse = () => {
    throw new Error('network access in a test');
  };
  guards = [
    jest.spyOn(globalThis, 'fetch').mockImplementation(refuse),
    jest.spyOn(http, 'request').mockImplementation(refuse),
    jest.spyOn(https, 'request').mockImplementation(refuse),
    jest.spyOn(http, 'get').mockImplementation(refuse),
    jest.spyOn(https, 'get').mockImplementation(refuse),
  ];
});
afterEach(() => {
  for (const guard of guards) expect(guard).not.toHaveBeenCalled();
  jest.restoreAllMocks();
});

/**
 * Runs @microsoft/app-manifest's own AppManifestUtils.validateAgainstSchema(manifest, shippedSchema) on each candidate
 * in one child Node process (its index requires the ESM-only strip-bom, which Node 20 loads but Jest's runtime
 * cannot), with fetch and the package's schema fetcher replaced by traps. Returns the errors per candidate and
 * every attempt to fetch (plus those of a control call without the schema, which must try to fetch).
 */
interface ChildValidation {
  errors: string[][];
  fetchAttempts: string[];
  controlAttempts: string[];
}

function validateWithPackageInChildProcess(candidates: unknown[]): ChildValidation {
  const dir = mkdtempSync(join(tmpdir(), 'teams-manifest-'));
  try {
    const inputPath = join(dir, 'manifests.json');
    writeFileSync(inputPath, JSON.stringify(candidates));
    const program = `
      const fs = require('node:fs');
      const { AppManifestUtils } = require('@microsoft/app-manifest');
      const attempts = [];
      globalThis.fetch = async (url) => { attempts.push('fetch ' + url); throw new Error('offline'); };
      AppManifestUtils.fetchSchema = async (url) => { attempts.push('fetchSchema ' + url); throw new Error('offline'); };
      const manifests = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
      const schema = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
      (async () => {
        const errors = [];
        for (const m of manifests) errors.push(await AppManifestUtils.validateAgainstSchema(m, schema));
        const fetchAttempts = [...attempts];
        // Control: without the schema argument the package fetches $schema, so the traps are live.
        await AppManifestUtils.validateAgainstSchema(manifests[0]).catch(() => undefined);
        const controlAttempts = attempts.slice(fetchAttempts.length);
        process.stdout.write(JSON.stringify({ errors, fetchAttempts, controlAttempts }));
      })().catch((err) => { console.error(err); process.exit(1); });`;
    const run = spawnSync(process.execPath, ['--no-warnings', '-e', program, inputPath, shippedSchemaPath()], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.status !== 0) throw new Error(`child validation failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as ChildValidation;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('schema version', () => {
  it('is the newest of 1.24/1.25 that @microsoft/app-manifest ships, and $schema points at it', () => {
    const shipped = readdirSync(shippedSchemaDir());
    expect(shipped).toEqual(expect.arrayContaining(['v1.24', 'v1.25']));
    expect(MANIFEST_SCHEMA_VERSION).toBe('1.25');
    expect(manifest.manifestVersion).toBe(MANIFEST_SCHEMA_VERSION);
    expect(manifest.$schema).toBe(MANIFEST_SCHEMA_URL);
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.schema.json');
    expect(existsSync(shippedSchemaPath())).toBe(true);
  });
});

describe('offline schema validation', () => {
  it('the committed manifest (placeholder bot id) is valid against the shipped v1.25 schema', async () => {
    await expect(validateAgainstShippedSchema(manifest)).resolves.toEqual([]);
  });

  it("@microsoft/app-manifest's own offline validation agrees, and never tries to fetch $schema", async () => {
    const broken = structuredClone(manifest) as unknown as Record<string, unknown>;
    broken.accentColor = 'blue';
    const ours = await validateAgainstShippedSchema(broken as unknown as TeamsManifest);
    expect(ours).not.toEqual([]);
    expect(validateWithPackageInChildProcess([manifest, broken])).toEqual({
      errors: [[], ours],
      fetchAttempts: [],
      controlAttempts: [`fetchSchema ${MANIFEST_SCHEMA_URL}`],
    });
  });

  it('also validates with plain ajv 8 and the shipped schema file (second opinion, no wrapper)', () => {
    // The schema declares draft-04; ajv 8's default dialect reads it the same way here because it uses no draft-04-only
    // keyword forms (no boolean exclusiveMinimum/Maximum, no schema "id"s), so only the $schema marker is dropped.
    const { $schema: _dialect, ...schema } = loadManifestSchema();
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(manifest)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('reports schema errors (a broken manifest is caught, so the check is real)', async () => {
    const broken = structuredClone(manifest) as unknown as Record<string, unknown>;
    broken.accentColor = 'blue';
    (broken.name as Record<string, string>).short = 'x'.repeat(31);
    ((broken.bots as Array<Record<string, unknown>>)[0] as Record<string, unknown>).botId = 'my-bot';
    const errors = (await validateAgainstShippedSchema(broken as unknown as TeamsManifest)).join('\n');
    expect(errors).toMatch(/^\/accentColor must match pattern/m);
    expect(errors).toMatch(/^\/name\/short must NOT have more than 30 characters/m);
    expect(errors).toMatch(/^\/bots\/0\/botId must match pattern/m);
  });
});

describe('required fields and lengths', () => {
  it('has every field the schema requires', () => {
    const schema = loadManifestSchema() as { required: string[] };
    for (const field of schema.required) expect(manifest).toHaveProperty(field);
  });

  it('ids are GUIDs: a fixed app id, and the all-zero placeholder bot id that packaging replaces', () => {
    expect(isGuid(manifest.id)).toBe(true);
    expect(manifest.id).not.toBe(PLACEHOLDER_BOT_ID);
    expect(manifest.bots?.[0]?.botId).toBe(PLACEHOLDER_BOT_ID);
  });

  it('version is semver', () => {
    expect(manifest.version).toMatch(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/);
  });

  it('name, developer and descriptions are within limits', () => {
    expect(manifest.name.short).toBe('Defender ChatOps');
    expect(manifest.name.full?.length).toBeGreaterThan(0);
    expect(manifest.name.full?.length).toBeLessThanOrEqual(LIMITS.nameFull);
    expect(manifest.developer.name.length).toBeLessThanOrEqual(LIMITS.developerName);
    for (const url of [manifest.developer.websiteUrl, manifest.developer.privacyUrl, manifest.developer.termsOfUseUrl]) {
      expect(url).toMatch(/^https:\/\/github\.com\/defender-chatops(\/|$)/);
    }
    const { short, full } = manifest.description;
    expect(short.length).toBeGreaterThan(0);
    expect(short.length).toBeLessThanOrEqual(LIMITS.descriptionShort);
    expect(full.length).toBeLessThanOrEqual(LIMITS.descriptionFull);
    expect(full).not.toBe(short);
  });

  it('the full description covers lookups, response actions (role, approval, audit) and least privilege', () => {
    const full = manifest.description.full.toLowerCase();
    for (const phrase of ['ip addresses', 'domains', 'urls', 'hashes', 'email', 'device', 'users']) {
      expect(full).toContain(phrase);
    }
    for (const phrase of ['isolate', 'quarantine', 'role', 'approval', 'audit', 'least-privilege']) {
      expect(full).toContain(phrase);
    }
  });

  it('accent colour is #RRGGBB and icons are files at the package root', () => {
    expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(existsSync(join(MANIFEST_DIR, 'color.png'))).toBe(true);
    expect(existsSync(join(MANIFEST_DIR, 'outline.png'))).toBe(true);
  });

  it('passes the project rules that go beyond the schema', () => {
    expect(checkManifestRules(manifest)).toEqual([]);
  });
});

describe('bot and commands', () => {
  const bot = manifest.bots?.[0];

  it('is one conversational bot in personal, team and group chat scopes, no files', () => {
    expect(manifest.bots).toHaveLength(1);
    expect(bot?.scopes).toEqual([...SCOPES]);
    expect(bot?.supportsFiles).toBe(false);
    expect(bot?.isNotificationOnly).toBe(false);
  });

  it('the per-list command cap of the schema fits all nine commands, so none is dropped', () => {
    type Props<T> = { properties: T };
    type CommandLists = Props<{ commandLists: { items: Props<{ commands: { maxItems: number } }> } }>;
    const schema = loadManifestSchema() as Props<{ bots: { items: CommandLists } }>;
    const cap = schema.properties.bots.items.properties.commandLists.items.properties.commands.maxItems;
    expect(cap).toBe(LIMITS.commandsPerList);
    expect(cap).toBeGreaterThanOrEqual(COMMANDS.length);
  });

  it.each(SCOPES)('the %s scope has its own list with every command, within the limits', (scope) => {
    const lists = (bot?.commandLists ?? []).filter((l) => l.scopes.includes(scope));
    expect(lists).toHaveLength(1);
    const list = lists[0];
    expect(list?.scopes).toEqual([scope]);
    expect(list?.commands.map((c) => c.title)).toEqual(COMMANDS);
    expect(list?.commands.length).toBeLessThanOrEqual(LIMITS.commandsPerList);
    for (const c of list?.commands ?? []) {
      expect(c.title.length).toBeLessThanOrEqual(LIMITS.commandTitle);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(LIMITS.commandDescription);
    }
  });

  it('command descriptions say what each does', () => {
    const byTitle = new Map((bot?.commandLists?.[0]?.commands ?? []).map((c) => [c.title, c.description.toLowerCase()]));
    expect(byTitle.get('lookup')).toMatch(/every indicator/);
    expect(byTitle.get('device')).toMatch(/name.*ip.*id/);
    expect(byTitle.get('hunt')).toMatch(/kql.*role/);
    expect(byTitle.get('actions')).toMatch(/recent and pending machine actions.*one device/);
  });

  it('checkManifestRules catches long titles, long descriptions, too many commands and a scope without a list', () => {
    const broken = structuredClone(manifest);
    const lists = broken.bots?.[0]?.commandLists ?? [];
    const first = lists[0];
    if (!first) throw new Error('no command list');
    first.commands[0] = { title: 'x'.repeat(33), description: 'y'.repeat(129) };
    first.commands.push(...Array.from({ length: 2 }, (_, i) => ({ title: `extra${i}`, description: 'extra' })));
    lists.pop();
    const errors = checkManifestRules(broken).join('\n');
    expect(errors).toMatch(/title "x+" is longer than 32/);
    expect(errors).toMatch(/description is longer than 128/);
    expect(errors).toMatch(/has 13 commands \(at most 12\)/);
    expect(errors).toMatch(/scope groupChat has no command list/);
  });
});

describe('shared and private channels', () => {
  it('declares both non-standard channel types and the tier1 channel-features flag (SOC incident rooms often are such channels)', () => {
    // msteams-docs concepts/build-and-test/shared-channels.md ("Enable your app for shared channels") and
    // build-apps-for-shared-private-channels.md ("Add supportsChannelFeatures: tier1 to your app manifest").
    expect(manifest.supportedChannelTypes).toEqual([...CHANNEL_TYPES]);
    expect(manifest.supportsChannelFeatures).toBe('tier1');
  });

  it('the v1.25 schema in use defines both properties and accepts exactly these values', async () => {
    type Props = { properties: Record<string, { enum?: unknown[]; items?: { enum: unknown[] }; maxItems?: number }> };
    const { properties } = loadManifestSchema() as Props;
    expect(properties.supportedChannelTypes?.items?.enum).toEqual(['sharedChannels', 'privateChannels']);
    expect(properties.supportedChannelTypes?.maxItems).toBe(2);
    expect(properties.supportsChannelFeatures?.enum).toContain('tier1');
    const broken = structuredClone(manifest) as unknown as Record<string, unknown>;
    broken.supportedChannelTypes = ['sharedChannels', 'incidentRooms'];
    broken.supportsChannelFeatures = 'tier9';
    const errors = (await validateAgainstShippedSchema(broken as unknown as TeamsManifest)).join('\n');
    expect(errors).toMatch(/^\/supportedChannelTypes\/1 must be equal to one of the allowed values/m);
    expect(errors).toMatch(/^\/supportsChannelFeatures must be equal to one of the allowed values/m);
  });

  it('checkManifestRules catches a team bot that leaves them out', () => {
    const broken = structuredClone(manifest);
    broken.supportedChannelTypes = ['privateChannels'];
    delete broken.supportsChannelFeatures;
    const errors = checkManifestRules(broken).join('\n');
    expect(errors).toMatch(/supportedChannelTypes must include sharedChannels/);
    expect(errors).not.toMatch(/must include privateChannels/);
    expect(errors).toMatch(/supportsChannelFeatures must be "tier1"/);
  });
});

describe('validDomains', () => {
  it('is empty', () => {
    // Decision: no valid domains. validDomains lists the domains the Teams client may load *inside* Teams (tab
    // content, task modules/dialogs, sign-in pop-ups). This app is a pure bot: its cards deep-link to the Defender
    // portal (security.microsoft.com, security.microsoft.us) with Action.OpenUrl, which Teams opens in the user's
    // browser without consulting validDomains. Listing Microsoft's portal would grant nothing and would claim a domain
    // the publisher does not own, which Teams app validation discourages. Add a domain here only if a later
    // feature (an approval page in a dialog, SSO) loads content from it inside Teams.
    expect(manifest.validDomains).toEqual([]);
  });

  it('the committed manifest.json is the file the tests read, formatted with a trailing newline', () => {
    const text = readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });
});
