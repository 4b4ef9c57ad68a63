import { CARD_BUDGET_BYTES, renderAdaptiveCard } from '../../src/cards/adaptive';
import { TEXT_LIMITS } from '../../src/cards/adaptive/limits';
import { renderBlockKit } from '../../src/cards/blockkit';
import { clipText, sanitizeText } from '../../src/cards/plain-text';
import type { IncidentView } from '../../src/cards/view-models';
import { tapThrough } from './adaptivecards-renderer';
import { cardProblems } from './card-checks';
import { allObjects, byteSize, type Json, objectsOfType, richText, shownText, shownTexts, textRuns } from './card-walk';
import { HOSTILE, hostileValues } from './hostile-fixtures';
import { hostileIncidentView, hugeIncidentView, incidentEntryCount, incidentView, incidentViews } from './incident-fixtures';
import { LIMITS, messageProblems, messageTexts, mrkdwnTexts, plainTexts, strayAngles, viewRequestIds } from './blockkit/slack-limits';

/*
 * The incident card, read by an on-call analyst on a phone: how bad and where in the first lines, triage in one or
 * two taps, then what the incident involves; within every size limit, saying how much it left off.
 */

const body = (card: Json) => card.body as Json[];
const LIST_TITLES = ['Alerts', 'Devices', 'Users', 'Mailboxes'];

/** The triage ActionSet: the first ActionSet of the body. */
const triageSet = (card: Json) => body(card).find((e) => e.type === 'ActionSet');
const showCard = (card: Json, title: string) => objectsOfType(card, 'Action.ShowCard').find((a) => a.title === title);
const executesIn = (node: unknown) => objectsOfType(node, 'Action.Execute');

/** Each list of a Teams card: its heading, the items shown, and the "N more <list> not shown" under it. */
function teamsLists(card: Json): Array<{ title: string; shown: number; notShown: number }> {
  return body(card)
    .filter((e) => e.type === 'Container' && LIST_TITLES.includes(String(shownText((e.items as Json[])[0]))))
    .map((list) => {
      const items = list.items as Json[];
      const more = items.map(shownText).find((t) => t !== undefined && /^\d+ more \w+ not shown$/.test(t));
      return {
        title: String(shownText(items[0])),
        shown: items.filter((i) => i.type === 'Container').length,
        notShown: more === undefined ? 0 : parseInt(more, 10),
      };
    });
}

function teamsComments(card: Json): number {
  const comments = body(card).find((e) => e.type === 'Container' && shownText((e.items as Json[])[0]) === 'Latest comments');
  return comments === undefined ? 0 : (comments.items as Json[]).filter((i) => i.type === 'Container').length;
}

/** The "N more not shown" beside Show all. */
function teamsHidden(card: Json): number {
  const line = body(card)
    .map(shownText)
    .find((t) => t !== undefined && /^\d+ more not shown$/.test(t));
  return line === undefined ? 0 : parseInt(line, 10);
}

/** Each list of a Slack message (from its "*Alerts*" heading to the next divider): items shown and "N more not shown". */
function slackLists(blocks: Json[]): Array<{ title: string; shown: number; notShown: number }> {
  const lists: Array<{ title: string; shown: number; notShown: number }> = [];
  let current: { title: string; shown: number; notShown: number } | undefined;
  for (const block of blocks) {
    const texts = messageTexts(block);
    if (block.type === 'divider') current = undefined;
    else if (block.type === 'context' && LIST_TITLES.some((t) => texts[0] === `*${t}*`)) {
      current = { title: texts[0]!.slice(1, -1), shown: 0, notShown: 0 };
      lists.push(current);
    } else if (current !== undefined && block.type === 'section') current.shown++;
    else if (current !== undefined && block.type === 'context') {
      const more = /^_(\d+) more \w+ not shown_$/.exec(texts[0] ?? '');
      if (more !== null) current.notShown = parseInt(more[1]!, 10);
    }
  }
  return lists;
}

function slackHidden(blocks: Json[]): number {
  const line = mrkdwnTexts(blocks).find((t) => /^_\d+ more not shown_$/.test(t));
  return line === undefined ? 0 : parseInt(line.slice(1), 10);
}

describe.each(incidentViews())('%s', (_name, view) => {
  it('Teams: a valid 1.5 card within 28 KB, buttons and inputs per contract', () => {
    expect(cardProblems(renderAdaptiveCard(view))).toEqual([]);
  });

  it('Slack: a valid message within 50 blocks and the size budget, every button and option a view request id', () => {
    expect(messageProblems(renderBlockKit(view), viewRequestIds(view))).toEqual([]);
  });
});

describe('Teams: a typical incident', () => {
  const view = incidentView();
  const card = renderAdaptiveCard(view);

  it('says how bad and where first: title, headline and scope in the tone, then the notice', () => {
    const [demo, title, headline, scope, notice] = body(card);
    expect(String(demo?.text)).toMatch(/^DEMO DATA/);
    expect(shownText(title)).toBe(view.title);
    expect(textRuns(title!)[0]).toMatchObject({ weight: 'bolder' });
    expect(shownText(headline)).toBe('High · Active · Unassigned · Not classified');
    expect(textRuns(headline!)[0]).toMatchObject({ color: 'attention', weight: 'bolder' });
    expect(shownText(scope)).toBe('3 alerts · 2 devices · 1 user · 1 mailbox');
    expect(textRuns(scope!)[0]).toMatchObject({ color: 'attention' });
    expect(notice).toMatchObject({ type: 'Container', style: 'warning' });
    expect(shownTexts(notice)).toEqual([view.notice!.text]);
    expect(textRuns((notice!.items as Json[])[0]!)[0]).toMatchObject({ color: 'warning' });
  });

  it('an info notice is set apart without the warning colour', () => {
    const info = renderAdaptiveCard(incidentView({ notice: { tone: 'info', text: 'Assigned to alex@contoso.com by Alex' } }));
    expect(body(info)[4]).toMatchObject({ type: 'Container', style: 'emphasis' });
    expect(textRuns((body(info)[4]!.items as Json[])[0]!)[0]).toEqual({ type: 'TextRun', text: 'Assigned to alex@contoso.com by Alex' });
  });

  it('puts triage right under them, before the lists: Assign to me, then Resolve, status, comment and tags to open', () => {
    const types = body(card).map((e) => (e === triageSet(card) ? 'triage' : e.type === 'Container' && e.separator === true ? 'list' : String(e.type)));
    expect(types.indexOf('triage')).toBe(5);
    expect(types.indexOf('list')).toBeGreaterThan(5);
    expect((triageSet(card)!.actions as Json[]).map((a) => [a.type, a.title])).toEqual([
      ['Action.Execute', 'Assign to me'],
      ['Action.ShowCard', 'Resolve'],
      ['Action.ShowCard', 'Set status'],
      ['Action.ShowCard', 'Comment'],
      ['Action.ShowCard', 'Tags'],
    ]);
  });

  it('Resolve shows each classification with its determinations as buttons, six at most in a row', () => {
    const resolve = showCard(card, 'Resolve')!.card as Json;
    const groups = (resolve.body as Json[]).map((group) => ({
      heading: shownText((group.items as Json[])[0]),
      buttons: executesIn(group).map((a) => a.title),
      rows: objectsOfType(group, 'ActionSet').map((set) => (set.actions as Json[]).length),
    }));
    expect(groups.map((g) => g.heading)).toEqual(['True positive', 'Informational, expected activity', 'False positive']);
    expect(groups.map((g) => g.buttons)).toEqual(view.triage!.resolve.map((g) => g.buttons.map((b) => b.title)));
    expect(groups[0]!.rows).toEqual([6, 1]);
    for (const action of executesIn(resolve)) expect(action).toMatchObject({ verb: 'triage', associatedInputs: 'none' });
  });

  it('lists alerts, devices (with Isolate and Release), users and mailboxes, then tags, comments and links', () => {
    expect(teamsLists(card)).toEqual([
      { title: 'Alerts', shown: 3, notShown: 0 },
      { title: 'Devices', shown: 2, notShown: 0 },
      { title: 'Users', shown: 1, notShown: 0 },
      { title: 'Mailboxes', shown: 1, notShown: 0 },
    ]);
    const devices = body(card).find((e) => shownText((e.items as Json[] | undefined)?.[0]) === 'Devices');
    expect(executesIn(devices).map((a) => [a.title, a.verb, (a.data as Json).requestId])).toEqual(
      view.devices.map((d) => [d.buttons[0]!.title, d.buttons[0]!.verb, d.buttons[0]!.requestId]),
    );
    const texts = shownTexts(card);
    expect(texts).toContain('Tags: Phishing campaign · Finance');
    expect(texts).toContain('alex@contoso.com · 2025-06-02 08:12 UTC');
    expect(texts).toContain('Blocked the sender domain; checking the other recipients.');
    expect(teamsComments(card)).toBe(2);
    const links = objectsOfType(card, 'Action.OpenUrl').map((l) => l.title);
    expect(links).toEqual(expect.arrayContaining(['Open incident', 'Attack story']));
    const last = body(card).slice(-2);
    expect(executesIn(last[0]).map((a) => a.verb)).toEqual(['incidentRefresh']);
    expect(shownText(last[1])).toBe('Updated in Defender 2025-06-02 08:41 UTC · card drawn 2025-06-02 08:45 UTC');
  });

  it('without triage, the card has no triage controls and still leads with the headline', () => {
    const plain = renderAdaptiveCard(incidentView({ triage: undefined }));
    expect(objectsOfType(plain, 'Action.ShowCard')).toEqual([]);
    expect(executesIn(plain).map((a) => a.verb)).not.toContain('triage');
    expect(shownText(body(plain)[2])).toBe(view.headline);
  });
});

describe('Teams: taps, and what a tap sends (the official renderer, tapped through)', () => {
  const view = incidentView();
  const card = renderAdaptiveCard(view);
  const triage = view.triage!;

  it('Assign to me: one tap on a top-level button, sending the verb and its request id', () => {
    expect(executesIn(triageSet(card)!.actions).filter((a) => a.title === 'Assign to me')).toHaveLength(1);
    expect(tapThrough(card, ['Assign to me'])).toEqual([{ type: 'Action.Execute', verb: 'triage', data: { requestId: triage.assign!.requestId } }]);
  });

  it('resolve as a true positive (malware): two taps, Resolve then Malware', () => {
    const malware = triage.resolve[0]!.buttons.find((b) => b.title === 'Malware')!;
    expect(() => tapThrough(card, ['Malware'])).toThrow(/no shown button/);
    expect(tapThrough(card, ['Resolve', 'Malware'])).toEqual([{ type: 'Action.Execute', verb: 'triage', data: { requestId: malware.requestId } }]);
  });

  it('every determination is at most two taps away: one ShowCard, then its button', () => {
    for (const group of triage.resolve) {
      for (const button of group.buttons) {
        const path = showCardPath(card, button.requestId);
        expect(path).toEqual(['Resolve']);
      }
    }
  });

  it('a comment: the typed text comes back merged into the button data, as the request card does; an empty one is not sent', () => {
    const submit = triage.comment!.submit;
    expect(tapThrough(card, ['Comment', 'Add comment'], { comment: 'Blocked the domain' })).toEqual([
      { type: 'Action.Execute', verb: 'triage', data: { requestId: submit.requestId, comment: 'Blocked the domain' } },
    ]);
    expect(tapThrough(card, ['Comment', 'Add comment'])).toEqual([]);
    const input = objectsOfType(showCard(card, 'Comment'), 'Input.Text');
    expect(input).toEqual([
      {
        type: 'Input.Text',
        id: 'comment',
        label: 'Comment',
        isRequired: true,
        errorMessage: 'Write the comment first',
        placeholder: 'What you found or did',
        maxLength: 1000,
        isMultiline: true,
        value: '',
      },
    ]);
    const [execute] = executesIn(showCard(card, 'Comment'));
    expect(execute).toMatchObject({ verb: 'triage', data: { requestId: submit.requestId }, associatedInputs: 'auto' });
    expect(execute!.fallback).toEqual({
      type: 'Action.Submit',
      title: 'Add comment',
      data: { requestId: submit.requestId, verb: 'triage' },
      associatedInputs: 'auto',
    });
  });

  it('a tag: sends the tag only (not a comment typed in the other form); removing a tag sends no input', () => {
    expect(tapThrough(card, ['Tags', 'Add tag'], { tag: 'BEC', comment: 'typed elsewhere' })).toEqual([
      { type: 'Action.Execute', verb: 'triage', data: { requestId: triage.addTag!.submit.requestId, tag: 'BEC' } },
    ]);
    expect(tapThrough(card, ['Tags', 'Remove Finance'], { tag: 'half typed' })).toEqual([
      { type: 'Action.Execute', verb: 'triage', data: { requestId: triage.removeTags[1]!.requestId } },
    ]);
  });

  it('a status: Set status, then the status', () => {
    expect(tapThrough(card, ['Set status', 'In progress'])).toEqual([
      { type: 'Action.Execute', verb: 'triage', data: { requestId: triage.statuses[0]!.requestId } },
    ]);
  });
});

/** The titles of the ShowCards around the Action.Execute carrying `requestId`, outermost first. */
function showCardPath(node: unknown, requestId: string, path: string[] = []): string[] | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = showCardPath(child, requestId, path);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const o = node as Json;
  if (o.type === 'Action.Execute' && (o.data as Json | undefined)?.requestId === requestId) return path;
  const inner = o.type === 'Action.ShowCard' ? [...path, String(o.title)] : path;
  for (const [key, child] of Object.entries(o)) {
    if (key === 'fallback') continue;
    const found = showCardPath(child, requestId, inner);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe('Slack: a typical incident', () => {
  const view = incidentView();
  const message = renderBlockKit(view);
  const blocks = message.blocks as unknown as Json[];

  it('says how bad and where first, then the notice and the triage controls, then the lists', () => {
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: view.title } });
    expect(messageTexts(blocks[1])).toEqual(['*DEMO DATA* · answers come from the built-in demo tenant']);
    expect(messageTexts(blocks[2])).toEqual(['🔴 *High · Active · Unassigned · Not classified*\n3 alerts · 2 devices · 1 user · 1 mailbox']);
    expect(messageTexts(blocks[3])).toEqual([`⚠️ *${view.notice!.text}*`]);
    expect(blocks[4]?.type).toBe('actions');
    expect(slackLists(blocks).map((l) => [l.title, l.shown])).toEqual([
      ['Alerts', 3],
      ['Devices', 2],
      ['Users', 1],
      ['Mailboxes', 1],
    ]);
    expect(blocks.findIndex((b) => b.type === 'divider')).toBeGreaterThan(4);
    expect(message.text).toBe(`DEMO DATA. ${view.title} · ${view.headline} · ${view.scope}`);
  });

  it('Assign to me is one button; resolving is the one select of the message: a group per classification, two taps', () => {
    const triage = view.triage!;
    const selects = allObjects(blocks).filter((o) => o.type === 'static_select');
    expect(selects).toHaveLength(1);
    const [assign, select, ...statuses] = blocks[4]!.elements as Json[];
    expect(assign).toEqual({ type: 'button', action_id: 'dc:triage:1', text: { type: 'plain_text', text: 'Assign to me' }, value: triage.assign!.requestId });
    expect(select).toEqual({
      type: 'static_select',
      action_id: 'dc:triage:2',
      placeholder: { type: 'plain_text', text: 'Resolve as…' },
      option_groups: triage.resolve.map((group) => ({
        label: { type: 'plain_text', text: group.title },
        options: group.buttons.map((b) => ({ text: { type: 'plain_text', text: b.title }, value: b.requestId })),
      })),
    });
    expect(statuses.map((s) => [s.type, (s.text as Json).text, s.value])).toEqual(triage.statuses.map((s) => ['button', s.title, s.requestId]));
  });

  it('asks for comments and tags by text (no input in the message), and removes a tag with its own button', () => {
    expect(allObjects(blocks).filter((o) => o.type === 'input' || o.type === 'plain_text_input')).toEqual([]);
    expect(plainTexts(blocks[5])).toEqual([view.triage!.textHint]);
    expect(blocks[6]).toMatchObject({ type: 'actions' });
    expect((blocks[6]!.elements as Json[]).map((b) => [(b.text as Json).text, b.value])).toEqual(view.triage!.removeTags.map((b) => [b.title, b.requestId]));
  });

  it('shows the tags, the latest comments, the links and refresh at the end', () => {
    const texts = messageTexts(blocks).join('\n');
    expect(texts).toContain('*Tags:* `Phishing campaign` `Finance`');
    expect(texts).toContain('*Latest comments*\n*alex@contoso.com* · 2025-06-02 08:12 UTC\nBlocked the sender domain; checking the other recipients.');
    expect(texts).toContain('<https://security.microsoft.com/incidents/4471/attackstory?tid=4a6f1c2e-8f3d-4b1a-9c7e-2d5b6a8f0e13|Attack story>');
    expect(blocks.at(-2)).toMatchObject({ type: 'actions', elements: [{ value: view.refresh!.requestId }] });
    expect(plainTexts(blocks.at(-1))).toEqual(['Updated in Defender 2025-06-02 08:41 UTC · card drawn 2025-06-02 08:45 UTC']);
  });

  it('without triage: no select, no triage buttons', () => {
    const plain = renderBlockKit(incidentView({ triage: undefined }));
    expect(allObjects(plain.blocks).filter((o) => o.type === 'static_select' || String(o.action_id).startsWith('dc:triage'))).toEqual([]);
  });

  it('leaves off a determination whose request id a select cannot carry, and the select when none is left', () => {
    const long = 'r:'.padEnd(151, 'x');
    const triage = view.triage!;
    const one = renderBlockKit(
      incidentView({
        triage: {
          ...triage,
          resolve: [{ title: 'True positive', buttons: [{ title: 'Malware', verb: 'triage', requestId: long }, triage.resolve[0]!.buttons[0]!] }],
        },
      }),
    );
    const options = allObjects(one.blocks)
      .filter((o) => o.type === 'static_select')
      .flatMap((s) => (s.option_groups as Json[]).flatMap((g) => g.options as Json[]));
    expect(options.map((o) => o.value)).toEqual([triage.resolve[0]!.buttons[0]!.requestId]);
    const none = renderBlockKit(
      incidentView({ triage: { ...triage, resolve: [{ title: 'True positive', buttons: [{ title: 'Malware', verb: 'triage', requestId: long }] }] } }),
    );
    expect(allObjects(none.blocks).filter((o) => o.type === 'static_select')).toEqual([]);
  });
});

describe('a huge incident (200 alerts, 50 devices, long titles)', () => {
  const view = hugeIncidentView(200, 50);
  const total = incidentEntryCount(view);

  it('Teams: within 28 KB, first lines and every triage control kept, the lists cut and counted exactly', () => {
    const card = renderAdaptiveCard(view);
    expect(cardProblems(card)).toEqual([]);
    expect(byteSize(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(shownText(body(card)[2])).toBe(view.headline);
    expect(shownText(body(card)[3])).toBe(view.scope);
    const triageIds = [view.triage!.assign!, ...view.triage!.statuses, ...view.triage!.resolve.flatMap((g) => g.buttons), ...view.triage!.removeTags].map(
      (b) => b.requestId,
    );
    const ids = executesIn(card).map((a) => (a.data as Json).requestId);
    expect(ids).toEqual(expect.arrayContaining(triageIds));
    const lists = teamsLists(card);
    const shown = lists.reduce((n, l) => n + l.shown, 0) + teamsComments(card);
    const hidden = teamsHidden(card);
    expect(shown).toBeGreaterThanOrEqual(lists.length);
    expect(shown + hidden).toBe(total);
    expect(lists.reduce((n, l) => n + l.notShown, 0)).toBe(hidden);
    for (const list of lists) {
      const full = { Alerts: 200, Devices: 50, Users: 30, Mailboxes: 20 }[list.title]!;
      expect(list.shown + list.notShown).toBe(full);
    }
    // "Show all" sits under the count.
    const showAllAt = body(card).findIndex((e) => executesIn(e).some((a) => a.verb === 'incidentShowAll'));
    expect(shownText(body(card)[showAllAt - 1])).toBe(`${hidden} more not shown`);
  });

  it('Teams: what core already left off is counted too', () => {
    const card = renderAdaptiveCard({ ...view, hiddenCount: 12 });
    const shown = teamsLists(card).reduce((n, l) => n + l.shown, 0) + teamsComments(card);
    expect(shown + teamsHidden(card)).toBe(total + 12);
  });

  it('Slack: within 50 blocks and the size budget, first lines and triage kept, the lists cut and counted exactly', () => {
    const message = renderBlockKit(view);
    const blocks = message.blocks as unknown as Json[];
    expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(LIMITS.messageJsonChars);
    expect(messageTexts(blocks[2])[0]).toContain(view.scope);
    const options = allObjects(blocks)
      .filter((o) => o.type === 'static_select')
      .flatMap((s) => (s.option_groups as Json[]).flatMap((g) => g.options as Json[]));
    expect(options).toHaveLength(14);
    const lists = slackLists(blocks);
    const comments = (
      messageTexts(blocks)
        .join('\n')
        .match(/\*alex@contoso\.com\* · /g) ?? []
    ).length;
    const shown = lists.reduce((n, l) => n + l.shown, 0) + comments;
    const hidden = slackHidden(blocks);
    expect(lists.length).toBe(4);
    expect(shown + hidden).toBe(total);
    expect(lists.reduce((n, l) => n + l.notShown, 0)).toBe(hidden);
    expect(blocks.find((b) => mrkdwnTexts(b)[0] === `_${hidden} more not shown_`)).toMatchObject({ accessory: { value: view.showAll!.requestId } });
  });
});

describe('hostile text on the incident card', () => {
  const view = hostileIncidentView();
  const one = (raw: string, max: number) => sanitizeText(clipText(raw, max));

  it('Teams: valid, and every text exactly as written, one visible line', () => {
    const card = renderAdaptiveCard(view);
    expect(cardProblems(card)).toEqual([]);
    const [title, headline, scope, notice] = body(card).slice(1);
    expect(richText(title!)).toBe(one(HOSTILE.link, TEXT_LIMITS.title));
    expect(richText(headline!)).toBe(one(HOSTILE.bold, TEXT_LIMITS.headline));
    expect(richText(scope!)).toBe(one(HOSTILE.mention, TEXT_LIMITS.headline));
    expect(shownTexts(notice)).toEqual([one(HOSTILE.html, TEXT_LIMITS.notice)]);
    const texts = shownTexts(card);
    expect(texts).toContain(`Tags: ${hostileValues.map((t) => one(t, TEXT_LIMITS.tag)).join(' · ')}`);
    expect(texts).toContain(`${one(HOSTILE.mention, TEXT_LIMITS.commentBy)} · ${one(HOSTILE.date, TEXT_LIMITS.timestamp)}`);
    expect(texts).toContain(one(HOSTILE.path, TEXT_LIMITS.commentText));
    expect(texts).toContain(one(HOSTILE.mention, TEXT_LIMITS.sectionTitle));
    // Button titles are plain strings: as written, "${" alone broken up.
    expect(executesIn(card).map((a) => a.title)).toEqual(expect.arrayContaining([HOSTILE.bold, HOSTILE.path, '$ {expr} $ {$root.secret} $ {json($root)}']));
  });

  it('Slack: valid, no mention, link or formatting escapes from data, texts shown as written', () => {
    const message = renderBlockKit(view);
    expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
    for (const text of mrkdwnTexts(message.blocks)) expect(strayAngles(text)).toBe(false);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: sanitizeText(HOSTILE.link) } });
    expect(message.text).not.toMatch(/[<>]/);
    const plain = plainTexts(message.blocks);
    expect(plain).toContain(`ℹ️ ${sanitizeText(HOSTILE.html)}`);
    expect(plain).toContain(HOSTILE.autolink);
    expect(JSON.stringify(message)).not.toMatch(/[\u202E\u200B\u2060\uFEFF\u0000]/);
  });
});

describe('every incident card on a phone (see phone-layout.test.ts for the rules)', () => {
  const views: Array<[string, IncidentView]> = [...incidentViews(), ['hostile', hostileIncidentView()]];

  it.each(views)('%s: triage before the first list, at most six actions in any row, every input labelled', (_name, view) => {
    const card = renderAdaptiveCard(view);
    const firstList = body(card).findIndex((e) => e.type === 'Container' && e.separator === true);
    const triage = triageSet(card);
    if (view.triage !== undefined && triage !== undefined && firstList !== -1) expect(body(card).indexOf(triage)).toBeLessThan(firstList);
    for (const set of objectsOfType(card, 'ActionSet')) expect((set.actions as Json[]).length).toBeLessThanOrEqual(6);
    for (const input of allObjects(card).filter((o) => String(o.type).startsWith('Input.'))) expect(input.label).toEqual(expect.any(String));
  });
});
