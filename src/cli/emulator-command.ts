import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DefenderEmulator } from '../../emulator/server';

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** `defender-chatops emulator`: the demo tenant on a fixed port, its CA written to a file, ready for curl and the bot. */
export async function runEmulatorCommand(opts: { port: string; removePermission?: string[]; rateLimits: boolean; caFile: string }, io: Io): Promise<number> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`--port must be a number from 0 to 65535 (got "${opts.port}")`);
    return 2;
  }
  let emulator: DefenderEmulator;
  try {
    // Loaded here, not at the top: cli/main.ts imports this file, and the production CLI must not load the emulator.
    const { DefenderEmulator } = await import('../../emulator/server');
    emulator = await DefenderEmulator.start({ port, controlApi: true, rateLimits: opts.rateLimits ? 'microsoft' : 'off' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.err(code === 'EADDRINUSE' ? `Port ${port} is in use: pick another with --port.` : `The emulator could not start: ${(err as Error).message}`);
    return 1;
  }
  for (const permission of opts.removePermission ?? []) emulator.removePermission(permission);
  const caFile = resolve(opts.caFile);
  mkdirSync(dirname(caFile), { recursive: true });
  writeFileSync(caFile, emulator.caPem);
  io.out(`Defender emulator (demo tenant ${emulator.tenantId}) at ${emulator.url}`);
  if (opts.removePermission?.length) io.out(`Withheld permissions: ${opts.removePermission.join(', ')}`);
  io.out(`Its CA certificate: ${caFile}`);
  io.out('Point the bot (or doctor) at it from another shell:');
  io.out(`  export NODE_EXTRA_CA_CERTS=${caFile}`);
  for (const [k, v] of Object.entries(emulator.environment())) io.out(`  export ${k}=${v}`);
  io.out('Or try it with curl:');
  io.out(
    `  TOKEN=$(curl -s --cacert ${caFile} ${emulator.url}/${emulator.tenantId}/oauth2/v2.0/token -d grant_type=client_credentials -d client_id=${emulator.environment().AZURE_CLIENT_ID} -d client_secret=${emulator.environment().AZURE_CLIENT_SECRET} -d scope=https://graph.microsoft.com/.default | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')`,
  );
  io.out(`  curl -s --cacert ${caFile} -H "Authorization: Bearer $TOKEN" '${emulator.url}/v1.0/security/incidents?$top=2'`);
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await emulator.close();
  return 0;
}
