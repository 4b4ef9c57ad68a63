/**
 * The platform refused to post because the bot is no longer in the conversation (removed from the team or channel,
 * uninstalled, the channel archived or deleted). Adapters translate their platform's errors into this, so the core
 * can stop what it does for that conversation instead of failing again at every poll.
 */
export class ConversationGoneError extends Error {
  constructor(readonly reason: string) {
    super(`the bot can no longer post in this conversation: ${reason}`);
    this.name = 'ConversationGoneError';
  }
}

/** The message to replace no longer exists (someone deleted the card): post a new one instead of failing forever. */
export class MessageGoneError extends Error {
  constructor(readonly reason: string) {
    super(`the card to update no longer exists: ${reason}`);
    this.name = 'MessageGoneError';
  }
}
