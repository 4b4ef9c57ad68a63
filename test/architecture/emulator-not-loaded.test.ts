import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../..');
const EMULATOR_DIR = join(ROOT, 'emulator') + '/';

/**
 * A fresh node (TypeScript through tsx's require hook, so nothing is bundled or mocked) loads the production entry
 * points and connects to Defender with a client secret, not in demo mode, then reports which files Node's require
 * cache holds; then it loads the emulator on purpose, to show that the same probe sees it when it is there.
 */
const PROBE = `
const loaded = () => Object.keys(require.cache);
(async () => {
  const { connectDefender } = require('./src/defender/connect');
  require('./src/app');
  require('./src/cli/main');
  const { loadConfig } = require('./src/config/load');
  const defender = await connectDefender(loadConfig({
    AZURE_TENANT_ID: '00000000-0000-4000-8000-000000000001',
    AZURE_CLIENT_ID: '00000000-0000-4000-8000-000000000002',
    AZURE_CLIENT_SECRET: 'not-a-secret',
    LOOKUPS_REQUIRE_ROLE: 'false',
  }));
  const live = { demo: defender.demo, modules: loaded() };
  await defender.close();
  require('./emulator/server');
  process.stdout.write('RESULT ' + JSON.stringify({ live, afterLoadingEmulator: loaded() }) + '\\n');
})().catch((err) => { console.error(err); process.exit(1); });
`;

interface ProbeResult {
  live: { demo: boolean; modules: string[] };
  afterLoadingEmulator: string[];
}

describe('connecting outside demo mode', () => {
  let result: ProbeResult;

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', '-e', PROBE], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`the probe printed no result:\n${stdout}`);
    result = JSON.parse(line.slice('RESULT '.length)) as ProbeResult;
  }, 120_000);

  const fromEmulator = (modules: string[]) => modules.filter((m) => m.startsWith(EMULATOR_DIR));

  it('loads the client, the app and the CLI from source', () => {
    expect(result.live.demo).toBe(false);
    expect(result.live.modules).toEqual(
      expect.arrayContaining([join(ROOT, 'src/defender/connect.ts'), join(ROOT, 'src/app.ts'), join(ROOT, 'src/cli/main.ts')]),
    );
  });

  it('loads no module of the emulator', () => {
    expect(fromEmulator(result.live.modules)).toEqual([]);
  });

  it('would have seen the emulator had it been loaded', () => {
    expect(fromEmulator(result.afterLoadingEmulator)).toContain(join(ROOT, 'emulator/server.ts'));
  });
});
