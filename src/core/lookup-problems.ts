import type { ProblemEffect, ProblemView } from '../cards/view-models';
import type { SectionError } from '../defender/lookup/types';

/** Why a section is empty ('missing': it failed) or short ('incomplete': filled in part from a fallback). */
export interface SectionCause {
  error: SectionError;
  kind: ProblemEffect['kind'];
}

interface Collected {
  problem: ProblemView;
  /** Per indicator (by its index on the card): its value and the sections this failure affected, by kind. */
  indicators: Map<number, { value: string; missing: string[]; incomplete: string[] }>;
}

/**
 * The distinct failures of one lookup. Sections failing because of the same upstream carry the same source and
 * message (SectionError.source), so (source, message) identifies a failure: the card states it once, with every
 * section and indicator it affected, and the sections point to it by index.
 */
export class LookupProblems {
  private readonly collected: Collected[] = [];
  private readonly byKey = new Map<string, number>();

  /** @param generatedAt when the lookup ran (ISO 8601): "retry in N s" counts from there. */
  constructor(private readonly generatedAt: string) {}

  /** Records that `cause` affected section `section` of indicator `indicator`; returns the failure's index. */
  note(cause: SectionCause, section: string, indicator: number, value: string): number {
    const { error, kind } = cause;
    const key = JSON.stringify([error.source?.trim().toLowerCase() ?? '', error.message]);
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.collected.length;
      this.byKey.set(key, index);
      this.collected.push({ problem: { ...(error.source ? { source: error.source } : {}), message: error.message, effects: [] }, indicators: new Map() });
    }
    const collected = this.collected[index]!;
    this.merge(collected.problem, error);
    const affected = collected.indicators.get(indicator) ?? { value, missing: [], incomplete: [] };
    if (!affected[kind].includes(section)) affected[kind].push(section);
    collected.indicators.set(indicator, affected);
    return index;
  }

  /** The failures in the order they were first met, each with its effects grouped by identical section lists. */
  views(): ProblemView[] {
    return this.collected.map(({ problem, indicators }) => {
      const effects: ProblemEffect[] = [];
      const byKey = new Map<string, ProblemEffect>();
      for (const [, affected] of [...indicators].sort(([a], [b]) => a - b)) {
        for (const kind of ['missing', 'incomplete'] as const) {
          const sections = affected[kind];
          if (sections.length === 0) continue;
          const key = JSON.stringify([kind, sections]);
          const effect = byKey.get(key) ?? { kind, sections, indicators: [] };
          if (!byKey.has(key)) {
            byKey.set(key, effect);
            effects.push(effect);
          }
          effect.indicators.push(affected.value);
        }
      }
      return { ...problem, effects };
    });
  }

  /** The latest retry time and every missing permission of the sections sharing this failure. */
  private merge(problem: ProblemView, error: SectionError): void {
    const retry = Date.parse(error.retryAt ?? '');
    if (Number.isFinite(retry) && (problem.retryAt === undefined || retry > Date.parse(problem.retryAt))) {
      problem.retryAt = new Date(retry).toISOString();
      const from = Date.parse(this.generatedAt);
      if (Number.isFinite(from) && retry > from) problem.retryAfterSeconds = Math.ceil((retry - from) / 1000);
      else delete problem.retryAfterSeconds;
    }
    for (const permission of error.missingPermissions ?? []) {
      const known = problem.missingPermissions ?? [];
      // Microsoft compares permission names case-insensitively (design.md).
      if (!known.some((p) => p.toLowerCase() === permission.toLowerCase())) problem.missingPermissions = [...known, permission];
    }
  }
}
