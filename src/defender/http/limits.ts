// Microsoft's published request limits (reference/defender-api.md sections 2.6, 3.1, 5), as budgets the bot plans within.
import type { Window } from '../../ports/shared-state';

export type { Window };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function limitsFor(budgetKey: string): Window[] {
  if (budgetKey === 'graph:hunting')
    return [
      { limit: 45, windowMs: MINUTE },
      { limit: 1500, windowMs: HOUR },
    ];
  if (budgetKey.startsWith('graph:')) return [{ limit: 150, windowMs: MINUTE }];
  if (budgetKey === 'mde:indicators')
    return [
      { limit: 100, windowMs: MINUTE },
      { limit: 1500, windowMs: HOUR },
    ];
  return [
    { limit: 100, windowMs: MINUTE },
    { limit: 1500, windowMs: HOUR },
  ];
}
