import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DefenderEmulator } from '../../../emulator/server';
import { DEMO_GROUPS } from '../../../emulator/tenant';
import { getFreePort, LOOPBACK_GUARD, spawnManaged, type ManagedProcess } from '../../e2e/harness/proc';
import { FakeConnector } from '../../helpers/fake-connector';
import { invokeActivity, messageActivity, newestRefreshingCard, postToBot, refreshActivity, type ActivityOptions } from './teams';
import { clickResult, type ClickResult } from './world';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const LOGS = join(REPO_ROOT, 'test-output', 'reliability', 'logs');

/** The built bot as a user starts it (`node bin/defender-chatops.js start`), killed and restarted by the test. */
export interface BotProcess {
  url: string;
  proc: ManagedProcess;
  /** Milliseconds from spawn to "listening". */
  startMs: number;
  /** kill -9 of the process group (the bot cannot clean up). */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

let runs = 0;

/**
 * The emulator in this process (so it outlives the bot's kill), its CA in a file for NODE_EXTRA_CA_CERTS, a fake Bot
 * Connector, and one DATA_DIR kept across restarts: SQLite (DATABASE_URL empty) and the signing key live there.
 */
export class CrashRig {
  readonly connector = new FakeConnector();
  readonly dataDir = mkdtempSync(join(tmpdir(), 'reliability-crash-'));
  private caFile = '';
  private readonly bots = new Set<BotProcess>();

  private constructor(readonly emulator: DefenderEmulator) {}

  static async start(timeline: { pendingMs: number; inProgressMs: number }): Promise<CrashRig> {
    if (!existsSync(join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/src/cli/main.js is missing: run `npm run build` first');
    const emulator = await DefenderEmulator.start({ rateLimits: 'off', timeline: { ...timeline, outcome: 'Succeeded' } });
    const rig = new CrashRig(emulator);
    await rig.connector.start();
    rig.caFile = join(rig.dataDir, 'emulator-ca.pem');
    writeFileSync(rig.caFile, emulator.caPem);
    return rig;
  }

  env(port: number): Record<string, string> {
    return {
      ...this.emulator.environment(),
      NODE_EXTRA_CA_CERTS: this.caFile,
      BOT_AUTH: 'off',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      DATA_DIR: this.dataDir,
      // The embedded SQLite store, whatever the machine sets for the PostgreSQL suite.
      DATABASE_URL: '',
      REDIS_URL: '',
      PORT: String(port),
      DEFENDER_ENABLE_DEVICE_ISOLATION: 'true',
      ROLE_RESPONDERS: `group:${DEMO_GROUPS.responders.id}`,
      ROLE_APPROVERS: `group:${DEMO_GROUPS.approvers.id}`,
      ROLE_HUNTERS: `group:${DEMO_GROUPS.hunters.id}`,
    };
  }

  async startBot(name: string): Promise<BotProcess> {
    mkdirSync(LOGS, { recursive: true });
    const port = await getFreePort();
    const started = Date.now();
    const proc = spawnManaged(name, 'node', ['bin/defender-chatops.js', 'start'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.env(port), NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require=${LOOPBACK_GUARD}`].filter(Boolean).join(' ') },
      logFile: join(LOGS, `${String(++runs).padStart(2, '0')}-${name}.log`),
      maxLifetimeSec: 300,
    });
    await proc.waitForOutput(/is listening on (http:\/\/[^\s]+)\/api\/messages/, 30_000);
    const bot: BotProcess = {
      url: `http://127.0.0.1:${port}`,
      proc,
      startMs: Date.now() - started,
      kill9: async () => {
        try {
          process.kill(-proc.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
        await proc.exited;
        this.bots.delete(bot);
      },
      stop: async () => {
        await proc.stop();
        this.bots.delete(bot);
      },
    };
    this.bots.add(bot);
    return bot;
  }

  async say(bot: BotProcess, text: string, o: ActivityOptions = {}): Promise<void> {
    const r = await postToBot(bot.url, messageActivity(this.connector.url, this.emulator.tenantId, text, o));
    if (r.status !== 200) throw new Error(`POST /api/messages: ${r.status} ${r.text}`);
  }

  async click(bot: BotProcess, verb: string, data: unknown, o: ActivityOptions = {}): Promise<ClickResult> {
    return clickResult(await postToBot(bot.url, invokeActivity(this.connector.url, this.emulator.tenantId, verb, data, o)));
  }

  /** A response-action click, then the requester's client fetching the form from the request card it posted (see World.propose). */
  async propose(bot: BotProcess, verb: string, data: unknown, o: ActivityOptions = {}): Promise<ClickResult> {
    const before = this.connector.calls.length;
    const answer = await this.click(bot, verb, data, o);
    if (answer.kind !== 'message') return answer;
    await this.connector.waitFor(() => newestRefreshingCard(this.connector.calls.slice(before)) !== undefined, 15_000);
    const refresh = refreshActivity(this.connector.url, this.emulator.tenantId, newestRefreshingCard(this.connector.calls.slice(before)), o);
    return refresh ? clickResult(await postToBot(bot.url, refresh)) : answer;
  }

  /** The bot's audit, read through a second (read-write, WAL) connection to its SQLite file. */
  audit(requestId: string): { event: string; actor: string; detail: string | null }[] {
    const db = new Database(join(this.dataDir, 'defender-chatops.db'), { fileMustExist: true, timeout: 5000 });
    try {
      return db.prepare('SELECT event, actor, detail FROM audit_log WHERE request_id = ? ORDER BY id').all(requestId) as never;
    } finally {
      db.close();
    }
  }

  machineActionsOf(requestId: string) {
    return this.emulator.context.tenant.machineActions.filter((a) => (a.requestorComment ?? '').includes(requestId));
  }

  async close(): Promise<void> {
    for (const bot of [...this.bots]) await bot.stop();
    await this.emulator.close();
    await this.connector.close();
  }
}
