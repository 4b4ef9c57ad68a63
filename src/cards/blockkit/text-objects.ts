import type { MrkdwnElement, PlainTextElement } from '@slack/types';
import type { FactView } from '../view-models';
import { TEXT_MAX } from './limits';
import { cleanText } from './mrkdwn';

/*
 * Text objects that are never empty (Slack refuses an empty text object). mrkdwn objects are verbatim: Slack does not
 * linkify bare URLs or parse @here in them; the links and formatting are only those the renderer wrote.
 *
 * Slack documents no way to show "*", "_", "~" or "`" literally in mrkdwn (only &, < and > have entities), so a text
 * that is nothing but data goes in a plain_text object, which Slack shows exactly as written: facts, hunting
 * values, the notice. mrkdwn is kept where our own formatting (bold titles, links, code) surrounds the data.
 */

/** Already-escaped mrkdwn (see mrkdwn.ts). */
export function mrkdwn(text: string, fallback = '—'): MrkdwnElement {
  return { type: 'mrkdwn', text: text.trim() === '' ? fallback : text, verbatim: true };
}

/** Untrusted or fixed text shown as is (Slack parses nothing in plain_text), cleaned and clipped to `max`. */
export function plain(raw: string, max: number, fallback: string): PlainTextElement {
  const text = cleanText(raw, max);
  return { type: 'plain_text', text: text === '' ? fallback : text };
}

/** `mark` (trusted, short) and the untrusted text, together at most `max`. */
export function markedPlain(mark: string, raw: string, max: number, fallback: string): PlainTextElement {
  const text = plain(raw, max - mark.length - 1, fallback);
  return { type: 'plain_text', text: `${mark} ${text.text}` };
}

/** A fact as one plain text field, "Title: value", exactly as written (no lookalike characters, nothing formats). */
export function plainFact(fact: FactView, titleMax: number = TEXT_MAX.factTitle, valueMax: number = TEXT_MAX.factValue): PlainTextElement {
  const title = cleanText(fact.title, titleMax) || 'Fact';
  const value = cleanText(fact.value, valueMax) || '(empty)';
  return { type: 'plain_text', text: `${title}: ${value}` };
}
