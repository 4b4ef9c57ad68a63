import { translateRefusal } from '../../src/bot/routing-notifier';
import { ConversationGoneError, MessageGoneError } from '../../src/core/conversation-gone';

const slack = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { data: { ok: false, error } });
const teams = (statusCode: number, code?: string) =>
  Object.assign(new Error('Operation returned an invalid status code'), { statusCode, ...(code ? { code } : {}) });

const outcome = (err: unknown, updating: boolean): string => {
  try {
    translateRefusal(err, updating);
  } catch (thrown) {
    return thrown instanceof ConversationGoneError
      ? 'conversation gone'
      : thrown instanceof MessageGoneError
        ? 'message gone'
        : thrown === err
          ? 'as it was'
          : 'other';
  }
  return 'returned';
};

describe('platform refusals in the core’s words', () => {
  it.each([
    [slack('not_in_channel'), false, 'conversation gone'],
    [slack('channel_not_found'), true, 'conversation gone'],
    [slack('is_archived'), false, 'conversation gone'],
    [slack('message_not_found'), true, 'message gone'],
    [slack('cant_update_message'), true, 'message gone'],
    [slack('message_not_found'), false, 'as it was'],
    // A workspace-wide token problem is not one conversation's removal: retried, subscriptions kept.
    [slack('invalid_auth'), false, 'as it was'],
    [slack('token_revoked'), true, 'as it was'],
    [slack('ratelimited'), false, 'as it was'],
    [teams(403, 'BotNotInConversationRoster'), false, 'conversation gone'],
    [teams(404, 'ConversationNotFound'), true, 'conversation gone'],
    // Teams answers the update of a deleted message with a bare 403 (BotFramework-Services issue 269) or 404.
    [teams(403), true, 'message gone'],
    [teams(404, 'ActivityNotFoundInConversation'), true, 'message gone'],
    [teams(403), false, 'as it was'],
    [teams(502), true, 'as it was'],
    [new Error('socket hang up'), true, 'as it was'],
    ['a string', false, 'as it was'],
    [null, false, 'as it was'],
  ])('%s (update: %s) -> %s', (err, updating, expected) => {
    expect(outcome(err, updating as boolean)).toBe(expected);
  });
});
