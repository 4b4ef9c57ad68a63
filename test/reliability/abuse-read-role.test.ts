import { DEMO_USERS } from '../../emulator/tenant';
import { figure } from './support/figures';
import { button, USERS } from './support/teams';
import { World } from './support/world';

/*
 * Reading needs a role (issue 13, finding 3: any member of an allowed tenant could read every incident, alert and
 * device through the bot). Outside demo mode LOOKUPS_REQUIRE_ROLE is on unless the operator turns it off; here only
 * Alex reads (ROLE_VIEWERS), Pat holds no role at all, and a guest has no Entra identity. Whatever they send, the
 * answer is a refusal in words and Defender is not read: the emulator sees no Graph security or Defender for
 * Endpoint call for them (the membership read that decides is the only call allowed).
 */

let w: World;
beforeEach(async () => {
  w = await World.start({ env: { ROLE_VIEWERS: `aad:${DEMO_USERS.alex.objectId}` } });
});
afterEach(async () => {
  expect(w.unhandled).toEqual([]);
  await w.close();
});

const refusals: string[] = [];
afterAll(() => figure('abuse: reading without a role', 'lookups refused', refusals.length, 'turns', 'nothing read from Defender for them'));

/** Calls that read Defender's data (not the membership check that decides who may). */
function dataReads(w: World, since: number): string[] {
  return w.emulator.calls
    .slice(since)
    .map((c) => c.route)
    .filter((route) => !/token|checkMemberGroups|memberOf|transitiveMember|getMemberGroups/i.test(route));
}

describe('a user without a role', () => {
  it.each([
    ['a lookup', 'lookup 185.220.101.45 evil-cdn.net'],
    ['pasted indicators', 'seen from 185.220.101.45, see hxxps://evil-cdn[.]net/a'],
    ['a device', 'device ws-042'],
    ['a user', 'user alex@contoso.com'],
    ['a hunt', 'hunt DeviceInfo | take 5'],
    ['the machine actions', 'actions ws-042'],
  ])('%s: refused with the role and the fix in words; nothing read from Defender', async (_what, text) => {
    const since = w.emulator.calls.length;
    const answer = await w.say(text, { user: USERS.pat });
    expect(answer.messages).toHaveLength(1);
    expect(answer.finalText).toMatch(/role/i);
    expect(answer.finalText).not.toMatch(/185\.220\.101\.45.*(incident|alert)|ws-042\.contoso/i);
    expect(dataReads(w, since)).toEqual([]);
    refusals.push(answer.finalText);
  });

  it('a guest without an Entra identity: refused, the reason named, nothing read', async () => {
    const since = w.emulator.calls.length;
    const answer = await w.say('lookup 185.220.101.45', { user: USERS.guest });
    expect(answer.finalText).toMatch(/Entra|identity|role/i);
    expect(dataReads(w, since)).toEqual([]);
    refusals.push(answer.finalText);
  });

  it("a Refresh on a reader's card, clicked by someone without the role: refused, the card not read again", async () => {
    const shown = await w.say('lookup 185.220.101.45', { user: USERS.alex });
    expect(shown.final).toBeDefined();
    const refresh = button(shown.final, 'refresh');
    const since = w.emulator.calls.length;
    const clicked = await w.click('refresh', refresh.data, { user: USERS.pat });
    expect(clicked.kind).toBe('message');
    expect(clicked.text).toMatch(/role/i);
    expect(dataReads(w, since)).toEqual([]);
    refusals.push(clicked.text);
  });

  it('the reader is still answered: the refusals are about the role, not the bot', async () => {
    const answer = await w.say('lookup 185.220.101.45', { user: USERS.alex });
    expect(answer.finalText).not.toMatch(/needs? the .*role|not allowed/i);
    expect(answer.finalText).toMatch(/185\.220\.101\.45/);
  });
});
