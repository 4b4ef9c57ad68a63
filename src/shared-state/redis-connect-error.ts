/** Redis could not be used at start; the message names REDIS_URL, where it points (never the password) and the fix. */
export class RedisConnectError extends Error {
  readonly setting = 'REDIS_URL';

  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'RedisConnectError';
  }
}
