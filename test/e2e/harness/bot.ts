import fs from 'node:fs';
import path from 'node:path';
import { artifactPath, REPO_ROOT } from './output';
import { getFreePort, LOOPBACK_GUARD, spawnManaged, waitForTcp, type ManagedProcess } from './proc';

/** The bot under test, as the project ships it: `node bin/defender-chatops.js start` (after `npm run build`). */
export const DEFAULT_BOT_COMMAND = ['node', 'bin/defender-chatops.js', 'start'];

export interface StartBotOptions {
  /**
   * argv of the bot process, run from the repo root. Default: $E2E_BOT_COMMAND (a JSON array,
   * or a plain string split on spaces) or DEFAULT_BOT_COMMAND.
   */
  command?: string[];
  /** Port for the bot (passed as $PORT). Default: a free port. */
  port?: number;
  cwd?: string;
  /** How long to wait for the port to accept connections. Default 30 s. */
  readyTimeoutMs?: number;
  /** Hard cap on the process' life (coreutils timeout). Default PROCESS_MAX_SECONDS. */
  maxLifetimeSec?: number;
  /** Preload scripts/e2e/loopback-guard.cjs through NODE_OPTIONS (default true). */
  loopbackGuard?: boolean;
  /** Label for logs. Default "bot". */
  name?: string;
}

export interface BotHandle {
  port: number;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** http://127.0.0.1:<port>/api/messages, the endpoint to give the playground. */
  messagesUrl: string;
  proc: ManagedProcess;
  stop(): Promise<void>;
}

function commandFromEnv(): string[] | undefined {
  const raw = process.env.E2E_BOT_COMMAND?.trim();
  if (!raw) return undefined;
  if (raw.startsWith('[')) {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed) || parsed.some((x) => typeof x !== 'string')) throw new Error('E2E_BOT_COMMAND: expected a JSON array of strings');
    return parsed as string[];
  }
  return raw.split(/\s+/);
}

/**
 * Start the bot on 127.0.0.1 with Bot Framework auth off (empty MicrosoftAppId, as the playground
 * sends unauthenticated requests) and wait until its port accepts connections.
 *
 * `env` is merged over the harness' environment; PORT and HOST=127.0.0.1 are set unless given.
 */
export async function startBot(env: Record<string, string | undefined> = {}, opts: StartBotOptions = {}): Promise<BotHandle> {
  const argv = opts.command ?? commandFromEnv() ?? DEFAULT_BOT_COMMAND;
  const [command, ...args] = argv;
  if (!command) throw new Error('startBot: empty command');
  const cwd = opts.cwd ?? REPO_ROOT;
  if (argv === DEFAULT_BOT_COMMAND && !fs.existsSync(path.join(cwd, 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error('startBot: dist/src/cli/main.js is missing; run `npm run build` first');
  }
  const port = opts.port ?? (await getFreePort());
  const guard = opts.loopbackGuard ?? true;
  const nodeOptions = [process.env.NODE_OPTIONS, guard ? `--require=${LOOPBACK_GUARD}` : undefined].filter(Boolean).join(' ');
  const name = opts.name ?? 'bot';
  const proc = spawnManaged(name, command, args, {
    cwd,
    env: {
      ...process.env,
      // Local only: no Bot Framework token validation, no outbound token requests.
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppTenantId: '',
      MicrosoftAppType: '',
      HOST: '127.0.0.1',
      ...env,
      PORT: String(port),
      NODE_OPTIONS: nodeOptions,
    },
    logFile: artifactPath(name, 'log'),
    maxLifetimeSec: opts.maxLifetimeSec,
  });
  try {
    await waitForTcp(port, opts.readyTimeoutMs ?? 30_000, proc);
  } catch (e) {
    await proc.stop();
    throw e;
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  return { port, baseUrl, messagesUrl: `${baseUrl}/api/messages`, proc, stop: () => proc.stop() };
}
