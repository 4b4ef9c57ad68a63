import { readSender, slackActor, teamAllowed, type SenderReading } from '../../../src/bot/slack/slack-identity';
import {
  appMentionEvent,
  blockActionsPayload,
  confirmModalView,
  directMessageEvent,
  slackConnectMentionEvent,
  slashCommandForm,
  viewClosedPayload,
  viewSubmissionPayload,
} from '../../helpers/slack-payloads';

/*
 * The sender's own workspace, per payload type, from the fields Slack gives the sender (event.user_team,
 * user.team_id, the command's team_id), never from the envelope that names the installation receiving the request.
 */

const HOME = { id: 'URESP', username: 'rory.responder', team_id: 'T0DEMO' };
const GRID = { id: 'WGRID01', username: 'gia.grid', team_id: 'T0GRIDWS', enterprise_id: 'E0GRID' };
const OUTSIDER = { id: 'UGUEST', team_id: 'T0OUTSIDE' };
const INSTALL = { team_id: 'T0DEMO', enterprise_id: 'E0GRID' };
const ALLOWED = ['E0GRID', 'T0DEMO'];

function sender(reading: SenderReading) {
  if ('refusal' in reading) throw new Error(`refused: ${reading.refusal}`);
  return reading.sender;
}

const refusal = (reading: SenderReading) => ('refusal' in reading ? reading.refusal : 'accepted');

describe('readSender: events', () => {
  it("an app_mention in the home workspace: event.user and the author's team", () => {
    const s = sender(readSender(appMentionEvent(HOME, 'help')));
    expect(s).toEqual({ userId: 'URESP', teamId: 'T0DEMO', enterpriseId: undefined });
    expect(teamAllowed(s, ALLOWED)).toBe(true);
  });

  it('a direct message (message.im) reads the same fields', () => {
    expect(sender(readSender(directMessageEvent(HOME, 'help')))).toMatchObject({ userId: 'URESP', teamId: 'T0DEMO' });
  });

  it("an Enterprise Grid member in the installation's own workspace gets the org from the envelope", () => {
    const s = sender(readSender(appMentionEvent(GRID, 'help')));
    expect(s).toMatchObject({ teamId: 'T0GRIDWS', enterpriseId: 'E0GRID' });
    expect(teamAllowed(s, ['E0GRID'])).toBe(true);
  });

  it('issue 13: a Slack Connect author from an outside workspace is not given the installing org', () => {
    const body = slackConnectMentionEvent(INSTALL, OUTSIDER, 'lookup 198.51.100.77');
    // The envelope is all installation: the old reading took enterprise_id E0GRID and let the guest in.
    expect(body).toMatchObject({ team_id: 'T0DEMO', enterprise_id: 'E0GRID', is_ext_shared_channel: true, event: { team: 'T0DEMO', user_team: 'T0OUTSIDE' } });
    const s = sender(readSender(body));
    expect(s).toEqual({ userId: 'UGUEST', teamId: 'T0OUTSIDE', enterpriseId: undefined });
    expect(teamAllowed(s, ALLOWED)).toBe(false);
  });

  it('a Slack Connect author whose own workspace is allowed is answered (the rule reads the sender, it does not refuse all guests)', () => {
    const s = sender(readSender(slackConnectMentionEvent(INSTALL, { id: 'UPARTNER', team_id: 'T0PARTNER' }, 'help')));
    expect(teamAllowed(s, [...ALLOWED, 'T0PARTNER'])).toBe(true);
  });

  it('a home user writing in a Slack Connect channel keeps the home org', () => {
    const s = sender(readSender(slackConnectMentionEvent(INSTALL, { id: 'URESP', team_id: 'T0DEMO' }, 'help')));
    expect(s).toMatchObject({ teamId: 'T0DEMO', enterpriseId: 'E0GRID' });
  });

  it('in an externally shared channel without user_team (or profile), the sender is unknown: refused, event.team is not trusted', () => {
    expect(refusal(readSender(slackConnectMentionEvent(INSTALL, OUTSIDER, 'help', { withoutUserTeam: true })))).toBe('unknown_team');
  });

  it("the author's profile team stands in for user_team", () => {
    const body = slackConnectMentionEvent(INSTALL, OUTSIDER, 'help');
    delete (body.event as Record<string, unknown>).user_team;
    expect(sender(readSender(body)).teamId).toBe('T0OUTSIDE');
  });

  it('an event naming no workspace of the author at all is refused, whatever the envelope says', () => {
    const body = appMentionEvent(HOME, 'help');
    delete (body.event as Record<string, unknown>).team;
    expect(refusal(readSender(body))).toBe('unknown_team');
  });

  it('a sibling workspace of the org in a channel not shared outside it gets the org (is_ext_shared_channel: false)', () => {
    const body = { ...slackConnectMentionEvent(INSTALL, { id: 'WSIB', team_id: 'T0SIBLING' }, 'help'), is_ext_shared_channel: false };
    expect(sender(readSender(body))).toMatchObject({ teamId: 'T0SIBLING', enterpriseId: 'E0GRID' });
    // ... and not when the envelope does not say so.
    const unsure: Partial<ReturnType<typeof slackConnectMentionEvent>> = slackConnectMentionEvent(INSTALL, { id: 'WSIB', team_id: 'T0SIBLING' }, 'help');
    delete unsure.is_ext_shared_channel;
    expect(sender(readSender(unsure)).enterpriseId).toBeUndefined();
  });

  it('hostile fields: wrong types, a forged-looking user_team, huge and empty values', () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['user_team a number', { user_team: 42 }],
      ['user_team an object', { user_team: { id: 'T0DEMO' } }],
      ['user_team with markup', { user_team: '<!channel>' }],
      ['user_team lower case', { user_team: 't0demo' }],
      ['user_team empty', { user_team: '' }],
      ['user_team huge', { user_team: `T${'A'.repeat(5000)}` }],
      ['user_team an array', { user_team: ['T0DEMO'] }],
      ['user_profile.team wrong', { user_team: undefined, user_profile: { team: 7 } }],
    ];
    for (const [name, fields] of cases) {
      const body = appMentionEvent(HOME, 'help', { event: fields });
      expect([name, refusal(readSender(body))]).toEqual([name, 'unknown_team']);
    }
    for (const user of [undefined, '', 12345, ['URESP'], { id: 'URESP' }, 'U'.repeat(101)]) {
      expect(refusal(readSender(appMentionEvent(HOME, 'help', { event: { user } })))).toBe('no_user');
    }
    // A null user_team is no value: the next field (the author's team) is read.
    expect(sender(readSender(appMentionEvent(HOME, 'help', { event: { user_team: null } }))).teamId).toBe('T0DEMO');
  });

  it('an envelope enterprise does not reach a sender from another workspace through authorizations or context ids', () => {
    const body = {
      ...appMentionEvent(OUTSIDER, 'help', { event: { user_team: 'T0OUTSIDE' } }),
      team_id: 'T0DEMO',
      enterprise_id: 'E0GRID',
      is_ext_shared_channel: true,
      context_team_id: 'T0DEMO',
      context_enterprise_id: 'E0GRID',
      authorizations: [{ team_id: 'T0DEMO', enterprise_id: 'E0GRID', user_id: 'UBOT', is_bot: true }],
    };
    expect(sender(readSender(body))).toEqual({ userId: 'UGUEST', teamId: 'T0OUTSIDE', enterpriseId: undefined });
  });
});

describe('readSender: slash commands', () => {
  it("user_id, team_id and enterprise_id are the person's own (the command reaches an app installed in their workspace)", () => {
    expect(sender(readSender(slashCommandForm('https://hooks.slack.test/x', HOME, 'help')))).toEqual({
      userId: 'URESP',
      teamId: 'T0DEMO',
      enterpriseId: undefined,
      name: 'rory.responder',
    });
    expect(sender(readSender(slashCommandForm('https://hooks.slack.test/x', GRID, 'help')))).toMatchObject({ teamId: 'T0GRIDWS', enterpriseId: 'E0GRID' });
  });

  it('hostile and missing fields refuse', () => {
    const base = slashCommandForm('https://hooks.slack.test/x', HOME, 'help');
    expect(refusal(readSender({ ...base, team_id: '' }))).toBe('unknown_team');
    expect(refusal(readSender({ ...base, team_id: 'T0DEMO"; drop' }))).toBe('unknown_team');
    expect(refusal(readSender({ ...base, enterprise_id: 'not-an-org' }))).toBe('unknown_team');
    expect(refusal(readSender({ ...base, user_id: '' }))).toBe('no_user');
    const noTeam: Record<string, string> = { ...base };
    delete noTeam.team_id;
    expect(refusal(readSender(noTeam))).toBe('unknown_team');
    // An empty enterprise_id is what Slack sends outside Enterprise Grid: no org.
    expect(sender(readSender({ ...base, enterprise_id: '' })).enterpriseId).toBeUndefined();
  });
});

describe('readSender: interactions', () => {
  const button = { actionId: 'dc:isolate:1', value: 'x' };
  it("block_actions: user.id and user.team_id; the org only from the person's own workspace", () => {
    expect(sender(readSender(blockActionsPayload('https://hooks.slack.test/x', HOME, {}, button)))).toEqual({
      userId: 'URESP',
      teamId: 'T0DEMO',
      enterpriseId: undefined,
      name: 'rory.responder',
    });
    expect(sender(readSender(blockActionsPayload('https://hooks.slack.test/x', GRID, {}, button)))).toMatchObject({
      teamId: 'T0GRIDWS',
      enterpriseId: 'E0GRID',
    });
  });

  it('user.team_id an org id (Enterprise organisations report E...) is the org', () => {
    const body = blockActionsPayload('https://hooks.slack.test/x', { ...HOME, team_id: 'E0GRID' }, {}, button);
    expect(sender(readSender(body))).toMatchObject({ teamId: 'E0GRID', enterpriseId: 'E0GRID' });
  });

  it("a Slack Connect guest clicking in the installing org: the payload's enterprise (who installed the app) is not theirs", () => {
    const body = {
      ...blockActionsPayload('https://hooks.slack.test/x', { id: 'UGUEST', username: 'guest', team_id: 'T0OUTSIDE' }, {}, button),
      enterprise: { id: 'E0GRID', name: 'Contoso Grid' },
      is_enterprise_install: false,
    };
    const s = sender(readSender(body));
    expect(s.enterpriseId).toBeUndefined();
    expect(teamAllowed(s, ALLOWED)).toBe(false);
    // Even with team = the installing workspace (where the interaction happened).
    const inHome = { ...body, team: { id: 'T0DEMO', domain: 'contoso', enterprise_id: 'E0GRID' } };
    expect(teamAllowed(sender(readSender(inHome)), ALLOWED)).toBe(false);
  });

  it('view_submission and view_closed read user.team_id', () => {
    expect(sender(readSender(viewSubmissionPayload(HOME, confirmModalView('{}'))))).toMatchObject({ userId: 'URESP', teamId: 'T0DEMO' });
    expect(sender(readSender(viewClosedPayload(GRID, confirmModalView('{}'))))).toMatchObject({ teamId: 'T0GRIDWS', enterpriseId: 'E0GRID' });
  });

  it('hostile and missing user fields refuse', () => {
    const base = blockActionsPayload('https://hooks.slack.test/x', HOME, {}, button);
    expect(refusal(readSender({ ...base, user: { id: 'URESP' } }))).toBe('unknown_team');
    expect(refusal(readSender({ ...base, user: { id: 'URESP', team_id: 123 } }))).toBe('unknown_team');
    expect(refusal(readSender({ ...base, user: { id: 'URESP', team_id: 'T0DEMO>' } }))).toBe('unknown_team');
    expect(refusal(readSender({ ...base, user: { id: 12345, team_id: 'T0DEMO' } }))).toBe('no_user');
    expect(refusal(readSender({ ...base, user: null }))).toBe('no_user');
    expect(refusal(readSender({ ...base, user: 'URESP' }))).toBe('no_user');
    // Top-level fields do not stand in for the user's own.
    expect(refusal(readSender({ ...base, user: { id: 'URESP' }, team: { id: 'T0DEMO' }, team_id: 'T0DEMO' }))).toBe('unknown_team');
    for (const junk of [null, undefined, 42, 'string', [], {}]) expect(refusal(readSender(junk))).toBe('no_user');
  });
});

describe('slackActor', () => {
  it('the tenant is the org when there is one, else the workspace', () => {
    expect(slackActor({ userId: 'U1', teamId: 'T1' })).toEqual({ platform: 'slack', userId: 'U1', tenantId: 'T1', displayName: 'U1' });
    expect(slackActor({ userId: 'U1', teamId: 'T1', enterpriseId: 'E1', name: 'ada' })).toMatchObject({ tenantId: 'E1', displayName: 'ada' });
  });
});
