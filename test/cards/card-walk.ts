/** Helpers that look through an expanded card JSON, whatever its nesting. */

export type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object in the card (elements, actions, facts, data), depth first. */
export function allObjects(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) {
    for (const child of node) allObjects(child, out);
  } else if (isObject(node)) {
    out.push(node);
    for (const child of Object.values(node)) allObjects(child, out);
  }
  return out;
}

export function objectsOfType(card: unknown, type: string): Json[] {
  return allObjects(card).filter((o) => o.type === type);
}

/** Every string value in the card. */
export function allStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const child of node) allStrings(child, out);
  else if (isObject(node)) for (const child of Object.values(node)) allStrings(child, out);
  return out;
}

/** The texts Teams renders as Markdown: TextBlock text and FactSet titles and values. */
export function markdownTexts(card: unknown): string[] {
  const texts: string[] = [];
  for (const o of allObjects(card)) {
    if (o.type === 'TextBlock' && typeof o.text === 'string') texts.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts)) {
      for (const fact of o.facts as Json[]) texts.push(String(fact.title), String(fact.value));
    }
  }
  return texts;
}

/** What a RichTextBlock shows: its inlines (TextRuns, or bare strings, the schema's shorthand) joined. */
export function richText(block: Json): string {
  return ((block.inlines ?? []) as Array<string | Json>).map((inline) => (typeof inline === 'string' ? inline : String(inline.text))).join('');
}

/** The TextRuns of a RichTextBlock as objects (a bare string is an unstyled run). */
export function textRuns(block: Json): Json[] {
  return ((block.inlines ?? []) as Array<string | Json>).map((inline) => (typeof inline === 'string' ? { type: 'TextRun', text: inline } : inline));
}

/** Every line of text a reader sees, in card order: TextBlocks and RichTextBlocks. */
export function shownTexts(card: unknown): string[] {
  return allObjects(card)
    .filter((o) => o.type === 'TextBlock' || o.type === 'RichTextBlock')
    .map((o) => (o.type === 'TextBlock' ? String(o.text) : richText(o)));
}

/** The text of an element that shows one (TextBlock or RichTextBlock), else undefined. */
export function shownText(element: Json | undefined): string | undefined {
  if (element?.type === 'TextBlock') return String(element.text);
  if (element?.type === 'RichTextBlock') return richText(element);
  return undefined;
}

export function byteSize(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Each toggled section of a lookup card: its line ("▸ Alerts (200)"), items shown, and the "N more not shown". */
export function lookupSections(card: unknown): Array<{ toggleText: string; total: number; shown: number; hidden: number }> {
  const toggleTexts = new Map<string, string>();
  // Each section is toggled by an Action.ToggleVisibility button titled with its line.
  for (const o of allObjects(card)) {
    if (o.type !== 'Action.ToggleVisibility') continue;
    toggleTexts.set((o.targetElements as string[])[0] ?? '', String(o.title));
  }
  return allObjects(card)
    .filter((o) => o.type === 'Container' && o.isVisible === false)
    .map((sectionBody) => {
      const children = sectionBody.items as Json[];
      const toggleText = toggleTexts.get(String(sectionBody.id)) ?? '';
      const hiddenText = children.map(shownText).find((t) => t !== undefined && /^\d+ more not shown$/.test(t));
      return {
        toggleText,
        total: Number(/\((\d+)(?:, incomplete)?\)$/.exec(toggleText)?.[1] ?? NaN),
        shown: children.filter((c) => c.type === 'Container').length,
        hidden: hiddenText === undefined ? 0 : parseInt(hiddenText, 10),
      };
    });
}
