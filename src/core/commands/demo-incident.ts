import type { CommandSpec } from '../registry/command-spec';

const SEVERITIES = ['high', 'medium', 'low', 'informational'];

/** Demo mode only: the demo tenant raises an incident now, so subscriptions and triage can be shown without waiting. */
export const demoIncident: CommandSpec<'demo-incident', { severity?: string }> = {
  name: 'demo-incident',
  aliases: ['demo-incident'],
  usage: 'demo-incident [high | medium | low | informational]',
  description: 'Demo mode: the demo tenant raises a new incident now (subscribed conversations see it at the next poll).',
  inHelp: false,
  inManifest: false,
  parse: (rest) => ({ severity: rest.trim().toLowerCase() || undefined }),
  async run(kit, ctx, { severity }) {
    const emulator = kit.deps.defender.emulator;
    if (!kit.demo || !emulator) return void (await ctx.replier.send(kit.message('warning', 'Demo mode only', 'This bot talks to a real Defender tenant.')));
    if (severity && !SEVERITIES.includes(severity))
      return void (await ctx.replier.send(kit.message('warning', 'Which severity?', 'demo-incident high, medium, low or informational.')));
    const incident = emulator.raiseIncident(severity ? { severity } : {});
    await ctx.replier.send(
      kit.message(
        'info',
        `Demo tenant raised incident ${incident.id} (${incident.severity})`,
        `Subscribed conversations get its card within ${kit.deps.config.incidents.pollSeconds} s; \`incident ${incident.id}\` shows it now.`,
      ),
    );
  },
};
