import type { RequestView } from './view-models';

// Small phrases both renderers use, so Teams and Slack read the same.

export function countText(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

export function moreNotShownText(count: number): string {
  return `${count} more not shown`;
}

/** Where a response-action request stands, under its title. */
export const STAGE_TEXT: Record<RequestView['stage'], string> = {
  confirm: 'Confirm before anything is sent',
  approval: 'Waiting for an approver',
  status: 'Status in Defender',
};
