import { clipText } from './plain-text';
import type { IndicatorView, LookupView, ProblemEffect, ProblemView, SectionView } from './view-models';

/*
 * How both renderers word a lookup's problems: each distinct failure once, near the top, with what it left out and
 * what to do; the sections it affected only point to it. The strings are raw (they hold indicator values and
 * Microsoft's words): each renderer makes them literal for its own markup.
 */

/**
 * Distinct failures of one lookup shown at the top; more would mean every source failed in its own way. A section
 * whose problem is past the cap says its own cause.
 */
export const MAX_PROBLEMS = 6;
/** Indicator values named in a problem before "and N more". */
const MAX_NAMED_INDICATORS = 3;
/** A long value (a URL) is named by its start only. */
const MAX_NAMED_LENGTH = 60;
/** Lines of "Missing: ..." per problem; the sections past them still point up, and one more line counts them. */
const MAX_EFFECT_LINES = 4;
/** Section titles named in one line of a problem. */
const MAX_NAMED_SECTIONS = 12;
/**
 * Code points of a problem's cause and of each line after it. Problems are never left off to fit a message, so each
 * is small: six of them take at most about 10 KB, within Slack's 12,000 characters with the verdict beside them. The
 * cause gets 600: Microsoft's own words come first in it (an Entra error, a Graph 403 listing every role) and the
 * bot's advice after them, which must not be cut.
 */
export const PROBLEM_TEXT_LIMITS = { message: 600, line: 160 } as const;

/** "A", "A and B", "A, B and C". */
export function listText(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

function named(value: string): string {
  const chars = [...value];
  return chars.length <= MAX_NAMED_LENGTH ? value : `${chars.slice(0, MAX_NAMED_LENGTH - 1).join('')}…`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The source as the heading of the problem ("Advanced hunting"), or undefined when there is none or the message
 * already starts with it ("advanced hunting (runHuntingQuery) was refused (400)...").
 */
export function problemHeading(problem: ProblemView): string | undefined {
  const source = problem.source?.trim() ?? '';
  if (source === '' || problem.message.trim().toLowerCase().startsWith(source.toLowerCase())) return undefined;
  return capitalised(source);
}

/** "for 185.220.101.47", "for all 3 indicators", "for 2 of 5 indicators: a and b", "... a, b, c and 4 more". */
function indicatorsText(indicators: string[], indicatorCount: number): string {
  const [only] = indicators;
  if (indicators.length === 1 && only !== undefined) return `for ${named(only)}`;
  if (indicators.length === indicatorCount) return indicatorCount === 2 ? 'for both indicators' : `for all ${indicatorCount} indicators`;
  const shown = indicators.slice(0, MAX_NAMED_INDICATORS).map(named);
  const more = indicators.length - shown.length;
  const names = more > 0 ? `${shown.join(', ')} and ${more} more` : listText(shown);
  const of = indicatorCount > indicators.length ? ` of ${indicatorCount}` : '';
  return `for ${indicators.length}${of} indicators: ${names}`;
}

/** "Missing: Alerts, Incidents and E-mails for all 3 indicators." */
export function effectText(effect: ProblemEffect, indicatorCount: number): string {
  const kind = effect.kind === 'missing' ? 'Missing' : 'Incomplete';
  const named = effect.sections.slice(0, MAX_NAMED_SECTIONS);
  const more = effect.sections.length - named.length;
  const sections = more > 0 ? `${named.join(', ')} and ${more} more sections` : listText(named);
  return `${kind}: ${sections} ${indicatorsText(effect.indicators, indicatorCount)}.`;
}

function waitText(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** "Retry in 40 s (after 22:15:20 UTC)."; none when the message already says when to retry. */
/** The cause as the card shows it (clipped): a detail counts as said only if it survives the clip. */
function shownMessage(problem: ProblemView): string {
  return clipText(problem.message, PROBLEM_TEXT_LIMITS.message).toLowerCase();
}

export function retryText(problem: ProblemView): string | undefined {
  if (problem.retryAt === undefined || /\bretry\b/i.test(shownMessage(problem))) return undefined;
  const at = new Date(problem.retryAt);
  const clock = Number.isNaN(at.getTime()) ? undefined : `${at.toISOString().slice(11, 19)} UTC`;
  const seconds = problem.retryAfterSeconds;
  if (seconds !== undefined && Number.isFinite(seconds) && seconds > 0) {
    return `Retry in ${waitText(Math.ceil(seconds))}${clock === undefined ? '' : ` (after ${clock})`}.`;
  }
  return clock === undefined ? undefined : `Retry after ${clock}.`;
}

/** "Missing permission: A or B. An admin grants it to the bot's app registration."; only names the message lacks. */
export function permissionText(problem: ProblemView): string | undefined {
  // Microsoft's own 403 text lists every role that would do ("API required roles: ..."); only the bot's "Missing
  // permission: X" sentence, shown whole, makes a second line redundant.
  const said = /missing permission: (.*?)(?:\.\s|\.$|…|$)/.exec(shownMessage(problem))?.[1] ?? '';
  const missing = (problem.missingPermissions ?? []).filter((p) => p.trim() !== '' && !said.split(' or ').includes(p.toLowerCase()));
  if (missing.length === 0) return undefined;
  return `Missing permission: ${missing.join(' or ')}. An admin grants it to the bot's app registration.`;
}

/** The lines after a problem's cause: what it left out, when to retry, which permission is missing. */
export function problemDetails(problem: ProblemView, indicatorCount: number): string[] {
  const shown = problem.effects.slice(0, MAX_EFFECT_LINES);
  const lines = shown.map((effect) => effectText(effect, indicatorCount));
  const rest = new Set(problem.effects.slice(MAX_EFFECT_LINES).flatMap((effect) => effect.indicators));
  if (rest.size > 0) lines.push(`Other sections of ${rest.size === 1 ? '1 more indicator' : `${rest.size} more indicators`} too: each says so below.`);
  const retry = retryText(problem);
  const permission = permissionText(problem);
  const all = [...lines, ...(retry === undefined ? [] : [retry]), ...(permission === undefined ? [] : [permission])];
  return all.map((line) => clipText(line, PROBLEM_TEXT_LIMITS.line));
}

/** The problems shown at the top of a lookup. */
export function shownProblems(view: LookupView): ProblemView[] {
  return (view.problems ?? []).slice(0, MAX_PROBLEMS);
}

/** The problem a section points to, when its index is one of the problems shown at the top. */
export function problemOf(view: LookupView, section: SectionView): ProblemView | undefined {
  return section.problem === undefined ? undefined : shownProblems(view)[section.problem];
}

/** Where the card says why: "advanced hunting failed, see above", or "see above" when the source has no name. */
export function pointerText(problem: ProblemView): string {
  const source = problem.source?.trim() ?? '';
  return source === '' ? 'see above' : `${source} failed, see above`;
}

/** Nothing found, and everything was read: such sections are only named in a "None found" line. */
export function isShownEmpty(section: SectionView): boolean {
  if (section.partial !== undefined) return false;
  return section.status === 'empty' || (section.status === 'ok' && section.items.length === 0 && !section.hiddenCount);
}

/** A section that failed ('missing') or was filled in part ('incomplete'). */
function sectionState(section: SectionView): 'missing' | 'incomplete' | undefined {
  if (section.status === 'error') return 'missing';
  return section.partial !== undefined ? 'incomplete' : undefined;
}

/** What the cause of a failed or incomplete section says when the card lists no problem for it. */
function sectionCause(section: SectionView): string {
  const missing = section.status === 'error';
  const cause = (missing ? section.error : section.partial)?.trim() ?? '';
  if (cause === '') return missing ? 'could not be read' : 'incomplete';
  return missing ? cause : `incomplete: ${cause}`;
}

/**
 * How an indicator shows a section that is not "none found":
 * - list: its items (`sectionIndex` is its place among the indicator's sections);
 * - cause: one line, "<title>: <cause>", for a failure the card lists no problem for;
 * - pointer: one line for all the sections one listed problem left out, where the first of them would be:
 *   "Not read: Incidents, Alerts and E-mails (advanced hunting failed, see above)".
 * `state` says whether the sections are missing (failed) or incomplete (filled in part, nothing in them).
 */
export type SectionEntry =
  | { kind: 'list'; section: SectionView; sectionIndex: number }
  | { kind: 'cause'; state: 'missing' | 'incomplete'; title: string; cause: string }
  | { kind: 'pointer'; state: 'missing' | 'incomplete'; lead: string; rest: string };

export function sectionEntries(view: LookupView, indicator: IndicatorView): SectionEntry[] {
  const entries: SectionEntry[] = [];
  const groups = new Map<string, { at: number; titles: string[]; problem: ProblemView; state: 'missing' | 'incomplete' }>();
  indicator.sections.forEach((section, sectionIndex) => {
    if (isShownEmpty(section)) return;
    const state = sectionState(section);
    const total = section.items.length + (section.hiddenCount ?? 0);
    if (state === undefined || (state === 'incomplete' && total > 0)) {
      entries.push({ kind: 'list', section, sectionIndex });
      return;
    }
    const problem = problemOf(view, section);
    if (problem === undefined) {
      entries.push({ kind: 'cause', state, title: section.title, cause: sectionCause(section) });
      return;
    }
    const key = `${state}:${section.problem ?? ''}`;
    const group = groups.get(key);
    if (group !== undefined) {
      group.titles.push(section.title);
      return;
    }
    groups.set(key, { at: entries.length, titles: [section.title], problem, state });
    entries.push({ kind: 'pointer', state, lead: '', rest: '' });
  });
  for (const { at, titles, problem, state } of groups.values()) {
    entries[at] = {
      kind: 'pointer',
      state,
      lead: `${state === 'missing' ? 'Not read' : 'Incomplete'}: `,
      rest: `${listText(titles)} (${pointerText(problem)})`,
    };
  }
  return entries;
}

/** The first line of an incomplete list: "Incomplete (advanced hunting failed, see above)" or "Incomplete: <why>". */
export function incompleteNote(view: LookupView, section: SectionView): string {
  const problem = problemOf(view, section);
  if (problem !== undefined) return `Incomplete (${pointerText(problem)})`;
  const cause = section.partial?.trim() ?? '';
  return cause === '' ? 'Incomplete' : `Incomplete: ${cause}`;
}
