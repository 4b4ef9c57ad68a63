import type { KnownBlock, ModalView } from '@slack/types';
import type { MessageView } from '../view-models';
import { contextBlocks } from './common-blocks';
import { TEXT_MAX } from './limits';
import { boldText } from './mrkdwn';
import { messageBlocks } from './simple-blocks';
import { mrkdwn } from './text-objects';

/*
 * Slack gives a click's trigger_id 3 seconds to open a modal, and the checks before a response action (role, device,
 * pending actions, file) can take longer. The modal opens at once with what is being checked (this view), and is then
 * filled with views.update: the confirmation (confirm-modal.ts), or the refusal (below).
 */

export const CHECKING_CALLBACK_ID = 'dc_checking';
export const REFUSAL_CALLBACK_ID = 'dc_refusal';

/** What a click is about to do, in words: what is checked and the action after "before". */
const ACTIONS: Record<string, { what: string; before: string }> = {
  isolate: { what: 'the device', before: 'isolating it' },
  release: { what: 'the device', before: 'releasing it from isolation' },
  quarantine: { what: 'the file and the device', before: 'quarantining it' },
  scan: { what: 'the device', before: 'scanning it' },
  restrict: { what: 'the device', before: 'restricting its apps' },
  unrestrict: { what: 'the device', before: 'removing its app restriction' },
  collect: { what: 'the device', before: 'collecting its investigation package' },
  block: { what: 'the indicator', before: 'blocking it' },
};

export interface CheckingModal {
  /** The response action clicked (isolate, release, quarantine...). */
  action: string;
  /** What it acts on as the card showed it (a device or file name): untrusted, shown as inert text. */
  subject?: string;
}

/**
 * The modal opened at the click: "Checking ws-042 before isolating it...". Closing it (notify_on_close) lets the bot
 * abandon the request it may be preparing.
 */
export function renderCheckingModal(check: CheckingModal): ModalView {
  const words = Object.prototype.hasOwnProperty.call(ACTIONS, check.action) ? ACTIONS[check.action]! : { what: 'the request', before: 'going on' };
  const subject = boldText(check.subject ?? '', TEXT_MAX.checkingSubject, words.what);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`⏳ Checking ${subject} before ${words.before}…`) },
    ...contextBlocks(['Your role and the current state in Defender are checked first; the confirmation appears here in a few seconds.']),
  ];
  return {
    type: 'modal',
    callback_id: CHECKING_CALLBACK_ID,
    title: { type: 'plain_text', text: 'Checking…' },
    close: { type: 'plain_text', text: 'Cancel' },
    notify_on_close: true,
    blocks,
  };
}

/** A refusal or failure in place of the confirmation: its title and words, and a Close button. */
export function renderRefusalModal(view: MessageView): ModalView {
  return {
    type: 'modal',
    callback_id: REFUSAL_CALLBACK_ID,
    title: { type: 'plain_text', text: view.tone === 'error' ? 'Could not check' : view.demo ? 'Not done (demo)' : 'Not done' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: messageBlocks(view),
  };
}
