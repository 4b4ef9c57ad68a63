import { portalLinkTarget } from '../../entities';
import { classificationOf, determinationFor, settableStatus, DETERMINATIONS_BY_CLASSIFICATION } from '../../defender/incident-values';
import type { ClickAnswer } from '../action-requests';
import type { ConversationKit } from '../conversation-kit';
import { parseSnapshot } from '../incidents/incident-snapshot';
import { refreshCards } from '../incidents/incident-cards';
import { incidentAnswer, incidentCard, incidentId, postIncident, showIncident } from '../incidents/show-incident';
import { applyTriage, checkText, type DrawnState, type TriageOp } from '../incidents/triage';
import type { CommandSpec } from '../registry/command-spec';
import type { TurnContext } from '../turn';

export interface IncidentArgs {
  /** The words after "incident": an id or portal link, then maybe a change. */
  text: string;
  /** The whole message, looked up as text when it names no incident ("incident report: 203.0.113.7 ..."). */
  raw: string;
}

export const TRIAGE_USAGE =
  'incident <id> assign [me | <upn>] · status <active | inProgress | resolved> · resolve <tp | fp | benign> <determination> · comment <text> · tag add|remove <tag>';

/** "4471", "#4471" or a Defender portal link to an incident, at the start of the text: the id and the rest. */
export function splitIncidentRef(text: string): { id: string; rest: string } | undefined {
  const [first = '', ...more] = text.trim().split(/\s+/);
  const word = first.replace(/[,.;:]+$/, '');
  const id =
    incidentId(word) ??
    (() => {
      const target = /^https?:\/\//i.test(word) ? portalLinkTarget(word) : undefined;
      return target?.kind === 'incident' ? incidentId(target.id) : undefined;
    })();
  return id ? { id, rest: more.join(' ') } : undefined;
}

/** The words that start a change after the id. */
const TRIAGE_WORDS = new Set(['assign', 'take', 'status', 'resolve', 'classify', 'comment', 'tag', 'untag']);

/** A change typed after the id, or what to write instead; undefined: no change asked (show the card). */
export function parseTriageText(rest: string): TriageOp | { error: string } | undefined {
  const words = rest.trim().split(/\s+/).filter(Boolean);
  const verb = words[0]?.toLowerCase();
  const tail = rest
    .trim()
    .slice(words[0]?.length ?? 0)
    .trim();
  switch (verb) {
    case undefined:
      return undefined;
    case 'assign':
    case 'take': {
      const who = words[1];
      if (!who || who.toLowerCase() === 'me' || who.toLowerCase() === 'to')
        return words[2] && words[1]?.toLowerCase() === 'to' ? assignTo(words[2]) : { op: 'assign' };
      return assignTo(who);
    }
    case 'status': {
      const status = settableStatus(tail);
      return status ? { op: 'status', status } : { error: 'Status is one of active, inProgress, resolved.' };
    }
    case 'resolve':
    case 'classify': {
      const classification = classificationOf(words[1] ?? '');
      if (!classification)
        return {
          error: 'Write the classification: tp (true positive), fp (false positive) or benign (informational, expected activity), then the determination.',
        };
      const determination = determinationFor(classification, words.slice(2).join(' ')) ?? determinationFor(classification, words[2] ?? '');
      if (!determination)
        return { error: `With ${classification} the determination is one of: ${DETERMINATIONS_BY_CLASSIFICATION[classification].join(', ')}.` };
      return { op: 'resolve', classification, determination };
    }
    case 'comment': {
      const text = checkText('comment', tail);
      return 'error' in text ? text : { op: 'comment', text: text.value };
    }
    case 'tag':
    case 'untag': {
      const sub = verb === 'untag' ? 'remove' : words[1]?.toLowerCase();
      const value = verb === 'untag' ? tail : words.slice(2).join(' ');
      if (sub !== 'add' && sub !== 'remove') return { error: 'Write tag add <tag> or tag remove <tag>.' };
      const tag = checkText('tag', value);
      if ('error' in tag) return tag;
      return sub === 'add' ? { op: 'addTag', tag: tag.value } : { op: 'removeTag', tag: tag.value };
    }
    default:
      return { error: `I do not know "${(words[0] ?? '').slice(0, 30)}" for an incident. ${TRIAGE_USAGE}` };
  }
}

function assignTo(who: string): TriageOp | { error: string } {
  const upn = who.replace(/^<mailto:[^|]*\|(.*)>$/, '$1').replace(/^<|>$/g, '');
  return /^[^\s@<>"']{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,63}$/.test(upn)
    ? { op: 'assign', to: upn }
    : { error: `"${who.slice(0, 80)}" is not a user principal name such as alex@contoso.com.` };
}

/** Runs a change and answers with the incident's card as it now stands (or the refusal). */
async function triage(kit: ConversationKit, ctx: TurnContext, id: string, op: TriageOp, drawn?: DrawnState): Promise<ClickAnswer> {
  const outcome = await applyTriage(kit, ctx, id, op, drawn);
  if (outcome.kind === 'refused') return { view: outcome.message, mode: 'toast' };
  const notice = { tone: outcome.kind === 'stale' ? 'warning' : 'info', text: outcome.notice } as const;
  const view = incidentCard(kit, ctx.conversationId, outcome.details, notice);
  if (outcome.kind === 'changed') {
    // Every remembered card, this conversation's too (the clicked card may be another copy): redrawn from the same state.
    const news = { tone: 'info', text: outcome.notice } as const;
    await refreshCards(kit, outcome.details, (conversationId) => incidentCard(kit, conversationId, outcome.details, news));
  }
  return { view, mode: 'everyone' };
}

/** A triage button's change, from its stored parameters and the card's inputs (untrusted). */
function buttonOp(params: Record<string, string>, inputs: Readonly<Record<string, unknown>>): TriageOp | { error: string } {
  switch (params.op) {
    case 'assign':
      return { op: 'assign' };
    case 'status': {
      const status = settableStatus(params.value ?? '');
      return status ? { op: 'status', status } : { error: 'Unknown status.' };
    }
    case 'resolve': {
      const classification = classificationOf(params.classification ?? '');
      const determination = classification && determinationFor(classification, params.determination ?? '');
      return classification && determination ? { op: 'resolve', classification, determination } : { error: 'Unknown classification.' };
    }
    case 'comment': {
      const text = checkText('comment', inputs.comment);
      return 'error' in text ? text : { op: 'comment', text: text.value };
    }
    case 'addTag': {
      const tag = checkText('tag', inputs.tag);
      return 'error' in tag ? tag : { op: 'addTag', tag: tag.value };
    }
    case 'removeTag':
      return { op: 'removeTag', tag: params.value ?? '' };
    default:
      return { error: 'Unknown change.' };
  }
}

/** One incident's card, and its triage by text: `incident 4471`, `incident 4471 resolve tp malware`. */
export const incident: CommandSpec<'incident', IncidentArgs> = {
  name: 'incident',
  aliases: ['incident', 'inc'],
  usage: 'incident <id> [assign | status | resolve | comment | tag ...]',
  description: 'One incident: severity, owner, alerts, devices, people; assign, classify, resolve, comment and tag it.',
  inHelp: true,
  inManifest: true,
  parse: (rest, raw) => ({ text: rest, raw }),
  async run(kit, ctx, { text, raw }) {
    const ref = splitIncidentRef(text);
    // "incident report: 203.0.113.7 beaconing": not an incident id, so the text is looked up.
    if (!ref) return kit.lookupText(ctx, raw, text === '', raw.length);
    // "incident 4471, high" is how a page reads: words that are no change show the card.
    const op = TRIAGE_WORDS.has(ref.rest.trim().split(/\s+/)[0]?.toLowerCase() ?? '') ? parseTriageText(ref.rest) : undefined;
    if (op === undefined) return showIncident(kit, ctx, ref.id);
    if ('error' in op) {
      await ctx.replier.send(kit.message('warning', 'I need a little more', op.error));
      return;
    }
    const answer = await triage(kit, ctx, ref.id, op);
    // The conversation's remembered card was redrawn with the change: this answer is a copy, not tracked in its place.
    const tracked = answer.view.kind === 'incident' && (await kit.deps.store?.incidents.getCard(ref.id, ctx.conversationId))?.messageId;
    if (answer.view.kind === 'incident' && !tracked) await postIncident(kit, ctx, answer.view);
    else await ctx.replier.send(answer.view);
  },
  buttons: {
    async openIncident(kit, ctx, params) {
      const refusal = await kit.readRefusal(ctx.actor);
      if (refusal) return refusal;
      // Posted here rather than by the adapter, so the card is remembered and later changes reach it.
      const view = await incidentAnswer(kit, ctx, params.incidentId ?? '');
      if (view.kind !== 'incident') return { view, mode: 'toast' };
      await postIncident(kit, ctx, view);
      return { view: kit.message('info', `Incident ${view.id}`, 'Its card is posted in this conversation.'), mode: 'toast' };
    },
    async incidentRefresh(kit, ctx, params) {
      const refusal = await kit.readRefusal(ctx.actor);
      if (refusal) return refusal;
      const view = await incidentAnswer(kit, ctx, params.incidentId ?? '');
      if (view.kind !== 'incident') return { view, mode: 'toast' };
      return { view, mode: 'everyone' };
    },
    async incidentShowAll(kit, ctx, params) {
      const refusal = await kit.readRefusal(ctx.actor);
      if (refusal) return refusal;
      return { view: await incidentAnswer(kit, ctx, params.incidentId ?? '', 50), mode: 'newMessage' };
    },
    async triage(kit, ctx, params, inputs) {
      const op = buttonOp(params, inputs);
      if ('error' in op) return kit.message('warning', 'This change cannot be made', op.error);
      const drawn = params.drawn ? { updatedAt: params.drawn, snapshot: parseSnapshot(params.snapshot) } : undefined;
      return triage(kit, ctx, params.incidentId ?? '', op, drawn);
    },
  },
};
