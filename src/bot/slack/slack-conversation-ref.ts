/** Where a Slack conversation's messages go: stored with action requests so cards can be posted and updated later. */
export interface SlackConversationRef {
  slack: { channel: string; threadTs?: string; teamId?: string };
}

export function slackRef(channel: string, threadTs?: string, teamId?: string): string {
  const ref: SlackConversationRef = { slack: { channel, threadTs, teamId } };
  return JSON.stringify(ref);
}

export function parseSlackRef(conversationRef: string | undefined): SlackConversationRef['slack'] | undefined {
  if (!conversationRef) return undefined;
  try {
    const parsed = JSON.parse(conversationRef) as Partial<SlackConversationRef>;
    const s = parsed.slack;
    return s && typeof s.channel === 'string' ? s : undefined;
  } catch {
    return undefined;
  }
}
