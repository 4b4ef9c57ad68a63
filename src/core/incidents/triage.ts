import type { MessageView } from '../../cards/view-models';
import type { IncidentChange } from '../../defender/graph';
import { DefenderError } from '../../defender/http/errors';
import {
  CLASSIFICATION_TITLES,
  DETERMINATION_TITLES,
  STATUS_TITLES,
  isValidPair,
  type Classification,
  type SettableStatus,
} from '../../defender/incident-values';
import { readIncidentDetails, type IncidentDetails } from '../../defender/incidents/incident-details';
import { describeActor } from '../actor';
import type { ConversationKit } from '../conversation-kit';
import type { TurnContext } from '../turn';
import { describeChanges, snapshotOf, type IncidentSnapshot } from './incident-snapshot';

/** One change to an incident, as chat asks for it (a button or a typed command). */
export type TriageOp =
  | { op: 'assign'; to?: string }
  | { op: 'status'; status: SettableStatus }
  | { op: 'resolve'; classification: Classification; determination: string }
  | { op: 'comment'; text: string }
  | { op: 'addTag'; tag: string }
  | { op: 'removeTag'; tag: string };

/** What the card showed when it was drawn: a click on an older card must not overwrite a newer state. */
export interface DrawnState {
  updatedAt: string;
  snapshot?: IncidentSnapshot;
}

export type TriageOutcome =
  | { kind: 'changed'; details: IncidentDetails; notice: string }
  | { kind: 'stale'; details: IncidentDetails; notice: string }
  | { kind: 'refused'; message: MessageView };

export const MAX_COMMENT = 1000;
export const MAX_TAG = 100;
/** Long enough for the reads and the change with the pipeline's retries; released as soon as the change is done. */
const LOCK_MS = 120_000;

/** The first `n` characters without cutting a character in two (an emoji is two UTF-16 units). */
const head = (text: string, n: number) => Array.from(text).slice(0, n).join('');

/** Control characters (but tab and newline in comments) never reach Defender. */
const clean = (s: string, keepNewlines: boolean) =>
  s.replace(keepNewlines ? /[\u0000-\u0008\u000b-\u001f\u007f]/g : /[\u0000-\u001f\u007f]/g, keepNewlines ? '' : ' ').trim();

/** The text of a comment or tag as it will be sent, or why it cannot be. */
export function checkText(kind: 'comment' | 'tag', raw: unknown): { value: string } | { error: string } {
  if (typeof raw !== 'string') return { error: `Write the ${kind} in the box first.` };
  const value = clean(raw, kind === 'comment');
  const max = kind === 'comment' ? MAX_COMMENT : MAX_TAG;
  if (value === '') return { error: `The ${kind} is empty.` };
  if (value.length > max) return { error: `The ${kind} is ${value.length} characters long; Defender keeps at most ${max} here.` };
  if (kind === 'tag' && /[,;]/.test(value)) return { error: 'A tag cannot hold a comma or semicolon: add one tag at a time.' };
  // Half of an emoji: neither Defender nor the audit store keeps it as written.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value))
    return { error: `The ${kind} holds a broken character; type it again.` };
  return { value };
}

function describeOp(op: TriageOp): string {
  switch (op.op) {
    case 'assign':
      return `assign to ${op.to ?? 'me'}`;
    case 'status':
      return `set status ${STATUS_TITLES[op.status]}`;
    case 'resolve':
      return `resolve as ${CLASSIFICATION_TITLES[op.classification]}: ${DETERMINATION_TITLES[op.determination] ?? op.determination}`;
    case 'comment':
      return 'comment';
    case 'addTag':
      return `add tag ${op.tag}`;
    case 'removeTag':
      return `remove tag ${op.tag}`;
  }
}

/**
 * Who may change incidents: the INCIDENT_ROLE (default responder) or an admin, checked now against live membership.
 * Undefined when allowed; the refusal otherwise.
 */
export async function triageRefusal(kit: ConversationKit, ctx: TurnContext, what: string): Promise<MessageView | undefined> {
  const { roles, config } = kit.deps;
  const role = config.incidents.role;
  const decision = await roles.check(ctx.actor, role);
  if (decision.allowed) return undefined;
  if (role !== 'admin' && (await roles.check(ctx.actor, 'admin')).allowed) return undefined;
  return kit.message('warning', 'Not allowed', `To ${what} you need the ${role} role: ${decision.reason}.`);
}

/**
 * Applies one change to an incident: checks who asks, takes the incident's lock (two clicks at once: one wins, the
 * other is told), reads Defender's state, refuses to overwrite a state newer than the card that was clicked, sends the
 * change with Microsoft's field names, and writes the audit row (who, what, before, after) before anyone is answered.
 */
export async function applyTriage(kit: ConversationKit, ctx: TurnContext, incidentId: string, op: TriageOp, drawn?: DrawnState): Promise<TriageOutcome> {
  const { config, defender, store } = kit.deps;
  const refuse = (title: string, text: string): TriageOutcome => ({ kind: 'refused', message: kit.message('warning', title, text) });
  if (!config.incidents.triage)
    return refuse(
      'Incident triage is not enabled',
      'A bot admin enables it with DEFENDER_ENABLE_INCIDENT_TRIAGE=true (it needs SecurityIncident.ReadWrite.All).',
    );
  const what = describeOp(op);
  const refusal = await triageRefusal(kit, ctx, `${what} on incident ${incidentId}`);
  const audit = (event: string, detail: string) =>
    store?.audit.append({
      at: new Date().toISOString(),
      event,
      actor: describeActor(ctx.actor),
      actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
      action: `incident-${op.op}`,
      target: `incident:${incidentId}`,
      conversationId: ctx.conversationId,
      detail,
    });
  if (refusal) {
    await audit('denied', `${what}: ${refusal.text ?? ''}`);
    return { kind: 'refused', message: refusal };
  }
  let assignee: string | undefined;
  if (op.op === 'assign') {
    assignee = op.to ?? (await ctx.userPrincipalName?.().catch(() => undefined));
    if (!assignee)
      return refuse(
        'Who are you in Defender?',
        `The bot could not read your sign-in name from ${ctx.actor.platform === 'slack' ? 'Slack (it needs the users:read.email scope)' : 'Teams'}. Type: incident ${incidentId} assign <your user principal name>.`,
      );
  }
  const lockKey = `incident-triage:${incidentId}`;
  const token = await kit.leases.acquire(lockKey, LOCK_MS);
  if (!token)
    return refuse(
      'Someone else is changing this incident',
      `Another change to incident ${incidentId} is under way; the card updates when it is done. Check it, then try again.`,
    );
  try {
    const before = await defender.graph.getIncident(incidentId, false);
    // Stale only when what the card showed changed: Defender's own updates (a new alert, an investigation) bump
    // lastUpdateDateTime without making the click wrong.
    const changes = drawn?.snapshot ? describeChanges(drawn.snapshot, snapshotOf(before)) : [];
    const stale = drawn !== undefined && (drawn.snapshot ? changes.length > 0 : Date.parse(before.lastUpdateDateTime) !== Date.parse(drawn.updatedAt));
    if (stale) {
      return {
        kind: 'stale',
        details: await readIncidentDetails(defender, incidentId),
        notice: `Incident ${incidentId} changed in Defender since this card was drawn${changes.length ? `: ${changes.join('; ')}` : ''}. Nothing was changed: here it is as it stands now; click again if you still want to ${what}.`,
      };
    }
    // The display name can be edited by its owner (Slack): the platform id that cannot is written with it.
    const by = describeActor(ctx.actor);
    const change: IncidentChange = {};
    switch (op.op) {
      case 'assign':
        if ((before.assignedTo ?? '').toLowerCase() === assignee!.toLowerCase())
          return refuse('Already assigned', `Incident ${incidentId} is already assigned to ${assignee}.`);
        change.assignedTo = assignee!;
        break;
      case 'status':
        if (before.status === op.status) return refuse('Nothing to change', `Incident ${incidentId} is already ${STATUS_TITLES[op.status]}.`);
        change.status = op.status;
        break;
      case 'resolve':
        if (!isValidPair(op.classification, op.determination))
          return refuse('Not a valid classification', `${CLASSIFICATION_TITLES[op.classification]} cannot have the determination ${op.determination}.`);
        Object.assign(change, {
          status: 'resolved',
          classification: op.classification,
          determination: op.determination,
          resolvingComment: `Resolved from chat by ${by}`,
        });
        break;
      case 'addTag':
        if ((before.customTags ?? []).some((t) => t.toLowerCase() === op.tag.toLowerCase()))
          return refuse('Already tagged', `Incident ${incidentId} already has the tag ${op.tag}.`);
        change.customTags = [...(before.customTags ?? []), op.tag];
        break;
      case 'removeTag':
        if (!(before.customTags ?? []).includes(op.tag)) return refuse('No such tag', `Incident ${incidentId} has no tag ${op.tag}.`);
        change.customTags = (before.customTags ?? []).filter((t) => t !== op.tag);
        break;
      case 'comment':
        break;
    }
    try {
      if (op.op === 'comment') await defender.graph.commentIncident(incidentId, `${op.text}\n— ${by}, from chat`);
      else await defender.graph.updateIncident(incidentId, change);
    } catch (err) {
      await audit('failed', `${what}: ${err instanceof DefenderError ? err.message : 'the change failed inside the bot'}`);
      throw err;
    }
    const details = await readIncidentDetails(defender, incidentId);
    const made = describeChanges(snapshotOf(before), snapshotOf(details.incident));
    await audit('incident-changed', op.op === 'comment' ? `comment: ${head(op.text, 200)}` : `${what}: ${made.join('; ') || 'no visible change'}`);
    const who = ctx.actor.displayName || 'someone';
    const notice = op.op === 'comment' ? `${who} added a comment.` : `${who}: ${made.join('; ') || what}.`;
    return { kind: 'changed', details, notice };
  } finally {
    await kit.leases.release(lockKey, token).catch(() => undefined);
  }
}
