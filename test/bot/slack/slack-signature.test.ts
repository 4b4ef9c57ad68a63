import { exactSignature, replayKey } from '../../../src/bot/slack/slack-http';

/* Only Slack's own signature form reaches Bolt, and what makes a request unique is its timestamp and digest. */

const DIGEST = 'a'.repeat(38) + '0123456789abcdef0123456789';

describe('exactSignature', () => {
  it('accepts v0= and 64 lowercase hex digits, nothing else', () => {
    expect(exactSignature(`v0=${DIGEST}`)).toBe(`v0=${DIGEST}`);
    for (const header of [
      `v0=${DIGEST}=x`,
      `v0=${DIGEST.toUpperCase()}`,
      `v0=${DIGEST}0`,
      `v0=${DIGEST.slice(1)}`,
      `v1=${DIGEST}`,
      `V0=${DIGEST}`,
      `v0==${DIGEST}`,
      ` v0=${DIGEST}`,
      `v0=${DIGEST}\n`,
      `v0=${DIGEST},v0=${DIGEST}`,
      `v0=${'g'.repeat(64)}`,
      'v0=',
      '',
    ]) {
      expect([header, exactSignature(header)]).toEqual([header, undefined]);
    }
    expect(exactSignature(undefined)).toBeUndefined();
    expect(exactSignature([`v0=${DIGEST}`, `v0=${DIGEST}`])).toBeUndefined();
  });
});

describe('replayKey', () => {
  it('is the timestamp and the digest', () => {
    expect(replayKey('1700000000', `v0=${DIGEST}`)).toBe(`1700000000:${DIGEST}`);
  });

  it('variants Bolt would verify alike have no key of their own (they never reach Bolt)', () => {
    expect(replayKey('1700000000', `v0=${DIGEST}=x`)).toBeUndefined();
    expect(replayKey('1700000000', `v0=${DIGEST.toUpperCase()}`)).toBeUndefined();
    expect(replayKey(undefined, `v0=${DIGEST}`)).toBeUndefined();
    expect(replayKey(['1', '2'], `v0=${DIGEST}`)).toBeUndefined();
  });
});
