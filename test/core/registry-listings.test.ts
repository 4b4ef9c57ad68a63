import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { slackManifestFromRegistry, teamsManifestFromRegistry } from '../../scripts/registry-manifests';
import { VERBS } from '../../src/cards/view-models';
import { ACTION_SETTING_NAMES, APPROVAL_BY_DEFAULT as CONFIG_APPROVAL_DEFAULT, SETTINGS } from '../../src/config/settings';
import { loadConfig } from '../../src/config/load';
import { REQUEST_VERBS } from '../../src/core/action-requests';
import { ACTION_NAMES, ACTION_SPECS, APPROVAL_BY_DEFAULT, actionByWord } from '../../src/core/actions';
import { parseCommand } from '../../src/core/commands';
import { COMMAND_SPECS, commandByWord } from '../../src/core/commands/index';
import { helpCommands } from '../../src/core/help-commands';
import { buttonVerbs, listedCommands, manifestCommands, slackUsageHint } from '../../src/core/listings';
import { ACTION_PERMISSIONS, samePermission } from '../../src/defender/permissions';

// Every list of commands, actions and verbs outside the registry is derived from it or checked against it here:
// adding a command or an action to src/core/commands or src/core/actions and forgetting one of these fails.

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const sorted = (list: readonly string[]) => [...list].sort();

describe('the registry', () => {
  it('names each command and action once, and no word starts two of them', () => {
    const names = [...COMMAND_SPECS.map((c) => c.name), ...ACTION_SPECS.map((a) => a.name)];
    expect(new Set(names).size).toBe(names.length);
    const words = [...COMMAND_SPECS.flatMap((c) => c.aliases), ...ACTION_SPECS.flatMap((a) => a.aliases)];
    expect(new Set(words).size).toBe(words.length);
    for (const c of COMMAND_SPECS) expect(c.aliases[0]).toBe(c.name);
    for (const a of ACTION_SPECS) expect(a.aliases[0]).toBe(a.name);
  });

  it('sends every typed word to its own spec', () => {
    for (const c of COMMAND_SPECS) for (const word of c.aliases) expect(commandByWord(word.toUpperCase())?.name).toBe(c.name);
    for (const a of ACTION_SPECS) for (const word of a.aliases) expect(actionByWord(word)?.name).toBe(a.name);
  });
});

describe('derived from the registry, and a test fails when one drifts', () => {
  it('config: the action names ACTIONS_REQUIRING_APPROVAL accepts, and its default', () => {
    expect(sorted(ACTION_SETTING_NAMES)).toEqual(sorted([...ACTION_NAMES, 'cancel']));
    expect(sorted(CONFIG_APPROVAL_DEFAULT)).toEqual(sorted(APPROVAL_BY_DEFAULT));
    expect(SETTINGS.ACTIONS_REQUIRING_APPROVAL.default).toBe(CONFIG_APPROVAL_DEFAULT.join(','));
    expect(sorted(loadConfig({}).actions.requiringApproval)).toEqual(sorted(APPROVAL_BY_DEFAULT));
    for (const name of ACTION_NAMES) expect(() => loadConfig({ ACTIONS_REQUIRING_APPROVAL: name })).not.toThrow();
  });

  it('help: every command in help, then every enabled action', () => {
    const everything = loadConfig({
      DEFENDER_ENABLE_DEVICE_ISOLATION: 'true',
      DEFENDER_ENABLE_FILE_QUARANTINE: 'true',
      DEFENDER_ENABLE_AV_SCAN: 'true',
      DEFENDER_ENABLE_RESTRICT_EXECUTION: 'true',
      DEFENDER_ENABLE_COLLECT_PACKAGE: 'true',
      DEFENDER_ENABLE_BLOCK_INDICATOR: 'true',
    });
    const help = helpCommands(everything).map((l) => l.usage);
    for (const a of ACTION_SPECS) expect(a.enabled(everything)).toBe(true);
    expect(sorted(help)).toEqual(sorted([...COMMAND_SPECS.filter((c) => c.inHelp).map((c) => c.usage), ...ACTION_SPECS.map((a) => a.usage)]));
  });

  it("the Teams manifest's command lists (`npm run docs` writes them)", () => {
    const text = read('manifest/teams/manifest.json');
    expect(teamsManifestFromRegistry(text)).toBe(text);
    const lists = (JSON.parse(text) as { bots: { commandLists: { commands: { title: string }[] }[] }[] }).bots[0]!.commandLists;
    for (const list of lists)
      expect(list.commands.map((c) => c.title)).toEqual(
        listedCommands()
          .filter((c) => c.inManifest)
          .map((c) => c.word),
      );
    expect(manifestCommands().length).toBeLessThanOrEqual(12);
  });

  it("the Slack command's usage hint (`npm run docs` writes it), each part a real command", () => {
    const text = read('manifest/slack/manifest.yml');
    expect(slackManifestFromRegistry(text)).toBe(text);
    const hint = (parse(text) as { features: { slash_commands: { usage_hint: string }[] } }).features.slash_commands[0]!.usage_hint;
    expect(hint).toBe(slackUsageHint());
    for (const part of hint.split(' | ')) {
      const command = parseCommand(part.replace(/<[^>]+>/g, 'ws-042'));
      expect(command.kind).not.toBe('unknown');
    }
  });

  it("the view models' button verbs", () => {
    expect(sorted(VERBS)).toEqual(sorted(buttonVerbs()));
    for (const verb of REQUEST_VERBS) expect(VERBS).toContain(verb);
  });

  it("the doctor's permission table holds every action's permission", () => {
    const table = Object.values(ACTION_PERMISSIONS);
    for (const a of ACTION_SPECS)
      expect(table.some((p) => samePermission(p.permission, a.permission) || p.alsoAccepted.some((x) => samePermission(x, a.permission)))).toBe(true);
  });
});

describe('the drift checks catch drift', () => {
  it('a manifest missing a command, or with a stale hint, is rewritten', () => {
    const teams = JSON.parse(read('manifest/teams/manifest.json')) as { bots: { commandLists: { commands: unknown[] }[] }[] };
    teams.bots[0]!.commandLists[0]!.commands.pop();
    const stale = `${JSON.stringify(teams, null, 2)}\n`;
    expect(teamsManifestFromRegistry(stale)).not.toBe(stale);
    const slack = read('manifest/slack/manifest.yml').replace(/usage_hint: .*/, 'usage_hint: "lookup <text>"');
    expect(slackManifestFromRegistry(slack)).not.toBe(slack);
    expect(() => slackManifestFromRegistry('features: {}\n')).toThrow(/no usage_hint/);
  });
});
