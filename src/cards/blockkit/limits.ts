/*
 * Every size and count limit of the Block Kit renderer, in one place: Slack's own (SLACK_LIMITS,
 * MESSAGE_BUDGET_CHARS) and the caps the renderer sets itself. The renderer keeps every message within them by
 * choosing what to show, never by cutting JSON.
 */

/** Slack's Block Kit limits (docs.slack.dev block and element references; bot-platform.md 4.5). */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  id: 255,
  optionText: 75,
  optionValue: 150,
  options: 100,
  optionGroups: 100,
  placeholder: 150,
  inputLabel: 2000,
  plainTextInputMaxLength: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
} as const;

/**
 * Budget for JSON.stringify(blocks).length of one message. Slack also refuses a message whose blocks are too long in
 * total (`msg_blocks_too_long`), a limit it does not document: bolt-js#2509 measured the failure at about 13,200
 * characters (13,297 with markdown blocks only, less once other blocks are added), and a Slack engineer there
 * described it as 12,000 text characters plus a buffer for block containers; bolt-js#2867 saw a refusal with only
 * 11,341 characters of text in heavily nested rich_text blocks. Counting the whole serialized JSON (structure,
 * URLs, entities, UTF-16 units) always counts at least as much as Slack's text count does, so 12,000 of JSON stays
 * under the ~13,200 seen to fail with room for Slack's own overhead, for every block type used here.
 */
export const MESSAGE_BUDGET_CHARS = 12_000;

/** The notification / accessibility text; Slack truncates at 40,000, notifications show far less. */
export const FALLBACK_TEXT_MAX = 3000;

/** Maximum rendered (escaped) length of each piece of view text; keeps one huge value from taking a message. */
export const TEXT_MAX = {
  title: 250,
  subtitle: 350,
  factTitle: 80,
  factValue: 400,
  factsLine: 1200,
  linkTitle: 75,
  linksLine: 1000,
  linkUrl: 1000,
  sectionTitle: 100,
  indicatorType: 40,
  indicatorValue: 300,
  headline: 300,
  error: 500,
  collapsedError: 200,
  notice: 300,
  severity: 40,
  timestamp: 60,
  huntQuery: 2500,
  huntColumn: 80,
  huntCell: 300,
  usage: 120,
  description: 300,
  messageTitle: 300,
  messageText: 2000,
  warning: 300,
  timelineText: 300,
  inputLabel: 80,
  placeholder: 120,
  /** The "None found: ..." line of an indicator's empty sections. */
  noneFoundLine: 600,
  /** What the checking modal says it checks (a device or file name). */
  checkingSubject: 200,
  tag: 80,
  tagsLine: 1000,
  commentBy: 120,
  commentText: 600,
  textHint: 300,
} as const;

/** Links beyond this on one item are not shown. */
export const MAX_LINKS_PER_ITEM = 3;
/** Buttons beyond this on one item are not shown (an item has one or two in practice). */
export const MAX_BUTTONS_PER_ITEM = 5;

/** More than these never fit a Slack message; the rest are counted before fitting starts. */
export const MAX_ITEMS_PER_SECTION = 20;
export const MAX_HUNT_ROWS = 100;
export const MAX_ACTION_ITEMS = 50;
export const MAX_TIMELINE_ENTRIES = 30;

export const MAX_WARNINGS = 10;
/** Facts beyond this are counted, not shown: two sections of fields. */
export const MAX_REQUEST_FACTS = 2 * SLACK_LIMITS.fields;

/** A hunting table wider than this wraps on most screens and stops reading as a table. */
export const TABLE_MAX_WIDTH = 110;
export const TABLE_MAX_COLUMNS = 8;
export const TABLE_CELL_WIDTH = 40;

/**
 * The incident card's triage controls are never cut to fit, so they are bounded here (Graph has three settable
 * statuses; the tags an incident carries are removed one button each).
 */
export const MAX_STATUS_BUTTONS = 6;
export const MAX_REMOVE_TAG_BUTTONS = 10;

/** The longest value read back from any input, whatever the view says, and the limit when the view gives none. */
export const MAX_INPUT_VALUE = 2000;
export const DEFAULT_INPUT_MAX_LENGTH = 500;
