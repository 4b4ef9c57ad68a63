import type { KnownBlock } from '@slack/types';
import { fitIncidentLists } from '../fit-search';
import type { FittedRequestView } from '../fitted-views';
import { capIncidentLists, keepFirstFacts, keepFirstItems, keepFirstRows, keepLatestTimeline } from '../view-cuts';
import type { ActionsView, AnswerView, HelpView, HuntView, IncidentView, MessageView, RequestView } from '../view-models';
import { fallbackText } from './fallback-text';
import { fitCount, fitsMessage } from './fit';
import { fitLookup } from './fit-lookup';
import { huntBlocks } from './hunt-blocks';
import { incidentBlocks } from './incident-blocks';
import { MAX_ACTION_ITEMS, MAX_HUNT_ROWS, MAX_ITEMS_PER_SECTION, MAX_TIMELINE_ENTRIES } from './limits';
import { requestBlocks } from './request-blocks';
import { actionsViewBlocks, helpBlocks, messageBlocks } from './simple-blocks';

/** A Slack message: the notification / accessibility text and the blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

function tooLarge(demo: boolean): KnownBlock[] {
  const view: MessageView = {
    kind: 'message',
    demo,
    tone: 'warning',
    title: 'This answer is too large for a Slack message.',
    text: 'Ask for less at a time: fewer indicators or a narrower query.',
  };
  return messageBlocks(view);
}

// More rows or items than MAX_* never fit a message: they are counted before fitting starts.
function fitHunt(view: HuntView): KnownBlock[] | undefined {
  const capped = keepFirstRows(view, MAX_HUNT_ROWS);
  return fitCount(capped.rows.length, (kept) => huntBlocks(keepFirstRows(capped, kept)));
}

function fitActions(view: ActionsView): KnownBlock[] | undefined {
  const capped = keepFirstItems(view, MAX_ACTION_ITEMS);
  return fitCount(capped.items.length, (kept) => actionsViewBlocks(keepFirstItems(capped, kept)));
}

function fitHelp(view: HelpView): KnownBlock[] | undefined {
  const total = view.commands.length;
  return fitCount(total, (kept) => helpBlocks({ ...view, commands: view.commands.slice(0, kept), commandsNotShown: total - kept }));
}

/**
 * Title, warnings and buttons are what a person decides on: never cut. The oldest timeline entries go first, then
 * the last facts; a request that still does not fit becomes a message without buttons, so nothing can be confirmed
 * without its warnings.
 */
function fitRequest(view: RequestView): KnownBlock[] | undefined {
  const capped: FittedRequestView = keepLatestTimeline(view, MAX_TIMELINE_ENTRIES);
  const byTimeline = fitCount(capped.timeline.length, (kept) => requestBlocks(keepLatestTimeline(capped, kept)));
  if (byTimeline !== undefined) return byTimeline;
  const noTimeline = keepLatestTimeline(capped, 0);
  return fitCount(noTimeline.facts.length, (kept) => requestBlocks(keepFirstFacts(noTimeline, kept)));
}

/**
 * The title, headline, scope, notice and triage controls are what an analyst acts on: never cut. The lists lose
 * their last entries, longest first, each counted where it was cut and in "Show all".
 */
function fitIncident(view: IncidentView): KnownBlock[] | undefined {
  const capped = capIncidentLists(view, MAX_ITEMS_PER_SECTION);
  const full = incidentBlocks(capped);
  if (fitsMessage(full)) return full;
  return fitIncidentLists(capped, incidentBlocks, fitsMessage);
}

function fittedBlocks(view: AnswerView): KnownBlock[] | undefined {
  switch (view.kind) {
    case 'lookup':
      return fitLookup(view);
    case 'hunt':
      return fitHunt(view);
    case 'actions':
      return fitActions(view);
    case 'help':
      return fitHelp(view);
    case 'message':
      return messageBlocks(view);
    case 'request':
      return fitRequest(view);
    case 'incident':
      return fitIncident(view);
  }
}

/**
 * The Block Kit message of an answer, rendered from the view model: every untrusted text escaped for mrkdwn, links
 * http(s) only, button values only request ids, and within every Slack limit (limits.ts), leaving off what does not
 * fit with a count of it.
 */
export function renderBlockKit(view: AnswerView): SlackMessage {
  const blocks = fittedBlocks(view) ?? tooLarge(view.demo);
  if (!view.tenant) return { text: fallbackText(view), blocks };
  // Plain text: a name with _ must not turn into italics.
  const line: KnownBlock = { type: 'context', elements: [{ type: 'plain_text', text: `Tenant: ${view.tenant}` }] };
  return { text: `[${view.tenant}] ${fallbackText(view)}`, blocks: [line, ...blocks] };
}
