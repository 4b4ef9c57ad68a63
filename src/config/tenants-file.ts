import { accessSync, closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { isAlias, isCollection, isPair, LineCounter, parseDocument, Parser, type CST, type Document, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { bindingKey } from './bindings';
import { CLOUD_NAMES, CLOUDS, type CloudName } from './clouds';
import { ConfigError, type ConfigProblem } from './load';
import { isRoleMember, ROLE_MEMBER_HINT, ROLE_NAMES } from './role-members';
import type { AppConfig, CredentialConfig } from './schema';
import { SETTING_NAMES } from './settings';
import { closestMatch } from './suggest';
import {
  singleTenantConfig,
  tenantEndpoints,
  tenantRolesOf,
  type Binding,
  type BindingTarget,
  type CredentialSource,
  type Tenant,
  type TenantRoles,
  type TenantsConfig,
} from './tenants';

/** A tenants file of this size or more is refused before it is parsed. */
export const TENANTS_FILE_MAX_BYTES = 1024 * 1024;
/** Deeper nesting is refused before the YAML composer (which recurses) sees it: a real file nests 5 levels. */
export const TENANTS_FILE_MAX_DEPTH = 32;
/** At most this many aliases (*name) in a file; an anchored node may not contain one, so aliases never multiply. */
export const TENANTS_FILE_MAX_ALIASES = 100;
/** At most this many nodes once aliases are counted as the nodes they stand for. */
export const TENANTS_FILE_MAX_NODES = 100_000;
export const TENANT_NAME_MAX_LENGTH = 24;
const MAX_TENANTS = 1000;
const MAX_BINDINGS = 10_000;
const MAX_PROBLEMS = 200;
const SETTING = 'TENANTS_FILE';

type Path = (string | number)[];
interface Problem {
  path: Path;
  message: string;
}

/** A tenants file's problems, every one of them, each named by its place in the file (tenants[2].credential.secretEnv). */
export class TenantsFileError extends ConfigError {
  constructor(
    readonly file: string,
    problems: ConfigProblem[],
  ) {
    super(problems);
    this.name = 'TenantsFileError';
    const lines = problems.map((p) => `  - ${p.setting}: ${p.message}`);
    this.message = `Tenants file ${printable(file)} (${SETTING}) has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
  }
}

/** The tenants the deployment serves: the tenants file TENANTS_FILE names, else the one tenant of the settings. */
export function loadTenants(config: AppConfig, env: NodeJS.ProcessEnv = process.env): TenantsConfig {
  return config.tenantsFile ? readTenantsFile(config.tenantsFile, config, env) : singleTenantConfig(config);
}

/**
 * Reads and validates a tenants file (.yaml, .yml or .json). Secrets come from the environment variables the file
 * names; relative certificate paths are relative to the file. Throws TenantsFileError with every problem.
 */
export function readTenantsFile(file: string, config: AppConfig, env: NodeJS.ProcessEnv = process.env): TenantsConfig {
  const path = resolve(file);
  const fail = (problems: Problem[]): never => {
    throw new TenantsFileError(path, toConfigProblems(problems));
  };
  const ext = extname(path).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(ext)) fail([{ path: [], message: `names ${printable(path)}: a tenants file ends in .yaml, .yml or .json` }]);
  const read = readBounded(path);
  if ('problem' in read) return fail([{ path: [], message: read.problem }]);

  const parsed = ext === '.json' ? parseJson(read.text) : parseYaml(read.text);
  if (parsed.problems.length > 0) fail(parsed.problems);

  const problems: Problem[] = [];
  const structure = fileSchema.safeParse(parsed.data);
  if (!structure.success) problems.push(...structure.error.issues.flatMap(issueProblems));
  const context: Context = { config, env, baseDir: dirname(path) };
  problems.push(...checkMeaning(parsed.data, context));
  if (problems.length > 0 || !structure.success) fail(withLines(problems, parsed.lineOf));
  return resolveTenants(structure.data!, context, path);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and parsing

function readBounded(path: string): { text: string } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { problem: `names ${printable(path)}, which cannot be read (${code}): fix the path or its permissions` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: `names ${printable(path)}, which is not a regular file` };
    if (stat.size >= TENANTS_FILE_MAX_BYTES) return { problem: tooBig(path, stat.size, true) };
    // The size can change between fstat and read: never read more than the limit.
    const buffer = Buffer.alloc(TENANTS_FILE_MAX_BYTES);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length >= TENANTS_FILE_MAX_BYTES) return { problem: tooBig(path, length, false) };
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      return { problem: `${printable(path)} is not UTF-8 text` };
    }
    return { text: text.replace(/^\uFEFF/, '') };
  } finally {
    closeSync(fd);
  }
}

function tooBig(path: string, size: number, exact: boolean): string {
  return `${printable(path)} is ${exact ? '' : 'at least '}${size.toLocaleString('en-US')} bytes: a tenants file must be smaller than 1 MiB (${TENANTS_FILE_MAX_BYTES.toLocaleString('en-US')} bytes)`;
}

interface Parsed {
  data: unknown;
  problems: Problem[];
  lineOf: (path: Path) => number | undefined;
}

/**
 * The nesting depth of a YAML (or JSON) text, from the yaml library's CST, which is built without recursion. The
 * composer that follows recurses once per level, and a few thousand levels ('[[[[...', '- - - ...') overflow the stack;
 * on Node 20 a second such parse in the same process can even abort it (a fatal out-of-memory in V8's RegExp compiler).
 */
function nestingDepth(text: string): number {
  const stack: Array<[CST.Token, number]> = [];
  for (const token of new Parser().parse(text)) stack.push([token, 0]);
  let max = 0;
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (max > TENANTS_FILE_MAX_DEPTH) return max;
    if (token.type === 'document' && token.value) stack.push([token.value, depth]);
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection')
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
  }
  return max;
}

function tooDeep(text: string): Problem | undefined {
  return nestingDepth(text) > TENANTS_FILE_MAX_DEPTH
    ? { path: [], message: `nests collections more than ${TENANTS_FILE_MAX_DEPTH} levels deep: a tenants file needs about 5; it was not parsed` }
    : undefined;
}

function lineFinder(doc: Document | undefined, lineCounter: LineCounter): (path: Path) => number | undefined {
  return (path) => {
    if (!doc) return undefined;
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as YamlNode | undefined;
      const offset = node && typeof node === 'object' && 'range' in node ? node.range?.[0] : undefined;
      if (offset !== undefined) return lineCounter.linePos(offset).line;
    }
    return undefined;
  };
}

/** The first line of a yaml error (the rest quotes the file, which may hold what should not be printed). */
function yamlMessage(e: { message: string }): string {
  return printable(e.message.split('\n')[0]!.replace(/:$/, ''));
}

/** Text from outside (a path, a parser's message) made safe for one log line: control and non-ASCII characters escaped. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function parseYaml(text: string): Parsed {
  const none = () => undefined;
  const deep = tooDeep(text);
  if (deep) return { data: undefined, problems: [deep], lineOf: none };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, strict: true, prettyErrors: true });
  const problems: Problem[] = [...doc.errors, ...doc.warnings].map((e) => ({ path: [], message: `is not valid YAML: ${yamlMessage(e)}` }));
  if (problems.length > 0) return { data: undefined, problems, lineOf: none };
  const aliasProblems = checkAliases(doc);
  if (aliasProblems.length > 0) return { data: undefined, problems: aliasProblems, lineOf: none };
  try {
    return { data: doc.toJS({ maxAliasCount: TENANTS_FILE_MAX_ALIASES }), problems: [], lineOf: lineFinder(doc, lineCounter) };
  } catch (err) {
    return { data: undefined, problems: [{ path: [], message: `cannot be read as YAML: ${(err as Error).message}` }], lineOf: none };
  }
}

/**
 * Anchors and aliases may share a list (one SOC group's roles for many tenants), but not multiply: an anchored node
 * may not contain an alias (that is how "billion laughs" files are built), there are at most TENANTS_FILE_MAX_ALIASES
 * aliases, and at most TENANTS_FILE_MAX_NODES nodes with every alias counted as what it stands for. toJS shares one
 * value per anchor, but everything that reads the result walks each alias again.
 */
function checkAliases(doc: Document): Problem[] {
  const sizes = new Map<YamlNode, number>();
  const sizeOf = (root: YamlNode): number => {
    const known = sizes.get(root);
    if (known !== undefined) return known;
    let size = 0;
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      size++;
      if (isPair(node)) stack.push(node.key, node.value);
      else if (isCollection(node)) stack.push(...node.items);
    }
    sizes.set(root, size);
    return size;
  };
  let aliases = 0;
  let nodes = 0;
  let nested = false;
  const stack: Array<[unknown, boolean]> = [[doc.contents, false]];
  while (stack.length > 0) {
    const [node, inAnchor] = stack.pop()!;
    if (node === null || node === undefined) continue;
    nodes++;
    if (isAlias(node)) {
      aliases++;
      if (inAnchor) nested = true;
      const target = node.resolve(doc);
      if (target) nodes += sizeOf(target);
      continue;
    }
    const anchored = inAnchor || (typeof node === 'object' && 'anchor' in node && !!(node as { anchor?: string }).anchor);
    if (isPair(node)) stack.push([node.key, anchored], [node.value, anchored]);
    else if (isCollection(node)) for (const item of node.items) stack.push([item, anchored]);
  }
  const problems: Problem[] = [];
  if (nested) problems.push({ path: [], message: 'has an alias (*name) inside an anchored (&name) node: aliases may share a value but not nest' });
  if (aliases > TENANTS_FILE_MAX_ALIASES)
    problems.push({ path: [], message: `has ${aliases} aliases (*name): at most ${TENANTS_FILE_MAX_ALIASES}; write the values out` });
  if (nodes > TENANTS_FILE_MAX_NODES)
    problems.push({ path: [], message: `expands to more than ${TENANTS_FILE_MAX_NODES.toLocaleString('en-US')} values once its aliases are resolved` });
  return problems;
}

/** JSON.parse's message without the text it quotes (which may hold what should not be printed), with a line and column. */
function jsonMessage(text: string, err: Error): string {
  const message = printable(err.message.split('\n')[0]!.replace(/, ".*" is not valid JSON$/, ''));
  const position = /at position (\d+)/.exec(message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return message.replace(/ at position \d+.*$/, ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`);
}

function parseJson(text: string): Parsed {
  const none = () => undefined;
  const deep = tooDeep(text);
  if (deep) return { data: undefined, problems: [deep], lineOf: none };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { data: undefined, problems: [{ path: [], message: `is not valid JSON: ${jsonMessage(text, err as Error)}` }], lineOf: none };
  }
  // JSON.parse keeps the last of two equal keys without a word; in a file that grants access, that is a trap.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'json', lineCounter, uniqueKeys: true, prettyErrors: true });
  const problems = doc.errors
    .filter((e) => e.code === 'DUPLICATE_KEY')
    .map((e) => ({ path: [], message: `has the same key twice in one object (${yamlMessage(e)}): keep one` }));
  return { data, problems, lineOf: lineFinder(doc, lineCounter) };
}

// ---------------------------------------------------------------------------------------------------------------
// Structure (zod): types, formats, required and unknown fields

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const TEAMS_THREAD = /^19:[^\s@;/]{1,200}@thread\.[a-z0-9]{1,20}$/;
const TEAMS_CHAT = /^(19:[^\s@;/]{1,200}@[a-z0-9.]{1,40}|a:[^\s;/]{1,250}|8:[^\s;/]{1,250})$/;
const SLACK_TEAM = /^[TE][A-Z0-9]{2,20}$/;
const SLACK_CHANNEL = /^[CGD][A-Z0-9]{2,20}$/;
const FIELDS = '\u0000fields:';

/** A value from the file, quoted for a message: clipped, control and non-ASCII characters escaped. */
function show(value: unknown, max = 60): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const clipped = [...s].length > max ? `${[...s].slice(0, max).join('')}...` : s;
  return JSON.stringify(clipped).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Iss = { input?: unknown; code?: string };
const need = (what: string, must: string) => (iss: Iss) => (iss.input === undefined ? `is required: ${what}` : must);

/** An object that names its unknown fields (with a did-you-mean), and says what it should be when it is missing or no object. */
function strict<T extends z.ZodRawShape>(shape: T, noun: string, what: string) {
  const fields = Object.keys(shape).filter((k) => k !== 'secret');
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `${FIELDS}${noun}|${fields.join(',')}` : need(what, `must be a mapping: ${what}`)(iss)),
  });
}

const guid = (what: string) =>
  z
    .string({ error: need(what, `must be ${what}`) })
    .trim()
    .regex(GUID, { error: (iss) => `must be ${what} (got ${show(iss.input)})` })
    .transform((v) => v.toLowerCase());

const envName = (what: string) =>
  z
    .string({ error: `must be the name of an environment variable holding ${what}` })
    .trim()
    .regex(ENV_NAME, { error: (iss) => `must be the name of an environment variable (letters, digits and _) holding ${what} (got ${show(iss.input)})` });

/** Why a tenant name cannot be one, or undefined. */
export function tenantNameProblem(name: string): string | undefined {
  const chars = [...name];
  if (chars.length === 0) return 'must not be empty: the short name shown on every card, e.g. contoso';
  for (const c of chars) {
    if (/[A-Za-z0-9_-]/.test(c)) continue;
    const code = c.codePointAt(0)!;
    const u = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return code > 0x7e
      ? `${show(name)} contains ${u}, which is not an ASCII letter or digit: only A-Z, a-z, 0-9, - and _ are allowed, so that no two names can look alike on a card`
      : `${show(name)} contains ${code < 0x20 || code === 0x7f ? u : JSON.stringify(c)}: only letters A-Z and a-z, digits, - and _ are allowed`;
  }
  if (chars.length > TENANT_NAME_MAX_LENGTH) return `is ${chars.length} characters long: at most ${TENANT_NAME_MAX_LENGTH} (it is shown on every card)`;
  if (!/^[A-Za-z0-9]/.test(name)) return `${show(name)} must start with a letter or a digit`;
  // `bind none` binds a conversation to no tenant; `all` is kept for the same reason (a word of the commands).
  if (['none', 'all'].includes(name.toLowerCase())) return `${show(name)} is a word of the bind command: choose another name`;
  return undefined;
}

const tenantName = z
  .string({ error: need('the short name shown on every card, e.g. contoso', 'must be text: the short name shown on every card') })
  .superRefine((v, ctx) => {
    const problem = tenantNameProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const cloud = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
  z
    .enum(CLOUD_NAMES, {
      error: (iss) => {
        const hint = typeof iss.input === 'string' ? closestMatch(iss.input, CLOUD_NAMES) : undefined;
        return `must be one of ${CLOUD_NAMES.join(', ')}${hint ? `: did you mean "${hint}"?` : ''} (got ${show(iss.input)})`;
      },
    })
    .default('commercial'),
);

const memberList = z
  .array(
    z
      .string({ error: `must be a member as text: ${ROLE_MEMBER_HINT}` })
      .trim()
      .refine(isRoleMember, { error: (iss) => `${show(iss.input, 80)} is not a member: ${ROLE_MEMBER_HINT}` }),
    { error: `must be a list of members: ${ROLE_MEMBER_HINT}` },
  )
  .max(1000, { error: 'has more than 1000 members: use groups' })
  .optional();

const roles = strict(
  Object.fromEntries(ROLE_NAMES.map((r) => [r, memberList])) as Record<(typeof ROLE_NAMES)[number], typeof memberList>,
  'roles',
  'the members of each role: viewer, hunter, responder, approver, admin',
);

const credential = strict(
  {
    app: z.literal('shared', { error: 'must be "shared": the deployment\'s own app registration (AZURE_CLIENT_ID), consented in this tenant' }).optional(),
    clientId: guid("the application (client) id of the tenant's own app registration, a GUID").optional(),
    secretEnv: envName('the client secret').optional(),
    /** Never accepted: present in the shape so that its refusal can say what to do instead. */
    secret: z.unknown().optional(),
    certificatePath: z
      .string({ error: 'must be the path of a PEM (certificate + private key) or PFX file' })
      .trim()
      .min(1, { error: 'must not be empty: the path of a PEM or PFX file' })
      .max(4096, { error: 'is longer than 4096 characters' })
      .refine((p) => !p.includes('\u0000'), { error: 'must not contain a NUL character' })
      .optional(),
    certificatePasswordEnv: envName("the certificate file's password").optional(),
    managedIdentity: z.boolean({ error: 'must be true or false' }).optional(),
  },
  'the credential',
  'how the bot signs in to the tenant: app: shared, clientId with secretEnv or certificatePath, or managedIdentity: true',
);

const tenant = strict(
  { name: tenantName, tenantId: guid("the tenant's Entra tenant id, a GUID"), cloud, credential, roles: roles.optional() },
  'a tenant',
  'a tenant: name, tenantId, cloud, credential, roles',
);

const teamsId = (what: 'team' | 'channel') =>
  z.string({ error: `must be the ${what}'s id as text` }).refine((v) => TEAMS_THREAD.test(v), {
    error: (iss) => {
      const v = String(iss.input);
      const hint = GUID.test(v)
        ? ` (a GUID is the team's group id; the ${what} id is the thread id)`
        : /%3a|%40/i.test(v)
          ? ' (it is URL-encoded: %3a is : and %40 is @)'
          : '';
      return `must be a Teams ${what} id such as 19:...@thread.tacv2, as in the ${what}'s link${hint} (got ${show(v)})`;
    },
  });

const teamsTarget = strict(
  {
    tenantId: guid('the Entra tenant id of the Teams organisation the conversation is in, a GUID'),
    teamId: teamsId('team').optional(),
    channelId: teamsId('channel').optional(),
    chatId: z
      .string({ error: "must be the chat's id as text" })
      .refine((v) => TEAMS_CHAT.test(v), { error: (iss) => `must be a Teams chat id such as 19:...@thread.v2 (got ${show(iss.input)})` })
      .optional(),
  },
  'a Teams conversation',
  'a Teams conversation: tenantId, and teamId, channelId or chatId',
);

const slackTarget = strict(
  {
    teamId: z
      .string({ error: need('the Slack workspace id, T...', 'must be the Slack workspace id as text') })
      .refine((v) => SLACK_TEAM.test(v), { error: (iss) => `must be a Slack workspace (T...) or Enterprise Grid (E...) id (got ${show(iss.input)})` }),
    channelId: z
      .string({ error: 'must be the Slack channel id as text' })
      .refine((v) => SLACK_CHANNEL.test(v), { error: (iss) => `must be a Slack channel id, C..., G... or D... (got ${show(iss.input)})` })
      .optional(),
  },
  'a Slack conversation',
  'a Slack conversation: teamId, channelId',
);

const binding = strict(
  {
    teams: teamsTarget.optional(),
    slack: slackTarget.optional(),
    tenants: z
      .array(z.string({ error: 'must be a tenant name' }).trim(), {
        error: need('the tenants this conversation speaks for, e.g. [contoso]', 'must be a list of tenant names, e.g. [contoso]'),
      })
      .max(1000, { error: 'names more than 1000 tenants' }),
  },
  'a binding',
  'a binding: teams or slack, and tenants',
);

const fileSchema = strict(
  {
    tenants: z
      .array(tenant, { error: need('the list of tenants', 'must be a list of tenants') })
      .min(1, { error: 'must list at least one tenant' })
      .max(MAX_TENANTS, { error: `lists more than ${MAX_TENANTS} tenants` }),
    bindings: z
      .array(binding, { error: 'must be a list of bindings' })
      .max(MAX_BINDINGS, { error: `lists more than ${MAX_BINDINGS} bindings` })
      .optional(),
  },
  'a tenants file',
  'a tenants file: tenants, bindings',
);

type TenantsFile = z.infer<typeof fileSchema>;

function issueProblems(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  if (issue.code === 'unrecognized_keys' && issue.message.startsWith(FIELDS)) {
    const [noun, fields] = splitOnce(issue.message.slice(FIELDS.length), '|');
    const allowed = fields.split(',');
    return issue.keys.map((key) => {
      if (key === '<<')
        return { path: [...path, key], message: 'YAML merge keys (<<) are not supported: write the fields out, or share a value with an alias' };
      const hint = closestMatch(key, allowed);
      return { path: [...path, key], message: `is not a field of ${noun}${hint ? `: did you mean "${hint}"?` : ''} (fields: ${allowed.join(', ')})` };
    });
  }
  return [{ path, message: issue.message }];
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.lastIndexOf(sep);
  return [s.slice(0, i), s.slice(i + 1)];
}

// ---------------------------------------------------------------------------------------------------------------
// Meaning: what ties fields and entries together, the environment and the files the tenants file names

interface Context {
  config: AppConfig;
  env: NodeJS.ProcessEnv;
  baseDir: string;
}

const record = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const has = (r: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(r, key) && r[key] !== undefined;

function checkMeaning(data: unknown, context: Context): Problem[] {
  const problems: Problem[] = [];
  const root = record(data);
  if (!root) return problems;
  const names = new Map<string, number>();
  const tenantIds = new Map<string, number>();
  list(root.tenants).forEach((raw, i) => {
    const t = record(raw);
    if (!t) return;
    const at = (...rest: Path): Path => ['tenants', i, ...rest];
    if (typeof t.name === 'string' && !tenantNameProblem(t.name)) {
      const first = names.get(t.name.toLowerCase());
      if (first === undefined) names.set(t.name.toLowerCase(), i);
      else
        problems.push({
          path: at('name'),
          message: `${show(t.name)} is already the name of tenants[${first}] (${show((list(root.tenants)[first] as { name: string }).name)}): names must differ in more than case`,
        });
    }
    const id = guid('').safeParse(t.tenantId);
    if (id.success) {
      const first = tenantIds.get(id.data);
      if (first === undefined) tenantIds.set(id.data, i);
      else problems.push({ path: at('tenantId'), message: `is also the tenant id of tenants[${first}]: list each tenant once` });
    }
    const cred = record(t.credential);
    if (cred) problems.push(...checkCredential(cred, at('credential'), cloud.safeParse(t.cloud).data, context));
    if (context.config.roles.lookupsRequireRole) {
      const own = roles.safeParse(t.roles ?? {});
      const ownMembers = own.success ? ROLE_NAMES.some((r) => (own.data[r] ?? []).length > 0) : true;
      const deploymentMembers = ROLE_NAMES.some((r) => context.config.roles[r].length > 0);
      if (!ownMembers && !deploymentMembers)
        problems.push({
          path: at('roles'),
          message: `names nobody, and every ROLE_* setting is empty, so nobody could read from this tenant: give it roles (viewer, hunter, responder, approver, admin; ${ROLE_MEMBER_HINT}), or set ROLE_VIEWERS for every tenant`,
        });
    }
  });

  const seen = new Map<string, number>();
  list(root.bindings).forEach((raw, j) => {
    const b = record(raw);
    if (!b) return;
    const at = (...rest: Path): Path => ['bindings', j, ...rest];
    if (!has(b, 'teams') && !has(b, 'slack'))
      problems.push({ path: at(), message: 'names no conversation: write teams: { tenantId, teamId, channelId or chatId } or slack: { teamId, channelId }' });
    if (has(b, 'teams') && has(b, 'slack'))
      problems.push({ path: at(), message: 'names both a Teams and a Slack conversation: one binding names one; write two bindings' });
    const target = bindingTarget(b, at, problems, context);
    if (target) {
      const key = bindingKey(target);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, j);
      else problems.push({ path: at(), message: `names the same conversations as bindings[${first}]: merge their tenants into one binding` });
    }
    list(b.tenants).forEach((ref, m) => {
      if (typeof ref !== 'string' || names.has(ref.trim().toLowerCase())) return;
      if (list(root.tenants).some((t) => typeof record(t)?.name === 'string' && (record(t)!.name as string).toLowerCase() === ref.trim().toLowerCase())) return;
      const hint = closestMatch(
        ref.trim(),
        [...names.keys()].map((k) => (list(root.tenants)[names.get(k)!] as { name: string }).name),
      );
      const lookAlike = /[^\x20-\x7e]/.test(ref) ? ', and it has a character that is not plain ASCII, which only looks like one' : '';
      problems.push({
        path: at('tenants', m),
        message: `${show(ref)} is not a tenant of this file${hint ? `: did you mean "${hint}"?` : ''}${lookAlike}`,
      });
    });
  });
  return problems;
}

function checkCredential(c: Record<string, unknown>, at: Path, tenantCloud: CloudName | undefined, context: Context): Problem[] {
  const problems: Problem[] = [];
  const p = (key: string, message: string) => problems.push({ path: [...at, key], message });
  if (has(c, 'secret'))
    p(
      'secret',
      'a secret is never written in the tenants file: put it in an environment variable and name the variable with secretEnv (e.g. secretEnv: CONTOSO_CLIENT_SECRET)',
    );
  const own = ['clientId', 'secretEnv', 'certificatePath', 'certificatePasswordEnv'] as const;

  if (has(c, 'app')) {
    for (const key of [...own, 'managedIdentity'])
      if (has(c, key))
        p(key, "does not go with app: shared, which signs in as AZURE_CLIENT_ID with the deployment's secret or certificate: remove one of the two");
    const base = context.config.credential;
    // In demo mode (no AZURE_* settings) the shared app is the embedded emulator's demo app, consented in every
    // tenant the emulator serves: the demo shows several tenants without a credential.
    if (c.app === 'shared' && base.kind === 'managedIdentity')
      p(
        'app',
        'shared cannot be a managed identity (AZURE_USE_MANAGED_IDENTITY), which signs in to its own tenant only: use a multi-tenant app registration with a secret or certificate, or give this tenant its own credential',
      );
    const home = context.config.endpoints.cloud;
    if (c.app === 'shared' && tenantCloud && CLOUDS[tenantCloud].authorityHost !== CLOUDS[home].authorityHost)
      p(
        'app',
        `shared is registered in the deployment's cloud (DEFENDER_CLOUD=${home}, sign-in at ${new URL(CLOUDS[home].authorityHost).host}), but a ${tenantCloud} tenant signs in at ${new URL(CLOUDS[tenantCloud].authorityHost).host}: give this tenant an app of its own cloud`,
      );
    return problems;
  }

  if (has(c, 'managedIdentity')) {
    if (c.managedIdentity === false) p('managedIdentity', "is false: remove it, or set it to true to sign in as the host's managed identity");
    for (const key of ['secretEnv', 'certificatePath', 'certificatePasswordEnv'])
      if (has(c, key)) p(key, 'does not go with managedIdentity: true (clientId may name a user-assigned identity): remove one of the two');
    return problems;
  }

  if (!own.some((key) => has(c, key))) {
    if (!has(c, 'secret'))
      problems.push({
        path: at,
        message:
          "names no way to sign in: write app: shared (the deployment's multi-tenant app), clientId with secretEnv or certificatePath (the tenant's own app), or managedIdentity: true",
      });
    return problems;
  }
  if (!has(c, 'clientId')) p('clientId', "is required with secretEnv or certificatePath: the application (client) id of the tenant's own app registration");
  if (has(c, 'secretEnv') && has(c, 'certificatePath')) p('certificatePath', 'and secretEnv are both set: keep one');
  if (!has(c, 'secretEnv') && !has(c, 'certificatePath') && !has(c, 'secret'))
    problems.push({
      path: at,
      message: 'needs secretEnv (the name of an environment variable holding the client secret) or certificatePath (a PEM or PFX file)',
    });
  if (has(c, 'certificatePasswordEnv') && !has(c, 'certificatePath')) p('certificatePasswordEnv', 'is set but certificatePath is not');

  for (const key of ['secretEnv', 'certificatePasswordEnv'] as const) {
    const name = envName('').safeParse(c[key]);
    if (!name.success) continue;
    if ((SETTING_NAMES as readonly string[]).includes(name.data))
      p(key, `names ${name.data}, a setting of the bot itself: give this tenant's ${key === 'secretEnv' ? 'secret' : 'password'} a variable of its own`);
    else if (!context.env[name.data]?.trim()) p(key, `names ${name.data}, which is not set or empty in the environment: set it there (never in this file)`);
  }
  const certificatePath = credential.shape.certificatePath.safeParse(c.certificatePath);
  if (certificatePath.success && certificatePath.data) {
    const file = resolve(context.baseDir, certificatePath.data);
    const problem = fileProblem(file);
    if (problem) p('certificatePath', problem);
  }
  return problems;
}

function fileProblem(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return `is not a file: ${printable(file)}`;
    accessSync(file, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `file not found: ${printable(file)}` : `cannot be read (${code ?? 'error'}): ${printable(file)}`;
  }
}

function bindingTarget(b: Record<string, unknown>, at: (...rest: Path) => Path, problems: Problem[], context: Context): BindingTarget | undefined {
  const teams = record(b.teams);
  if (teams) {
    if (has(teams, 'chatId') && (has(teams, 'teamId') || has(teams, 'channelId')))
      problems.push({ path: at('teams', 'chatId'), message: 'names a chat, which is in no team: remove chatId, or teamId and channelId' });
    const parsed = teamsTarget.safeParse(teams);
    if (!parsed.success) return undefined;
    const allowed = context.config.teams.allowedTenants.map((t) => t.toLowerCase());
    if (allowed.length > 0 && !allowed.includes(parsed.data.tenantId))
      problems.push({
        path: at('teams', 'tenantId'),
        message: `is not in TEAMS_ALLOWED_TENANTS, so the bot never answers there: add ${parsed.data.tenantId} to TEAMS_ALLOWED_TENANTS, or fix the id`,
      });
    return { platform: 'teams', ...parsed.data };
  }
  const slack = record(b.slack);
  if (slack) {
    const parsed = slackTarget.safeParse(slack);
    if (!parsed.success) return undefined;
    const allowed = context.config.slack.allowedTeams;
    if (allowed.length > 0 && !allowed.includes(parsed.data.teamId))
      problems.push({
        path: at('slack', 'teamId'),
        message: `is not in SLACK_ALLOWED_TEAMS, so the bot never answers there: add ${parsed.data.teamId} to SLACK_ALLOWED_TEAMS, or fix the id`,
      });
    return { platform: 'slack', ...parsed.data };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Resolution: a valid file to tenants and bindings

function resolveTenants(file: TenantsFile, context: Context, path: string): TenantsConfig {
  const { config, env } = context;
  const deploymentRoles = tenantRolesOf(config);
  const tenants: Tenant[] = file.tenants.map((t) => {
    const { credential: c } = t;
    let resolved: CredentialConfig;
    let source: CredentialSource;
    const base = config.credential;
    if (c.app === 'shared' && (base.kind === 'secret' || base.kind === 'certificate')) {
      resolved = { ...base, tenantId: t.tenantId };
      source = 'shared-app';
    } else if (c.app === 'shared' && base.kind === 'demo') {
      resolved = base;
      source = 'demo';
    } else if (c.managedIdentity) {
      resolved = { kind: 'managedIdentity', tenantId: t.tenantId, clientId: c.clientId };
      source = 'managed-identity';
    } else if (c.certificatePath) {
      const password = c.certificatePasswordEnv ? env[c.certificatePasswordEnv]?.trim() : undefined;
      resolved = {
        kind: 'certificate',
        tenantId: t.tenantId,
        clientId: c.clientId!,
        certificatePath: resolve(context.baseDir, c.certificatePath),
        ...(password ? { certificatePassword: password } : {}),
      };
      source = 'own-app';
    } else {
      resolved = { kind: 'secret', tenantId: t.tenantId, clientId: c.clientId!, secret: env[c.secretEnv!]!.trim() };
      source = 'own-app';
    }
    const roles = Object.fromEntries(ROLE_NAMES.map((r) => [r, [...new Set([...deploymentRoles[r], ...(t.roles?.[r] ?? []).filter(Boolean)])]])) as TenantRoles;
    return {
      name: t.name,
      key: t.name.toLowerCase(),
      tenantId: t.tenantId,
      cloud: t.cloud,
      endpoints: tenantEndpoints(t.cloud, config),
      credential: resolved,
      credentialSource: source,
      roles,
    };
  });
  const bindings: Binding[] = (file.bindings ?? []).map((b, j) => ({
    target: b.teams ? { platform: 'teams', ...b.teams } : { platform: 'slack', ...b.slack! },
    tenants: [...new Set(b.tenants.map((n) => n.toLowerCase()))],
    origin: `bindings[${j}]`,
  }));
  return { source: 'file', file: path, tenants, bindings };
}

// ---------------------------------------------------------------------------------------------------------------
// Reporting

export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]{0,40}$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${show(segment, 40)}]`;
  }
  return out;
}

/** Problems of the file first, then tenant by tenant, then binding by binding; within one entry, in the order found. */
function sortKey(path: Path): [number, number] {
  const section = path.length === 0 ? 0 : path[0] === 'tenants' ? 1 : path[0] === 'bindings' ? 2 : 3;
  return [section, typeof path[1] === 'number' ? path[1] : -1];
}

function comparePaths(a: Path, b: Path): number {
  const [x, y] = [sortKey(a), sortKey(b)];
  return x[0] - y[0] || x[1] - y[1];
}

function withLines(problems: Problem[], lineOf: (path: Path) => number | undefined): Problem[] {
  return problems.map((p) => {
    const line = p.path.length > 0 ? lineOf(p.path) : undefined;
    return line === undefined ? p : { ...p, message: `${p.message} (line ${line})` };
  });
}

function toConfigProblems(problems: Problem[]): ConfigProblem[] {
  const seen = new Set<string>();
  const unique = problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => comparePaths(a.p.path, b.p.path) || a.i - b.i)
    .map(({ p }) => ({ setting: p.path.length > 0 ? formatPath(p.path) : SETTING, message: p.message }))
    .filter((p) => {
      const key = `${p.setting}\u0000${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  if (unique.length <= MAX_PROBLEMS) return unique;
  return [...unique.slice(0, MAX_PROBLEMS), { setting: SETTING, message: `and ${unique.length - MAX_PROBLEMS} more problems` }];
}
