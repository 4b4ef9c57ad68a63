/*
 * Every size and count limit of the Adaptive Card renderer, in one place. The card stays within them by choosing
 * what to show (escape-view.ts caps, budget.ts fits), never by cutting JSON.
 */

/** Teams incoming webhooks stop at about 28 KB; the bot-message limit is higher, so this is the safe budget. */
export const CARD_BUDGET_BYTES = 28 * 1024;

/** Maximum code points per text. */
export const TEXT_LIMITS = {
  title: 200,
  subtitle: 300,
  factTitle: 60,
  factValue: 400,
  actionTitle: 60,
  sectionTitle: 80,
  indicatorType: 40,
  indicatorValue: 300,
  headline: 300,
  error: 500,
  notice: 300,
  severity: 40,
  timestamp: 60,
  huntQuery: 2000,
  huntColumn: 60,
  huntCell: 300,
  usage: 120,
  description: 300,
  messageTitle: 300,
  messageText: 2000,
  warning: 300,
  timelineText: 300,
  inputLabel: 80,
  inputPlaceholder: 120,
  choiceTitle: 80,
  tag: 80,
  commentBy: 120,
  commentText: 600,
  textHint: 300,
} as const;

/** An indicator a problem names (only three are named, problem-text.ts; the others are counted). */
export const PROBLEM_INDICATOR_TEXT = 60;

/** Teams shows at most 6 actions per ActionSet; buttons are kept before links. */
export const MAX_ACTIONS_PER_ITEM = 6;
export const MAX_FACTS_PER_ITEM = 30;

/** More than these never fit in the budget with a useful card; the rest are counted. */
export const MAX_ITEMS_PER_SECTION = 50;
export const MAX_ACTION_ITEMS = 50;
export const MAX_HUNT_ROWS = 100;
export const MAX_HUNT_COLUMNS = 30;

/** What one problem of a lookup carries onto the card. */
export const MAX_PROBLEM_EFFECTS = 10;
export const MAX_PROBLEM_SECTIONS = 20;
export const MAX_PROBLEM_INDICATORS = 200;
export const MAX_PERMISSIONS = 5;

export const MAX_WARNINGS = 10;
export const MAX_TIMELINE_ENTRIES = 30;
export const MAX_CHOICES = 20;
/** Radio buttons show every option at once and are easy to tap on a phone; a longer list is a drop-down. */
export const MAX_EXPANDED_CHOICES = 4;
/** The length hint of a text input when the view gives none, and the largest one the card accepts. */
export const DEFAULT_INPUT_MAX_LENGTH = 500;
export const MAX_INPUT_MAX_LENGTH = 2000;
/** Teams runs a card's refresh automatically for at most 60 listed users (msteams-docs User-Specific-Views.md). */
export const MAX_REFRESH_USERS = 60;

/**
 * The incident card. Its triage controls are never cut to fit, so they are bounded here: Graph has three
 * classifications with at most seven determinations each, and three settable statuses.
 */
export const MAX_RESOLVE_GROUPS = 4;
export const MAX_RESOLVE_BUTTONS_PER_GROUP = 12;
export const MAX_STATUS_BUTTONS = 6;
export const MAX_REMOVE_TAG_BUTTONS = 12;
/** Tags shown on the card; more are counted ("+3 more"). */
export const MAX_INCIDENT_TAGS = 30;
/** The latest comments shown (the view gives at most three). */
export const MAX_INCIDENT_COMMENTS = 3;
export const MAX_INCIDENT_LINKS = MAX_ACTIONS_PER_ITEM;

/** A link longer than this is not one anyone should tap. */
export const MAX_URL_LENGTH = 2048;
