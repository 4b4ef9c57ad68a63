import { Command, CommanderError } from 'commander';
import type { App } from '../app';
import type { AppConfig } from '../config/schema';
import type { LogLevel } from '../ops/logger';
import { InputError, textOrStdin, type InputStream } from './read-input';

// Each command imports what it needs inside its action: `extract` must not pay for loading the bot (botbuilder, Bolt,
// restify, the Defender client), which takes seconds. test/cli/lazy-loading.test.ts keeps it so.

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Read by extract and lookup when no text is given; default process.stdin. */
  stdin?: InputStream;
}

const defaultIo: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`), env: process.env };

async function configOrExit(io: Io): Promise<AppConfig | undefined> {
  const { ConfigError, loadConfig } = await import('../config/load');
  try {
    return loadConfig(io.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      io.err('See "Configuration" in README.md for every setting.');
      return undefined;
    }
    throw err;
  }
}

/** The defender-chatops command line. Returns the exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let code = 0;
  const program = new Command('defender-chatops')
    .description('Microsoft 365 Defender in Teams and Slack')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t.trimEnd()), writeErr: (t) => io.err(t.trimEnd()) });

  program
    .command('doctor')
    .description('self-test: cloud, hosts, a token per audience, each permission the enabled features need, one call per API (every tenant of TENANTS_FILE)')
    .action(async () => {
      const config = await configOrExit(io);
      if (!config) return void (code = 2);
      const { doctorCommand } = await import('./doctor-command');
      code = await doctorCommand(config, io);
    });

  program
    .command('extract')
    .description('print the indicators recognised in the text (nothing is looked up)')
    .argument('[text...]', 'any text; quote it (none: standard input; text starting with "-" after --)')
    .option('--json', 'print [{"type": ..., "value": ...}]')
    .action(async (words: string[], opts: { json?: boolean }) => {
      const text = await inputText('extract', words, io);
      if (text === undefined) return void (code = 2);
      const { extractCommand } = await import('./extract-command');
      code = extractCommand(text, !!opts.json, io);
    });

  program
    .command('lookup')
    .description('look up every indicator in the text in Defender (the demo tenant without credentials)')
    .argument('[text...]', 'any text; quote it (none: standard input; text starting with "-" after --)')
    .option('--json', 'print the structured result')
    .action(async (words: string[], opts: { json?: boolean }) => {
      const text = await inputText('lookup', words, io);
      if (text === undefined) return void (code = 2);
      const config = await configOrExit(io);
      if (!config) return void (code = 2);
      const { lookupCommand } = await import('./lookup-command');
      code = await lookupCommand(text, !!opts.json, io, config);
    });

  program
    .command('emulator')
    .description('serve the local Defender emulator with the demo tenant')
    .option('-p, --port <port>', 'port (default 8443)', '8443')
    .option('--remove-permission <name...>', 'withhold application permissions from the demo app, e.g. Machine.Isolate')
    .option('--no-rate-limits', "do not enforce Microsoft's rate limits")
    .option('--ca-file <path>', 'where to write the CA certificate', '.emulator/ca.pem')
    .action(async (opts: { port: string; removePermission?: string[]; rateLimits: boolean; caFile: string }) => {
      const { runEmulatorCommand } = await import('./emulator-command');
      code = await runEmulatorCommand(opts, io);
    });

  program
    .command('start')
    .description('start the bot (demo mode without AZURE_CLIENT_ID)')
    .action(async () => {
      const config = await configOrExit(io);
      if (!config) return void (code = 2);
      const [
        { default: pino },
        { describeConfig },
        { startApp, StartupRefusal },
        { asLogFunction, createLogger },
        { installGracefulShutdown },
        { startupChecks },
      ] = await Promise.all([
        import('pino'),
        import('../config/load'),
        import('../app'),
        import('../ops/logger'),
        import('../ops/shutdown'),
        import('./startup-checks'),
      ]);
      // Operational logs: JSON on stderr (secrets scrubbed, one id per turn); stdout keeps the human start-up lines.
      const logger = createLogger({ level: config.logLevel as LogLevel, destination: pino.destination({ dest: 2, sync: true }) });
      // A library promise nobody awaits must not stop a bot that is in the middle of other people's turns.
      process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection (the bot keeps running)'));
      let app: App;
      try {
        app = await startApp(config, { log: asLogFunction(logger) });
      } catch (err) {
        if (err instanceof StartupRefusal) {
          io.err(err.message);
          return void (code = 1);
        }
        throw err;
      }
      const { defender } = app;
      if (defender.demo)
        io.out(
          `DEMO MODE: embedded Defender emulator at ${defender.emulator!.url} (demo tenant ${defender.tenantId}); no Microsoft credentials are used and every answer is marked DEMO DATA.`,
        );
      else for (const line of describeConfig(config)) io.out(line);
      for (const notice of app.notices) io.out(notice);
      const problems = await startupChecks(defender);
      for (const p of problems) io.err(p.message);
      if (problems.some((p) => p.fatal)) {
        await app.close();
        io.err('Fix the settings above and start again; `npx defender-chatops doctor` checks every permission.');
        return void (code = 1);
      }
      const endpoints = [
        app.config.teams.appId || defender.demo || app.config.teams.auth === 'off' ? `${app.teams.url}/api/messages` : undefined,
        app.slack?.http ? `${app.teams.url}/slack/events` : undefined,
        app.slack && !app.slack.http ? 'Slack (Socket Mode)' : undefined,
      ].filter(Boolean);
      const metricsAt = app.metricsServer ? `Metrics: ${app.metricsServer.url}/metrics.` : 'Metrics: off (set METRICS_PORT).';
      io.out(`defender-chatops is listening on ${endpoints.join(' and ')}. Health: ${app.teams.url}/healthz, /readyz. ${metricsAt} Press Ctrl+C to stop.`);
      // SIGTERM (a container stop) or Ctrl+C: finish turns in flight, hand polling over, close the stores, exit.
      await new Promise<void>((resolve) => {
        installGracefulShutdown({
          close: () => app.close(),
          logger,
          exit: (exitCode) => {
            code = exitCode;
            resolve();
            if (exitCode !== 0) setTimeout(() => process.exit(exitCode), 100).unref();
          },
        });
      });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      const command = argv.find((a) => !a.startsWith('-'));
      if (err.code === 'commander.unknownOption' && (command === 'extract' || command === 'lookup'))
        io.err(`Text that begins with "-" goes after --: defender-chatops ${command} -- -1.2.3.4`);
      return err.exitCode === 0 ? 0 : 2;
    }
    throw err;
  }
  return code;
}

/** The command's text (arguments or standard input); undefined after printing why there is none. */
async function inputText(command: string, words: string[], io: Io): Promise<string | undefined> {
  try {
    return await textOrStdin(command, words, io.stdin ?? process.stdin);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.err(err.message);
    return undefined;
  }
}
