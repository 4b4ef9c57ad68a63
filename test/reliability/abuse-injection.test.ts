import { figure } from './support/figures';
import { botIndicators } from './support/block-flow';
import { captureRequests, findEscapes, queryTexts, type Sent } from './support/query-capture';
import { button, USERS } from './support/teams';
import { UNLIMITED_BUDGET, World } from './support/world';

/*
 * KQL and OData injection strings in every input a person controls: each command's arguments, pasted text, and the
 * inputs of a confirmation card. Every request the bot sends toward Defender is recorded (DefenderHttp.send) and read
 * back with the emulator's own KQL and OData lexers (and the KQL parser): the marker may only ever stand inside a
 * string literal or an encoded path segment. Nothing is executed.
 */

const MARKER = 'PWNED';
const PAYLOADS = [
  `x" | extend ${MARKER}=1 //`,
  `x\\" | union ${MARKER} //`,
  `x'); ${MARKER} | take 100000 //`,
  `x') or (${MARKER} eq 'y`,
  `x' or ${MARKER} eq 'y`,
  `x'' or ${MARKER} eq ''y`,
  `x"\n| extend ${MARKER} = 1`,
  `x%27%20or%20${MARKER}%20eq%20%27`,
  `*/ ${MARKER} /* --`,
  `x\\') or ${MARKER} or ('`,
];

/** Where a payload goes: every command and the pasted-text path. `$` is the payload. */
const INPUTS = [
  'lookup https://evil-reliability.com/$',
  'lookup $@evil-reliability.com',
  'lookup evil-reliability.com $',
  'we saw $ talking to https://evil-reliability.com/a?q=$',
  'user o$@contoso.com',
  "user o'PWNED'or'1@contoso.com",
  'user x|PWNED@contoso.com',
  'device ws-042$',
  'device $',
  'actions ws-042$',
  'isolate ws-042$ because $',
  'isolate ws-042 because $',
  'release ws-042$ because $',
  'scan ws-042$ because $',
  'quarantine adc83b19e793491b1c6ea0fd8b46cd9f32e592fc on ws-042$ because $',
  'block https://evil-reliability.com/$ because $',
  'block $ because $',
  'audit $',
];

let w: World;
let capture: { sent: Sent[]; restore(): void };
const answers: { input: string; text: string }[] = [];

beforeAll(async () => {
  w = await World.start({
    // Many lookups in a few seconds: the bot's own budget (45 hunting queries a minute) would hold most back.
    budget: UNLIMITED_BUDGET,
    // The admin's own hunting query too, with a quoted and a bare placeholder.
    env: { DEFENDER_HUNTING_QUERY: 'DeviceNetworkEvents | where RemoteUrl has "{{ENTITY}}" or RemoteIP == {{ENTITY}} | take 5' },
  });
  capture = captureRequests();
});

afterAll(async () => {
  capture.restore();
  await w.close();
});

describe.each(INPUTS)('"%s"', (input) => {
  it.each(PAYLOADS)('with %j: answered, nothing escapes its literal', async (payload) => {
    const text = input.split('$').join(payload);
    const from = capture.sent.length;
    const answer = await w.say(text);
    expect(answer.http.status).toBe(200);
    expect(answer.messages.length).toBeGreaterThan(0);
    expect(answer.finalText).not.toMatch(/Something went wrong/);
    answers.push({ input: text, text: answer.finalText });
    const { escapes } = findEscapes(queryTexts(capture.sent.slice(from)), MARKER);
    expect(escapes).toEqual([]);
  });
});

describe('the inputs of a confirmation card', () => {
  it('a hostile reason and isolation type reach Defender only as JSON values; without approval nothing runs', async () => {
    const lookup = await w.say('device ws-042');
    const proposal = await w.propose('isolate', button(lookup.final, 'isolate').data, { user: USERS.alex });
    const confirm = button(proposal.card, 'confirm');
    for (const payload of PAYLOADS) {
      const answer = await w.click('confirm', { ...confirm.data, reason: payload, isolationType: payload }, { user: USERS.alex });
      expect(answer.http.status).toBe(200);
    }
    const request = (await w.app.store.requests.get(String(confirm.data.requestId).slice(2, String(confirm.data.requestId).lastIndexOf('.'))))!;
    // Only Full or Selective ever reach the request; the reason was accepted once (the first confirmation).
    expect(['Full', 'Selective']).toContain(request.params.isolationType);
    expect(request.state).toBe('awaitingApproval');
    expect(request.reason).toBe(PAYLOADS[0]!.replace(/[\u0000-\u001f\u007f]/g, ' ').trim());
  });
});

describe('hunting (a hunter writes KQL on purpose)', () => {
  it('reaches Defender verbatim for a hunter, and not at all for someone without the role', async () => {
    const query = `DeviceInfo | where DeviceName == "x" | extend ${MARKER} = 1 | take 1`;
    const from = capture.sent.length;
    const refused = await w.say(`hunt ${query}`, { user: USERS.pat });
    expect(refused.finalText).toMatch(/Not allowed to hunt/);
    expect(capture.sent.slice(from).filter((s) => s.op.api === 'hunting')).toEqual([]);
    const ran = await w.say(`hunt ${query}`);
    expect(ran.finalText).not.toMatch(/Something went wrong/);
    const hunts = capture.sent.slice(from).filter((s) => s.op.api === 'hunting');
    expect(hunts.map((s) => (s.body as { Query: string }).Query)).toEqual([query]);
  });
});

describe('in total', () => {
  it('every query was read back; the marker stood in literals only; nothing was executed', () => {
    const queries = queryTexts(capture.sent);
    const { escapes, literalsWithMarker } = findEscapes(queries, MARKER);
    const huntsByHunter = queries.filter((q) => q.language === 'kql' && q.text.includes(`extend ${MARKER} = 1 | take 1`));
    const bot = escapes.filter((e) => !huntsByHunter.includes(e.query));
    expect(bot).toEqual([]);
    // The payloads did reach queries (as literals): the check above had something to find.
    expect(literalsWithMarker).toBeGreaterThan(20);
    expect(w.botActions()).toHaveLength(0);
    expect(botIndicators(w)).toHaveLength(0);
    expect(w.unhandled).toEqual([]);
    figure('abuse: injection', 'hostile inputs sent', INPUTS.length * PAYLOADS.length + PAYLOADS.length + 2, 'messages/clicks');
    figure(
      'abuse: injection',
      'queries read back (KQL / OData / paths)',
      `${queries.filter((q) => q.language === 'kql').length} / ${queries.filter((q) => q.language === 'odata').length} / ${queries.filter((q) => q.language === 'path').length}`,
    );
    figure('abuse: injection', 'marker inside a literal', literalsWithMarker, 'literals');
    figure('abuse: injection', 'marker outside a literal', bot.length, 'tokens');
    figure('abuse: injection', 'machine actions / indicators created', `${w.botActions().length} / ${botIndicators(w).length}`);
  });
});
