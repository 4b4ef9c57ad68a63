import { manifestCommands, slackUsageHint } from '../src/core/listings';

/**
 * The manifests' command lists, written from the registry (src/core/commands, src/core/actions) by `npm run docs`;
 * test/core/registry-listings.test.ts fails when a committed manifest differs from what these produce.
 */
export function teamsManifestFromRegistry(text: string): string {
  const manifest = JSON.parse(text) as { bots?: { commandLists?: { scopes: string[]; commands: unknown[] }[] }[] };
  for (const bot of manifest.bots ?? []) for (const list of bot.commandLists ?? []) list.commands = manifestCommands();
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The Slack manifest with the /defender usage_hint from the registry; the rest of the YAML (and its comments) kept. */
export function slackManifestFromRegistry(text: string): string {
  const line = /^(\s*usage_hint:\s*).*$/m;
  if (!line.test(text)) throw new Error('manifest/slack/manifest.yml has no usage_hint line');
  return text.replace(line, (_m, head: string) => `${head}${JSON.stringify(slackUsageHint())}`);
}
