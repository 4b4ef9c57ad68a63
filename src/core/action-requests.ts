import { randomBytes } from 'node:crypto';
import type { AnswerView, FactView, MessageView } from '../cards/view-models';
import type { AppConfig } from '../config/schema';
import { ACTIONS, isActionName } from '../defender/actions/catalog';
import type { Defender } from '../defender/connect';
import { DefenderError } from '../defender/http/errors';
import { QueryValueError } from '../defender/queries/query-value-error';
import { kqlString } from '../defender/queries/kql';
import { odata } from '../defender/queries/odata';
import type { MdeMachine } from '../defender/types';
import { FINAL_ACTION_STATUSES } from '../defender/types';
import type { ActionRequest, AuditEntry, Person, Store } from '../store/types';
import { describeActor, type Actor } from './actor';
import type { Mention } from './mention';
import { isolationState } from '../defender/lookup/assemble';
import { buildRequestView } from './request-view';
import type { RequestTokens } from './request-tokens';
import type { RoleResolver } from './roles';
import { submitRequest } from './action-executor';

/** Posts or replaces a request's card in its own conversation, for everyone there. */
export interface RequestNotifier {
  post(request: ActionRequest, view: AnswerView): Promise<string | undefined>;
  update(request: ActionRequest, view: AnswerView): Promise<void>;
  /** A short text message in the request's conversation that @mentions people (approvers), so their phones ring. */
  announce?(request: ActionRequest, text: string, mentions: Mention[]): Promise<void>;
}

/**
 * How a click is answered: a card for the person who clicked, the clicked card replaced for everyone, a new message in
 * the conversation (the clicked card stays), or a short notice.
 */
export interface ClickAnswer {
  view: AnswerView;
  mode: 'clicker' | 'everyone' | 'newMessage' | 'toast';
}

export interface RequestContext {
  actor: Actor;
  conversationId: string;
  /** Platform data to reach the conversation later (JSON). */
  conversationRef?: string;
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
}

function person(actor: Actor): Person {
  return { platform: actor.platform, userId: actor.userId, aadObjectId: actor.aadObjectId, displayName: actor.displayName || actor.userId, tenantId: actor.tenantId };
}

function samePerson(a: Person, b: Actor): boolean {
  return a.platform === b.platform && (a.aadObjectId && b.aadObjectId ? a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase() : a.userId === b.userId) && a.tenantId === b.tenantId;
}

/** A reason worth recording: at least two visible characters (it goes into Defender's comment and the audit). */
export function isReason(text: string | undefined): boolean {
  return (text ?? '').replace(/\s/g, '').length >= 2;
}

const day = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : 'unknown');

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
  async propose(ctx: RequestContext, action: string, proposed: Record<string, string>): Promise<ClickAnswer> {
    let params = proposed;
    const who = describeActor(ctx.actor);
    if (!isActionName(action)) return this.message('warning', 'Unknown action', `"${action.slice(0, 40)}" is not a response action.`);
    const spec = ACTIONS[action];
    if (!spec.enabled(this.deps.config)) {
      await this.audit({ event: 'denied', actor: who, actorId: ctx.actor.aadObjectId ?? ctx.actor.userId, action, target: params.deviceName ?? params.indicatorValue, conversationId: ctx.conversationId, detail: 'action not enabled' });
      return this.message('warning', 'This action is not enabled', `${spec.title} is not enabled on this bot (an admin sets it in the configuration).`);
    }
    const decision = await this.deps.roles.check(ctx.actor, 'responder');
    if (!decision.allowed) {
      await this.audit({ event: 'denied', actor: who, actorId: ctx.actor.aadObjectId ?? ctx.actor.userId, action, target: params.deviceName ?? params.indicatorValue, conversationId: ctx.conversationId, detail: decision.reason });
      return this.message('warning', 'Not allowed', `${spec.title} needs the responder role: ${decision.reason}. Your request was recorded.`);
    }

    const facts: FactView[] = [];
    const warnings: string[] = [];
    const resolved = { ...params };
    if (action !== 'block') {
      let machine: MdeMachine;
      try {
        machine = await this.deps.defender.endpoint.getMachine(params.machineId ?? params.deviceName ?? '');
      } catch (err) {
        if (err instanceof QueryValueError) return this.message('warning', 'That value cannot be used', err.message);
        const notFound = err instanceof DefenderError && err.kind === 'notFound';
        return this.message(notFound ? 'warning' : 'error', notFound ? 'Device not found' : 'Defender did not answer', err instanceof Error ? err.message : String(err));
      }
      resolved.machineId = machine.id;
      resolved.deviceName = machine.computerDnsName;
      const actions = (await this.deps.defender.endpoint.listMachineActions(odata.eq('machineId', machine.id), 50).catch(() => undefined))?.items;
      const pending = actions?.filter((a) => !FINAL_ACTION_STATUSES.includes(a.status)) ?? [];
      const isolation = actions ? isolationState(actions) : 'unknown';
      facts.push(
        { title: 'Device', value: machine.computerDnsName },
        { title: 'OS', value: [machine.osPlatform, machine.version].filter(Boolean).join(' ') },
        { title: 'Health', value: machine.healthStatus },
        { title: 'Risk', value: machine.riskScore },
        { title: 'Last seen', value: day(machine.lastSeen) },
        { title: 'Isolation', value: ({ isolated: 'isolated', notIsolated: 'not isolated', pendingIsolation: 'isolation pending', pendingRelease: 'release pending', unknown: 'unknown' } as const)[isolation] },
        ...pending.map((p) => ({ title: 'Pending action', value: `${p.type} (${p.status})` })),
      );
      const excluded = this.exclusion(machine);
      if (excluded && spec.disruptive) {
        await this.audit({ event: 'denied', actor: who, actorId: ctx.actor.aadObjectId ?? ctx.actor.userId, action, target: machine.computerDnsName, conversationId: ctx.conversationId, detail: `device excluded (${excluded})` });
        return this.message('warning', 'This device is excluded', `${machine.computerDnsName} is on the exclusion list (${excluded}): chat can never ${action} it. Use the Defender portal if you must.`);
      }
      const hoursOffline = (this.now().getTime() - Date.parse(machine.lastSeen)) / 3600_000;
      if (hoursOffline > this.deps.config.actions.offlineWarningHours) warnings.push(`${machine.computerDnsName} has not been seen for ${Math.round(hoursOffline / 24)} days: the action will wait until it comes back.`);
      if (action === 'isolate' && isolation === 'isolated') warnings.push('The device is already isolated.');
      if (action === 'release' && isolation === 'notIsolated') warnings.push('The device is not isolated.');
      const samePending = pending.filter((p) => p.type === spec.machineActionType || ((action === 'isolate' || action === 'release') && (p.type === 'Isolate' || p.type === 'Unisolate')));
      if (samePending.length) warnings.push(`An action of this kind is already pending on the device (${samePending.map((p) => `${p.type} ${p.status}`).join(', ')}): confirming attaches to it instead of sending a second one.`);
      if (action === 'quarantine' && !params.sha1 && (params.sha256 || params.md5)) {
        // Defender quarantines by SHA1: find it from the file profile (SHA256) or the device's file events (MD5).
        const sha1 = params.sha256
          ? (await this.deps.defender.endpoint.getFile(params.sha256).catch(() => undefined))?.sha1
          : ((await this.deps.defender.graph.runHuntingQuery(`DeviceFileEvents | where MD5 =~ ${kqlString(params.md5 ?? '', 'MD5')} | summarize by SHA1 | take 1`, 'P30D').catch(() => undefined))?.results[0]?.SHA1 as string | undefined);
        if (!sha1) return this.message('warning', 'File not known to Defender', `No SHA1 could be found for ${params.sha256 ?? params.md5}: Defender quarantines by SHA1.`);
        resolved.sha1 = sha1.toLowerCase();
        params = { ...params, sha1: resolved.sha1 };
      }
      if (action === 'quarantine' && params.sha1) {
        const file = await this.deps.defender.endpoint.getFile(params.sha1).catch(() => undefined);
        resolved.fileName = params.fileName ?? file?.sha256 ?? params.sha1;
        facts.push({ title: 'File SHA1', value: params.sha1 }, { title: 'Global prevalence', value: String(file?.globalPrevalence ?? 'unknown') }, { title: 'Signer', value: file?.signer ?? 'unsigned' });
        if (file?.signer && /microsoft/i.test(file.signer)) warnings.push('The file is signed by Microsoft: Defender will refuse to quarantine it.');
      }
    } else {
      facts.push({ title: 'Indicator', value: params.indicatorValue ?? '' }, { title: 'Type', value: params.indicatorType ?? '' });
    }

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
    await this.audit({ event: 'requested', requestId: id, actor: who, actorId: ctx.actor.aadObjectId ?? ctx.actor.userId, action, target: request.target, conversationId: ctx.conversationId, detail: warnings.join(' ') || undefined });
    return { view: await this.view(request, facts, warnings), mode: 'clicker' };
  }

  private exclusion(machine: MdeMachine): string | undefined {
    for (const rule of this.deps.config.actions.deviceExclusions) {
      const [kind, ...rest] = rule.split(':');
      const value = rest.join(':').toLowerCase();
      if (kind?.toLowerCase() === 'tag' && machine.machineTags.some((t) => t.toLowerCase() === value)) return rule;
      if (kind?.toLowerCase() === 'name') {
        const pattern = new RegExp(`^${value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        const name = machine.computerDnsName.toLowerCase();
        if (pattern.test(name) || pattern.test(name.split('.')[0] ?? '')) return rule;
      }
    }
    return undefined;
  }

  private followUp(request: ActionRequest): void {
    if (request.state === 'pending' || request.state === 'inProgress' || request.state === 'submitting') this.deps.track?.(request);
  }

  async view(request: ActionRequest, facts: FactView[] = [], warnings: string[] = []): Promise<AnswerView> {
    const audit = await this.deps.store.audit.query({ requestId: request.id, limit: 20 });
    return buildRequestView({
      request,
      demo: this.deps.defender.demo,
      facts,
      warnings,
      audit,
      mint: (verb) => this.deps.tokens.mint(request.id, verb, request.conversationId),
    });
  }

  /** A click on a request's own card (confirm, abandon, approve, reject, cancelAction, status). */
  async click(ctx: RequestContext, verb: string, data: Record<string, unknown>): Promise<ClickAnswer> {
    const who = describeActor(ctx.actor);
    const id = this.deps.tokens.verify(data.requestId, verb, ctx.conversationId);
    if (!id) {
      await this.audit({ event: 'refused-button', actor: who, actorId: ctx.actor.aadObjectId ?? ctx.actor.userId, conversationId: ctx.conversationId, detail: `${verb}: the button id was altered or belongs elsewhere` });
      return this.message('warning', 'This button cannot be used', 'It was altered, or it belongs to another conversation or action. Nothing was done.');
    }
    const request = await this.deps.store.requests.get(id);
    if (!request) return this.message('warning', 'Unknown request', 'This request is not known (it may have been removed). Nothing was done.');
    const stale = (what: string) => this.message('info', 'Already handled', `This request is ${what}: each step counts once. Nothing more was done.`);
    const audit = (event: string, detail?: string) => this.audit({ event, requestId: id, actor: who, actorId: ctx.actor.aadObjectId ?? ctx.actor.userId, action: request.action, target: request.target, conversationId: ctx.conversationId, detail });

    if (verb === 'status') return { view: await this.view(request), mode: 'clicker' };

    if (Date.parse(request.expiresAt) < this.now().getTime() && (request.state === 'awaitingConfirmation' || request.state === 'awaitingApproval')) {
      const expired = await this.deps.store.requests.transition(id, ['awaitingConfirmation', 'awaitingApproval'], { state: 'expired' });
      if (expired) await this.audit({ event: 'expired', requestId: id, actor: 'system', action: request.action, target: request.target, conversationId: request.conversationId });
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
        const reason = typeof data.reason === 'string' ? data.reason.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 500) : '';
        if (!isReason(reason)) return this.message('warning', 'A reason is required', 'Say why (it goes into Defender and the audit), then confirm again.');
        const params: Record<string, string> = {};
        if (request.action === 'isolate') params.isolationType = data.isolationType === 'Selective' ? 'Selective' : 'Full';
        if (request.action === 'scan') params.scanType = data.scanType === 'Full' ? 'Full' : 'Quick';
        if (request.action === 'block') {
          params.indicatorAction = ['Block', 'Warn', 'Audit'].includes(String(data.indicatorAction)) ? String(data.indicatorAction) : 'Block';
          params.expiryDays = ['1', '7', '30', '90', '365'].includes(String(data.expiryDays)) ? String(data.expiryDays) : '30';
        }
        const next = request.approvalsRequired > 0 ? 'awaitingApproval' : 'submitting';
        const withParams = await this.deps.store.requests.transition(id, ['awaitingConfirmation'], {
          state: next,
          reason,
          params: { ...request.params, ...params },
          expiresAt: new Date(this.now().getTime() + this.deps.config.actions.approvalExpiryMinutes * 60_000).toISOString(),
        });
        if (!withParams) return stale(request.state);
        await audit('confirmed', `${reason}${params.isolationType ? ` (${params.isolationType})` : ''}`);
        if (next === 'awaitingApproval') {
          const card = await this.view(withParams);
          const messageId = await this.deps.notifier.post(withParams, card).catch(() => undefined);
          if (messageId) await this.deps.store.requests.update(id, withParams.version, { messageId }).catch(() => undefined);
          return { view: card, mode: 'clicker' };
        }
        const messageId = await this.deps.notifier.post(withParams, await this.view(withParams)).catch(() => undefined);
        const current = messageId ? ((await this.deps.store.requests.update(id, withParams.version, { messageId })) ?? withParams) : withParams;
        const after = await submitRequest(this.deps, current);
        this.followUp(after);
        const card = await this.view(after);
        await this.deps.notifier.update(after, card).catch(() => undefined);
        return { view: card, mode: 'clicker' };
      }
      case 'abandon': {
        if (!samePerson(request.requester, ctx.actor)) return this.message('warning', 'Only the requester can cancel it', 'Nothing was done.');
        const moved = await this.deps.store.requests.transition(id, ['awaitingConfirmation'], { state: 'cancelled' });
        if (!moved) return stale(request.state);
        await audit('cancelled', 'by the requester before confirming');
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
          if (!moved) return stale(request.state);
          await audit('rejected');
          const card = await this.view(moved);
          await this.deps.notifier.update(moved, card).catch(() => undefined);
          return { view: card, mode: 'everyone' };
        }
        const moved = await this.deps.store.requests.transition(id, ['awaitingApproval'], { state: 'submitting', approver: person(ctx.actor) });
        if (!moved) return stale(request.state);
        await audit('approved');
        const after = await submitRequest(this.deps, moved);
        this.followUp(after);
        const card = await this.view(after);
        await this.deps.notifier.update(after, card).catch(() => undefined);
        return { view: card, mode: 'everyone' };
      }
      case 'cancelAction': {
        const role = await this.deps.roles.check(ctx.actor, 'responder');
        if (!role.allowed && !samePerson(request.requester, ctx.actor)) {
          await audit('denied', `cancel: ${role.reason}`);
          return this.message('warning', 'Not allowed', `Cancelling needs the responder role: ${role.reason}.`);
        }
        if (!request.defenderActionId || !['pending', 'inProgress'].includes(request.state)) return stale(request.state);
        try {
          await this.deps.defender.endpoint.cancelMachineAction(request.defenderActionId, `Cancelled via defender-chatops by ${who} (request ${id})`);
        } catch (err) {
          await audit('cancel-failed', err instanceof Error ? err.message : String(err));
          return this.message('error', 'Defender did not cancel it', err instanceof DefenderError ? err.message : 'Try again.');
        }
        const moved = await this.deps.store.requests.transition(id, ['pending', 'inProgress'], { state: 'cancelled' });
        await audit('cancelled', 'cancelled in Defender');
        const final = moved ?? (await this.deps.store.requests.get(id))!;
        const card = await this.view(final);
        await this.deps.notifier.update(final, card).catch(() => undefined);
        return { view: card, mode: 'everyone' };
      }
      default:
        return this.message('warning', 'This button cannot be used', 'Unknown action.');
    }
  }
}
