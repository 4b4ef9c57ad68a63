/**
 * Start the Microsoft 365 Agents Playground (Teams client emulator) against a bot on this machine,
 * the same way the e2e harness does: loopback only, telemetry off, one acting user from the e2e
 * tenant. Open the printed URL in a browser (or drive it with playwright-core).
 *
 *   npm run playground -- [--bot http://127.0.0.1:3978/api/messages] [--user responder|approver|noRole]
 *                         [--port 56150] [--hours 4]
 *
 * The bot must run with an empty MicrosoftAppId (no Bot Framework auth) and listen on 127.0.0.1.
 * Stop with Ctrl-C; the playground is also stopped after --hours (default 4).
 */
import { E2E_USERS, startPlayground } from '../../test/e2e/harness/playground';
import { setRunMaxSeconds, stopAll } from '../../test/e2e/harness/proc';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const botUrl = arg('bot') ?? `http://127.0.0.1:${process.env.PORT ?? '3978'}/api/messages`;
  const userKey = (arg('user') ?? 'responder') as keyof typeof E2E_USERS;
  const user = E2E_USERS[userKey];
  if (!user) throw new Error(`--user must be one of ${Object.keys(E2E_USERS).join(', ')}`);
  const hours = Number(arg('hours') ?? '4');
  const maxLifetimeSec = Math.max(60, Math.round(hours * 3600));
  setRunMaxSeconds(maxLifetimeSec + 60);
  const pg = await startPlayground({
    botUrl,
    user,
    port: Number(arg('port') ?? '56150'),
    maxLifetimeSec,
  });
  console.log(
    [
      `Agents Playground for ${pg.user.name} (aadObjectId ${pg.user.aadObjectId}) -> ${pg.botUrl}`,
      `  UI:        ${pg.url}`,
      `  config:    ${pg.configPath}`,
      `  log:       ${pg.logFile}`,
      `  recording: ${pg.recordingFile ?? '(off)'}`,
      `  bot name to @mention: ${pg.tenant.bot.name}`,
      'Ctrl-C to stop.',
    ].join('\n'),
  );
  const stop = (): void => {
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await pg.proc.exited;
  console.log(`playground exited (code ${code})`);
  await stopAll();
}

main().catch(async (e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  await stopAll();
  process.exit(1);
});
