import { DefenderError } from '../../src/defender/http/errors';

/** The DefenderError a promise rejects with; fails the test when it resolves or throws anything else. */
export async function caught(promise: Promise<unknown>): Promise<DefenderError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(DefenderError);
    return err as DefenderError;
  }
  throw new Error('expected a DefenderError');
}
