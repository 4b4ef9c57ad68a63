import { countText } from './count-text';

/*
 * The incident card's lists and how both renderers name them, so Teams and Slack read the same. The lists are in card
 * order; a fitter cuts them from their ends, and each says how many of its items it left off.
 */

export const INCIDENT_LISTS = ['alerts', 'devices', 'users', 'mailboxes', 'comments'] as const;
export type IncidentList = (typeof INCIDENT_LISTS)[number];

/** Headings of the item lists (comments have their own layout and heading). */
export const INCIDENT_LIST_TITLES: Record<IncidentList, string> = {
  alerts: 'Alerts',
  devices: 'Devices',
  users: 'Users',
  mailboxes: 'Mailboxes',
  comments: 'Latest comments',
};

const LIST_NOUNS: Record<IncidentList, [string, string]> = {
  alerts: ['alert', 'alerts'],
  devices: ['device', 'devices'],
  users: ['user', 'users'],
  mailboxes: ['mailbox', 'mailboxes'],
  comments: ['comment', 'comments'],
};

/** "147 more alerts not shown" */
export function listNotShownText(list: IncidentList, count: number): string {
  const [singular, plural] = LIST_NOUNS[list];
  return `${countText(count, `more ${singular}`, `more ${plural}`)} not shown`;
}

/** Fixed titles of the triage controls. */
export const TRIAGE_TITLES = {
  resolve: 'Resolve',
  resolvePlaceholder: 'Resolve as…',
  status: 'Set status',
  comment: 'Comment',
  tags: 'Tags',
  removeTag: 'Remove a tag',
} as const;
