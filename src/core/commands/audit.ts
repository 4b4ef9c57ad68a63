import type { AuditEntry } from '../../store/types';
import type { CommandSpec } from '../registry/command-spec';

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** "ws-042 30", "alex@contoso.com", "14d": what the audit is asked about, and how far back (7 days, at most 365). */
export function auditQuery(text: string): { subject?: string; days: number } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const daysWord = words.find((w) => /^\d{1,3}d?$/.test(w));
  const days = Math.min(Number((daysWord ?? '7').replace('d', '')) || 7, 365);
  return { subject: words.find((w) => w !== daysWord), days };
}

function entryItem(e: AuditEntry) {
  return {
    title: `${e.event}${e.action ? ` ${e.action}` : ''}${e.target ? ` ${e.target}` : ''}`,
    subtitle: `${minute(e.at)} · ${e.actor}`,
    facts: [
      ...(e.detail ? [{ title: 'Detail', value: e.detail }] : []),
      ...(e.defenderActionId ? [{ title: 'Defender action', value: e.defenderActionId }] : []),
      ...(e.requestId ? [{ title: 'Request', value: e.requestId }] : []),
    ],
    links: [],
    buttons: [],
  };
}

/** The audit trail of response actions, for responders and admins: by device, by person, or all. */
export const audit: CommandSpec<'audit', { text: string }> = {
  name: 'audit',
  aliases: ['audit'],
  usage: 'audit [device | user] [days]',
  description: 'The audit trail of response actions: who requested, approved and ran what, and the result.',
  inHelp: true,
  inManifest: true,
  parse: (rest) => ({ text: rest }),
  async run(kit, ctx, { text }) {
    const { roles, store } = kit.deps;
    const allowed = (await roles.check(ctx.actor, 'responder')).allowed || (await roles.check(ctx.actor, 'admin')).allowed;
    if (!allowed) {
      await ctx.replier.send(kit.message('warning', 'Not allowed', 'The audit is for responders and admins.'));
      return;
    }
    if (!store) {
      await ctx.replier.send(kit.message('warning', 'No audit store', 'This bot runs without storage.'));
      return;
    }
    const { subject, days } = auditQuery(text);
    const since = new Date(Date.now() - days * 86_400_000);
    const byPerson = subject?.includes('@') === true;
    const entries = await store.audit.query(byPerson ? { since, limit: 200 } : { since, target: subject?.toLowerCase(), limit: 50 });
    const shown = byPerson
      ? entries.filter((e) => e.actor.toLowerCase().includes(subject!.toLowerCase()) || (e.target ?? '').includes(subject!.toLowerCase())).slice(0, 50)
      : entries;
    await ctx.replier.send({
      kind: 'actions',
      demo: kit.demo,
      title: `Audit${subject ? ` for ${subject}` : ''}, last ${days} day(s): ${shown.length} entr${shown.length === 1 ? 'y' : 'ies'}`,
      items: shown.map(entryItem),
    });
  },
};
