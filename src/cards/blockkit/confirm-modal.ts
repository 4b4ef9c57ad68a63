import type { ModalView } from '@slack/types';
import type { RequestView } from '../view-models';
import { contextBlocks, demoTexts, linksLine, toneMark } from './common-blocks';
import { SLACK_LIMITS } from './limits';
import { inputBlocks } from './modal-inputs';
import { factBlocks, warningBlocks } from './request-parts';
import { markedPlain } from './text-objects';

export const CONFIRM_CALLBACK_ID = 'dc_confirm';

/**
 * The confirmation of a response action as a modal for views.open: what it targets, the warnings first, and the
 * inputs (reason, isolation type...). `privateMetadata` comes back with the submission (the request id, signed);
 * it is the caller's and is checked, not changed: over Slack's 3,000 characters it throws.
 */
export function renderConfirmModal(view: RequestView, privateMetadata: string): ModalView {
  if (typeof privateMetadata !== 'string' || privateMetadata.length > SLACK_LIMITS.privateMetadata) {
    const length = typeof privateMetadata === 'string' ? privateMetadata.length : typeof privateMetadata;
    throw new Error(`private_metadata must be a string of at most ${SLACK_LIMITS.privateMetadata} characters (got ${length})`);
  }
  return {
    type: 'modal',
    callback_id: CONFIRM_CALLBACK_ID,
    // A fixed title: the view's would be cut at 24 characters, and a cut device name can read as another device.
    title: { type: 'plain_text', text: view.demo ? 'Confirm action (demo)' : 'Confirm action' },
    submit: { type: 'plain_text', text: 'Confirm' },
    close: { type: 'plain_text', text: 'Cancel' },
    notify_on_close: true,
    private_metadata: privateMetadata,
    blocks: [
      // Acting on the wrong customer is the mistake a bot serving several tenants must make impossible to miss.
      ...(view.tenant ? contextBlocks([{ type: 'plain_text', text: `Tenant: ${view.tenant}` }]) : []),
      { type: 'header', text: markedPlain(toneMark(view.tone), view.title, SLACK_LIMITS.headerText, 'Response action') },
      ...contextBlocks(demoTexts(view.demo)),
      ...warningBlocks(view.warnings),
      ...factBlocks(view.facts, 0),
      ...inputBlocks(view.inputs),
      ...contextBlocks([linksLine(view.links)]),
    ],
  };
}
