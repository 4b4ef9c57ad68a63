import { z } from 'zod';
import { CLOUD_NAMES } from './clouds';

/**
 * Every setting the product reads, in one table: its environment name (also its key in the optional
 * DEFENDER_CHATOPS_CONFIG file), the zod type that parses it from text or from a typed file value,
 * the default, and the sentence the README's configuration reference shows.
 */
export interface SettingSpec {
  schema: z.ZodType;
  default?: string;
  secret?: boolean;
  group: 'Connection' | 'Cloud and hosts' | 'Lookups' | 'Response actions' | 'Incidents' | 'Roles' | 'Teams' | 'Slack' | 'HTTP' | 'General';
  doc: string;
}

/** MicrosoftAppType values, spelt as Azure shows them (botbuilder compares them case-insensitively). */
export const APP_TYPES = ['SingleTenant', 'UserAssignedMSI', 'MultiTenant'] as const;
export type AppType = (typeof APP_TYPES)[number];

const text = () => z.preprocess(emptyToUndefined, z.string().trim().min(1).optional());

const httpsUrl = () =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine(isHttpsUrl, { message: 'must be an https URL such as https://graph.microsoft.com' })
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
  );

const bool = (fallback: boolean) =>
  z.preprocess((v) => (typeof v === 'string' ? (parseBool(v) ?? v) : (v ?? fallback)), z.boolean({ message: 'must be true or false' }));

/** A boolean whose absence means something of its own (an empty value counts as absent). */
const optionalBool = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : (parseBool(v) ?? v)) : v),
    z.boolean({ message: 'must be true or false' }).optional(),
  );

const int = (fallback: number, min: number, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? fallback : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
    z
      .number({ message: `must be a whole number from ${min} to ${max}` })
      .int({ message: `must be a whole number from ${min} to ${max}` })
      .min(min, { message: `must be at least ${min}` })
      .max(max, { message: `must be at most ${max}` }),
  );

const optionalInt = (min: number, max: number) =>
  z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
    z
      .number({ message: `must be a whole number from ${min} to ${max}` })
      .int({ message: `must be a whole number from ${min} to ${max}` })
      .min(min, { message: `must be at least ${min}` })
      .max(max, { message: `must be at most ${max}` })
      .optional(),
  );

/** A comma-separated list in the environment, or a YAML/JSON array in the file. */
const list = () =>
  z.preprocess(
    (v) => (v === undefined ? [] : typeof v === 'string' ? v.split(',') : v),
    z.array(z.string({ message: 'must be a list of text values' }).trim()).transform((a) => [...new Set(a.filter(Boolean))]),
  );

function emptyToUndefined(v: unknown): unknown {
  return typeof v === 'string' && v.trim() === '' ? undefined : v;
}

function parseBool(v: string): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off', ''].includes(s)) return false;
  return undefined;
}

/** https, or http on a loopback host (a local Slack API stand-in for tests). */
const slackApiUrl = () =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .refine((v) => isHttpsUrl(v) || isLoopbackHttpUrl(v), {
        message: 'must be an https URL such as https://slack.com/api/ (http only on 127.0.0.1 or localhost)',
      })
      .transform((v) => (v.endsWith('/') ? v : `${v}/`))
      .optional(),
  );

function isLoopbackHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

function isHttpsUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' && !!u.hostname && !u.username && !u.password && !u.search && !u.hash;
  } catch {
    return false;
  }
}

/**
 * The response actions' names (src/core/actions) and the ones that ask a second person by default, plus `cancel`.
 * Config is read before anything else loads, so it imports nothing of the product: test/core/registry-listings fails
 * when these differ from the registry.
 */
export const ACTION_SETTING_NAMES = ['isolate', 'release', 'quarantine', 'scan', 'restrict', 'unrestrict', 'collect', 'block', 'cancel'] as const;
export const APPROVAL_BY_DEFAULT = ['isolate', 'release', 'quarantine', 'restrict', 'unrestrict', 'block'] as const;

/**
 * The old product's default query. It is no longer the default: the native lookups already find alerts through their
 * evidence for every indicator type, and `search` over a union is the most CPU-expensive form hunting has (its quota
 * is shared by the whole tenant). Admins who want it set it explicitly.
 */
export const SEED_HUNTING_QUERY = 'union withsource=SourceTable AlertInfo, AlertEvidence | search "{{ENTITY}}" | take 10';

export const SETTINGS = {
  AZURE_TENANT_ID: { schema: text(), group: 'Connection', doc: 'Entra tenant id (GUID) of the app registration. Required with AZURE_CLIENT_ID.' },
  AZURE_CLIENT_ID: {
    schema: text(),
    group: 'Connection',
    doc: 'Application (client) id of the app registration, or of a user-assigned managed identity. Unset: demo mode against the embedded emulator.',
  },
  AZURE_CLIENT_SECRET: { schema: text(), secret: true, group: 'Connection', doc: 'Client secret. One of secret, certificate or managed identity.' },
  AZURE_CLIENT_CERTIFICATE_PATH: {
    schema: text(),
    group: 'Connection',
    doc: 'Path to a PEM (certificate + private key) or PFX file for certificate authentication.',
  },
  AZURE_CLIENT_CERTIFICATE_PASSWORD: { schema: text(), secret: true, group: 'Connection', doc: 'Password of the certificate file, if any.' },
  AZURE_USE_MANAGED_IDENTITY: {
    schema: bool(false),
    default: 'false',
    group: 'Connection',
    doc: 'true: authenticate with the managed identity of the host (Azure VM, App Service, Container Apps, AKS).',
  },
  TENANTS_FILE: {
    schema: text(),
    group: 'Connection',
    doc: "Path of a tenants file (.yaml, .yml or .json) for serving several Defender tenants from one bot: each tenant's name, Entra tenant id, cloud, credential and roles, and which Teams and Slack conversations speak for which tenants (docs/multi-tenant.md). Unset: one tenant, from the settings above.",
  },
  DEFENDER_CLOUD: {
    schema: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
      z.enum(CLOUD_NAMES, { message: `must be one of ${CLOUD_NAMES.join(', ')}` }).default('commercial'),
    ),
    default: 'commercial',
    group: 'Cloud and hosts',
    doc: 'Which Microsoft cloud: picks the sign-in authority, Graph, Defender for Endpoint and portal hosts, and the token audiences.',
  },
  AZURE_AUTHORITY_HOST: { schema: httpsUrl(), group: 'Cloud and hosts', doc: 'Overrides the sign-in authority host (any https URL).' },
  DEFENDER_GRAPH_URL: { schema: httpsUrl(), group: 'Cloud and hosts', doc: 'Overrides the Microsoft Graph host (any https URL).' },
  DEFENDER_API_URL: {
    schema: httpsUrl(),
    group: 'Cloud and hosts',
    doc: 'Overrides the Defender for Endpoint API host, e.g. a regional host such as https://eu.api.security.microsoft.com.',
  },
  DEFENDER_PORTAL_URL: { schema: httpsUrl(), group: 'Cloud and hosts', doc: 'Overrides the Defender portal host used in deep links.' },
  DEFENDER_HUNTING_QUERY: {
    schema: z.preprocess((v) => (v === undefined ? '' : v), z.string({ message: 'must be text' }).trim()),
    default: '',
    group: 'Lookups',
    doc: 'Your own advanced-hunting query, run for every indicator (one extra hunting call per lookup); {{ENTITY}} becomes the indicator as an escaped KQL string literal, with or without quotes around it. Rows are grouped by a `SourceTable` column (`union withsource=SourceTable ...`). Example, the old integration\'s default: `union withsource=SourceTable AlertInfo, AlertEvidence | search "{{ENTITY}}" | take 10`.',
  },
  DEFENDER_HUNTING_SUMMARY_FIELDS: {
    schema: list(),
    group: 'Lookups',
    doc: 'Comma-separated hunting columns whose first three distinct values are shown in the summary.',
  },
  DEFENDER_HUNTING_IGNORE_FIELDS: { schema: list(), group: 'Lookups', doc: 'Comma-separated hunting columns not shown.' },
  DEFENDER_LOOKBACK_DAYS: {
    schema: int(60, 1, 3650),
    default: '60',
    group: 'Lookups',
    doc: 'Only incidents, alerts and hunting rows created in the last N days are shown (hunting data itself reaches back 30 days).',
  },
  DEFENDER_MAX_INDICATORS: {
    schema: int(25, 1, 500),
    default: '25',
    group: 'Lookups',
    doc: 'Most indicators looked up from one message; the answer says "looked up the first N of M indicators".',
  },
  DEFENDER_IGNORE_INDICATORS: {
    schema: list(),
    group: 'Lookups',
    doc: 'Comma-separated values and IP ranges (CIDR) never looked up, on top of 127.0.0.1, 0.0.0.0 and 255.255.255.255.',
  },
  DEFENDER_CACHE_SECONDS: {
    schema: int(60, 0, 86_400),
    default: '60',
    group: 'Lookups',
    doc: 'How long a complete answer for an indicator is reused (0: never). Answers with a failed section are not kept.',
  },
  DEFENDER_IGNORE_CLASSIFICATIONS: { schema: list(), group: 'Lookups', doc: 'Comma-separated classifications to hide (e.g. falsePositive).' },
  DEFENDER_IGNORE_DETERMINATIONS: { schema: list(), group: 'Lookups', doc: 'Comma-separated determinations to hide (e.g. securityTesting).' },
  DEFENDER_IGNORE_SEVERITIES: { schema: list(), group: 'Lookups', doc: 'Comma-separated severities to hide (e.g. informational,low).' },
  DEFENDER_IGNORE_STATUSES: { schema: list(), group: 'Lookups', doc: 'Comma-separated statuses to hide (e.g. resolved).' },
  DEFENDER_IGNORE_SERVICE_SOURCES: {
    schema: list(),
    group: 'Lookups',
    doc: 'Comma-separated service sources to hide (e.g. microsoftDefenderForCloudApps).',
  },
  DEFENDER_ENABLE_DEVICE_ISOLATION: {
    schema: bool(false),
    default: 'false',
    group: 'Response actions',
    doc: 'Offer Isolate / Release device. Needs WindowsDefenderATP Machine.Isolate.',
  },
  DEFENDER_ENABLE_FILE_QUARANTINE: {
    schema: bool(false),
    default: 'false',
    group: 'Response actions',
    doc: 'Offer Stop and quarantine file. Needs WindowsDefenderATP Machine.StopAndQuarantine.',
  },
  ROLE_VIEWERS: {
    schema: list(),
    group: 'Roles',
    doc: 'Who may read from Defender: lookups, `user`, `device`, `actions` (every other role may too). Members: `aad:<user object id>`, `group:<Entra group id>` (membership read through Graph, GroupMember.Read.All), `slack:<Slack user id>`, `slack-group:<Slack user group id>` (read with usergroups.users.list).',
  },
  ROLE_HUNTERS: { schema: list(), group: 'Roles', doc: 'Who may run their own KQL with `hunt`. Same member syntax.' },
  ROLE_RESPONDERS: { schema: list(), group: 'Roles', doc: 'Who may request response actions (isolate, release, quarantine, ...). Same member syntax.' },
  ROLE_APPROVERS: { schema: list(), group: 'Roles', doc: 'Who may approve a response action requested by someone else. Same member syntax.' },
  ROLE_ADMINS: { schema: list(), group: 'Roles', doc: 'Every role. Same member syntax.' },
  LOOKUPS_REQUIRE_ROLE: {
    schema: optionalBool(),
    group: 'Roles',
    doc: 'true: reading from Defender (lookups, `user`, `device`, `actions`) needs the viewer role or any other. Unset: true, except in demo mode (open to the local user). Outside demo mode the bot refuses to start when no ROLE_* is set, unless this is explicitly `false`, which lets every user of an allowed tenant or workspace read (`doctor` warns about it).',
  },
  PORT: { schema: int(3978, 1, 65535), default: '3978', group: 'Teams', doc: "Port of the bot's HTTP server (POST /api/messages)." },
  BIND_ADDRESS: {
    schema: text(),
    group: 'Teams',
    doc: 'Address the server listens on. Default 0.0.0.0; 127.0.0.1 (forced) in demo mode (with or without MicrosoftAppId) and with BOT_AUTH=off.',
  },
  MicrosoftAppId: {
    schema: text(),
    group: 'Teams',
    doc: "The Azure Bot's Microsoft App ID (a GUID; with UserAssignedMSI, the managed identity's client id). Required: without it the bot cannot verify that requests come from Teams (except demo mode and BOT_AUTH=off).",
  },
  MicrosoftAppPassword: {
    schema: text(),
    secret: true,
    group: 'Teams',
    doc: "The Azure Bot's client secret (SingleTenant or MultiTenant). Not with UserAssignedMSI or a certificate.",
  },
  MicrosoftAppType: {
    schema: z.preprocess(
      (v) => (typeof v === 'string' ? (APP_TYPES.find((t) => t.toLowerCase() === v.trim().toLowerCase()) ?? (v.trim() || undefined)) : v),
      z.enum(APP_TYPES, { message: 'must be SingleTenant, UserAssignedMSI or MultiTenant' }).optional(),
    ),
    group: 'Teams',
    doc: "Required with MicrosoftAppId (botbuilder would silently assume MultiTenant). SingleTenant: the default for Azure Bots (new multi-tenant bots cannot be created since 31 July 2025), with MicrosoftAppTenantId and a secret or certificate. UserAssignedMSI: MicrosoftAppId is the managed identity's client id, no secret. MultiTenant: bots registered before August 2025.",
  },
  MicrosoftAppTenantId: { schema: text(), group: 'Teams', doc: "The Azure Bot's tenant id (SingleTenant and UserAssignedMSI)." },
  CertificateThumbprint: {
    schema: text(),
    group: 'Teams',
    doc: "With CertificatePrivateKey, the bot signs in with a certificate instead of MicrosoftAppPassword (SingleTenant or MultiTenant): the certificate's SHA-1 thumbprint, as the app registration's Certificates page shows it.",
  },
  CertificatePrivateKey: {
    schema: text(),
    secret: true,
    group: 'Teams',
    doc: 'The PEM private key of that certificate (-----BEGIN PRIVATE KEY-----...; \\n escapes become line breaks). Not in the gcc-high and dod clouds: botbuilder signs certificates in at the commercial authority only.',
  },
  TEAMS_CLOUD: {
    schema: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
      z.enum(CLOUD_NAMES, { message: `must be one of ${CLOUD_NAMES.join(', ')}` }).optional(),
    ),
    group: 'Teams',
    doc: "The cloud of the Azure Bot and of Teams. Unset: DEFENDER_CLOUD (one tenant's Teams and Defender share a cloud). commercial and gcc: the public Bot Framework. gcc-high and dod: Azure Government's channel service and token endpoints (botbuilder's ChannelService, OAuthUrl, ToChannelFromBot... and ToBotFromChannel... settings).",
  },
  BOT_AUTH: {
    schema: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
      z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
    ),
    default: 'on',
    group: 'Teams',
    doc: 'off: accept unauthenticated requests, for a local client such as the Agents Playground: listens on 127.0.0.1, answers only loopback serviceUrls, refuses browser requests (Origin) and foreign Host headers; refused when NODE_ENV=production.',
  },
  TEAMS_ALLOWED_TENANTS: {
    schema: list(),
    group: 'Teams',
    doc: 'Entra tenant ids whose users may talk to the bot (checked on every activity). Empty: only AZURE_TENANT_ID (and the demo tenant in demo mode).',
  },
  SLACK_BOT_TOKEN: { schema: text(), secret: true, group: 'Slack', doc: 'The bot token (xoxb-...). Setting it turns Slack on.' },
  SLACK_SIGNING_SECRET: {
    schema: text(),
    secret: true,
    group: 'Slack',
    doc: 'Signing secret of the Slack app: requests to /slack/events are verified with it (HTTP mode).',
  },
  SLACK_APP_TOKEN: {
    schema: text(),
    secret: true,
    group: 'Slack',
    doc: 'App-level token (xapp-..., scope connections:write): Socket Mode, for workspaces where Slack cannot reach the bot. Used instead of the signing secret.',
  },
  SLACK_ALLOWED_TEAMS: {
    schema: list(),
    group: 'Slack',
    doc: "Slack workspace (team) or Enterprise Grid ids whose users may use the bot. Empty: only the bot token's own workspace.",
  },
  SLACK_COMMAND: { schema: text(), default: '/defender', group: 'Slack', doc: 'The slash command registered for the app.' },
  SLACK_API_URL: {
    schema: slackApiUrl(),
    group: 'Slack',
    doc: 'Slack Web API base URL. Default https://slack.com/api/; GovSlack: https://slack-gov.com/api/.',
  },
  REDIS_URL: {
    schema: text(),
    secret: true,
    group: 'General',
    doc: 'Redis (redis://[:password@]host:6379/db): with several replicas, shares the lookup cache, Microsoft rate budgets, polling locks and replay protection. Unset: in-process.',
  },
  NODE_ENV: { schema: text(), group: 'General', doc: 'production forbids BOT_AUTH=off.' },
  DEFENDER_ENABLE_AV_SCAN: {
    schema: bool(false),
    default: 'false',
    group: 'Response actions',
    doc: 'Offer antivirus scans (Quick / Full). Needs WindowsDefenderATP Machine.Scan.',
  },
  DEFENDER_ENABLE_RESTRICT_EXECUTION: {
    schema: bool(false),
    default: 'false',
    group: 'Response actions',
    doc: 'Offer restrict / unrestrict app execution. Needs WindowsDefenderATP Machine.RestrictExecution.',
  },
  DEFENDER_ENABLE_COLLECT_PACKAGE: {
    schema: bool(false),
    default: 'false',
    group: 'Response actions',
    doc: 'Offer collecting an investigation package. Needs WindowsDefenderATP Machine.CollectForensics.',
  },
  DEFENDER_ENABLE_BLOCK_INDICATOR: {
    schema: bool(false),
    default: 'false',
    group: 'Response actions',
    doc: 'Offer blocking a file hash, IP, domain or URL as a Defender indicator (Block / Warn / Audit, with an expiry). Needs WindowsDefenderATP Ti.ReadWrite.All.',
  },
  DEFENDER_ENABLE_INCIDENT_TRIAGE: {
    schema: bool(false),
    default: 'false',
    group: 'Incidents',
    doc: 'Offer triage on incident cards and by text: assign, set status, classify and resolve, comment, tag. Needs Microsoft Graph SecurityIncident.ReadWrite.All (lookups and incident cards alone need only SecurityIncident.Read.All).',
  },
  INCIDENT_ROLE: {
    schema: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/s$/, '') || undefined : v),
      z.enum(['viewer', 'hunter', 'responder', 'approver', 'admin'], { message: 'must be viewer, hunter, responder, approver or admin' }).default('responder'),
    ),
    default: 'responder',
    group: 'Incidents',
    doc: 'The role that may change incidents (triage) and subscribe a conversation to incidents. Admins always may.',
  },
  INCIDENT_POLL_SECONDS: {
    schema: int(60, 15, 3600),
    default: '60',
    group: 'Incidents',
    doc: 'How often the bot reads incidents changed in Defender for subscribed conversations: one read per interval, whatever the number of subscriptions.',
  },
  ACTIONS_REQUIRING_APPROVAL: {
    schema: z.preprocess((v) => (v === undefined ? APPROVAL_BY_DEFAULT.join(',') : v), list()),
    default: APPROVAL_BY_DEFAULT.join(','),
    group: 'Response actions',
    doc: 'Actions that need a second person (an approver other than the requester) before they are sent. The others run after the requester confirms.',
  },
  APPROVAL_EXPIRY_MINUTES: {
    schema: int(30, 1, 1440),
    default: '30',
    group: 'Response actions',
    doc: 'An unconfirmed or unapproved request expires after this many minutes.',
  },
  APPROVAL_MENTIONS: {
    schema: bool(true),
    default: 'true',
    group: 'Response actions',
    doc: 'When a request waits for approval, @mention the people with the approver role (at most 20; Entra group members are read with GroupMember.Read.All, Slack user groups are mentioned as groups) so an on-call approver is notified. false: post the approval card without mentions.',
  },
  DEVICE_EXCLUSIONS: {
    schema: z.preprocess((v) => (v === undefined ? 'tag:do-not-isolate' : v), list()),
    default: 'tag:do-not-isolate',
    group: 'Response actions',
    doc: 'Devices chat can never isolate, restrict or quarantine on: `tag:<machine tag>` or `name:<computer name, * wildcard>`.',
  },
  DEVICE_OFFLINE_WARNING_HOURS: {
    schema: int(72, 1, 8760),
    default: '72',
    group: 'Response actions',
    doc: 'A device not seen for longer is flagged on the confirmation card (the action would wait until it comes back).',
  },
  ACTION_SIGNING_KEY: {
    schema: text(),
    secret: true,
    group: 'Response actions',
    doc: 'Key that signs button ids (at least 32 characters). Unset: one is generated and kept in DATA_DIR. Replicas must share it.',
  },
  DATA_DIR: {
    schema: text(),
    default: './data',
    group: 'General',
    doc: 'Where the embedded SQLite database (requests, audit) and the generated signing key live.',
  },
  DATABASE_URL: {
    schema: text(),
    secret: true,
    group: 'General',
    doc: 'PostgreSQL connection URL (postgresql://user:pass@host:5432/db); when set, requests and audit are stored there (needed for several replicas).',
  },
  DEFENDER_REQUEST_TIMEOUT_SECONDS: {
    schema: int(30, 1, 600),
    default: '30',
    group: 'HTTP',
    doc: 'Timeout of one request to Microsoft (advanced hunting gets 200 s, its own service limit).',
  },
  DEFENDER_MAX_RETRIES: { schema: int(3, 0, 10), default: '3', group: 'HTTP', doc: 'Retries of a throttled (429), unavailable (503, 504) or reset request.' },
  DEFENDER_MAX_RETRY_WAIT_SECONDS: {
    schema: int(60, 0, 3600),
    default: '60',
    group: 'HTTP',
    doc: 'Total time one request may spend waiting for retries and rate budgets before its section reports "throttled, retry at".',
  },
  DEFENDER_MAX_PAGES: { schema: int(10, 1, 1000), default: '10', group: 'HTTP', doc: 'Most @odata.nextLink pages followed for one list.' },
  METRICS_PORT: {
    schema: optionalInt(1, 65535),
    group: 'General',
    doc: "Port of the Prometheus endpoint (`GET /metrics` only), a server of its own, never the bot's port. Unset: no metrics endpoint. 9464 is the usual choice.",
  },
  METRICS_BIND_ADDRESS: {
    schema: text(),
    default: '127.0.0.1',
    group: 'General',
    doc: 'Address the metrics server listens on. Keep loopback unless Prometheus scrapes from another host or container (then e.g. 0.0.0.0 on a private network, and METRICS_TOKEN).',
  },
  METRICS_TOKEN: {
    schema: text(),
    secret: true,
    group: 'General',
    doc: 'When set (at least 16 characters), /metrics answers only requests with `Authorization: Bearer <token>` (Prometheus: `authorization: { credentials: ... }`).',
  },
  LOG_LEVEL: {
    schema: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
      z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be one of fatal, error, warn, info, debug, trace, silent' })
        .default('info'),
    ),
    default: 'info',
    group: 'General',
    doc: 'Log level.',
  },
} satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];
