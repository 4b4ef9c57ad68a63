import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import YAML from 'yaml';
import { configSchema, resolveConfig, type AppConfig } from './schema';
import { SETTINGS, SETTING_NAMES, type SettingName } from './settings';

export interface ConfigProblem {
  setting: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.setting} ${p.message}`);
  return `Configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}

const CONFIG_FILE_SETTING = 'DEFENDER_CHATOPS_CONFIG';

function readConfigFile(path: string): { values: Record<string, unknown>; problems: ConfigProblem[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      values: {},
      problems: [{ setting: CONFIG_FILE_SETTING, message: `names ${path}, which cannot be read (${code ?? 'error'}): fix the path or its permissions` }],
    };
  }
  let parsed: unknown;
  try {
    parsed = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    return {
      values: {},
      problems: [
        {
          setting: CONFIG_FILE_SETTING,
          message: `file ${path} is not valid ${extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`,
        },
      ],
    };
  }
  if (parsed === null || parsed === undefined) return { values: {}, problems: [] };
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    return { values: {}, problems: [{ setting: CONFIG_FILE_SETTING, message: `file ${path} must hold a mapping of setting names to values` }] };
  const problems: ConfigProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!(key in SETTINGS)) {
      problems.push({ setting: key, message: `(in ${path}) is not a known setting: see the configuration reference in README.md` });
      continue;
    }
    // YAML numbers and booleans are accepted as the setting's own type; everything else goes through the schema.
    values[key] = typeof value === 'number' ? String(value) : value;
  }
  return { values, problems };
}

/** Reads the file (if DEFENDER_CHATOPS_CONFIG names one) then the environment, which wins. Throws ConfigError with every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: ConfigProblem[] = [];
  let input: Record<string, unknown> = {};
  const file = env[CONFIG_FILE_SETTING]?.trim();
  if (file) {
    const fromFile = readConfigFile(file);
    problems.push(...fromFile.problems);
    input = fromFile.values;
  }
  for (const name of SETTING_NAMES) if (env[name] !== undefined) input[name] = env[name];

  const result = configSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const setting = String(issue.path[0] ?? 'configuration');
      problems.push({ setting, message: describeIssue(setting, issue.message, input[setting]) });
    }
  }
  if (problems.length > 0) throw new ConfigError(dedupe(problems));
  return resolveConfig(result.data!);
}

function describeIssue(setting: string, message: string, value: unknown): string {
  const spec = SETTINGS[setting as SettingName] as { secret?: boolean } | undefined;
  // Value-specific messages already quote the offending value; secrets are never echoed.
  if (spec?.secret || value === undefined || typeof value !== 'string' || message.includes('"')) return message;
  return `${message} (got "${value.length > 80 ? `${value.slice(0, 80)}...` : value}")`;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.setting}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A printable summary of the effective configuration, secrets masked. */
export function describeConfig(config: AppConfig): string[] {
  const e = config.endpoints;
  const credential =
    config.credential.kind === 'demo'
      ? 'demo (embedded emulator, no credentials)'
      : `${config.credential.kind} for client ${config.credential.clientId} in tenant ${config.credential.tenantId}`;
  return [
    `mode: ${config.mode === 'demo' ? 'DEMO (embedded Defender emulator; answers are DEMO DATA)' : 'live'}`,
    `credential: ${credential}`,
    `cloud: ${e.cloud}`,
    `authority: ${e.authorityHost}${e.microsoftAuthority ? '' : ' (custom: instance discovery off)'}`,
    `graph: ${e.graphUrl} (scope ${e.graphScope})`,
    `defender for endpoint: ${e.apiUrl} (scope ${e.apiScope})`,
    `portal: ${e.portalUrl}`,
    `device isolation: ${config.actions.deviceIsolation ? 'enabled' : 'disabled'}; file quarantine: ${config.actions.fileQuarantine ? 'enabled' : 'disabled'}`,
    config.roles.lookupsRequireRole
      ? 'reading from Defender: needs a role (viewer or any other)'
      : 'reading from Defender: OPEN to every user of the allowed tenants and workspaces (LOOKUPS_REQUIRE_ROLE=false)',
  ];
}
