import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeConfig, loadConfig } from '../../src/config/load';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '99999999-8888-7777-6666-555555555555';
const VIEWERS = 'group:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
/** Outside demo mode somebody must be able to read: these tests are about other settings. */
const OPEN = { LOOKUPS_REQUIRE_ROLE: 'false' };

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => `${p.setting} ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcfg-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('runs in demo mode with no credentials, with the seed defaults', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('demo');
    expect(config.credential).toEqual({ kind: 'demo' });
    expect(config.endpoints.cloud).toBe('commercial');
    expect(config.lookups.lookbackDays).toBe(60);
    expect(config.lookups.huntingQuery).toBe('');
    expect(config.actions).toMatchObject({
      deviceIsolation: false,
      fileQuarantine: false,
      avScan: false,
      blockIndicator: false,
      approvalExpiryMinutes: 30,
      deviceExclusions: ['tag:do-not-isolate'],
    });
    expect(config.actions.requiringApproval).toEqual(['isolate', 'release', 'quarantine', 'restrict', 'unrestrict', 'block']);
    expect(describeConfig(config).join('\n')).toContain('DEMO');
  });

  it('reads a client-secret connection and the commercial hosts', () => {
    const config = loadConfig({ AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 's3cret', ROLE_VIEWERS: VIEWERS });
    expect(config.mode).toBe('live');
    expect(config.credential).toEqual({ kind: 'secret', tenantId: TENANT, clientId: CLIENT, secret: 's3cret' });
    expect(config.endpoints).toMatchObject({
      authorityHost: 'https://login.microsoftonline.com',
      graphUrl: 'https://graph.microsoft.com',
      apiUrl: 'https://api.securitycenter.microsoft.com',
      graphScope: 'https://graph.microsoft.com/.default',
      apiScope: 'https://api.securitycenter.microsoft.com/.default',
      microsoftAuthority: true,
    });
  });

  it.each([
    [
      'gcc',
      'https://login.microsoftonline.com',
      'https://graph.microsoft.com',
      'https://api-gcc.securitycenter.microsoft.us',
      'https://security.microsoft.com',
    ],
    [
      'gcc-high',
      'https://login.microsoftonline.us',
      'https://graph.microsoft.us',
      'https://api-gov.securitycenter.microsoft.us',
      'https://security.microsoft.us',
    ],
    ['DoD', 'https://login.microsoftonline.us', 'https://dod-graph.microsoft.us', 'https://api-gov.securitycenter.microsoft.us', 'https://security.apps.mil'],
  ])('DEFENDER_CLOUD=%s picks its hosts', (cloud, authority, graph, api, portal) => {
    const config = loadConfig({ DEFENDER_CLOUD: cloud });
    expect(config.endpoints).toMatchObject({ authorityHost: authority, graphUrl: graph, apiUrl: api, portalUrl: portal });
    expect(config.endpoints.graphScope).toBe(`${graph}/.default`);
  });

  it('overrides hosts with any https URL, keeps the cloud audience and turns instance discovery off for a custom authority', () => {
    const config = loadConfig({
      DEFENDER_API_URL: 'https://eu.api.security.microsoft.com/',
      AZURE_AUTHORITY_HOST: 'https://127.0.0.1:8443',
      DEFENDER_GRAPH_URL: 'https://127.0.0.1:8443',
    });
    expect(config.endpoints.apiUrl).toBe('https://eu.api.security.microsoft.com');
    expect(config.endpoints.apiScope).toBe('https://api.securitycenter.microsoft.com/.default');
    expect(config.endpoints.microsoftAuthority).toBe(false);
  });

  it('reads certificate and managed identity connections', () => {
    expect(
      loadConfig({
        ...OPEN,
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: CLIENT,
        AZURE_CLIENT_CERTIFICATE_PATH: '/x.pem',
        AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pw',
      }).credential,
    ).toEqual({
      kind: 'certificate',
      tenantId: TENANT,
      clientId: CLIENT,
      certificatePath: '/x.pem',
      certificatePassword: 'pw',
    });
    expect(loadConfig({ ...OPEN, AZURE_TENANT_ID: TENANT, AZURE_USE_MANAGED_IDENTITY: 'true' }).credential).toEqual({
      kind: 'managedIdentity',
      tenantId: TENANT,
      clientId: undefined,
    });
    expect(loadConfig({ ...OPEN, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_USE_MANAGED_IDENTITY: 'yes' }).credential).toMatchObject({
      kind: 'managedIdentity',
      clientId: CLIENT,
    });
  });

  it('reports every problem at once, by setting name, each with the fix', () => {
    const found = problems({
      AZURE_CLIENT_ID: CLIENT,
      DEFENDER_CLOUD: 'azure-china',
      DEFENDER_GRAPH_URL: 'http://graph.microsoft.com',
      DEFENDER_LOOKBACK_DAYS: '0',
      DEFENDER_ENABLE_DEVICE_ISOLATION: 'maybe',
      DEFENDER_MAX_RETRIES: 'lots',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AZURE_TENANT_ID is required/),
        expect.stringMatching(/^AZURE_CLIENT_ID needs a credential: set AZURE_CLIENT_SECRET/),
        expect.stringMatching(/^DEFENDER_CLOUD must be one of commercial, gcc, gcc-high, dod/),
        expect.stringMatching(/^DEFENDER_GRAPH_URL must be an https URL/),
        expect.stringMatching(/^DEFENDER_LOOKBACK_DAYS must be at least 1/),
        expect.stringMatching(/^DEFENDER_ENABLE_DEVICE_ISOLATION must be true or false/),
        expect.stringMatching(/^DEFENDER_MAX_RETRIES must be a whole number/),
      ]),
    );
    expect(found.length).toBeGreaterThanOrEqual(7);
  });

  it('never prints a secret, even when it is the thing that is wrong', () => {
    let message = '';
    try {
      loadConfig({ AZURE_CLIENT_SECRET: 'SuperSecretValue~123', AZURE_CLIENT_CERTIFICATE_PASSWORD: 'AnotherSecret!' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('AZURE_CLIENT_ID is not set but AZURE_CLIENT_SECRET is');
    expect(message).not.toContain('SuperSecretValue');
    expect(message).not.toContain('AnotherSecret');
    expect(
      describeConfig(loadConfig({ ...OPEN, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'SuperSecretValue~123' })).join('\n'),
    ).not.toContain('SuperSecret');
  });

  it('checks the Slack and Redis settings, naming each fix, without echoing a token', () => {
    const found = problems({
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret',
      SLACK_APP_TOKEN: 'xoxb-wrong-kind',
      SLACK_ALLOWED_TEAMS: 'T0OK,contoso',
      SLACK_COMMAND: 'defender',
      REDIS_URL: 'http://cache:6379',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SLACK_BOT_TOKEN must be a bot token starting with xoxb-/),
        expect.stringMatching(/^SLACK_APP_TOKEN must be an app-level token starting with xapp-/),
        expect.stringMatching(/^SLACK_ALLOWED_TEAMS "contoso" is not a workspace/),
        expect.stringMatching(/^SLACK_COMMAND must look like \/defender/),
        expect.stringMatching(/^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/),
        expect.stringMatching(/^ACTION_SIGNING_KEY is required with REDIS_URL/),
      ]),
    );
    expect(found.join('\n')).not.toContain('user-token-secret');
    expect(problems({ SLACK_SIGNING_SECRET: 's' })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET/)]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN needs SLACK_SIGNING_SECRET .* or SLACK_APP_TOKEN/)]);
    expect(problems({ SLACK_API_URL: 'http://slack.example.com/api/' })).toEqual([expect.stringMatching(/^SLACK_API_URL must be an https URL/)]);
    const ok = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      ACTION_SIGNING_KEY: 'k'.repeat(40),
    });
    expect(ok.slack).toMatchObject({ botToken: 'xoxb-1', command: '/defender', apiUrl: 'http://127.0.0.1:9/api/', allowedTeams: [] });
    expect(ok.redisUrl).toBe('redis://127.0.0.1:6379/2');
  });

  describe('reading from Defender needs a role outside demo mode (LOOKUPS_REQUIRE_ROLE)', () => {
    const LIVE = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'x' };
    const NOBODY =
      /^ROLE_VIEWERS and every other ROLE_\* setting are empty, so nobody could read from Defender through the bot: set ROLE_VIEWERS .*group:<Entra group id>.*; or, to let every user of an allowed tenant or workspace read, set LOOKUPS_REQUIRE_ROLE=false explicitly$/;

    it('defaults to true outside demo mode and to false in demo mode, where the local user reads', () => {
      expect(loadConfig({ ...LIVE, ROLE_RESPONDERS: VIEWERS }).roles.lookupsRequireRole).toBe(true);
      expect(loadConfig({}).roles.lookupsRequireRole).toBe(false);
      expect(loadConfig({ LOOKUPS_REQUIRE_ROLE: 'true' }).roles.lookupsRequireRole).toBe(true);
    });

    it('refuses a live bot nobody could read from, naming both fixes, together with the other problems', () => {
      expect(problems(LIVE)).toEqual([expect.stringMatching(NOBODY)]);
      expect(problems({ ...LIVE, LOOKUPS_REQUIRE_ROLE: 'true' })).toEqual([expect.stringMatching(NOBODY)]);
      // An empty value is no decision: the operator has not said "open".
      expect(problems({ ...LIVE, LOOKUPS_REQUIRE_ROLE: '  ' })).toEqual([expect.stringMatching(NOBODY)]);
      expect(problems({ AZURE_TENANT_ID: TENANT, AZURE_USE_MANAGED_IDENTITY: 'true' })).toEqual([expect.stringMatching(NOBODY)]);
      expect(problems({ ...LIVE, DEFENDER_LOOKBACK_DAYS: '0' })).toEqual([expect.stringMatching(/^DEFENDER_LOOKBACK_DAYS/), expect.stringMatching(NOBODY)]);
      // A malformed member is its own problem, and the roles still count as empty.
      expect(problems({ ...LIVE, ROLE_VIEWERS: 'alice' })).toEqual(expect.arrayContaining([expect.stringMatching(/^ROLE_VIEWERS "alice" is not a member/)]));
    });

    it('says at start-up whether reading needs a role', () => {
      expect(describeConfig(loadConfig({ ...LIVE, ROLE_VIEWERS: VIEWERS }))).toContain('reading from Defender: needs a role (viewer or any other)');
      expect(describeConfig(loadConfig({ ...LIVE, LOOKUPS_REQUIRE_ROLE: 'false' }))).toContain(
        'reading from Defender: OPEN to every user of the allowed tenants and workspaces (LOOKUPS_REQUIRE_ROLE=false)',
      );
    });

    it('starts when any role has a member, or when reading is opened explicitly', () => {
      for (const role of ['ROLE_VIEWERS', 'ROLE_HUNTERS', 'ROLE_RESPONDERS', 'ROLE_APPROVERS', 'ROLE_ADMINS'])
        expect(loadConfig({ ...LIVE, [role]: 'slack:U123ABC' }).roles.lookupsRequireRole).toBe(true);
      for (const no of ['false', 'no', '0', 'off', ' FALSE ']) expect(loadConfig({ ...LIVE, LOOKUPS_REQUIRE_ROLE: no }).roles.lookupsRequireRole).toBe(false);
      expect(problems({ ...LIVE, LOOKUPS_REQUIRE_ROLE: 'sometimes' })).toEqual(
        expect.arrayContaining([expect.stringMatching(/^LOOKUPS_REQUIRE_ROLE must be true or false/)]),
      );
    });
  });

  it('serves metrics only when METRICS_PORT is set, on loopback unless told otherwise, never on the bot port', () => {
    expect(loadConfig({}).metrics).toEqual({ port: undefined, bindAddress: '127.0.0.1', token: undefined });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_BIND_ADDRESS: '0.0.0.0', METRICS_TOKEN: 't'.repeat(24) }).metrics).toEqual({
      port: 9464,
      bindAddress: '0.0.0.0',
      token: 't'.repeat(24),
    });
    expect(problems({ METRICS_PORT: '3978' })).toEqual([
      expect.stringMatching(/^METRICS_PORT is the bot's own PORT \(3978\): metrics get a port of their own/),
    ]);
    expect(problems({ METRICS_PORT: '70000' })).toEqual([expect.stringMatching(/^METRICS_PORT must be at most 65535/)]);
    expect(problems({ METRICS_TOKEN: 'short-secret-x' })).toEqual([
      'METRICS_TOKEN is set but METRICS_PORT is not: set METRICS_PORT (e.g. 9464) to serve metrics',
      'METRICS_TOKEN must be at least 16 characters: generate one with `openssl rand -hex 24`',
    ]);
    expect(problems({ METRICS_BIND_ADDRESS: '0.0.0.0' })).toEqual([
      'METRICS_BIND_ADDRESS is set but METRICS_PORT is not: set METRICS_PORT (e.g. 9464) to serve metrics (got "0.0.0.0")',
    ]);
    expect(problems({ METRICS_PORT: '9464', METRICS_TOKEN: 'short-secret-x' }).join('\n')).not.toContain('short-secret');
  });

  it('refuses two credentials at once', () => {
    expect(problems({ ...OPEN, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: 'x', AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem' })).toEqual([
      expect.stringContaining('more than one credential (AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH)'),
    ]);
  });

  it('accepts every valid ignore value in any case and stores Graph spelling (the seed rejected them all)', () => {
    const config = loadConfig({
      DEFENDER_IGNORE_CLASSIFICATIONS: 'FalsePositive, informationalExpectedActivity',
      DEFENDER_IGNORE_DETERMINATIONS: 'securitytesting',
      DEFENDER_IGNORE_SEVERITIES: 'Informational,LOW',
      DEFENDER_IGNORE_STATUSES: 'resolved',
      DEFENDER_IGNORE_SERVICE_SOURCES: 'microsoftDefenderForCloudApps',
    });
    expect(config.lookups.ignore).toEqual({
      classification: ['falsePositive', 'informationalExpectedActivity'],
      determination: ['securityTesting'],
      severity: ['informational', 'low'],
      status: ['resolved'],
      serviceSource: ['microsoftDefenderForCloudApps'],
    });
  });

  it('names a typo in an ignore value with a suggestion', () => {
    const found = problems({ DEFENDER_IGNORE_SEVERITIES: 'informatonal, hgh', DEFENDER_IGNORE_CLASSIFICATIONS: 'nonsense-value' });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/DEFENDER_IGNORE_SEVERITIES "informatonal" is not a severity: did you mean "informational"\?/),
        expect.stringMatching(/DEFENDER_IGNORE_SEVERITIES "hgh" is not a severity: did you mean "high"\?/),
        expect.stringMatching(/DEFENDER_IGNORE_CLASSIFICATIONS "nonsense-value" is not a classification\. Allowed: unknown, falsePositive/),
      ]),
    );
  });

  it('requires {{ENTITY}} in a hunting query and allows an empty one', () => {
    expect(problems({ DEFENDER_HUNTING_QUERY: 'AlertInfo | take 10' })).toEqual([expect.stringContaining('must contain {{ENTITY}}')]);
    expect(loadConfig({ DEFENDER_HUNTING_QUERY: '' }).lookups.huntingQuery).toBe('');
    expect(loadConfig({ DEFENDER_HUNTING_QUERY: 'AlertEvidence | where RemoteIP == {{entity}}' }).lookups.huntingQuery).toContain('{{entity}}');
  });

  it('reads a YAML file, with the environment winning over it', () => {
    const path = file(
      'config.yaml',
      [
        'DEFENDER_CLOUD: gcc-high',
        'DEFENDER_IGNORE_SEVERITIES: [low, informational]',
        'DEFENDER_LOOKBACK_DAYS: 14',
        'DEFENDER_ENABLE_DEVICE_ISOLATION: true',
        'DEFENDER_HUNTING_SUMMARY_FIELDS: DeviceName, RemoteIP',
      ].join('\n'),
    );
    const config = loadConfig({ DEFENDER_CHATOPS_CONFIG: path, DEFENDER_LOOKBACK_DAYS: '7' });
    expect(config.endpoints.cloud).toBe('gcc-high');
    expect(config.lookups.ignore.severity).toEqual(['low', 'informational']);
    expect(config.lookups.lookbackDays).toBe(7);
    expect(config.actions.deviceIsolation).toBe(true);
    expect(config.lookups.summaryFields).toEqual(['DeviceName', 'RemoteIP']);
  });

  it('reads a JSON file and reports unknown keys, bad JSON and a missing file by name', () => {
    expect(loadConfig({ DEFENDER_CHATOPS_CONFIG: file('c.json', '{"DEFENDER_CLOUD": "dod"}') }).endpoints.cloud).toBe('dod');
    expect(problems({ DEFENDER_CHATOPS_CONFIG: file('c.json', '{"DEFENDER_CLUOD": "dod"}') })).toEqual([
      expect.stringMatching(/^DEFENDER_CLUOD .* is not a known setting/),
    ]);
    expect(problems({ DEFENDER_CHATOPS_CONFIG: file('c.json', '{"DEFENDER_CLOUD": ') })).toEqual([
      expect.stringMatching(/^DEFENDER_CHATOPS_CONFIG file .* is not valid JSON/),
    ]);
    expect(problems({ DEFENDER_CHATOPS_CONFIG: '/nonexistent/defender.yaml' })).toEqual([
      expect.stringMatching(/^DEFENDER_CHATOPS_CONFIG names \/nonexistent\/defender.yaml, which cannot be read \(ENOENT\)/),
    ]);
    expect(problems({ DEFENDER_CHATOPS_CONFIG: file('c.yaml', '- a\n- b\n') })).toEqual([expect.stringContaining('must hold a mapping')]);
  });

  it('rejects wrong types from a file with the setting name', () => {
    const found = problems({ DEFENDER_CHATOPS_CONFIG: file('c.yaml', 'DEFENDER_ENABLE_FILE_QUARANTINE: [1, 2]\nDEFENDER_IGNORE_STATUSES: {a: 1}\n') });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DEFENDER_ENABLE_FILE_QUARANTINE must be true or false/),
        expect.stringMatching(/^DEFENDER_IGNORE_STATUSES/),
      ]),
    );
  });

  it('survives hostile values: unicode, huge strings, injection text', () => {
    const found = problems({
      DEFENDER_CLOUD: 'commercial\u0000; rm -rf /',
      DEFENDER_API_URL: 'https://evil.example/?x=' + 'a'.repeat(10_000),
      AZURE_TENANT_ID: "' or 1 eq 1 --",
      AZURE_CLIENT_ID: CLIENT,
      AZURE_CLIENT_SECRET: 'x',
    });
    expect(found.join('\n')).toMatch(/DEFENDER_CLOUD must be one of/);
    expect(found.join('\n')).toMatch(/DEFENDER_API_URL must be an https URL/);
    expect(found.join('\n')).toMatch(/AZURE_TENANT_ID must be a tenant id/);
    expect(found.join('\n').length).toBeLessThan(3000);
  });
});
