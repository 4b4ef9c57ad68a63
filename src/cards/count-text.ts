// Small phrases both renderers use, so Teams and Slack read the same.

export function countText(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

export function moreNotShownText(count: number): string {
  return `${count} more not shown`;
}
