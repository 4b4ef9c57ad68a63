import { join } from 'node:path';
import { loadedModules, runCli } from './support/run-cli';

const SRC = join(__dirname, '..', '..', 'src');
/** What the bot loads and `extract` must not: each takes a large part of the two seconds a start used to take. */
const HEAVY = ['botbuilder', '@slack/bolt', '@slack/web-api', 'restify', '@azure/identity', 'pino', 'pg', 'ioredis', 'better-sqlite3', 'prom-client', 'zod'];
const isPackage = (file: string, name: string) => file.includes(`/node_modules/${name}/`);

/**
 * In a child process of its own (a module registry nobody else filled), after the command ran: require.cache holds every
 * module it loaded, so a static import that brings the bot back into the CLI's start fails here.
 */
describe('the CLI loads only what a command needs', () => {
  it('extract loads the recognizer and its printout, nothing of the bot', async () => {
    const run = await runCli(['extract', '198.51.100.77'], { reportModules: true });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('ipv4      198.51.100.77');
    const loaded = loadedModules(run);
    expect(HEAVY.filter((name) => loaded.some((f) => isPackage(f, name)))).toEqual([]);
    const ours = loaded.filter((f) => f.startsWith(SRC)).map((f) => f.slice(SRC.length + 1));
    expect(ours).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/extract-command.ts', 'entities/recognize.ts']));
    expect(
      ours.filter((f) => !f.startsWith('entities/') && !['cli/main.ts', 'cli/extract-command.ts', 'cli/read-input.ts', 'bot/http/limits.ts'].includes(f)),
    ).toEqual([]);
  });

  it('the probe sees what a command loads: lookup brings the Defender client in', async () => {
    const run = await runCli(['lookup', '--json', '198.51.100.77'], { reportModules: true });
    expect(run.code).toBe(0);
    const loaded = loadedModules(run);
    expect(loaded.some((f) => isPackage(f, '@azure/identity') || f.startsWith(join(SRC, 'defender')))).toBe(true);
  });
});
