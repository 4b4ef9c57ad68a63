import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './output';

/** Node preload that keeps spawned Node programs loopback-only (see the file's header). */
export const LOOPBACK_GUARD = path.join(REPO_ROOT, 'scripts', 'e2e', 'loopback-guard.cjs');

const envSeconds = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/**
 * Hard cap on the life of every spawned process, enforced by coreutils `timeout` (which
 * signals the whole process group), so nothing outlives a crashed or killed jest by more
 * than this. Default 600 s; $E2E_PROCESS_MAX_SECONDS overrides.
 */
export const PROCESS_MAX_SECONDS = envSeconds('E2E_PROCESS_MAX_SECONDS', 600);
/** Whole-run watchdog (from the first spawn): tears everything down and exits. Default 900 s. */
export let RUN_MAX_SECONDS = envSeconds('E2E_RUN_MAX_SECONDS', 900);

export interface ManagedProcess {
  readonly name: string;
  /** pid of the `timeout` wrapper, which is also the process-group id. */
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or null when killed by a signal) once the group leader exits. */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** Last ~64 KiB of combined stdout/stderr. */
  output(): string;
  /** Resolves with the first match of `re` in the output (past or future). */
  waitForOutput(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the process group, SIGKILL after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ManagedProcess>();
const cleanups = new Set<() => Promise<void>>();
let watchdog: NodeJS.Timeout | undefined;
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort if a test forgot to stop something: synchronous SIGKILL of every group.
  process.on('exit', () => {
    for (const p of live) killGroup(p.pid, 'SIGKILL');
  });
}

function armWatchdog(): void {
  if (watchdog) return;
  watchdog = setTimeout(() => {
    console.error(`[e2e] watchdog: the run exceeded ${RUN_MAX_SECONDS} s; killing every e2e process and exiting`);
    for (const p of live) killGroup(p.pid, 'SIGKILL');
    process.exit(124);
  }, RUN_MAX_SECONDS * 1000);
  watchdog.unref();
}

/** Change the whole-run limit (e.g. for the long-lived `npm run playground`); re-arms the watchdog. */
export function setRunMaxSeconds(seconds: number): void {
  RUN_MAX_SECONDS = seconds;
  if (watchdog) {
    clearTimeout(watchdog);
    watchdog = undefined;
    armWatchdog();
  }
}

/** Register an async cleanup (e.g. closing a browser) to be run by stopAll(). Returns an unregister fn. */
export function registerCleanup(fn: () => Promise<void>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Stop every process and run every registered cleanup; each bounded in time. Safe to call twice. */
export async function stopAll(): Promise<void> {
  const fns = [...cleanups];
  cleanups.clear();
  await Promise.all(fns.map((fn) => withTimeout(fn(), 15_000, 'cleanup').catch((e) => console.error('[e2e] cleanup failed:', e))));
  await Promise.all([...live].map((p) => p.stop()));
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logFile: string;
  maxLifetimeSec?: number;
}

/**
 * Spawn `command args...` as `timeout -k 5 <max> command args...` in its own process group,
 * with stdout+stderr appended to `logFile` and kept in memory for waitForOutput().
 */
export function spawnManaged(name: string, command: string, args: string[], opts: SpawnOptions): ManagedProcess {
  installExitHook();
  armWatchdog();
  const max = Math.max(1, Math.round(opts.maxLifetimeSec ?? PROCESS_MAX_SECONDS));
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = fs.createWriteStream(opts.logFile, { flags: 'a' });
  log.write(`# ${new Date().toISOString()} ${name}: timeout -k 5 ${max} ${command} ${args.join(' ')}\n# cwd ${opts.cwd ?? process.cwd()}\n`);

  const child: ChildProcess = spawn('timeout', ['-k', '5', String(max), command, ...args], {
    cwd: opts.cwd,
    // Read by scripts/e2e/loopback-guard.cjs: exit when this (harness) process is gone.
    env: { ...(opts.env ?? process.env), E2E_PARENT_PID: String(process.pid) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${command}`);
  const pid = child.pid;

  let buffer = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    const s = chunk.toString('utf8');
    log.write(s);
    buffer = (buffer + s).slice(-65536);
    for (const l of [...listeners]) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code;
      log.write(`\n# ${new Date().toISOString()} ${name} exited: code=${code} signal=${signal}\n`);
      for (const l of [...listeners]) l();
      resolve(code);
    });
    child.on('error', (err) => {
      log.write(`\n# spawn error: ${err.message}\n`);
      exitCode = -1;
      resolve(-1);
    });
  });
  exited.finally(() => log.end());

  let stopping: Promise<void> | undefined;
  const proc: ManagedProcess = {
    name,
    pid,
    logFile: opts.logFile,
    exited,
    hasExited: () => exitCode !== undefined,
    output: () => buffer,
    waitForOutput(re, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const m = buffer.match(re);
          if (m) {
            done();
            resolve(m);
            return true;
          }
          if (exitCode !== undefined) {
            done();
            reject(new Error(`${name} exited (code ${exitCode}) before printing ${re}\n--- output tail ---\n${buffer.slice(-4000)}`));
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name}: no ${re} within ${timeoutMs} ms\n--- output tail ---\n${buffer.slice(-4000)}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = (): void => {
          check();
        };
        listeners.add(listener);
        check();
      });
    },
    stop(graceMs = 5000) {
      if (stopping) return stopping;
      stopping = (async () => {
        if (exitCode === undefined) {
          killGroup(pid, 'SIGTERM');
          const killed = await Promise.race([exited.then(() => true), delay(graceMs, true).then(() => false)]);
          if (!killed) {
            killGroup(pid, 'SIGKILL');
            await Promise.race([exited, delay(3000, true)]);
          }
        }
        // The leader may be gone while a grandchild lingers in the group: sweep it.
        killGroup(pid, 'SIGKILL');
        live.delete(proc);
      })();
      return stopping;
    },
  };
  live.add(proc);
  void exited.then(() => {
    if (!stopping) live.delete(proc);
  });
  return proc;
}

/** Resolve after `ms`; an `unref`'d timer does not keep the process (jest) alive. */
export function delay(ms: number, unref = false): Promise<void> {
  return new Promise((r) => {
    const t = setTimeout(r, ms);
    if (unref) t.unref();
  });
}

/** A free TCP port on 127.0.0.1 (the OS picks it; there is a small race until it is used). */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port and we may bind it. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * GET without keep-alive (global fetch keeps idle sockets open for seconds, which keeps jest
 * from exiting promptly). Resolves with the status and body text.
 */
export function httpGet(url: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** GET and parse JSON (see httpGet). */
export async function httpGetJson<T = unknown>(url: string, timeoutMs = 5000): Promise<T> {
  const r = await httpGet(url, timeoutMs);
  if (r.status < 200 || r.status >= 300) throw new Error(`GET ${url}: HTTP ${r.status}: ${r.body.slice(0, 500)}`);
  return JSON.parse(r.body) as T;
}

/** Poll until 127.0.0.1:port accepts a TCP connection; fail early if `proc` exits. */
export async function waitForTcp(port: number, timeoutMs: number, proc?: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' });
      s.setTimeout(1000);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
      s.once('timeout', () => {
        s.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (proc?.hasExited()) {
      throw new Error(`${proc.name} exited before listening on 127.0.0.1:${port}\n--- output tail ---\n${proc.output().slice(-4000)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms${proc ? `\n--- ${proc.name} output tail ---\n${proc.output().slice(-4000)}` : ''}`,
      );
    }
    await delay(200);
  }
}

/** Lines the loopback guard printed (refused outbound connections, rewritten listen hosts). */
export function guardReports(proc: ManagedProcess): string[] {
  let text = proc.output();
  try {
    text = fs.readFileSync(proc.logFile, 'utf8');
  } catch {
    /* fall back to the in-memory tail */
  }
  return text.split('\n').filter((l) => l.startsWith('[loopback-guard]'));
}
