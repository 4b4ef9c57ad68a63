import { mentionCard } from '../../../src/bot/teams/mention-card';

describe('the Teams card that calls approvers', () => {
  it('mentions each person once by Entra object id, with the same <at> text in the entity and in the card', () => {
    const card = mentionCard('Approval needed: Isolate device ws-042', [
      { platform: 'teams', kind: 'user', id: 'aaaaaaaa-0000-4000-8000-000000000002', name: 'Sam Soc' },
      { platform: 'teams', kind: 'user', id: 'aaaaaaaa-0000-4000-8000-000000000004', name: 'Approver' },
      { platform: 'teams', kind: 'user', id: 'aaaaaaaa-0000-4000-8000-000000000005', name: 'Approver' },
    ]) as {
      body: { type: string; text?: string; inlines?: { text: string }[] }[];
      msteams: { entities: { text: string; mentioned: { id: string; name: string } }[] };
    };
    const entities = card.msteams.entities;
    expect(entities.map((e) => e.mentioned.id)).toEqual([
      'aaaaaaaa-0000-4000-8000-000000000002',
      'aaaaaaaa-0000-4000-8000-000000000004',
      'aaaaaaaa-0000-4000-8000-000000000005',
    ]);
    // Teams binds a mention to its text: two people may not share one.
    expect(new Set(entities.map((e) => e.text)).size).toBe(3);
    for (const e of entities) expect(card.body[0]!.text).toContain(e.text);
    expect(card.body[1]).toEqual({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Approval needed: Isolate device ws-042' }] });
  });

  it('keeps hostile display names from breaking the mention or the card, and the message out of Markdown', () => {
    const card = mentionCard('Isolate C:\\Windows\\svc_host.exe [x](https://evil) \u202Eexe\n# heading', [
      { platform: 'teams', kind: 'user', id: 'aaaaaaaa-0000-4000-8000-000000000002', name: '</at><at>Mallory</at> **[click](https://evil)**\u0000' },
      { platform: 'teams', kind: 'user', id: 'aaaaaaaa-0000-4000-8000-000000000003', name: '   ' },
    ]) as { body: { text?: string; inlines?: { text: string }[] }[]; msteams: { entities: { text: string }[] } };
    const [first, second] = card.msteams.entities;
    expect(first!.text).toBe('<at>/atatMallory/at click(https://evil)</at>');
    expect(second!.text).toBe('<at>Approver</at>');
    expect(card.body[0]!.text).toBe(`${first!.text}, ${second!.text}`);
    // The message is a TextRun: Teams shows it as written, never as Markdown; line breaks are flattened and a bidi
    // override is made visible.
    expect(card.body[1]!.inlines![0]!.text).toBe('Isolate C:\\Windows\\svc_host.exe [x](https://evil) \uFFFDexe # heading');
  });
});
