import { randomBytes } from 'node:crypto';
import type { AnswerView, FactView, MessageView } from '../cards/view-models';
import type { AppConfig } from '../config/schema';
import type { Defender } from '../defender/connect';
import { DefenderError } from '../defender/http/errors';
import { QueryValueError } from '../defender/queries/query-value-error';
import type { ActionRequest, AuditEntry, Person, Store } from '../store/types';
import { actionSpec } from './actions';
import { cleanReason, isReason } from './actions/inputs';
import { describeActor, type Actor } from './actor';
import type { Mention } from './mention';
import { buildRequestView, stateText, targetTitle, type RequestPrefill } from './request-view';
import type { RequestTokens } from './request-tokens';
import type { RoleResolver } from './roles';
import { submitRequest } from './action-executor';

/** Posts or replaces a request's card in its own conversation, for everyone there. */
/** Where a card goes outside a turn: the conversation (platform data, JSON) and, to replace it, the message. */
export type PostTarget = Pick<ActionRequest, 'conversationRef' | 'messageId'>;

/** Posts and updates cards outside any turn: a request's approval and status, an incident's card after a change. */
export interface RequestNotifier {
  post(target: PostTarget, view: AnswerView): Promise<string | undefined>;
  /** Replaces the message (posts one when there is none). */
  update(target: PostTarget, view: AnswerView): Promise<void>;
  /** A short text message in the request's conversation that @mentions people (approvers), so their phones ring. */
  announce?(request: ActionRequest, text: string, mentions: Mention[]): Promise<void>;
}

/**
 * How a click is answered: a card for the person who clicked, the clicked card replaced for everyone, a new message in
 * the conversation (the clicked card stays), or a short notice.
 */
export interface ClickAnswer {
  view: AnswerView;
  /**
   * 'shown': everyone already sees this card (the core updated the request's own message through the notifier); show it
   * to the clicker if the platform answers clicks with a card, and update nothing a second time.
   */
  mode: 'clicker' | 'everyone' | 'newMessage' | 'toast' | 'shown';
  /** The request's card was posted to the conversation, where the requester sees their own confirmation form (personal views). */
  posted?: boolean;
  /**
   * The clicked request's card as it stands, for an adapter that showed the clicker a "checking" card while the work ran
   * and must put the real one back after a refusal.
   */
  current?: AnswerView;
}

export interface RequestContext {
  actor: Actor;
  conversationId: string;
  /** Platform data to reach the conversation later (JSON). */
  conversationRef?: string;
  /**
   * The platform can show one person their own view of a shared card (Teams Universal Actions refresh): the request is
   * posted to the conversation at once, and the requester's clients fetch the confirmation form themselves.
   */
  personalViews?: boolean;
}

export interface ActionRequestDeps {
  config: AppConfig;
  defender: Defender;
  store: Store;
  roles: RoleResolver;
  tokens: RequestTokens;
  notifier: RequestNotifier;
  now?: () => Date;
  /** Told about every request that reached Defender, to follow it to the end. */
  track?: (request: ActionRequest) => void;
  /** Members of an Entra group (id, display name), to mention approvers; without it only direct members are mentioned. */
  groupMembers?: (groupId: string) => Promise<{ id: string; name: string }[]>;
  log?: (message: string, level?: 'info' | 'warn') => void;
}

/** What the confirmation card shows about the target, kept beside the request while it waits (any replica can show it). */
interface RequestDetails {
  facts: FactView[];
  warnings: string[];
  prefill?: RequestPrefill;
  /** Posted as a shared card whose requester sees their own view. */
  personal?: boolean;
}

const MAX_MENTIONS = 20;

function person(actor: Actor): Person {
  return {
    platform: actor.platform,
    userId: actor.userId,
    aadObjectId: actor.aadObjectId,
    displayName: actor.displayName || actor.userId,
    tenantId: actor.tenantId,
  };
}

function samePerson(a: Person, b: Actor): boolean {
  return (
    a.platform === b.platform &&
    (a.aadObjectId && b.aadObjectId ? a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase() : a.userId === b.userId) &&
    a.tenantId === b.tenantId
  );
}

export { isReason };

/** The request card's buttons: each is a step of the state machine below (status only reads). */
export const REQUEST_VERBS = ['confirm', 'abandon', 'approve', 'reject', 'cancelAction', 'status'] as const;

/**
 * Response actions as stored, single-use state machines: requested (role checked at the click) -> confirmed with a
 * reason by the requester -> approved by someone else when the policy asks -> submitted once -> tracked to the end.
 * Every step is an audit row written before the answer goes out.
 */
export class ActionRequestService {
  constructor(private readonly deps: ActionRequestDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private message(tone: MessageView['tone'], title: string, text?: string): ClickAnswer {
    return { view: { kind: 'message', demo: this.deps.defender.demo, tone, title, text }, mode: 'toast' };
  }

  async audit(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    await this.deps.store.audit.append({ at: this.now().toISOString(), ...entry });
  }

  /** A button on a lookup card, or a typed command: check the role, describe the target, ask for confirmation. */
  async propose(ctx: RequestContext, action: string, proposed: Record<string, string>, prefill?: RequestPrefill): Promise<ClickAnswer> {
    const who = describeActor(ctx.actor);
    const spec = actionSpec(action);
    if (!spec) return this.message('warning', 'Unknown action', `"${action.slice(0, 40)}" is not a response action.`);
    const denied = (detail: string, target = proposed.deviceName ?? proposed.indicatorValue) =>
      this.audit({
        event: 'denied',
        actor: who,
        actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
        action,
        target,
        conversationId: ctx.conversationId,
        detail,
      });
    if (!spec.enabled(this.deps.config)) {
      await denied('action not enabled');
      return this.message('warning', 'This action is not enabled', `${spec.title} is not enabled on this bot (an admin sets it in the configuration).`);
    }
    const decision = await this.deps.roles.check(ctx.actor, 'responder');
    if (!decision.allowed) {
      await denied(decision.reason);
      return this.message('warning', 'Not allowed', `${spec.title} needs the responder role: ${decision.reason}. Your request was recorded.`);
    }
    const checked = await spec.check(
      { defender: this.deps.defender, config: this.deps.config, now: this.now(), words: (err: unknown, what: string) => this.words(err, what) },
      proposed,
    );
    if ('refused' in checked) {
      if (checked.audit) await denied(checked.audit, checked.target);
      return this.message(checked.refused.tone, checked.refused.title, checked.refused.text);
    }
    const { params: resolved, facts, warnings } = checked;

    const id = randomBytes(12).toString('base64url');
    const now = this.now();
    const request: ActionRequest = {
      id,
      action,
      params: resolved,
      target: (resolved.deviceName ?? resolved.indicatorValue ?? '').toLowerCase(),
      state: 'awaitingConfirmation',
      requester: person(ctx.actor),
      approvalsRequired: this.deps.config.actions.requiringApproval.includes(action) ? 1 : 0,
      platform: ctx.actor.platform,
      conversationId: ctx.conversationId,
      conversationRef: ctx.conversationRef,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.deps.config.actions.approvalExpiryMinutes * 60_000).toISOString(),
      version: 1,
    };
    await this.deps.store.requests.create(request);
    await this.audit({
      event: 'requested',
      requestId: id,
      actor: who,
      actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
      action,
      target: request.target,
      conversationId: ctx.conversationId,
      detail: warnings.join(' ') || undefined,
    });
    const personal = ctx.personalViews === true && !!ctx.conversationRef;
    await this.saveDetails(request, { facts, warnings, personal, prefill });
    const view = await this.view(request, { audience: 'requester' });
    if (personal) {
      // One shared card for the conversation; the requester's own clients (phone included) fetch the form with a refresh.
      const shown = await this.show(request, await this.view(request, { audience: 'everyone' }));
      if (shown.messageId) return { view, mode: 'clicker', posted: true };
    }
    return { view, mode: 'clicker' };
  }

  /** A failure in words for the chat: Defender's own explanation when it is one, otherwise a generic sentence (the detail goes to the log). */
  private words(err: unknown, what: string): string {
    if (err instanceof DefenderError || err instanceof QueryValueError) return err.message;
    this.deps.log?.(`${what}: ${err instanceof Error ? err.message : String(err)}`, 'warn');
    return `${what}. Try again; if it keeps failing, the bot operator finds the cause in the log.`;
  }

  private detailsKey(id: string): string {
    return `request-details:${id}`;
  }

  private async saveDetails(request: ActionRequest, details: RequestDetails): Promise<void> {
    const ttl = Math.max(Date.parse(request.expiresAt) - this.now().getTime(), 0) + 2 * this.deps.config.actions.approvalExpiryMinutes * 60_000;
    await this.deps.store.ephemeral.put(this.detailsKey(request.id), JSON.stringify(details), ttl);
  }

  private async details(id: string): Promise<RequestDetails> {
    const text = await this.deps.store.ephemeral.get(this.detailsKey(id)).catch(() => undefined);
    if (!text) return { facts: [], warnings: [] };
    try {
      const d = JSON.parse(text) as Partial<RequestDetails>;
      const prefill = typeof d.prefill === 'object' && d.prefill !== null ? d.prefill : undefined;
      return { facts: Array.isArray(d.facts) ? d.facts : [], warnings: Array.isArray(d.warnings) ? d.warnings : [], personal: d.personal === true, prefill };
    } catch {
      return { facts: [], warnings: [] };
    }
  }

  /**
   * Shows the request's card to the conversation: replaces its message, or posts it and remembers the message. Returns
   * the request as stored afterwards.
   */
  private async show(request: ActionRequest, view: AnswerView): Promise<{ request: ActionRequest; messageId?: string }> {
    if (request.messageId) {
      await this.deps.notifier
        .update(request, view)
        .catch((err: unknown) =>
          this.deps.log?.(`updating the card of request ${request.id} failed: ${err instanceof Error ? err.message : String(err)}`, 'warn'),
        );
      return { request, messageId: request.messageId };
    }
    const messageId = await this.deps.notifier.post(request, view).catch((err: unknown) => {
      this.deps.log?.(`posting the card of request ${request.id} failed: ${err instanceof Error ? err.message : String(err)}`, 'warn');
      return undefined;
    });
    if (!messageId) return { request };
    const stored = await this.deps.store.requests.update(request.id, request.version, { messageId }).catch(() => undefined);
    return { request: stored ?? { ...request, messageId }, messageId };
  }

  private followUp(request: ActionRequest): void {
    if (request.state === 'pending' || request.state === 'inProgress' || request.state === 'submitting') this.deps.track?.(request);
  }

  /**
   * The request's card at its current stage. `audience` matters only while it waits for the requester: they get the
   * confirmation form, everyone else sees that it waits for them (the conversation's copy, by default).
   */
  async view(request: ActionRequest, options: { audience?: 'requester' | 'everyone' } = {}): Promise<AnswerView> {
    const [audit, details] = await Promise.all([this.deps.store.audit.query({ requestId: request.id, limit: 20 }), this.details(request.id)]);
    const waiting = request.state === 'awaitingConfirmation' || request.state === 'awaitingApproval';
    return buildRequestView({
      request,
      demo: this.deps.defender.demo,
      // What was read about the target before the decision; once sent, the status says what Defender reports instead
      // (an "Isolation: not isolated" read before the isolation would mislead next to "Succeeded").
      facts: waiting ? details.facts : [],
      warnings: waiting ? details.warnings : [],
      audit,
      mint: (verb) => this.deps.tokens.mint(request.id, verb, request.conversationId),
      audience: options.audience ?? 'everyone',
      personalFor: details.personal ? [request.requester.userId] : undefined,
      prefill: details.prefill,
    });
  }

  /**
   * What a click on a request's card shows at once, before the slow part (role check, Defender) is done: the card as it
   * stands, saying what is being checked, without buttons. Reads the store only.
   */
  async interim(ctx: RequestContext, verb: string, data: Record<string, unknown>): Promise<ClickAnswer | undefined> {
    const id = this.deps.tokens.verify(data.requestId, verb, ctx.conversationId);
    const request = id ? await this.deps.store.requests.get(id) : undefined;
    if (!request) return undefined;
    const doing: Record<string, string> = {
      confirm: request.approvalsRequired > 0 ? 'checking your role, then asking for approval' : 'checking your role, then sending it to Defender',
      approve: 'checking your role, then sending it to Defender',
      reject: 'checking your role',
      cancelAction: 'asking Defender to cancel it',
      status: 'reading its state',
      abandon: 'cancelling it',
    };
    const view = await this.view(request, { audience: samePerson(request.requester, ctx.actor) ? 'requester' : 'everyone' });
    if (view.kind !== 'request') return undefined;
    return {
      view: { ...view, title: `${targetTitle(request)}: ${doing[verb] ?? 'working on it'}...`, tone: 'default', inputs: [], buttons: [], personal: undefined },
      mode: 'clicker',
    };
  }

  /** The people who can approve, as mentions for the request's platform (the requester left out). */
  private async approverMentions(request: ActionRequest): Promise<Mention[]> {
    const roles = this.deps.config.roles;
    const members = roles.approver.length > 0 ? roles.approver : roles.admin;
    const mentions: Mention[] = [];
    const requester = (request.requester.aadObjectId ?? request.requester.userId).toLowerCase();
    const add = (m: Mention) => {
      if (mentions.length < MAX_MENTIONS && m.id.toLowerCase() !== requester && !mentions.some((x) => x.id === m.id)) mentions.push(m);
    };
    for (const member of members) {
      const [kind, id = ''] = [member.slice(0, member.indexOf(':')).toLowerCase(), member.slice(member.indexOf(':') + 1)];
      if (request.platform === 'slack') {
        if (kind === 'slack') add({ platform: 'slack', kind: 'user', id });
        if (kind === 'slack-group') add({ platform: 'slack', kind: 'group', id });
      } else if (request.platform === 'teams') {
        if (kind === 'aad') add({ platform: 'teams', kind: 'user', id, name: 'Approver' });
        if (kind === 'group' && this.deps.groupMembers) {
          const people = await this.deps.groupMembers(id).catch((err: unknown) => {
            this.deps.log?.(`the members of approver group ${id} could not be read for mentions: ${err instanceof Error ? err.message : String(err)}`, 'warn');
            return [];
          });
          for (const p of people) add({ platform: 'teams', kind: 'user', id: p.id, name: p.name || 'Approver' });
        }
      }
    }
    return mentions;
  }

  /** Rings the approvers' phones: a short message that mentions them, under the approval card. Best effort. */
  private async callApprovers(request: ActionRequest): Promise<void> {
    if (!this.deps.config.actions.approvalMentions || !this.deps.notifier.announce) return;
    const mentions = await this.approverMentions(request);
    if (mentions.length === 0) return;
    const text = `Approval needed: ${targetTitle(request)}, requested by ${request.requester.displayName}. Approve or reject it on the request card.`;
    await this.deps.notifier
      .announce(request, text, mentions)
      .catch((err: unknown) =>
        this.deps.log?.(`mentioning the approvers of request ${request.id} failed: ${err instanceof Error ? err.message : String(err)}`, 'warn'),
      );
  }

  /** A click on a request's own card (confirm, abandon, approve, reject, cancelAction, status). */
  async click(ctx: RequestContext, verb: string, data: Record<string, unknown>): Promise<ClickAnswer> {
    const answer = await this.decide(ctx, verb, data);
    // A refusal leaves the card as it was: the adapter may need it to undo a "checking" view shown meanwhile.
    if (answer.mode === 'toast' && answer.current === undefined) {
      const id = this.deps.tokens.verify(data.requestId, verb, ctx.conversationId);
      const request = id ? await this.deps.store.requests.get(id).catch(() => undefined) : undefined;
      if (request) answer.current = await this.view(request);
    }
    return answer;
  }

  private async decide(ctx: RequestContext, verb: string, data: Record<string, unknown>): Promise<ClickAnswer> {
    const who = describeActor(ctx.actor);
    const id = this.deps.tokens.verify(data.requestId, verb, ctx.conversationId);
    if (!id) {
      await this.audit({
        event: 'refused-button',
        actor: who,
        actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
        conversationId: ctx.conversationId,
        detail: `${verb}: the button id was altered or belongs elsewhere`,
      });
      return this.message('warning', 'This button cannot be used', 'It was altered, or it belongs to another conversation or action. Nothing was done.');
    }
    const request = await this.deps.store.requests.get(id);
    if (!request) return this.message('warning', 'Unknown request', 'This request is not known (it may have been removed). Nothing was done.');
    // Read again: a click that lost a race must say where the request is now, not where it was.
    const stale = async () => {
      const now = (await this.deps.store.requests.get(id).catch(() => undefined)) ?? request;
      return this.message(
        'info',
        'Already handled',
        `This request is past that step (now: ${stateText(now.state)}): each step counts once. Nothing more was done.`,
      );
    };
    const audit = (event: string, detail?: string) =>
      this.audit({
        event,
        requestId: id,
        actor: who,
        actorId: ctx.actor.aadObjectId ?? ctx.actor.userId,
        action: request.action,
        target: request.target,
        conversationId: ctx.conversationId,
        detail,
      });

    // Also what a Teams client asks when it shows the card (refresh): it only reads, never changes anything.
    if (verb === 'status') {
      const shared = await this.view(request);
      return {
        view: samePerson(request.requester, ctx.actor) ? await this.view(request, { audience: 'requester' }) : shared,
        mode: 'clicker',
        current: shared,
      };
    }

    if (Date.parse(request.expiresAt) < this.now().getTime() && (request.state === 'awaitingConfirmation' || request.state === 'awaitingApproval')) {
      const expired = await this.deps.store.requests.transition(id, ['awaitingConfirmation', 'awaitingApproval'], { state: 'expired' });
      if (expired) {
        await this.audit({
          event: 'expired',
          requestId: id,
          actor: 'system',
          action: request.action,
          target: request.target,
          conversationId: request.conversationId,
        });
        if (expired.messageId) await this.show(expired, await this.view(expired));
      }
      await audit('refused-button', `${verb} after expiry`);
      return this.message('warning', 'This request has expired', 'Start again from a fresh lookup.');
    }

    switch (verb) {
      case 'confirm': {
        if (!samePerson(request.requester, ctx.actor)) {
          await audit('refused-button', 'confirm by someone other than the requester');
          return this.message('warning', 'Only the requester confirms', `${request.requester.displayName} asked for this; only they can confirm it.`);
        }
        const role = await this.deps.roles.check(ctx.actor, 'responder');
        if (!role.allowed) {
          await audit('denied', role.reason);
          return this.message('warning', 'Not allowed', `Confirming needs the responder role: ${role.reason}.`);
        }
        const reason = cleanReason(data.reason);
        if (!isReason(reason)) return this.message('warning', 'A reason is required', 'Say why (it goes into Defender and the audit), then confirm again.');
        // Only the values the form offers: anything else falls back to the action's default.
        const params = actionSpec(request.action)?.readInputs(data) ?? {};
        const next = request.approvalsRequired > 0 ? 'awaitingApproval' : 'submitting';
        const withParams = await this.deps.store.requests.transition(id, ['awaitingConfirmation'], {
          state: next,
          reason,
          params: { ...request.params, ...params },
          expiresAt: new Date(this.now().getTime() + this.deps.config.actions.approvalExpiryMinutes * 60_000).toISOString(),
        });
        if (!withParams) return stale();
        await audit('confirmed', `${reason}${params.isolationType ? ` (${params.isolationType})` : ''}`);
        if (next === 'awaitingApproval') {
          const card = await this.view(withParams);
          const shown = await this.show(withParams, card);
          await this.callApprovers(shown.request);
          return { view: card, mode: 'shown' };
        }
        const { request: current } = await this.show(withParams, await this.view(withParams));
        const after = await submitRequest(this.deps, current);
        this.followUp(after);
        const card = await this.view(after);
        await this.show(after, card);
        return { view: card, mode: 'shown' };
      }
      case 'abandon': {
        if (!samePerson(request.requester, ctx.actor)) return this.message('warning', 'Only the requester can cancel it', 'Nothing was done.');
        const moved = await this.deps.store.requests.transition(id, ['awaitingConfirmation'], { state: 'cancelled' });
        if (!moved) return stale();
        await audit('cancelled', 'by the requester before confirming');
        if (moved.messageId) await this.show(moved, await this.view(moved));
        return this.message('info', 'Cancelled', 'Nothing was sent to Defender.');
      }
      case 'approve':
      case 'reject': {
        if (samePerson(request.requester, ctx.actor)) {
          await audit('refused-button', `${verb} by the requester`);
          return this.message('warning', 'You cannot approve your own request', 'Another person with the approver role must decide.');
        }
        const role = await this.deps.roles.check(ctx.actor, 'approver');
        if (!role.allowed) {
          await audit('denied', `${verb}: ${role.reason}`);
          return this.message('warning', 'Not allowed', `Approving needs the approver role: ${role.reason}. Your click was recorded.`);
        }
        if (verb === 'reject') {
          const moved = await this.deps.store.requests.transition(id, ['awaitingApproval'], { state: 'rejected', approver: person(ctx.actor) });
          if (!moved) return stale();
          await audit('rejected');
          const card = await this.view(moved);
          await this.show(moved, card);
          return { view: card, mode: 'shown' };
        }
        const moved = await this.deps.store.requests.transition(id, ['awaitingApproval'], { state: 'submitting', approver: person(ctx.actor) });
        if (!moved) return stale();
        await audit('approved');
        // Everyone sees at once that it is on its way; Defender's answer can take seconds.
        const { request: sending } = await this.show(moved, await this.view(moved));
        const after = await submitRequest(this.deps, sending);
        this.followUp(after);
        const card = await this.view(after);
        await this.show(after, card);
        return { view: card, mode: 'shown' };
      }
      case 'cancelAction': {
        const role = await this.deps.roles.check(ctx.actor, 'responder');
        if (!role.allowed && !samePerson(request.requester, ctx.actor)) {
          await audit('denied', `cancel: ${role.reason}`);
          return this.message('warning', 'Not allowed', `Cancelling needs the responder role: ${role.reason}.`);
        }
        if (!request.defenderActionId || !['pending', 'inProgress'].includes(request.state)) return stale();
        try {
          await this.deps.defender.endpoint.cancelMachineAction(request.defenderActionId, `Cancelled via defender-chatops by ${who} (request ${id})`);
        } catch (err) {
          await audit('cancel-failed', err instanceof Error ? err.message : String(err));
          return this.message('error', 'Defender did not cancel it', this.words(err, 'Defender for Endpoint did not cancel the action'));
        }
        const moved = await this.deps.store.requests.transition(id, ['pending', 'inProgress'], { state: 'cancelled' });
        await audit('cancelled', 'cancelled in Defender');
        const final = moved ?? (await this.deps.store.requests.get(id))!;
        const card = await this.view(final);
        await this.show(final, card);
        return { view: card, mode: 'shown' };
      }
      default:
        return this.message('warning', 'This button cannot be used', 'Unknown action.');
    }
  }
}
