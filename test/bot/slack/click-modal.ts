import type { FakeSlackApi } from '../../helpers/fake-slack-api';

/** A modal view as the bot sent it to views.open or views.update. */
export interface SentModal {
  callback_id?: string;
  private_metadata?: string;
  title?: { text?: string };
  blocks?: Array<{ type: string; block_id?: string }>;
  [field: string]: unknown;
}

/**
 * What a response-action click showed, from call index `from` on: the modal opened at once (views.open, "Checking
 * ...") and what filled it (views.update of that modal: the confirmation or a refusal).
 */
export async function clickModal(api: FakeSlackApi, from: number, timeoutMs = 15_000): Promise<{ opened: SentModal; filled: SentModal; viewId: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const since = api.calls.slice(from);
    const opened = since.find((c) => c.method === 'views.open');
    const update = since.find((c) => c.method === 'views.update');
    if (opened && update) return { opened: opened.body.view as SentModal, filled: update.body.view as SentModal, viewId: String(update.body.view_id) };
    if (Date.now() > until) throw new Error(`no views.open and views.update after call ${from}; saw: ${since.map((c) => c.method).join(', ') || 'none'}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The confirmation modal a click filled in (callback dc_confirm) and its private_metadata. */
export async function confirmModal(api: FakeSlackApi, from: number): Promise<{ view: SentModal; meta: string; viewId: string }> {
  const { filled, viewId } = await clickModal(api, from);
  if (filled.callback_id !== 'dc_confirm') throw new Error(`the modal was filled with ${String(filled.callback_id)}, not the confirmation`);
  return { view: filled, meta: String(filled.private_metadata), viewId };
}
