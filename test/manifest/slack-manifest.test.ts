import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load';
import { parseCommand } from '../../src/core/commands';

interface SlackManifest {
  display_information: { name: string; description: string; long_description?: string };
  features: {
    bot_user: { display_name: string };
    slash_commands: { command: string; url: string; description: string; usage_hint?: string; should_escape: boolean }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(readFileSync(join(__dirname, '..', '..', 'manifest', 'slack', 'manifest.yml'), 'utf8')) as SlackManifest;

describe('Slack app manifest', () => {
  it('asks for exactly the scopes the bot uses, and no user scopes', () => {
    // app_mention events, DMs (message.im), posting and updating its own messages (chat:write), the slash command,
    // slack-group: roles (usergroups.users.list). chat.postEphemeral and views.open need no scope of their own.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'app_mentions:read',
      'chat:write',
      'commands',
      'im:history',
      'usergroups:read',
      'users:read',
      'users:read.email',
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('subscribes to the events the bot handles, and sends events, the command and interactivity to /slack/events', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.im']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c) => c.url),
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('registers the command the bot listens to by default, with a hint naming real commands', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([loadConfig({}).slack.command]);
    const hint = manifest.features.slash_commands[0]!.usage_hint ?? '';
    for (const part of hint.split('|')) {
      const command = parseCommand(part.trim().replace(/<[^>]+>/g, 'ws-042'));
      // Text that is no command is looked up as indicators (explicit: false); every hint must be a real command.
      expect(command.kind === 'unknown' || (command.kind === 'lookup' && !command.explicit)).toBe(false);
    }
  });

  it("stays within Slack's field limits", () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect((manifest.display_information.long_description ?? '').length).toBeGreaterThanOrEqual(175);
    expect((manifest.display_information.long_description ?? '').length).toBeLessThanOrEqual(4000);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
    for (const c of manifest.features.slash_commands) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect((c.usage_hint ?? '').length).toBeLessThanOrEqual(1000);
    }
  });
});
