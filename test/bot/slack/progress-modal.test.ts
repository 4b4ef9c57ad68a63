import type { KnownBlock, ModalView } from '@slack/types';
import { CHECKING_CALLBACK_ID, REFUSAL_CALLBACK_ID, renderCheckingModal, renderRefusalModal, SLACK_LIMITS } from '../../../src/cards/blockkit';

/* The checking and refusal modals (src/cards/blockkit/progress-modal.ts): Slack's modal limits, inert untrusted text. */

function mrkdwnTexts(view: ModalView): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(view.blocks);
  return out;
}

function withinModalLimits(view: ModalView): void {
  expect(view.title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
  if (view.close) expect(view.close.text.length).toBeLessThanOrEqual(SLACK_LIMITS.modalButton);
  expect(view.blocks.length).toBeGreaterThan(0);
  expect(view.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.modalBlocks);
  for (const text of mrkdwnTexts(view)) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
}

describe('renderCheckingModal', () => {
  it('says what is checked before which action, and asks to be told when closed', () => {
    const view = renderCheckingModal({ action: 'isolate', subject: 'ws-042.contoso.com' });
    expect(view).toMatchObject({ type: 'modal', callback_id: CHECKING_CALLBACK_ID, notify_on_close: true, close: { text: 'Cancel' } });
    expect(view.submit).toBeUndefined();
    expect(mrkdwnTexts(view)[0]).toBe('⏳ Checking *ws-042.contoso.com* before isolating it…');
    withinModalLimits(view);
  });

  it('every response action has its words; without a subject it names what is checked', () => {
    for (const [action, words] of [
      ['release', /the device\* before releasing it from isolation/],
      ['quarantine', /the file and the device\* before quarantining it/],
      ['scan', /before scanning it/],
      ['restrict', /before restricting its apps/],
      ['unrestrict', /before removing its app restriction/],
      ['collect', /before collecting its investigation package/],
      ['block', /the indicator\* before blocking it/],
      ['__proto__', /the request\* before going on/],
      ['constructor', /the request\* before going on/],
    ] as const) {
      const view = renderCheckingModal({ action });
      expect([action, mrkdwnTexts(view)[0]]).toEqual([action, expect.stringMatching(words)]);
    }
  });

  it('an untrusted subject is inert: no mention, link, bold break-out, new line or oversize', () => {
    const hostile = '<!channel> <@U0VICTIM> <https://evil.example|Approve> *bold* `code`\n> quote ‮exe.gnp';
    const [line] = mrkdwnTexts(renderCheckingModal({ action: 'isolate', subject: hostile }));
    expect(line).not.toMatch(/<[!@h]/);
    expect(line).toContain('&lt;!channel&gt;');
    expect(line).not.toContain('\n');
    expect(line).not.toContain('`');
    expect(line!.match(/\*/g)).toHaveLength(2);
    expect(line).not.toContain('\u202E');
    const huge = renderCheckingModal({ action: 'isolate', subject: 'x'.repeat(100_000) });
    withinModalLimits(huge);
    expect(mrkdwnTexts(huge)[0]!.length).toBeLessThan(300);
  });
});

describe('renderRefusalModal', () => {
  it("the refusal's title and words, a Close button, no submit", () => {
    const view = renderRefusalModal({
      kind: 'message',
      demo: false,
      tone: 'warning',
      title: 'Not allowed',
      text: 'Isolate device needs the responder role: you are not in it. Your request was recorded.',
    });
    expect(view).toMatchObject({ type: 'modal', callback_id: REFUSAL_CALLBACK_ID, title: { text: 'Not done' }, close: { text: 'Close' } });
    expect(view.submit).toBeUndefined();
    expect(view.notify_on_close).toBeUndefined();
    expect(mrkdwnTexts(view).join('\n')).toMatch(/\*Not allowed\*\nIsolate device needs the responder role/);
    withinModalLimits(view);
  });

  it('an error is titled so; the demo marker is kept; untrusted words are escaped and bounded', () => {
    const error = renderRefusalModal({ kind: 'message', demo: true, tone: 'error', title: 'Defender did not answer', text: `<!here> ${'y'.repeat(50_000)}` });
    expect(error.title.text).toBe('Could not check');
    const texts = mrkdwnTexts(error).join('\n');
    expect(texts).toMatch(/DEMO DATA/);
    expect(texts).toContain('&lt;!here&gt;');
    withinModalLimits(error);
    expect(renderRefusalModal({ kind: 'message', demo: true, tone: 'warning', title: 'x' }).title.text).toBe('Not done (demo)');
    expect((error.blocks as KnownBlock[]).every((b) => b.type === 'section' || b.type === 'context')).toBe(true);
  });
});
