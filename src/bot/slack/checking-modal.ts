import type { WebClient } from '@slack/web-api';
import { renderCheckingModal, renderConfirmModal, renderRefusalModal, type CheckingModal } from '../../cards/blockkit';
import type { AnswerView, RequestView } from '../../cards/view-models';
import type { SeenSet } from '../../ports/shared-state';

/** A modal Slack opened: its id and the hash views.update must name (docs.slack.dev views.update, `hash`). */
export interface OpenedModal {
  id: string;
  hash?: string;
}

/** What the click's owner does for the modal: the confirmation's private_metadata, abandoning, the old fallback. */
export interface ModalFilling {
  /** private_metadata of the confirmation modal, or undefined when the request view has no Confirm button. */
  confirmMeta(view: RequestView): string | undefined;
  abandon(requestToken: string): Promise<unknown>;
  /** Shows the answer as before modals opened at once: in the conversation, to the person. */
  fallback(): Promise<void>;
}

const CLAIM_TTL_MS = 15 * 60_000;
/** How long a filled modal remembers its request, in case Slack reports the checking modal closed after all. */
const FILLED_TTL_MS = 15 * 60_000;
const code = (err: unknown) => (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;

/**
 * The modal of a response-action click, opened before the checks run (a trigger_id lives 3 seconds,
 * docs.slack.dev/interactivity/handling-user-interaction) and filled when they end. Whichever comes first, the
 * filling or the person closing the modal, claims it (a shared seen-set key, so several replicas agree); a request
 * prepared for a modal that was closed is abandoned, as when the confirmation modal itself is closed.
 */
export class CheckingModals {
  private readonly filled = new Map<string, { abandon: () => Promise<unknown>; until: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly seen: SeenSet,
    private readonly log?: (message: string) => void,
  ) {}

  /** Opens "Checking ws-042 before isolating it..." on the click's trigger id; undefined when Slack refused. */
  async open(triggerId: string, check: CheckingModal): Promise<OpenedModal | undefined> {
    try {
      const opened = await this.client.views.open({ trigger_id: triggerId, view: renderCheckingModal(check) });
      const id = opened.view?.id;
      return typeof id === 'string' ? { id, hash: typeof opened.view?.hash === 'string' ? opened.view.hash : undefined } : undefined;
    } catch (err) {
      // An expired trigger (the click waited too long in a queue): the answer goes to the conversation instead.
      this.log?.(`views.open failed: ${code(err)}`);
      return undefined;
    }
  }

  /** Puts the answer in the open modal: the confirmation, or the refusal with a Close button. */
  async fill(opened: OpenedModal, answer: AnswerView, on: ModalFilling): Promise<void> {
    const abandonToken = answer.kind === 'request' ? answer.buttons.find((b) => b.verb === 'abandon')?.requestId : undefined;
    if (!(await this.seen.firstTime(claimKey(opened.id), CLAIM_TTL_MS))) {
      // The person closed the modal before the checks ended.
      if (abandonToken) await on.abandon(abandonToken);
      return;
    }
    const meta = answer.kind === 'request' && answer.stage === 'confirm' ? on.confirmMeta(answer) : undefined;
    const view =
      answer.kind === 'request' && meta !== undefined
        ? renderConfirmModal(answer, meta)
        : renderRefusalModal(
            answer.kind === 'message'
              ? answer
              : { kind: 'message', demo: answer.demo, tone: 'info', title: 'Answered in the conversation', text: 'The answer was posted where you clicked.' },
          );
    if (abandonToken && meta !== undefined) this.remember(opened.id, () => on.abandon(abandonToken));
    try {
      await this.client.views.update({ view_id: opened.id, hash: opened.hash, view });
    } catch (err) {
      const why = code(err);
      this.log?.(`views.update failed: ${why}`);
      // not_found: the modal is gone (closed while it was being filled); nothing waits for it.
      if (why === 'not_found') return void (await this.forget(opened.id)?.());
      this.forget(opened.id);
      await on.fallback();
      return;
    }
    if (answer.kind !== 'message' && meta === undefined) await on.fallback();
  }

  /** The person closed the checking modal. */
  async closed(viewId: string): Promise<void> {
    // First: the filling will find the modal claimed and abandon what it prepared.
    if (await this.seen.firstTime(claimKey(viewId), CLAIM_TTL_MS)) return;
    // Filled already, yet Slack reports the checking modal closed: the update reached a closed modal.
    await this.forget(viewId)?.();
  }

  private remember(viewId: string, abandon: () => Promise<unknown>): void {
    const now = Date.now();
    for (const [id, entry] of this.filled) if (entry.until < now) this.filled.delete(id);
    this.filled.set(viewId, { abandon, until: now + FILLED_TTL_MS });
  }

  /** The abandon of a filled modal, handed out once. */
  private forget(viewId: string): (() => Promise<unknown>) | undefined {
    const entry = this.filled.get(viewId);
    this.filled.delete(viewId);
    return entry?.abandon;
  }
}

const claimKey = (viewId: string) => `slack-checking:${viewId}`;

/** The name of what a clicked button acts on, as its card shows it: the bold title of the button's item. */
export function clickedSubject(message: unknown, actionId: unknown): string | undefined {
  const blocks = (message as { blocks?: unknown } | null)?.blocks;
  if (!Array.isArray(blocks) || typeof actionId !== 'string') return undefined;
  const shown = blocks.slice(0, 100) as unknown[];
  const index = shown.findIndex((block) => holds(block, actionId));
  if (index < 0) return undefined;
  // A lone button sits beside its item (accessory); several sit in an actions block right below it.
  const section = [shown[index], shown[index - 1]].find((b) => record(b).type === 'section');
  const text = record(record(section).text).text;
  if (typeof text !== 'string') return undefined;
  const bold = /\*([^*\n]{1,300})\*/.exec(text.slice(0, 1000).split('\n')[0] ?? '')?.[1];
  return bold?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').trim() || undefined;
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function holds(block: unknown, actionId: string): boolean {
  const b = record(block);
  if (record(b.accessory).action_id === actionId) return true;
  return Array.isArray(b.elements) && b.elements.slice(0, 25).some((e) => record(e).action_id === actionId);
}
