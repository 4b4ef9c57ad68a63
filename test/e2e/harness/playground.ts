import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { artifactPath, REPO_ROOT, safeName } from './output';
import { getFreePort, httpGet, isPortFree, LOOPBACK_GUARD, registerCleanup, spawnManaged, waitForTcp, withTimeout, type ManagedProcess } from './proc';

/** The playground CLI (bin "agentsplayground" / "teamsapptester" of @microsoft/m365agentsplayground). */
export const PLAYGROUND_CLI = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

/** A user of the mocked tenant, in the playground's config-file shape (0.1.1 schema). */
export interface E2EUser {
  /** Bot Framework channel account id (activity.from.id). */
  id: string;
  /** Display name (activity.from.name); also what the UI shows top right. */
  name: string;
  /** Entra object id (activity.from.aadObjectId): what role mapping should key on. */
  aadObjectId: string;
  userPrincipleName: string; // sic: the playground's schema spells it this way
  givenName: string;
  surname: string;
  email: string;
}

const user = (key: string, n: number, givenName: string, surname: string): E2EUser => ({
  id: `29:e2e-${key}`,
  name: `${givenName} ${surname}`,
  aadObjectId: `e2e00000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  userPrincipleName: `${givenName.toLowerCase()}@contoso.example`,
  givenName,
  surname,
  email: `${givenName.toLowerCase()}@contoso.example`,
});

/** The three actors of the e2e suite. Map their aadObjectId to roles in the bot's test config. */
export const E2E_USERS = {
  responder: user('responder', 101, 'Riley', 'Responder'),
  approver: user('approver', 102, 'Avery', 'Approver'),
  noRole: user('norole', 103, 'Nora', 'Norole'),
} as const;

/** Padding users: the config schema wants exactly five `users` besides `currentUser`. */
const FILLERS: E2EUser[] = [user('filler1', 191, 'Finn', 'Filler'), user('filler2', 192, 'Fay', 'Filler'), user('filler3', 193, 'Flo', 'Filler')];

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/** Ids and names of the mocked tenant. Teams-shaped ids; the General channel's id is the team's id. */
export const E2E_TENANT = {
  tenantId: 'e2e00000-0000-4000-8000-000000000001',
  bot: { id: '28:e2e00000-0000-4000-8000-0000000000b0', name: 'Defender ChatOps' },
  team: { id: '19:e2e-general@thread.tacv2', name: 'SOC Team', aadGroupId: 'e2e00000-0000-4000-8000-000000000031' },
  channel: { id: '19:e2e-incidents@thread.tacv2', name: 'Incidents' },
  groupChat: { id: '19:e2e-groupchat@thread.v2', name: 'SOC Group Chat' },
} as const;

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages (a bare origin gets /api/messages). */
  botUrl: string;
  /** The acting user (`currentUser`). Default E2E_USERS.responder. */
  user?: E2EUser;
  /** Which conversation openPlayground() selects. Default 'personal'. */
  conversation?: ConversationKind;
  /** Web/API port of the playground. Default: a free port. */
  port?: number;
  tenantId?: string;
  bot?: { id: string; name: string };
  /** Record every request/response between playground and bot to a file (default true). */
  recordEvents?: boolean;
  /** Hard cap on the process' life. Default PROCESS_MAX_SECONDS. */
  maxLifetimeSec?: number;
  /** Where to write the yml and run the CLI. Default: a fresh temp dir. */
  workDir?: string;
}

export interface Playground {
  /** http://127.0.0.1:<port>/ : the UI (and the mocked connector the bot replies to). */
  url: string;
  port: number;
  botUrl: string;
  user: E2EUser;
  /** currentUser + the five `users`; all are members of the group chat and the team. */
  members: E2EUser[];
  conversation: ConversationKind;
  tenant: { tenantId: string; bot: { id: string; name: string } };
  /** The parsed config written to `.m365agentsplayground.yml`. */
  config: PlaygroundConfigFile;
  configPath: string;
  /** The playground's own log (it writes nothing useful to stdout when not on a TTY). */
  logFile: string;
  /** JSON records of playground <-> bot traffic (if recordEvents). */
  recordingFile?: string;
  proc: ManagedProcess;
  /** Parsed events recording: one record per request/response between playground and bot. */
  recording(): RecordedEvent[];
  stop(): Promise<void>;
}

export interface PlaygroundConfigFile {
  version: '0.1.1';
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: E2EUser;
  users: E2EUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] };
}

export interface RecordedEvent {
  logId: string;
  timestamp: number;
  conversationId?: string;
  /** e.g. "Microsoft 365 Agents Playground -> User Application" */
  direction: string;
  activityName?: string;
  messageId?: string;
  request: unknown;
  response: { statusCode: number; body: unknown };
  displayText?: string;
}

/** The yml the playground reads (schema 0.1.1: `users` must hold exactly five users). */
export function buildPlaygroundConfig(
  current: E2EUser,
  tenantId: string = E2E_TENANT.tenantId,
  bot: { id: string; name: string } = E2E_TENANT.bot,
): PlaygroundConfigFile {
  const others = [...Object.values(E2E_USERS), ...FILLERS].filter((u) => u.id !== current.id).slice(0, 5);
  return {
    version: '0.1.1',
    tenantId,
    bot: { ...bot },
    currentUser: current,
    users: others,
    personalChat: { id: `a:e2e-personal-${current.id.replace(/^29:/, '')}` },
    groupChat: { ...E2E_TENANT.groupChat },
    team: { ...E2E_TENANT.team, channels: [{ ...E2E_TENANT.channel }] },
  };
}

export function normalizeBotUrl(botUrl: string): string {
  const u = new URL(botUrl);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/api/messages';
  return u.toString();
}

let lastPort: number | undefined;

export function parseRecording(text: string): RecordedEvent[] {
  return text
    .split(/\n---\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => JSON.parse(chunk) as RecordedEvent);
}

/**
 * Start the Microsoft 365 Agents Playground CLI for one acting user:
 * writes `.m365agentsplayground.yml` into a temp dir, runs
 * `node -r loopback-guard cli.js start -e <botUrl> -c msteams -p <port> --service-url http://127.0.0.1:<port>/_connector --disable-telemetry [--enable-events-recording]`
 * there, and waits until it listens. The UI is then at `url`.
 */
export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const current = opts.user ?? E2E_USERS.responder;
  const tenantId = opts.tenantId ?? E2E_TENANT.tenantId;
  const bot = opts.bot ?? E2E_TENANT.bot;
  const config = buildPlaygroundConfig(current, tenantId, bot);
  const botUrl = normalizeBotUrl(opts.botUrl);
  // Reuse the previous playground's port when it is free again: same origin, so Chromium's HTTP
  // and code caches apply and the UI loads in ~2 s instead of ~8 s.
  const port = opts.port ?? (lastPort !== undefined && (await isPortFree(lastPort)) ? lastPort : await getFreePort());
  const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dc-e2e-playground-'));
  fs.mkdirSync(workDir, { recursive: true });
  const configPath = path.join(workDir, '.m365agentsplayground.yml');
  fs.writeFileSync(configPath, `# Written by test/e2e/harness/playground.ts for ${current.name}\n` + stringify(config, { lineWidth: 0 }));
  const tag = safeName(`playground-${current.name}`);
  const logFile = artifactPath(`${tag}-internal`, 'log');
  const recordEvents = opts.recordEvents ?? true;
  const recordingFile = recordEvents ? artifactPath(`${tag}-events`, 'log') : undefined;
  const args = [
    '--require',
    LOOPBACK_GUARD,
    PLAYGROUND_CLI,
    'start',
    '--app-endpoint',
    botUrl,
    '--channel-id',
    'msteams',
    '--port',
    String(port),
    // The default service URL says "localhost"; pin IPv4 loopback for the bot's replies.
    '--service-url',
    `http://127.0.0.1:${port}/_connector`,
    '--disable-telemetry',
    ...(recordEvents ? ['--enable-events-recording'] : []),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none', // do not try to open a browser
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    DEFAULT_CHANNEL_ID: 'msteams',
    // The bundled Application Insights SDK probes the Azure metadata service at start-up even with
    // --disable-telemetry; this turns that probe off (the loopback guard would refuse it anyway).
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    ...(recordingFile ? { M365_AGENTS_PLAYGROUND_RECORDING_FILE: recordingFile } : {}),
  };
  delete env.TEAMSAPPTESTER_PORT;
  delete env.M365_AGENTS_PLAYGROUND_SERVICE_URL;

  const proc = spawnManaged(tag, process.execPath, args, {
    cwd: workDir,
    env,
    logFile: artifactPath(`${tag}-stdout`, 'log'),
    maxLifetimeSec: opts.maxLifetimeSec,
  });
  const tail = (): string => {
    try {
      return fs.readFileSync(logFile, 'utf8').slice(-4000);
    } catch {
      return '(no playground log)';
    }
  };
  try {
    // When stdout is not a TTY the CLI prints exactly "Listening on <port>".
    const m = await proc.waitForOutput(/Listening on (\d+)/, 30_000);
    if (Number(m[1]) !== port) {
      throw new Error(`playground: port ${port} was taken, it fell back to ${m[1]}; the --service-url would be wrong`);
    }
    await waitForTcp(port, 10_000, proc);
    // The backend is mounted inside the listen callback; wait for its ping route.
    await withTimeout(
      (async () => {
        for (;;) {
          const r = await httpGet(`http://127.0.0.1:${port}/_debug/ping`, 2000).catch(() => undefined);
          if (r && r.status === 200) return;
          if (proc.hasExited()) throw new Error('playground exited');
          await new Promise((res) => setTimeout(res, 200));
        }
      })(),
      15_000,
      'playground /_debug/ping',
    );
  } catch (e) {
    await proc.stop();
    if (!opts.workDir) fs.rmSync(workDir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\n--- playground log tail ---\n${tail()}`);
  }

  lastPort = port;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      unregister();
      await proc.stop();
      if (!opts.workDir) fs.rmSync(workDir, { recursive: true, force: true });
    })();
    return stopped;
  };
  const unregister = registerCleanup(stop);
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    botUrl,
    user: current,
    members: [current, ...config.users],
    conversation: opts.conversation ?? 'personal',
    tenant: { tenantId, bot },
    config,
    configPath,
    logFile,
    recordingFile,
    proc,
    recording: () => {
      if (!recordingFile || !fs.existsSync(recordingFile)) return [];
      return parseRecording(fs.readFileSync(recordingFile, 'utf8'));
    },
    stop,
  };
}
