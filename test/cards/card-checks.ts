import { CARD_BUDGET_BYTES } from '../../src/cards/adaptive';
import { isMarkdownInert } from '../../src/cards/adaptive/text-runs';
import { TEMPLATES } from '../../src/cards/adaptive/templates';
import { schemaErrors } from './card-schema';
import { allObjects, allStrings, byteSize, type Json, objectsOfType } from './card-walk';

/*
 * What every card must satisfy, as a list of problems (empty = fine), so a failing test says what is wrong:
 * the 1.5 schema, the size budget, no template leftovers, the button contract (verb + data { requestId } only,
 * inside an ActionSet, with an Action.Submit fallback for old clients), the refresh contract, and nothing but the
 * templates' own fixed phrases where Teams reads Markdown.
 */

/** The refresh action is not a button: clients run it themselves, so it has no ActionSet and no Submit fallback. */
function refreshAction(card: Json): Json | undefined {
  const refresh = card.refresh as Json | undefined;
  return refresh?.action as Json | undefined;
}

function refreshProblems(card: Json): string[] {
  const refresh = card.refresh as Json | undefined;
  if (refresh === undefined) return [];
  const problems: string[] = [];
  const action = refresh.action as Json | undefined;
  const data = action?.data as Json | undefined;
  if (action?.type !== 'Action.Execute' || typeof action.verb !== 'string' || action.verb === '') problems.push('refresh: not an Action.Execute with a verb');
  if (data === undefined || Object.keys(data).join() !== 'requestId' || typeof data.requestId !== 'string')
    problems.push(`refresh: data is not exactly { requestId }: ${JSON.stringify(data)}`);
  const userIds = refresh.userIds as unknown;
  // Without userIds Teams refreshes the card for everyone in chats of up to 60 members (User-Specific-Views.md).
  if (!Array.isArray(userIds) || userIds.length === 0 || userIds.length > 60)
    problems.push(`refresh: userIds must list 1 to 60 users: ${JSON.stringify(userIds)}`);
  return problems;
}

/** The fixed TextBlock texts of the templates: the only texts a card may show through Markdown. */
export const TEMPLATE_PHRASES: ReadonlySet<string> = new Set(
  Object.values(TEMPLATES)
    .flatMap((template) => objectsOfType(template, 'TextBlock'))
    .map((block) => block.text)
    .filter((text): text is string => typeof text === 'string' && !text.includes('${')),
);

/**
 * Where Teams (or a client) renders Markdown: TextBlock text, FactSet facts, fallbackText, and the labels of radio
 * buttons. Only fixed template phrases go in a TextBlock, there is no FactSet, and the others mean the same either way.
 */
export function markdownProblems(card: Json): string[] {
  const problems: string[] = [];
  for (const block of objectsOfType(card, 'TextBlock')) {
    if (!TEMPLATE_PHRASES.has(String(block.text))) problems.push(`TextBlock with a text that is not a template phrase: ${String(block.text).slice(0, 80)}`);
  }
  if (objectsOfType(card, 'FactSet').length > 0) problems.push('a FactSet (titles and values are Markdown in Teams)');
  for (const block of objectsOfType(card, 'RichTextBlock')) {
    if (!Array.isArray(block.inlines) || block.inlines.length === 0) problems.push('a RichTextBlock with no text');
  }
  if (typeof card.fallbackText === 'string' && !isMarkdownInert(card.fallbackText))
    problems.push(`fallbackText reads differently as Markdown: ${card.fallbackText}`);
  for (const choiceSet of objectsOfType(card, 'Input.ChoiceSet')) {
    if (choiceSet.style !== 'expanded') continue;
    for (const choice of choiceSet.choices as Json[]) {
      if (!isMarkdownInert(String(choice.title))) problems.push(`radio button label reads differently as Markdown: ${String(choice.title)}`);
    }
  }
  return problems;
}

function executeProblems(card: Json): string[] {
  const problems: string[] = [];
  const refresh = refreshAction(card);
  const executes = objectsOfType(card, 'Action.Execute').filter((action) => action !== refresh);
  const insideActionSets = new Set(objectsOfType(card, 'ActionSet').flatMap((set) => (set.actions as Json[]).filter((a) => a.type === 'Action.Execute')));
  for (const action of executes) {
    const name = JSON.stringify(action.title);
    if (typeof action.verb !== 'string' || action.verb === '') problems.push(`${name}: no verb`);
    const data = action.data as Json | undefined;
    if (data === undefined || Object.keys(data).join() !== 'requestId' || typeof data.requestId !== 'string') {
      problems.push(`${name}: data is not exactly { requestId }: ${JSON.stringify(data)}`);
    }
    if (!insideActionSets.has(action)) problems.push(`${name}: not inside an ActionSet`);
    const fallback = action.fallback as Json | undefined;
    const fallbackData = fallback?.data as Json | undefined;
    if (fallback?.type !== 'Action.Submit') problems.push(`${name}: no Action.Submit fallback`);
    else if (
      fallbackData === undefined ||
      Object.keys(fallbackData).sort().join() !== 'requestId,verb' ||
      fallbackData.requestId !== data?.requestId ||
      fallbackData.verb !== action.verb
    ) {
      problems.push(`${name}: fallback data is not { requestId, verb }: ${JSON.stringify(fallbackData)}`);
    }
  }
  return problems;
}

function toggleProblems(card: Json): string[] {
  const problems: string[] = [];
  const ids = allObjects(card)
    .filter((o) => typeof o.type === 'string' && !o.type.startsWith('Action.') && typeof o.id === 'string')
    .map((o) => o.id as string);
  if (new Set(ids).size !== ids.length) problems.push(`duplicate element ids: ${ids.join(', ')}`);
  for (const toggle of objectsOfType(card, 'Action.ToggleVisibility')) {
    for (const target of toggle.targetElements as string[]) {
      if (!ids.includes(target)) problems.push(`toggle target ${target} does not exist`);
    }
  }
  return problems;
}

export function cardProblems(card: Json, budget = CARD_BUDGET_BYTES): string[] {
  const problems = schemaErrors(card).map((e) => `schema: ${e}`);
  if (card.type !== 'AdaptiveCard') problems.push(`type is ${String(card.type)}`);
  if (card.version !== '1.5') problems.push(`version is ${String(card.version)}`);
  if (card.$schema !== 'http://adaptivecards.io/schemas/adaptive-card.json') problems.push('no $schema');
  if ('msteams' in card) problems.push('has a root msteams property');
  const size = byteSize(card);
  if (size > budget) problems.push(`${size} bytes, over the budget of ${budget}`);
  const leftovers = allStrings(card).filter((s) => s.includes('${'));
  if (leftovers.length > 0) problems.push(`template leftovers: ${leftovers.slice(0, 3).join(' | ')}`);
  for (const link of objectsOfType(card, 'Action.OpenUrl')) {
    if (typeof link.url !== 'string' || !link.url.startsWith('https://')) problems.push(`non-https link ${String(link.url)}`);
  }
  return [...problems, ...executeProblems(card), ...refreshProblems(card), ...toggleProblems(card), ...markdownProblems(card)];
}
