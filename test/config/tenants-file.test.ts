import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TENANT_ID as EMULATOR_TENANT_ID } from '../../emulator/tenant/ids';
import { tenantsFor } from '../../src/config/bindings';
import { DEMO_TENANT_ID } from '../../src/config/demo';
import { ConfigError, loadConfig } from '../../src/config/load';
import type { AppConfig } from '../../src/config/schema';
import { singleTenantConfig } from '../../src/config/tenants';
import { loadTenants, readTenantsFile, TENANTS_FILE_MAX_BYTES, TenantsFileError } from '../../src/config/tenants-file';

const HOME = '99999999-9999-4999-8999-999999999999';
const APP = '55555555-5555-4555-8555-555555555555';
const CONTOSO = '11111111-1111-4111-8111-111111111111';
const FABRIKAM = '22222222-2222-4222-8222-222222222222';
const NORTHWIND = '33333333-3333-4333-8333-333333333333';
const WOODGROVE = '44444444-4444-4444-8444-444444444444';
const WOODGROVE_APP = '66666666-6666-4666-8666-666666666666';
const SOC = 'group:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const WOODGROVE_RESPONDERS = 'group:77777777-7777-4777-8777-777777777777';
const TEAM = '19:socteam0000000000000000000000@thread.tacv2';
const CHANNEL = '19:woodgrovechannel00000000000000@thread.tacv2';

/** The MSSP's own deployment: one multi-tenant app (AZURE_CLIENT_ID + secret) in its home tenant. */
const LIVE = { AZURE_TENANT_ID: HOME, AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: 'shared-app-secret', ROLE_VIEWERS: SOC };
const live = (extra: NodeJS.ProcessEnv = {}): AppConfig => loadConfig({ ...LIVE, ...extra });

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'tenants-'));
}

function file(name: string, text: string | Buffer, at = dir()): string {
  const path = join(at, name);
  writeFileSync(path, text);
  return path;
}

function problems(path: string, config: AppConfig = live(), env: NodeJS.ProcessEnv = {}): string[] {
  try {
    readTenantsFile(path, config, env);
  } catch (err) {
    expect(err).toBeInstanceOf(TenantsFileError);
    expect(err).toBeInstanceOf(ConfigError);
    return (err as TenantsFileError).problems.map((p) => `${p.setting}: ${p.message}`);
  }
  throw new Error('expected a TenantsFileError');
}

/** The common MSSP set-up: the shared app consented in three customers, and a fourth with its own app and certificate. */
const MSSP_YAML = `# customers of the SOC
tenants:
  - name: Contoso
    tenantId: ${CONTOSO}
    credential: { app: shared }
  - name: fabrikam
    tenantId: ${FABRIKAM.toUpperCase()}
    cloud: commercial
    credential: { app: shared }
  - name: northwind
    tenantId: ${NORTHWIND}
    cloud: GCC
    credential: { app: shared }
  - name: woodgrove-bank
    tenantId: ${WOODGROVE}
    credential:
      clientId: ${WOODGROVE_APP}
      certificatePath: certs/woodgrove.pem
      certificatePasswordEnv: WOODGROVE_CERT_PASSWORD
    roles:
      responder: [${WOODGROVE_RESPONDERS}]
bindings:
  - teams: { tenantId: ${HOME}, teamId: "${TEAM}" }
    tenants: [contoso, fabrikam, northwind, woodgrove-bank]
  - teams: { tenantId: ${HOME}, teamId: "${TEAM}", channelId: "${CHANNEL}" }
    tenants: [Woodgrove-Bank]
  - slack: { teamId: T0SOC0001 }
    tenants: [contoso]
`;

const MSSP_JSON = {
  tenants: [
    { name: 'Contoso', tenantId: CONTOSO, credential: { app: 'shared' } },
    { name: 'fabrikam', tenantId: FABRIKAM.toUpperCase(), cloud: 'commercial', credential: { app: 'shared' } },
    { name: 'northwind', tenantId: NORTHWIND, cloud: 'GCC', credential: { app: 'shared' } },
    {
      name: 'woodgrove-bank',
      tenantId: WOODGROVE,
      credential: { clientId: WOODGROVE_APP, certificatePath: 'certs/woodgrove.pem', certificatePasswordEnv: 'WOODGROVE_CERT_PASSWORD' },
      roles: { responder: [WOODGROVE_RESPONDERS] },
    },
  ],
  bindings: [
    { teams: { tenantId: HOME, teamId: TEAM }, tenants: ['contoso', 'fabrikam', 'northwind', 'woodgrove-bank'] },
    { teams: { tenantId: HOME, teamId: TEAM, channelId: CHANNEL }, tenants: ['Woodgrove-Bank'] },
    { slack: { teamId: 'T0SOC0001' }, tenants: ['contoso'] },
  ],
};

function msspDir(): string {
  const at = dir();
  mkdirSync(join(at, 'certs'));
  writeFileSync(join(at, 'certs', 'woodgrove.pem'), '-----BEGIN CERTIFICATE-----\n');
  return at;
}
const MSSP_ENV = { WOODGROVE_CERT_PASSWORD: 'pfx-password' };

describe('a tenants file', () => {
  it('reads the MSSP set-up: the shared app in three customer tenants, a fourth with its own app and certificate', () => {
    const at = msspDir();
    const config = readTenantsFile(file('tenants.yaml', MSSP_YAML, at), live(), MSSP_ENV);
    expect(config.source).toBe('file');
    expect(config.tenants.map((t) => [t.name, t.key, t.tenantId, t.cloud, t.credentialSource])).toEqual([
      ['Contoso', 'contoso', CONTOSO, 'commercial', 'shared-app'],
      ['fabrikam', 'fabrikam', FABRIKAM, 'commercial', 'shared-app'],
      ['northwind', 'northwind', NORTHWIND, 'gcc', 'shared-app'],
      ['woodgrove-bank', 'woodgrove-bank', WOODGROVE, 'commercial', 'own-app'],
    ]);
    // The same client id and secret everywhere, with the customer's tenant as the authority.
    for (const [i, id] of [CONTOSO, FABRIKAM, NORTHWIND].entries())
      expect(config.tenants[i]!.credential).toEqual({ kind: 'secret', tenantId: id, clientId: APP, secret: 'shared-app-secret' });
    expect(config.tenants[3]!.credential).toEqual({
      kind: 'certificate',
      tenantId: WOODGROVE,
      clientId: WOODGROVE_APP,
      certificatePath: join(at, 'certs', 'woodgrove.pem'),
      certificatePassword: 'pfx-password',
    });
    expect(config.tenants[2]!.endpoints).toMatchObject({ cloud: 'gcc', apiUrl: 'https://api-gcc.securitycenter.microsoft.us', microsoftAuthority: true });
    // Roles: the deployment's ROLE_* in every tenant, a tenant's own only in that tenant.
    expect(config.tenants[3]!.roles).toEqual({ viewer: [SOC], hunter: [], responder: [WOODGROVE_RESPONDERS], approver: [], admin: [] });
    expect(config.tenants[0]!.roles.responder).toEqual([]);
    expect(config.bindings).toEqual([
      { target: { platform: 'teams', tenantId: HOME, teamId: TEAM }, tenants: ['contoso', 'fabrikam', 'northwind', 'woodgrove-bank'], origin: 'bindings[0]' },
      { target: { platform: 'teams', tenantId: HOME, teamId: TEAM, channelId: CHANNEL }, tenants: ['woodgrove-bank'], origin: 'bindings[1]' },
      { target: { platform: 'slack', teamId: 'T0SOC0001' }, tenants: ['contoso'], origin: 'bindings[2]' },
    ]);
  });

  it('reads the same set-up from JSON', () => {
    const at = msspDir();
    const fromYaml = readTenantsFile(file('tenants.yaml', MSSP_YAML, at), live(), MSSP_ENV);
    const fromJson = readTenantsFile(file('tenants.json', JSON.stringify(MSSP_JSON, null, 2), at), live(), MSSP_ENV);
    expect({ ...fromJson, file: undefined }).toEqual({ ...fromYaml, file: undefined });
  });

  it('gives shared tenants the deployment certificate when the shared app signs in with one', () => {
    const at = msspDir();
    const cert = file('shared.pem', 'pem', at);
    const config = live({ AZURE_CLIENT_SECRET: undefined, AZURE_CLIENT_CERTIFICATE_PATH: cert, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'p' });
    const tenants = readTenantsFile(file('t.yaml', MSSP_YAML, at), config, MSSP_ENV).tenants;
    expect(tenants[0]!.credential).toEqual({ kind: 'certificate', tenantId: CONTOSO, clientId: APP, certificatePath: cert, certificatePassword: 'p' });
  });

  it("reads a tenant's own secret from the environment variable it names, and a managed identity", () => {
    const path = file(
      't.yml',
      `tenants:
  - name: own
    tenantId: ${CONTOSO}
    credential: { clientId: ${WOODGROVE_APP}, secretEnv: CONTOSO_SECRET }
  - name: host
    tenantId: ${HOME}
    credential: { managedIdentity: true, clientId: ${APP} }
`,
    );
    const tenants = readTenantsFile(path, live(), { CONTOSO_SECRET: ' s3cret ' }).tenants;
    expect(tenants[0]!.credential).toEqual({ kind: 'secret', tenantId: CONTOSO, clientId: WOODGROVE_APP, secret: 's3cret' });
    expect(tenants[1]!.credential).toEqual({ kind: 'managedIdentity', tenantId: HOME, clientId: APP });
  });

  it('keeps the deployment hosts (and their overrides) for tenants of its cloud, and the Microsoft hosts of another cloud', () => {
    const config = live({ DEFENDER_GRAPH_URL: 'https://graph-proxy.example.com', DEFENDER_CLOUD: 'gcc' });
    const tenants = readTenantsFile(file('t.yaml', MSSP_YAML, msspDir()), config, MSSP_ENV).tenants;
    expect(tenants[2]!.endpoints.graphUrl).toBe('https://graph-proxy.example.com'); // northwind, gcc
    expect(tenants[0]!.endpoints.graphUrl).toBe('https://graph.microsoft.com'); // contoso, commercial
  });

  it('reports every problem at once, each by its place in the file', () => {
    const path = file(
      'bad.yaml',
      `tenants:
  - name: Contoso
    tenantid: ${CONTOSO}
    credential: { app: shared, clientId: ${APP} }
  - name: contoso
    tenantId: not-a-guid
    cloud: gcc-hi
    credential:
      clientId: ${WOODGROVE_APP}
      certificatePath: missing.pem
      certificatePasswordEnv: UNSET_PASSWORD
    roles:
      responder: [someone]
  - name: has space
    tenantId: ${FABRIKAM}
    credential: {}
  - tenantId: ${FABRIKAM}
    credential: { secretEnv: FAB_SECRET }
bindings:
  - teams: { tenantId: ${HOME}, chatId: "19:chat@thread.v2", teamId: "${TEAM}" }
    tenants: [contoso, contsoo]
  - tenants: [contoso]
  - slack: { teamId: workspace }
    tenants: contoso
`,
    );
    expect(problems(path)).toEqual([
      "tenants[0].tenantId: is required: the tenant's Entra tenant id, a GUID (line 2)",
      'tenants[0].tenantid: is not a field of a tenant: did you mean "tenantId"? (fields: name, tenantId, cloud, credential, roles) (line 3)',
      "tenants[0].credential.clientId: does not go with app: shared, which signs in as AZURE_CLIENT_ID with the deployment's secret or certificate: remove one of the two (line 4)",
      `tenants[1].tenantId: must be the tenant's Entra tenant id, a GUID (got "not-a-guid") (line 6)`,
      'tenants[1].cloud: must be one of commercial, gcc, gcc-high, dod: did you mean "gcc-high"? (got "gcc-hi") (line 7)',
      'tenants[1].roles.responder[0]: "someone" is not a member: write aad:<user object id>, group:<Entra group id>, slack:<user id> or slack-group:<user group id> (line 13)',
      'tenants[1].name: "contoso" is already the name of tenants[0] ("Contoso"): names must differ in more than case (line 5)',
      'tenants[1].credential.certificatePasswordEnv: names UNSET_PASSWORD, which is not set or empty in the environment: set it there (never in this file) (line 11)',
      `tenants[1].credential.certificatePath: file not found: ${join(path, '..', 'missing.pem')} (line 10)`,
      'tenants[2].name: "has space" contains " ": only letters A-Z and a-z, digits, - and _ are allowed (line 14)',
      "tenants[2].credential: names no way to sign in: write app: shared (the deployment's multi-tenant app), clientId with secretEnv or certificatePath (the tenant's own app), or managedIdentity: true (line 16)",
      'tenants[3].name: is required: the short name shown on every card, e.g. contoso (line 17)',
      'tenants[3].tenantId: is also the tenant id of tenants[2]: list each tenant once (line 17)',
      "tenants[3].credential.clientId: is required with secretEnv or certificatePath: the application (client) id of the tenant's own app registration (line 18)",
      'tenants[3].credential.secretEnv: names FAB_SECRET, which is not set or empty in the environment: set it there (never in this file) (line 18)',
      'bindings[0].teams.chatId: names a chat, which is in no team: remove chatId, or teamId and channelId (line 20)',
      'bindings[0].tenants[1]: "contsoo" is not a tenant of this file: did you mean "Contoso"? (line 21)',
      'bindings[1]: names no conversation: write teams: { tenantId, teamId, channelId or chatId } or slack: { teamId, channelId } (line 22)',
      'bindings[2].slack.teamId: must be a Slack workspace (T...) or Enterprise Grid (E...) id (got "workspace") (line 23)',
      'bindings[2].tenants: must be a list of tenant names, e.g. [contoso] (line 24)',
    ]);
  });

  it('says it all in one message that names the file', () => {
    const path = file('t.yaml', 'tenants: []\nextra: 1\n');
    expect(() => readTenantsFile(path, live())).toThrow(
      `Tenants file ${path} (TENANTS_FILE) has 2 problems:\n  - tenants: must list at least one tenant (line 1)\n  - extra: is not a field of a tenants file (fields: tenants, bindings) (line 2)`,
    );
  });

  it('refuses a secret written in the file, and never repeats it', () => {
    const path = file('t.yaml', `tenants:\n  - name: a\n    tenantId: ${CONTOSO}\n    credential: { clientId: ${APP}, secret: "Sup3r~Secret.Value" }\n`);
    let message = '';
    try {
      readTenantsFile(path, live());
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(
      'tenants[0].credential.secret: a secret is never written in the tenants file: put it in an environment variable and name the variable with secretEnv',
    );
    expect(message).not.toContain('Sup3r');
    expect(message.match(/^ {2}- /gm)).toHaveLength(1);
  });

  it("refuses a secretEnv that names one of the bot's own settings (a Slack token sent to Entra as a client secret)", () => {
    const path = file('t.yaml', `tenants:\n  - name: a\n    tenantId: ${CONTOSO}\n    credential: { clientId: ${APP}, secretEnv: SLACK_BOT_TOKEN }\n`);
    expect(problems(path, live(), { SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      "tenants[0].credential.secretEnv: names SLACK_BOT_TOKEN, a setting of the bot itself: give this tenant's secret a variable of its own (line 4)",
    ]);
  });

  it('takes one way to sign in per tenant', () => {
    const tenant = (credential: string) => `  - { name: t, tenantId: ${CONTOSO}, credential: ${credential} }`;
    const yaml = [
      'tenants:',
      ...[
        `{ clientId: ${APP}, secretEnv: S, certificatePath: c.pem }`,
        `{ managedIdentity: true, secretEnv: S }`,
        `{ managedIdentity: false }`,
        `{ clientId: ${APP}, secretEnv: S, certificatePasswordEnv: P }`,
        `{ app: own }`,
      ].map((c, i) => tenant(c).replace('name: t', `name: t${i}`).replace(CONTOSO, [CONTOSO, FABRIKAM, NORTHWIND, WOODGROVE, HOME][i]!)),
    ].join('\n');
    const at = dir();
    writeFileSync(join(at, 'c.pem'), 'pem');
    expect(problems(file('t.yaml', yaml, at), live(), { S: 'secret', P: 'password' })).toEqual([
      'tenants[0].credential.certificatePath: and secretEnv are both set: keep one (line 2)',
      'tenants[1].credential.secretEnv: does not go with managedIdentity: true (clientId may name a user-assigned identity): remove one of the two (line 3)',
      "tenants[2].credential.managedIdentity: is false: remove it, or set it to true to sign in as the host's managed identity (line 4)",
      'tenants[3].credential.certificatePasswordEnv: is set but certificatePath is not (line 5)',
      'tenants[4].credential.app: must be "shared": the deployment\'s own app registration (AZURE_CLIENT_ID), consented in this tenant (line 6)',
    ]);
  });

  it('refuses the shared app where there is none to share, or it cannot reach', () => {
    const yaml = `tenants:\n  - name: a\n    tenantId: ${CONTOSO}\n    credential: { app: shared }\n  - name: b\n    tenantId: ${FABRIKAM}\n    cloud: gcc-high\n    credential: { app: shared }\n`;
    // Demo mode (no AZURE_* settings): shared is the emulator's demo app, but the clouds must still agree.
    expect(problems(file('t.yaml', yaml), loadConfig({}))).toEqual([
      "tenants[1].credential.app: shared is registered in the deployment's cloud (DEFENDER_CLOUD=commercial, sign-in at login.microsoftonline.com), but a gcc-high tenant signs in at login.microsoftonline.us: give this tenant an app of its own cloud (line 8)",
    ]);
    const managed = loadConfig({ AZURE_TENANT_ID: HOME, AZURE_USE_MANAGED_IDENTITY: 'true', ROLE_VIEWERS: SOC });
    expect(problems(file('t.yaml', yaml.split('  - name: b')[0]!), managed)).toEqual([
      'tenants[0].credential.app: shared cannot be a managed identity (AZURE_USE_MANAGED_IDENTITY), which signs in to its own tenant only: use a multi-tenant app registration with a secret or certificate, or give this tenant its own credential (line 4)',
    ]);
  });

  it('needs somebody who may read each tenant when reading needs a role', () => {
    const base = live();
    const noDeploymentRoles: AppConfig = { ...base, roles: { ...base.roles, viewer: [] } };
    const yaml = `tenants:\n  - name: a\n    tenantId: ${CONTOSO}\n    credential: { app: shared }\n  - name: b\n    tenantId: ${FABRIKAM}\n    credential: { app: shared }\n    roles: { viewer: ["${SOC}"] }\n`;
    expect(problems(file('t.yaml', yaml), noDeploymentRoles)).toEqual([
      expect.stringMatching(/^tenants\[0\]\.roles: names nobody, and every ROLE_\* setting is empty, so nobody could read from this tenant/),
    ]);
    expect(
      readTenantsFile(file('t.yaml', yaml), { ...noDeploymentRoles, roles: { ...noDeploymentRoles.roles, lookupsRequireRole: false } }).tenants,
    ).toHaveLength(2);
  });

  it('refuses bindings to conversations the bot never answers in (TEAMS_ALLOWED_TENANTS, SLACK_ALLOWED_TEAMS)', () => {
    const yaml = `tenants:\n  - name: a\n    tenantId: ${CONTOSO}\n    credential: { app: shared }\nbindings:\n  - teams: { tenantId: ${CONTOSO} }\n    tenants: [a]\n  - slack: { teamId: T0OTHER01 }\n    tenants: [a]\n`;
    expect(problems(file('t.yaml', yaml), live({ TEAMS_ALLOWED_TENANTS: HOME, SLACK_ALLOWED_TEAMS: 'T0SOC0001' }))).toEqual([
      `bindings[0].teams.tenantId: is not in TEAMS_ALLOWED_TENANTS, so the bot never answers there: add ${CONTOSO} to TEAMS_ALLOWED_TENANTS, or fix the id (line 6)`,
      'bindings[1].slack.teamId: is not in SLACK_ALLOWED_TEAMS, so the bot never answers there: add T0OTHER01 to SLACK_ALLOWED_TEAMS, or fix the id (line 8)',
    ]);
  });

  it('refuses two bindings of the same conversation, and explains Teams ids copied from a link', () => {
    const yaml = `tenants:\n  - name: a\n    tenantId: ${CONTOSO}\n    credential: { app: shared }
bindings:
  - teams: { tenantId: ${HOME}, channelId: "${CHANNEL}" }
    tenants: [a]
  - teams: { tenantId: ${HOME.toUpperCase()}, channelId: "${CHANNEL}", teamId: "${TEAM}" }
    tenants: []
  - teams: { tenantId: ${HOME}, teamId: "${encodeURIComponent(TEAM)}" }
    tenants: [a]
  - teams: { tenantId: ${HOME}, teamId: ${CONTOSO} }
    tenants: [a]
`;
    expect(problems(file('t.yaml', yaml))).toEqual([
      'bindings[1]: names the same conversations as bindings[0]: merge their tenants into one binding (line 8)',
      `bindings[2].teams.teamId: must be a Teams team id such as 19:...@thread.tacv2, as in the team's link (it is URL-encoded: %3a is : and %40 is @) (got "${encodeURIComponent(TEAM)}") (line 10)`,
      `bindings[3].teams.teamId: must be a Teams team id such as 19:...@thread.tacv2, as in the team's link (a GUID is the team's group id; the team id is the thread id) (got "${CONTOSO}") (line 12)`,
    ]);
  });

  it('refuses what is not a .yaml, .yml or .json file, or cannot be read', () => {
    expect(problems(file('t.txt', 'tenants: []'))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: names .*t\.txt: a tenants file ends in \.yaml, \.yml or \.json$/),
    ]);
    expect(problems(join(dir(), 'absent.yaml'))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: names .*absent\.yaml, which cannot be read \(ENOENT\): fix the path/),
    ]);
    const folder = join(dir(), 'folder.yaml');
    mkdirSync(folder);
    expect(problems(folder)).toEqual([`TENANTS_FILE: names ${folder}, which is not a regular file`]);
    expect(problems(file('t.yaml', Buffer.from([0x74, 0x3a, 0x20, 0xff, 0xfe, 0x0a])))).toEqual([expect.stringMatching(/is not UTF-8 text$/)]);
    expect(problems(file('t.yaml', ''))).toEqual(['TENANTS_FILE: must be a mapping: a tenants file: tenants, bindings']);
    expect(problems(file('t.json', '{"tenants": [}'))).toEqual(["TENANTS_FILE: is not valid JSON: Unexpected token '}'"]);
    expect(problems(file('t.json', '{"tenants": [],\n "secret": "abcdefghijklmnopqrstuvwxyz0123456789" x}'))).toEqual([
      "TENANTS_FILE: is not valid JSON: Expected ',' or '}' after property value in JSON at line 2, column 51",
    ]);
    expect(problems(file('t.yaml', 'tenants: [\n'))).toEqual([expect.stringMatching(/^TENANTS_FILE: is not valid YAML: .* at line \d+, column \d+$/)]);
  });

  it('never lets a path put a line of its own into the message', () => {
    const path = file(
      't.yaml',
      `tenants:\n  - name: a\n    tenantId: ${CONTOSO}\n    credential: { clientId: ${APP}, certificatePath: "x\\n  - forged: problem" }\n`,
    );
    const [only, ...rest] = problems(path, live());
    expect(rest).toEqual([]);
    expect(only).toContain('file not found: ');
    expect(only).toContain('x\\u000a  - forged');
  });

  if (process.getuid?.() !== 0)
    it('says when a certificate file cannot be read', () => {
      const at = msspDir();
      chmodSync(join(at, 'certs', 'woodgrove.pem'), 0o000);
      expect(problems(file('t.yaml', MSSP_YAML, at), live(), MSSP_ENV)).toEqual([
        `tenants[3].credential.certificatePath: cannot be read (EACCES): ${join(at, 'certs', 'woodgrove.pem')} (line 19)`,
      ]);
    });
});

describe('a hostile tenants file', () => {
  const one = (name: string) => `tenants:\n  - name: ${JSON.stringify(name)}\n    tenantId: ${CONTOSO}\n    credential: { app: shared }\n`;

  it('refuses names with look-alike (non-ASCII), invisible or control characters, too long, or not starting with a letter or digit', () => {
    expect(problems(file('t.yaml', one('Cоntoso')))).toEqual([
      'tenants[0].name: "C\\u043entoso" contains U+043E, which is not an ASCII letter or digit: only A-Z, a-z, 0-9, - and _ are allowed, so that no two names can look alike on a card (line 2)',
    ]);
    expect(problems(file('t.yaml', one('contoso\u200b')))[0]).toContain('contains U+200B');
    expect(problems(file('t.yaml', one('con\u202etoso')))[0]).toContain('contains U+202E');
    expect(problems(file('t.yaml', one('a\tb')))[0]).toContain('contains U+0009');
    expect(problems(file('t.yaml', one('ｃontoso')))[0]).toContain('contains U+FF43');
    expect(problems(file('t.yaml', one('a'.repeat(25))))).toEqual(['tenants[0].name: is 25 characters long: at most 24 (it is shown on every card) (line 2)']);
    expect(problems(file('t.yaml', one('__proto__')))).toEqual(['tenants[0].name: "__proto__" must start with a letter or a digit (line 2)']);
    expect(problems(file('t.yaml', one('None')))).toEqual(['tenants[0].name: "None" is a word of the bind command: choose another name (line 2)']);
    expect(problems(file('t.yaml', one('')))).toEqual(['tenants[0].name: must not be empty: the short name shown on every card, e.g. contoso (line 2)']);
    expect(readTenantsFile(file('t.yaml', one('a'.repeat(24))), live()).tenants[0]!.name).toBe('a'.repeat(24));
  });

  it('refuses names that differ only in case, and the same tenant listed twice', () => {
    const yaml = `tenants:
  - { name: Contoso, tenantId: ${CONTOSO}, credential: { app: shared } }
  - { name: CONTOSO, tenantId: ${FABRIKAM}, credential: { app: shared } }
  - { name: contoso2, tenantId: ${CONTOSO.toUpperCase()}, credential: { app: shared } }
`;
    expect(problems(file('t.yaml', yaml))).toEqual([
      'tenants[1].name: "CONTOSO" is already the name of tenants[0] ("Contoso"): names must differ in more than case (line 3)',
      'tenants[2].tenantId: is also the tenant id of tenants[0]: list each tenant once (line 4)',
    ]);
  });

  it('does not take a look-alike reference for a tenant, and says why', () => {
    const yaml = `${one('contoso')}bindings:\n  - slack: { teamId: T0SOC0001 }\n    tenants: ["cоntoso"]\n`;
    expect(problems(file('t.yaml', yaml))).toEqual([
      'bindings[0].tenants[0]: "c\\u043entoso" is not a tenant of this file: did you mean "contoso"?, and it has a character that is not plain ASCII, which only looks like one (line 7)',
    ]);
  });

  it('refuses a file of 1 MiB or more before parsing it', () => {
    const big = `${one('a')}# ${'x'.repeat(TENANTS_FILE_MAX_BYTES)}\n`;
    expect(problems(file('t.yaml', big))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: .*t\.yaml is \d[\d,]* bytes: a tenants file must be smaller than 1 MiB \(1,048,576 bytes\)$/),
    ]);
    const exactly = one('a') + '#'.repeat(TENANTS_FILE_MAX_BYTES - one('a').length);
    expect(problems(file('t.yaml', exactly))[0]).toContain('must be smaller than 1 MiB');
    const under = one('a') + '#'.repeat(TENANTS_FILE_MAX_BYTES - one('a').length - 1);
    expect(readTenantsFile(file('t.yaml', under), live()).tenants).toHaveLength(1);
  });

  it('refuses a YAML alias bomb ("billion laughs") without expanding it', () => {
    const bomb = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
tenants: *g
`;
    expect(problems(file('t.yaml', bomb))).toEqual([
      'TENANTS_FILE: has an alias (*name) inside an anchored (&name) node: aliases may share a value but not nest',
    ]);
  });

  it('bounds aliases: at most 100, and no more than 100,000 values once they are resolved', () => {
    const many = `soc: &soc ["${SOC}"]\ntenants:\n${Array.from({ length: 101 }, (_, i) => `  - { name: t${i}, tenantId: ${CONTOSO}, credential: { app: shared }, roles: { viewer: *soc } }`).join('\n')}\n`;
    expect(problems(file('t.yaml', many))).toEqual(['TENANTS_FILE: has 101 aliases (*name): at most 100; write the values out']);
    const wide = `big: &big [${Array.from({ length: 2000 }, () => 'x').join(',')}]\nlist: [${Array.from({ length: 60 }, () => '*big').join(',')}]\n`;
    expect(problems(file('t.yaml', wide))).toEqual(['TENANTS_FILE: expands to more than 100,000 values once its aliases are resolved']);
  });

  it('lets an alias share one list of members among tenants', () => {
    const yaml = `x-soc: &soc ["${SOC}"]
tenants:
  - { name: a, tenantId: ${CONTOSO}, credential: { app: shared }, roles: { responder: *soc } }
  - { name: b, tenantId: ${FABRIKAM}, credential: { app: shared }, roles: { responder: *soc } }
`;
    expect(problems(file('t.yaml', yaml))).toEqual(['x-soc: is not a field of a tenants file (fields: tenants, bindings) (line 1)']);
    const ok = `tenants:
  - { name: a, tenantId: ${CONTOSO}, credential: { app: shared }, roles: { responder: &soc ["${SOC}"] } }
  - { name: b, tenantId: ${FABRIKAM}, credential: { app: shared }, roles: { responder: *soc } }
`;
    const tenants = readTenantsFile(file('t.yaml', ok), live()).tenants;
    expect(tenants.map((t) => t.roles.responder)).toEqual([[SOC], [SOC]]);
    tenants[0]!.roles.responder.push('aad:x'); // no shared arrays between tenants
    expect(tenants[1]!.roles.responder).toEqual([SOC]);
  });

  it('refuses deep nesting before the YAML composer recurses (twice in one process: the second used to abort Node)', () => {
    for (const text of ['['.repeat(5000) + ']'.repeat(5000), `${'- '.repeat(3000)}x`, `tenants: ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}`])
      for (let i = 0; i < 2; i++)
        expect(problems(file('t.yaml', text))).toEqual([
          'TENANTS_FILE: nests collections more than 32 levels deep: a tenants file needs about 5; it was not parsed',
        ]);
    expect(problems(file('t.json', '['.repeat(100_000) + ']'.repeat(100_000)))[0]).toContain('nests collections more than 32 levels deep');
  });

  it.each([
    ['YAML', 't.yaml', `__proto__: { polluted: true }\nconstructor: { prototype: { polluted: true } }\n${one('a')}`],
    ['JSON', 't.json', `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "tenants": []}`],
  ])('reports __proto__ and constructor keys in %s as unknown fields, and pollutes nothing', (_format, name, text) => {
    const found = problems(file(name, text));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^__proto__: is not a field of a tenants file/),
        expect.stringMatching(/^constructor: is not a field of a tenants file/),
      ]),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses a tenant field named __proto__ (own property, not a prototype)', () => {
    const json = JSON.stringify({ tenants: [{ name: 'a', tenantId: CONTOSO, credential: { app: 'shared' } }] }).replace(
      '"name"',
      '"__proto__":{"name":"x"},"name"',
    );
    expect(problems(file('t.json', json))).toEqual([expect.stringMatching(/^tenants\[0\]\.__proto__: is not a field of a tenant/)]);
  });

  it('refuses duplicate keys in YAML and in JSON (JSON.parse would keep the last one silently)', () => {
    expect(problems(file('t.yaml', `tenants: []\ntenants: []\n`))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: is not valid YAML: Map keys must be unique at line 2/),
    ]);
    const json = `{"tenants": [{"name": "a", "tenantId": "${CONTOSO}", "tenantId": "${FABRIKAM}", "credential": {"app": "shared"}}]}`;
    expect(problems(file('t.json', json))).toEqual([
      expect.stringMatching(/^TENANTS_FILE: has the same key twice in one object \(Map keys must be unique at line 1, column \d+\): keep one$/),
    ]);
  });

  it('refuses several YAML documents, tags and merge keys', () => {
    expect(problems(file('t.yaml', `${one('a')}---\n${one('b')}`))[0]).toMatch(/^TENANTS_FILE: is not valid YAML: Source contains multiple documents/);
    expect(problems(file('t.yaml', `tenants: !!js/function "function () {}"\n`))[0]).toMatch(/^TENANTS_FILE: is not valid YAML: .*tag/i);
    const merge = `tenants:\n  - &base { name: a, tenantId: ${CONTOSO}, credential: { app: shared } }\n  - { <<: *base, name: b }\n`;
    expect(problems(file('t.yaml', merge))).toEqual(
      expect.arrayContaining(['tenants[1]["<<"]: YAML merge keys (<<) are not supported: write the fields out, or share a value with an alias (line 3)']),
    );
  });

  it('stops listing after 200 problems', () => {
    const yaml = `tenants:\n${Array.from({ length: 300 }, (_, i) => `  - { name: t${i}, tenantId: x, credential: { app: shared } }`).join('\n')}\n`;
    const found = problems(file('t.yaml', yaml));
    expect(found).toHaveLength(201);
    expect(found[200]).toBe('TENANTS_FILE: and 100 more problems');
  });
});

describe('docs/multi-tenant.md', () => {
  it('has an example that is a valid tenants file', () => {
    const doc = readFileSync(join(__dirname, '../../docs/multi-tenant.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const config = readTenantsFile(file('tenants.yaml', example!, msspDir()), live(), MSSP_ENV);
    expect(config.tenants.map((t) => t.name)).toEqual(['contoso', 'fabrikam', 'northwind', 'woodgrove-bank']);
    expect(config.bindings.map((b) => b.tenants.length)).toEqual([4, 1, 0, 1]);
  });
});

describe('without TENANTS_FILE', () => {
  const anywhere = [
    { platform: 'teams' as const, tenantId: HOME, conversationId: 'a:1' },
    { platform: 'teams' as const, tenantId: CONTOSO, teamId: TEAM, channelId: CHANNEL, conversationId: `${CHANNEL};messageid=1` },
    { platform: 'slack' as const, teamId: 'T0SOC0001', channelId: 'C0SOC0001' },
  ];

  it('is exactly one tenant made of the single-tenant settings, bound to every conversation', () => {
    const config = live({ DEFENDER_CLOUD: 'gcc', DEFENDER_GRAPH_URL: 'https://graph-proxy.example.com', ROLE_RESPONDERS: WOODGROVE_RESPONDERS });
    const tenants = loadTenants(config);
    expect(tenants).toEqual(singleTenantConfig(config));
    expect(tenants.source).toBe('settings');
    expect(tenants.tenants).toHaveLength(1);
    const [tenant] = tenants.tenants;
    expect(tenant).toEqual({
      name: 'default',
      key: 'default',
      tenantId: HOME,
      cloud: 'gcc',
      endpoints: config.endpoints,
      credential: config.credential,
      credentialSource: 'settings',
      roles: { viewer: [SOC], hunter: [], responder: [WOODGROVE_RESPONDERS], approver: [], admin: [] },
    });
    for (const conversation of anywhere) expect(tenantsFor(conversation, tenants)).toEqual([tenant]);
  });

  it('is the same tenant a tenants file gives for the home tenant with the shared app, but for its name and bindings', () => {
    const config = live();
    const single = singleTenantConfig(config).tenants[0]!;
    const path = file('t.yaml', `tenants:\n  - name: default\n    tenantId: ${HOME}\n    credential: { app: shared }\n`);
    const fromFile = readTenantsFile(path, config).tenants[0]!;
    expect({ ...fromFile, credentialSource: 'settings' }).toEqual(single);
    expect(tenantsFor(anywhere[0]!, readTenantsFile(path, config))).toEqual([]); // a file binds nothing by itself
  });

  it('is the demo tenant in demo mode', () => {
    const tenants = loadTenants(loadConfig({}));
    expect(tenants.tenants.map((t) => [t.name, t.tenantId, t.credential, t.credentialSource])).toEqual([['demo', DEMO_TENANT_ID, { kind: 'demo' }, 'demo']]);
    expect(DEMO_TENANT_ID).toBe(EMULATOR_TENANT_ID);
    for (const conversation of anywhere) expect(tenantsFor(conversation, tenants)).toHaveLength(1);
  });

  it('reads the file TENANTS_FILE names, from the environment or the configuration file', () => {
    const path = file('tenants.yaml', MSSP_YAML, msspDir());
    expect(loadTenants(live({ TENANTS_FILE: path }), MSSP_ENV).tenants).toHaveLength(4);
    const configFile = file('config.yaml', `TENANTS_FILE: ${path}\n`);
    expect(loadConfig({ ...LIVE, DEFENDER_CHATOPS_CONFIG: configFile }).tenantsFile).toBe(path);
  });
});
