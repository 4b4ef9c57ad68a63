import { CARD_BUDGET_BYTES } from '../../src/cards/adaptive';
import { schemaErrors } from './card-schema';
import { allObjects, allStrings, byteSize, type Json, objectsOfType } from './card-walk';

/*
 * What every card must satisfy, as a list of problems (empty = fine), so a failing test says what is wrong:
 * the 1.5 schema, the size budget, no template leftovers, and the button contract (verb + data { requestId } only,
 * inside an ActionSet, with an Action.Submit fallback for old clients).
 */

function executeProblems(card: Json): string[] {
  const problems: string[] = [];
  const executes = objectsOfType(card, 'Action.Execute');
  const insideActionSets = new Set(
    objectsOfType(card, 'ActionSet').flatMap((set) => (set.actions as Json[]).filter((a) => a.type === 'Action.Execute')),
  );
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
  return [...problems, ...executeProblems(card), ...toggleProblems(card)];
}

/** Markdown that would format or link: an unescaped special character, or a block marker at the start. */
export function activeMarkdown(text: string): string | undefined {
  const unescaped = text.replace(/\\[\s\S]/g, '');
  if (/[[\]*_~`<>]/.test(unescaped)) return `unescaped ${/[[\]*_~`<>]/.exec(unescaped)?.[0]} in ${text.slice(0, 80)}`;
  if (/^(#{1,6}(\s|$)|[-+*](\s|$)|\d{1,9}[.)](\s|$)|>)/.test(text)) return `block marker at the start of ${text.slice(0, 80)}`;
  if (/&#?[A-Za-z0-9]+;/.test(unescaped)) return `entity in ${text.slice(0, 80)}`;
  return undefined;
}
