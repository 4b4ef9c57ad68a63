import { renderBlockKit } from '../../../src/cards/blockkit';
import type { AnswerView } from '../../../src/cards/view-models';
import { actionsView, helpView, huntView, lookupView, messageViews } from '../fixtures';
import { approvalRequestView, confirmRequestView, pendingStatusView, requestViews, succeededStatusView } from '../request-fixtures';
import { buttons, type Json, messageProblems, messageTexts, plainTexts, viewRequestIds } from './slack-limits';

/** What each kind of answer shows on Slack, from the demo fixtures. */

function render(view: AnswerView) {
  const message = renderBlockKit(view);
  expect(messageProblems(message, viewRequestIds(view))).toEqual([]);
  return { message, texts: messageTexts(message.blocks).join('\n'), blocks: message.blocks as unknown as Json[] };
}

describe('Block Kit messages of every view', () => {
  const all: Array<[string, AnswerView]> = [
    ['lookup', lookupView()],
    ['hunt', huntView()],
    ['actions', actionsView()],
    ['help', helpView()],
    ...messageViews().map((view): [string, AnswerView] => [`message ${view.tone}`, view]),
    ...requestViews(),
  ];

  it.each(all)('%s is within every limit', (_name, view) => {
    render(view);
  });

  it('lookup: verdict, notice, indicators, section errors with their cause, show more, refresh', () => {
    const view = lookupView();
    const { texts, blocks, message } = render(view);
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Highest severity: High' } });
    expect(texts).toContain('DEMO DATA');
    expect(texts).toContain('1 incident · 6 alerts · 9 devices · 5 e-mails · 14 hunting rows');
    expect(texts).toContain('looked up the first 11 of 140 indicators');
    expect(texts).toContain('⚠️ *Hunting: DeviceNetworkEvents*: throttled by Microsoft, retry in 40 s');
    expect(texts).toContain('⚠️ *Alerts*: missing permission SecurityAlert.Read.All');
    expect(texts).toContain('*Incidents* (1)');
    expect(texts).toContain('🔴 *Multi-stage incident involving Initial access &amp; Command and control*');
    // Facts are plain text fields: shown exactly as written, nothing in them formats.
    const incident = blocks.find((b) => JSON.stringify(b).includes('Multi-stage incident'));
    expect(incident?.fields).toEqual([
      { type: 'plain_text', text: 'Assigned to: soc-tier2@contoso.com' },
      { type: 'plain_text', text: 'Last update: 2025-06-02 08:41 UTC' },
    ]);
    expect(texts).toContain('<https://security.microsoft.com/incidents/1042?tid=4a6f1c2e-8f3d-4b1a-9c7e-2d5b6a8f0e13|Open incident>');
    expect(texts).toMatch(/_None found: E-mails_/);
    // The e-mail section of billing@ has 2 hidden items and its own showMore button beside the count.
    const showMore = view.indicators[5]?.sections[0]?.showMore;
    const more = blocks.find((b) => (b.accessory as Json | undefined)?.value === showMore?.requestId);
    expect(more).toMatchObject({ type: 'section', text: { text: '_2 more not shown_' }, accessory: { action_id: expect.stringMatching(/^dc:showMore:\d+$/) } });
    expect(blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ value: view.refresh?.requestId, text: { text: 'Refresh' } }] });
    expect(message.text).toBe(
      'DEMO DATA. Highest severity: High · 1 incident · 6 alerts · 9 devices · 5 e-mails · 14 hunting rows · looked up the first 11 of 140 indicators',
    );
  });

  it('lookup: a device with one button has it beside the item, primary', () => {
    const view = lookupView();
    const isolate = view.indicators[1]?.sections[2]?.items[0]?.buttons[0];
    const { blocks } = render({ ...view, indicators: view.indicators.slice(1, 2) });
    const item = blocks.find((b) => (b.accessory as Json | undefined)?.value === isolate?.requestId);
    expect(item?.accessory).toEqual({
      type: 'button',
      action_id: expect.stringMatching(/^dc:isolate:\d+$/),
      text: { type: 'plain_text', text: 'Isolate device' },
      value: isolate?.requestId,
      style: 'primary',
    });
  });

  it('lookup: nothing found, no indicators, no refresh, no demo', () => {
    const view = lookupView({
      demo: false,
      verdict: { highestSeverity: null, incidents: 0, alerts: 0, devices: 0, emails: 0, huntingRows: 0 },
      indicators: [],
      refresh: undefined,
      notice: undefined,
    });
    const { texts, blocks } = render(view);
    expect(blocks[0]).toMatchObject({ text: { text: 'Nothing found' } });
    expect(texts).not.toContain('DEMO DATA');
    expect(texts).toContain('No indicators to look up.');
    expect(buttons(blocks)).toEqual([]);
  });

  it('hunt: the query as code, a table, the page and the paging buttons', () => {
    const view = huntView();
    const { texts, blocks } = render(view);
    expect(texts).toContain('*Query*\n```\nDeviceNetworkEvents\n| where RemoteIP == "185.220.101.47"\n');
    expect(texts).toContain('Page 2 of 5 · 83 rows');
    expect(texts).toMatch(/```\nTimestamp +DeviceName +RemoteIP +RemotePort +InitiatingProcessCommandLine\n─+/);
    expect(texts).toContain('2025-06-01T22:19:07Z  ws-fin-01   185.220.101.47  9001');
    expect(buttons(blocks).map((b) => [b.action_id, b.value])).toEqual([
      ['dc:huntPage:1', view.previous?.requestId],
      ['dc:huntPage:2', view.next?.requestId],
    ]);
  });

  it('hunt: an error and no rows', () => {
    const { texts } = render(
      huntView({ rows: [], totalRows: 0, pageCount: 0, error: 'Query timed out after 10 minutes', next: undefined, previous: undefined }),
    );
    expect(texts).toContain('⚠️ *The query failed*: Query timed out after 10 minutes');
    const { texts: empty } = render(huntView({ rows: [], totalRows: 0, pageCount: 0, next: undefined, previous: undefined }));
    expect(empty).toContain('No rows on this page.');
  });

  it('actions: items with their buttons and facts, an error', () => {
    const view = actionsView({ error: 'Defender for Endpoint: throttled, retry in 30 s' });
    const { texts, blocks } = render(view);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Response actions' } });
    expect(texts).toContain('⚠️ Defender for Endpoint: throttled, retry in 30 s');
    expect(texts).toContain('🟢 *Stop and quarantine invoice_0117.pdf.exe on ws-hr-004*');
    expect(buttons(blocks)).toEqual([expect.objectContaining({ value: view.items[0]?.buttons[0]?.requestId, style: 'primary' })]);
  });

  it('help: the reason and every command', () => {
    const view = helpView();
    const { texts } = render(view);
    expect(texts).toContain('I did not understand "lokup 1.2.3.4".');
    for (const command of view.commands) expect(texts).toContain(command.usage.replace('<', '&lt;').replace('>', '&gt;'));
  });

  it('message: each tone has its mark; the demo marker only on demo', () => {
    const rendered = messageViews().map((view) => render(view));
    expect(rendered.map((r) => r.texts.split(' ')[0])).toEqual(['⏳', 'ℹ️', '⚠️', '❌']);
    expect(rendered.map((r) => r.texts.includes('DEMO DATA'))).toEqual([false, true, false, false]);
    expect(rendered[3]?.texts).toContain('Run ˋdoctorˋ to check the connection.');
  });

  it('request confirm: warnings before facts, the inputs in the message with their pre-filled values, primary first', () => {
    const view = confirmRequestView();
    const { texts, blocks } = render(view);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '🔴 Isolate ws-fin-017.contoso.local?' } });
    expect(texts).toContain('Confirm before anything is sent');
    const warning = texts.indexOf('⚠️ *ws-fin-017 has 1 pending machine action');
    expect(warning).toBeGreaterThan(-1);
    expect(warning).toBeLessThan(texts.indexOf('Device: ws-fin-017.contoso.local'));
    const inputs = blocks.filter((b) => b.type === 'input') as Array<{ block_id: string; element: Record<string, unknown> }>;
    expect(inputs.map((b) => b.block_id)).toEqual(view.inputs.map((i) => i.id));
    const type = inputs.find((b) => b.block_id === 'isolationType')!;
    expect(type.element).toMatchObject({ type: 'static_select', action_id: 'isolationType', initial_option: { value: 'Full' } });
    expect(buttons(blocks).map((b) => [b.text, b.style])).toEqual([
      [{ type: 'plain_text', text: 'Isolate device' }, 'primary'],
      [{ type: 'plain_text', text: 'Cancel' }, 'danger'],
    ]);
  });

  it('request approval and status: styles, timeline, links; the final status has no buttons', () => {
    expect(buttons(render(approvalRequestView()).blocks).map((b) => b.style)).toEqual(['primary', 'danger']);
    const pending = render(pendingStatusView());
    expect(buttons(pending.blocks).map((b) => [b.action_id, b.style])).toEqual([
      ['dc:cancelAction:1', 'danger'],
      ['dc:status:2', undefined],
    ]);
    expect(pending.texts).toContain('*Timeline*\n• *08:47 UTC* · Requested by j.doe@contoso.com (reason: INC-1042)');
    expect(pending.texts).toContain('|Open device>');
    const done = render(succeededStatusView());
    expect(buttons(done.blocks)).toEqual([]);
    expect(done.texts).toContain('Status: Succeeded, ws-fin-017 is isolated');
    expect(plainTexts(done.blocks)[0]).toBe('🟢 Isolation of ws-fin-017: Succeeded');
  });
});
