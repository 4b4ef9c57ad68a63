import type { FittedActionsView, FittedHuntView, FittedView } from '../fitted-views';
import { PROBLEM_TEXT_LIMITS, shownProblems } from '../problem-text';
import type { ActionsView, AnswerView, HelpView, HuntView, IndicatorView, LookupView, MessageView, ProblemView, SectionView } from '../view-models';
import { escapeIncident } from './escape-incident';
import { escapeItem, escapeLink, escapeOptionalButton, notShown, optionalText, text } from './escape-parts';
import { escapeRequest } from './escape-request';
import {
  MAX_ACTION_ITEMS,
  MAX_HUNT_ROWS,
  MAX_ITEMS_PER_SECTION,
  MAX_PERMISSIONS,
  MAX_PROBLEM_EFFECTS,
  MAX_PROBLEM_INDICATORS,
  MAX_PROBLEM_SECTIONS,
  PROBLEM_INDICATOR_TEXT,
  TEXT_LIMITS,
} from './limits';

/*
 * A bounded, clean copy of a view: every text one visible line (sanitizeText) and clipped (so one 10 KB title
 * cannot take the whole card budget), every link https-only, every button with a well-formed verb and request id.
 * No text gets an escape character: the templates show texts as TextRuns or plain strings (text-runs.ts). Templates
 * bind only to views that went through here.
 */

function escapeSection(section: SectionView): SectionView {
  const overCap = notShown(section.items.length, MAX_ITEMS_PER_SECTION);
  return {
    title: text(section.title, TEXT_LIMITS.sectionTitle),
    status: section.status,
    error: optionalText(section.error, TEXT_LIMITS.error),
    partial: optionalText(section.partial, TEXT_LIMITS.error),
    problem: section.problem,
    items: section.items.slice(0, MAX_ITEMS_PER_SECTION).map(escapeItem),
    hiddenCount: overCap === undefined ? section.hiddenCount : (section.hiddenCount ?? 0) + overCap,
    showMore: escapeOptionalButton(section.showMore),
  };
}

function escapeIndicator(indicator: IndicatorView): IndicatorView {
  const link = indicator.link === undefined ? undefined : escapeLink(indicator.link);
  return {
    type: text(indicator.type, TEXT_LIMITS.indicatorType),
    value: text(indicator.value, TEXT_LIMITS.indicatorValue),
    internal: indicator.internal,
    headline: text(indicator.headline, TEXT_LIMITS.headline),
    tone: indicator.tone,
    sections: indicator.sections.map(escapeSection),
    link,
  };
}

function escapeProblem(problem: ProblemView): ProblemView {
  return {
    source: optionalText(problem.source, TEXT_LIMITS.sectionTitle),
    message: text(problem.message, PROBLEM_TEXT_LIMITS.message),
    effects: problem.effects.slice(0, MAX_PROBLEM_EFFECTS).map((effect) => ({
      kind: effect.kind,
      sections: effect.sections.slice(0, MAX_PROBLEM_SECTIONS).map((section) => text(section, TEXT_LIMITS.sectionTitle)),
      indicators: effect.indicators.slice(0, MAX_PROBLEM_INDICATORS).map((indicator) => text(indicator, PROBLEM_INDICATOR_TEXT)),
    })),
    retryAt: optionalText(problem.retryAt, TEXT_LIMITS.timestamp),
    retryAfterSeconds: problem.retryAfterSeconds,
    missingPermissions: problem.missingPermissions?.slice(0, MAX_PERMISSIONS).map((permission) => text(permission, TEXT_LIMITS.factTitle)),
  };
}

function escapeLookup(view: LookupView): LookupView {
  return {
    kind: 'lookup',
    demo: view.demo,
    notice: optionalText(view.notice, TEXT_LIMITS.notice),
    verdict: {
      ...view.verdict,
      highestSeverity: view.verdict.highestSeverity === null ? null : text(view.verdict.highestSeverity, TEXT_LIMITS.severity),
    },
    // Sections keep their problem index, so the list keeps its order; past the cap, a section falls back to its own text.
    problems: view.problems === undefined ? undefined : shownProblems(view).map(escapeProblem),
    indicators: view.indicators.map(escapeIndicator),
    generatedAt: text(view.generatedAt, TEXT_LIMITS.timestamp),
    refresh: escapeOptionalButton(view.refresh),
  };
}

function escapeHunt(view: HuntView): FittedHuntView {
  return {
    kind: 'hunt',
    demo: view.demo,
    query: text(view.query, TEXT_LIMITS.huntQuery),
    columns: view.columns.map((column) => text(column, TEXT_LIMITS.huntColumn)),
    rows: view.rows.slice(0, MAX_HUNT_ROWS).map((row) => row.map((cell) => text(cell, TEXT_LIMITS.huntCell))),
    page: view.page,
    pageCount: view.pageCount,
    totalRows: view.totalRows,
    next: escapeOptionalButton(view.next),
    previous: escapeOptionalButton(view.previous),
    error: optionalText(view.error, TEXT_LIMITS.error),
    rowsNotShown: notShown(view.rows.length, MAX_HUNT_ROWS),
  };
}

function escapeActions(view: ActionsView): FittedActionsView {
  return {
    kind: 'actions',
    demo: view.demo,
    title: text(view.title, TEXT_LIMITS.title),
    items: view.items.slice(0, MAX_ACTION_ITEMS).map(escapeItem),
    error: optionalText(view.error, TEXT_LIMITS.error),
    itemsNotShown: notShown(view.items.length, MAX_ACTION_ITEMS),
  };
}

function escapeHelp(view: HelpView): HelpView {
  return {
    kind: 'help',
    demo: view.demo,
    reason: optionalText(view.reason, TEXT_LIMITS.error),
    commands: view.commands.map((command) => ({
      usage: text(command.usage, TEXT_LIMITS.usage),
      description: text(command.description, TEXT_LIMITS.description),
    })),
  };
}

function escapeMessage(view: MessageView): MessageView {
  return {
    kind: 'message',
    demo: view.demo,
    tone: view.tone,
    title: text(view.title, TEXT_LIMITS.messageTitle),
    text: optionalText(view.text, TEXT_LIMITS.messageText),
  };
}

export function escapeView(view: AnswerView): FittedView {
  switch (view.kind) {
    case 'lookup':
      return escapeLookup(view);
    case 'hunt':
      return escapeHunt(view);
    case 'actions':
      return escapeActions(view);
    case 'help':
      return escapeHelp(view);
    case 'message':
      return escapeMessage(view);
    case 'request':
      return escapeRequest(view);
    case 'incident':
      return escapeIncident(view);
  }
}
