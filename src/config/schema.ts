import { z } from 'zod';
import { CLOUDS, isMicrosoftAuthority, type CloudName } from './clouds';
import { canonicalEnum, enumValueProblem, IGNORE_SETTINGS } from './graph-enum-values';
import type { GraphEnumName } from './graph-enums';
import { ACTION_SETTING_NAMES, SETTINGS, type AppType, type SettingName } from './settings';
import { pemFromSetting, teamsRules } from './teams-rules';
import { closestMatch } from './suggest';

const shape = Object.fromEntries(Object.entries(SETTINGS).map(([name, spec]) => [name, spec.schema])) as {
  [K in SettingName]: (typeof SETTINGS)[K]['schema'];
};

/**
 * The one schema: every setting's own type, then the rules that tie settings together. The cross-setting rules
 * run even when a single setting is malformed (`when`), so that every problem is reported in one go; they only
 * read settings that parsed.
 */
export const configSchema = z.object(shape).superRefine(
  (input, ctx) => {
    const fail = (path: SettingName, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const valid = <K extends SettingName>(name: K): z.infer<(typeof SETTINGS)[K]['schema']> | undefined => {
      const parsed = shape[name].safeParse((input as Record<string, unknown>)[name]);
      return parsed.success ? (parsed.data as z.infer<(typeof SETTINGS)[K]['schema']>) : undefined;
    };
    const clientId = valid('AZURE_CLIENT_ID') as string | undefined;
    const tenantId = valid('AZURE_TENANT_ID') as string | undefined;
    const secret = valid('AZURE_CLIENT_SECRET') as string | undefined;
    const certificate = valid('AZURE_CLIENT_CERTIFICATE_PATH') as string | undefined;
    const managed = valid('AZURE_USE_MANAGED_IDENTITY') === true;

    if (clientId || managed) {
      if (!tenantId) fail('AZURE_TENANT_ID', 'is required outside demo mode: set it to your Entra tenant id (a GUID)');
      const methods = [secret && 'AZURE_CLIENT_SECRET', certificate && 'AZURE_CLIENT_CERTIFICATE_PATH', managed && 'AZURE_USE_MANAGED_IDENTITY'].filter(
        Boolean,
      );
      if (methods.length === 0)
        fail(
          'AZURE_CLIENT_ID',
          'needs a credential: set AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_USE_MANAGED_IDENTITY=true (or unset AZURE_CLIENT_ID for demo mode)',
        );
      if (methods.length > 1) fail('AZURE_CLIENT_ID', `has more than one credential (${methods.join(', ')}): keep exactly one`);
    } else {
      for (const [name, value] of [
        ['AZURE_CLIENT_SECRET', secret],
        ['AZURE_CLIENT_CERTIFICATE_PATH', certificate],
      ] as const)
        if (value) fail('AZURE_CLIENT_ID', `is not set but ${name} is: set AZURE_CLIENT_ID to the app's client id (without it the bot runs in demo mode)`);
    }
    if (tenantId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenantId))
      fail('AZURE_TENANT_ID', 'must be a tenant id (GUID) or a verified domain such as contoso.onmicrosoft.com');
    if (valid('AZURE_CLIENT_CERTIFICATE_PASSWORD') && !certificate)
      fail('AZURE_CLIENT_CERTIFICATE_PASSWORD', 'is set but AZURE_CLIENT_CERTIFICATE_PATH is not: set the path of the certificate file');

    for (const [setting, enumName] of Object.entries(IGNORE_SETTINGS)) {
      for (const value of (valid(setting as SettingName) as string[] | undefined) ?? []) {
        const problem = enumValueProblem(value, enumName);
        if (problem) fail(setting as SettingName, problem);
      }
    }

    for (const role of ['ROLE_VIEWERS', 'ROLE_HUNTERS', 'ROLE_RESPONDERS', 'ROLE_APPROVERS', 'ROLE_ADMINS'] as const) {
      for (const member of (valid(role) as string[] | undefined) ?? []) {
        if (!/^(aad|group):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(member) && !/^(slack|slack-group):[A-Z0-9]{2,20}$/.test(member))
          fail(
            role,
            `"${member.slice(0, 80)}" is not a member: write aad:<user object id>, group:<Entra group id>, slack:<user id> or slack-group:<user group id>`,
          );
      }
    }
    // Reading shows alerts, incidents and e-mail involving any colleague: outside demo mode it needs a role, and a bot
    // nobody may read from is a mistake unless the operator opened reading to everyone on purpose.
    const anyRoleMember = (['ROLE_VIEWERS', 'ROLE_HUNTERS', 'ROLE_RESPONDERS', 'ROLE_APPROVERS', 'ROLE_ADMINS'] as const).some(
      (r) => ((valid(r) as string[] | undefined) ?? []).length > 0,
    );
    if ((clientId || managed) && valid('LOOKUPS_REQUIRE_ROLE') !== false && !anyRoleMember)
      fail(
        'ROLE_VIEWERS',
        'and every other ROLE_* setting are empty, so nobody could read from Defender through the bot: set ROLE_VIEWERS (and ROLE_HUNTERS, ROLE_RESPONDERS, ROLE_APPROVERS, ROLE_ADMINS as needed) to group:<Entra group id>, aad:<user object id>, slack:<user id> or slack-group:<user group id>; or, to let every user of an allowed tenant or workspace read, set LOOKUPS_REQUIRE_ROLE=false explicitly',
      );
    if (valid('BOT_AUTH') === 'off' && (valid('NODE_ENV') as string | undefined)?.toLowerCase() === 'production')
      fail('BOT_AUTH', 'is off while NODE_ENV=production: an unauthenticated bot replies to any serviceUrl it is handed; set MicrosoftAppId and BOT_AUTH=on');
    teamsRules(valid, fail, (name) => {
      const v = (input as Record<string, unknown>)[name];
      return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
    });

    const ACTION_NAMES: readonly string[] = ACTION_SETTING_NAMES;
    for (const a of (valid('ACTIONS_REQUIRING_APPROVAL') as string[] | undefined) ?? []) {
      if (!ACTION_NAMES.includes(a.toLowerCase())) {
        const hint = closestMatch(a, ACTION_NAMES);
        fail(
          'ACTIONS_REQUIRING_APPROVAL',
          `"${a.slice(0, 40)}" is not an action${hint ? `: did you mean "${hint}"?` : ''} Allowed: ${ACTION_NAMES.join(', ')}`,
        );
      }
    }
    for (const e of (valid('DEVICE_EXCLUSIONS') as string[] | undefined) ?? [])
      if (!/^(tag|name):.+$/i.test(e)) fail('DEVICE_EXCLUSIONS', `"${e.slice(0, 60)}" must be tag:<machine tag> or name:<computer name>`);
    const key = valid('ACTION_SIGNING_KEY') as string | undefined;
    if (key && key.length < 32) fail('ACTION_SIGNING_KEY', 'must be at least 32 characters: generate one with `openssl rand -base64 48`');

    const slackBot = valid('SLACK_BOT_TOKEN') as string | undefined;
    const slackSecret = valid('SLACK_SIGNING_SECRET') as string | undefined;
    const slackApp = valid('SLACK_APP_TOKEN') as string | undefined;
    if (slackBot && !/^xoxb-/.test(slackBot)) fail('SLACK_BOT_TOKEN', 'must be a bot token starting with xoxb- (OAuth & Permissions > Bot User OAuth Token)');
    if (slackApp && !/^xapp-/.test(slackApp))
      fail('SLACK_APP_TOKEN', 'must be an app-level token starting with xapp- (Basic Information > App-Level Tokens, scope connections:write)');
    if (slackBot && !slackSecret && !slackApp)
      fail('SLACK_BOT_TOKEN', 'needs SLACK_SIGNING_SECRET (HTTP mode, requests to /slack/events) or SLACK_APP_TOKEN (Socket Mode)');
    if (!slackBot && (slackSecret || slackApp))
      fail('SLACK_BOT_TOKEN', 'is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set: set the xoxb- bot token');
    for (const team of (valid('SLACK_ALLOWED_TEAMS') as string[] | undefined) ?? [])
      if (!/^[TE][A-Z0-9]{2,20}$/.test(team)) fail('SLACK_ALLOWED_TEAMS', `"${team.slice(0, 40)}" is not a workspace (T...) or Enterprise Grid (E...) id`);
    const command = valid('SLACK_COMMAND') as string | undefined;
    if (command && !/^\/[a-z0-9_-]{1,31}$/.test(command)) fail('SLACK_COMMAND', 'must look like /defender (a slash, then lowercase letters, digits, - or _)');
    const redis = valid('REDIS_URL') as string | undefined;
    if (redis && !/^rediss?:\/\/[^\s]+$/.test(redis)) fail('REDIS_URL', 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379/0');
    // A key generated in each replica's DATA_DIR would make every replica refuse the others' buttons.
    if (redis && !key)
      fail(
        'ACTION_SIGNING_KEY',
        'is required with REDIS_URL (several replicas): every replica must sign buttons with the same key; generate one with `openssl rand -base64 48`',
      );

    const metricsPort = valid('METRICS_PORT') as number | undefined;
    if (metricsPort !== undefined && metricsPort === valid('PORT'))
      fail('METRICS_PORT', `is the bot's own PORT (${metricsPort}): metrics get a port of their own, e.g. 9464`);
    for (const name of ['METRICS_BIND_ADDRESS', 'METRICS_TOKEN'] as const)
      if (valid(name) && metricsPort === undefined) fail(name, 'is set but METRICS_PORT is not: set METRICS_PORT (e.g. 9464) to serve metrics');
    const metricsToken = valid('METRICS_TOKEN') as string | undefined;
    if (metricsToken && metricsToken.length < 16) fail('METRICS_TOKEN', 'must be at least 16 characters: generate one with `openssl rand -hex 24`');

    const template = valid('DEFENDER_HUNTING_QUERY') as string | undefined;
    if (template && !/\{\{ENTITY\}\}/i.test(template))
      fail('DEFENDER_HUNTING_QUERY', 'must contain {{ENTITY}} where the indicator goes (or be empty for no extra query)');
    if (template && template.length > 10_000) fail('DEFENDER_HUNTING_QUERY', 'is longer than 10,000 characters: shorten the query');
  },
  { when: () => true },
);

export type RawConfig = z.infer<typeof configSchema>;

export type CredentialConfig =
  | { kind: 'secret'; tenantId: string; clientId: string; secret: string }
  | { kind: 'certificate'; tenantId: string; clientId: string; certificatePath: string; certificatePassword?: string }
  /** clientId set: a user-assigned identity; unset: the system-assigned one. */
  | { kind: 'managedIdentity'; tenantId: string; clientId?: string }
  | { kind: 'demo' };

export interface Endpoints {
  cloud: CloudName;
  authorityHost: string;
  graphUrl: string;
  apiUrl: string;
  portalUrl: string;
  graphScope: string;
  apiScope: string;
  /** False for a custom authority (emulator, proxy): instance discovery must then be off. */
  microsoftAuthority: boolean;
}

export interface AppConfig {
  mode: 'demo' | 'live';
  credential: CredentialConfig;
  endpoints: Endpoints;
  lookups: {
    huntingQuery: string;
    maxIndicators: number;
    ignoreIndicators: string[];
    cacheSeconds: number;
    summaryFields: string[];
    ignoreFields: string[];
    lookbackDays: number;
    ignore: Record<GraphEnumName, string[]>;
  };
  actions: {
    deviceIsolation: boolean;
    fileQuarantine: boolean;
    avScan: boolean;
    restrictExecution: boolean;
    collectPackage: boolean;
    blockIndicator: boolean;
    requiringApproval: string[];
    approvalExpiryMinutes: number;
    approvalMentions: boolean;
    deviceExclusions: string[];
    offlineWarningHours: number;
    signingKey?: string;
  };
  incidents: {
    /** Assign, status, classify, comment and tag from chat (needs SecurityIncident.ReadWrite.All). */
    triage: boolean;
    /** Who may triage and subscribe (admins always may). */
    role: 'viewer' | 'hunter' | 'responder' | 'approver' | 'admin';
    pollSeconds: number;
  };
  storage: { dataDir: string; databaseUrl?: string };
  http: { timeoutMs: number; maxRetries: number; maxRetryWaitMs: number; maxPages: number };
  /** lookupsRequireRole: reading from Defender needs a role (LOOKUPS_REQUIRE_ROLE; unset: true outside demo mode). */
  roles: { viewer: string[]; hunter: string[]; responder: string[]; approver: string[]; admin: string[]; lookupsRequireRole: boolean };
  teams: {
    port: number;
    bindAddress?: string;
    appId?: string;
    appPassword?: string;
    appType?: AppType;
    appTenantId?: string;
    /** Certificate sign-in instead of appPassword (botbuilder's CertificateThumbprint / CertificatePrivateKey). */
    certificateThumbprint?: string;
    certificatePrivateKey?: string;
    /** The cloud of the Azure Bot and Teams: TEAMS_CLOUD, else DEFENDER_CLOUD. */
    cloud: CloudName;
    auth: 'on' | 'off';
    allowedTenants: string[];
  };
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    allowedTeams: string[];
    command: string;
    apiUrl?: string;
  };
  /** The Prometheus endpoint on a server of its own: off without a port. */
  metrics: { port?: number; bindAddress: string; token?: string };
  redisUrl?: string;
  /** TENANTS_FILE: several Defender tenants (src/config/tenants-file.ts); unset: the one tenant above. */
  tenantsFile?: string;
  production: boolean;
  logLevel: string;
}

export function resolveConfig(raw: RawConfig): AppConfig {
  const cloud = CLOUDS[raw.DEFENDER_CLOUD];
  const authorityHost = raw.AZURE_AUTHORITY_HOST ?? cloud.authorityHost;
  const credential: CredentialConfig = raw.AZURE_USE_MANAGED_IDENTITY
    ? { kind: 'managedIdentity', tenantId: raw.AZURE_TENANT_ID!, clientId: raw.AZURE_CLIENT_ID }
    : !raw.AZURE_CLIENT_ID
      ? { kind: 'demo' }
      : raw.AZURE_CLIENT_CERTIFICATE_PATH
        ? {
            kind: 'certificate',
            tenantId: raw.AZURE_TENANT_ID!,
            clientId: raw.AZURE_CLIENT_ID,
            certificatePath: raw.AZURE_CLIENT_CERTIFICATE_PATH,
            certificatePassword: raw.AZURE_CLIENT_CERTIFICATE_PASSWORD,
          }
        : { kind: 'secret', tenantId: raw.AZURE_TENANT_ID!, clientId: raw.AZURE_CLIENT_ID, secret: raw.AZURE_CLIENT_SECRET! };
  return {
    mode: credential.kind === 'demo' ? 'demo' : 'live',
    credential,
    endpoints: {
      cloud: raw.DEFENDER_CLOUD,
      authorityHost,
      graphUrl: raw.DEFENDER_GRAPH_URL ?? cloud.graphUrl,
      apiUrl: raw.DEFENDER_API_URL ?? cloud.apiUrl,
      portalUrl: raw.DEFENDER_PORTAL_URL ?? cloud.portalUrl,
      graphScope: cloud.graphScope,
      apiScope: cloud.apiScope,
      microsoftAuthority: isMicrosoftAuthority(authorityHost),
    },
    lookups: {
      huntingQuery: raw.DEFENDER_HUNTING_QUERY,
      maxIndicators: raw.DEFENDER_MAX_INDICATORS,
      ignoreIndicators: raw.DEFENDER_IGNORE_INDICATORS,
      cacheSeconds: raw.DEFENDER_CACHE_SECONDS,
      summaryFields: raw.DEFENDER_HUNTING_SUMMARY_FIELDS,
      ignoreFields: raw.DEFENDER_HUNTING_IGNORE_FIELDS,
      lookbackDays: raw.DEFENDER_LOOKBACK_DAYS,
      ignore: {
        classification: canonicalEnum(raw.DEFENDER_IGNORE_CLASSIFICATIONS, 'classification'),
        determination: canonicalEnum(raw.DEFENDER_IGNORE_DETERMINATIONS, 'determination'),
        severity: canonicalEnum(raw.DEFENDER_IGNORE_SEVERITIES, 'severity'),
        status: canonicalEnum(raw.DEFENDER_IGNORE_STATUSES, 'status'),
        serviceSource: canonicalEnum(raw.DEFENDER_IGNORE_SERVICE_SOURCES, 'serviceSource'),
      },
    },
    actions: {
      deviceIsolation: raw.DEFENDER_ENABLE_DEVICE_ISOLATION,
      fileQuarantine: raw.DEFENDER_ENABLE_FILE_QUARANTINE,
      avScan: raw.DEFENDER_ENABLE_AV_SCAN,
      restrictExecution: raw.DEFENDER_ENABLE_RESTRICT_EXECUTION,
      collectPackage: raw.DEFENDER_ENABLE_COLLECT_PACKAGE,
      blockIndicator: raw.DEFENDER_ENABLE_BLOCK_INDICATOR,
      requiringApproval: raw.ACTIONS_REQUIRING_APPROVAL.map((a) => a.toLowerCase()),
      approvalExpiryMinutes: raw.APPROVAL_EXPIRY_MINUTES,
      approvalMentions: raw.APPROVAL_MENTIONS,
      deviceExclusions: raw.DEVICE_EXCLUSIONS,
      offlineWarningHours: raw.DEVICE_OFFLINE_WARNING_HOURS,
      signingKey: raw.ACTION_SIGNING_KEY,
    },
    incidents: { triage: raw.DEFENDER_ENABLE_INCIDENT_TRIAGE, role: raw.INCIDENT_ROLE, pollSeconds: raw.INCIDENT_POLL_SECONDS },
    storage: { dataDir: raw.DATA_DIR ?? './data', databaseUrl: raw.DATABASE_URL },
    http: {
      timeoutMs: raw.DEFENDER_REQUEST_TIMEOUT_SECONDS * 1000,
      maxRetries: raw.DEFENDER_MAX_RETRIES,
      maxRetryWaitMs: raw.DEFENDER_MAX_RETRY_WAIT_SECONDS * 1000,
      maxPages: raw.DEFENDER_MAX_PAGES,
    },
    logLevel: raw.LOG_LEVEL,
    roles: {
      viewer: raw.ROLE_VIEWERS,
      hunter: raw.ROLE_HUNTERS,
      responder: raw.ROLE_RESPONDERS,
      approver: raw.ROLE_APPROVERS,
      admin: raw.ROLE_ADMINS,
      lookupsRequireRole: raw.LOOKUPS_REQUIRE_ROLE ?? credential.kind !== 'demo',
    },
    teams: {
      port: raw.PORT,
      bindAddress: raw.BIND_ADDRESS,
      appId: raw.MicrosoftAppId,
      appPassword: raw.MicrosoftAppPassword,
      appType: raw.MicrosoftAppType,
      appTenantId: raw.MicrosoftAppTenantId,
      certificateThumbprint: raw.CertificateThumbprint?.replace(/[\s:]/g, '').toUpperCase(),
      certificatePrivateKey: raw.CertificatePrivateKey && pemFromSetting(raw.CertificatePrivateKey),
      cloud: raw.TEAMS_CLOUD ?? raw.DEFENDER_CLOUD,
      auth: raw.BOT_AUTH,
      allowedTenants: raw.TEAMS_ALLOWED_TENANTS,
    },
    slack: {
      botToken: raw.SLACK_BOT_TOKEN,
      signingSecret: raw.SLACK_SIGNING_SECRET,
      appToken: raw.SLACK_APP_TOKEN,
      allowedTeams: raw.SLACK_ALLOWED_TEAMS,
      command: raw.SLACK_COMMAND ?? '/defender',
      apiUrl: raw.SLACK_API_URL,
    },
    metrics: { port: raw.METRICS_PORT, bindAddress: raw.METRICS_BIND_ADDRESS ?? '127.0.0.1', token: raw.METRICS_TOKEN },
    redisUrl: raw.REDIS_URL,
    tenantsFile: raw.TENANTS_FILE,
    production: (raw.NODE_ENV ?? '').toLowerCase() === 'production',
  };
}
