import type { Mention } from '../../core/mention';

type TeamsMention = Extract<Mention, { platform: 'teams' }>;

/** A display name as mention text: one line, no markup, short. It only labels the mention; the id decides who is notified. */
function mentionName(name: string): string {
  const clean = name
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, ' ')
    .replace(/[<>*_~`[\]\\#]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  return clean || 'Approver';
}

/** Text shown as written: one line, and bidi overrides made visible (they would reorder what the reader sees). */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/[\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}

/**
 * A small card that @mentions people, so Teams notifies them (mentions in Adaptive Cards take the user's Entra object id
 * or UPN as `mentioned.id`: msteams-docs "cards-format", user mention in Adaptive Cards). The mentions sit in a TextBlock,
 * where Teams resolves them; the message itself, which may hold names from Defender, is a TextRun, never Markdown.
 */
export function mentionCard(text: string, mentions: TeamsMention[]): Record<string, unknown> {
  const used = new Map<string, number>();
  const entities = mentions.map((m) => {
    let name = mentionName(m.name);
    const seen = used.get(name) ?? 0;
    used.set(name, seen + 1);
    if (seen > 0) name = `${name} ${seen + 1}`;
    return { type: 'mention', text: `<at>${name}</at>`, mentioned: { id: m.id, name } };
  });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: entities.map((e) => e.text).join(', '), wrap: true },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: oneLine(text).slice(0, 600) }] },
    ],
    msteams: { entities },
  };
}
