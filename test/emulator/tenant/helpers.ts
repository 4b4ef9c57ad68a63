import { createDemoTenant } from '../../../emulator/tenant';
import type { DemoTenant, TableRow } from '../../../emulator/tenant';
import type { GraphEvidence } from '../../../src/defender/types';

export const NOW = new Date('2025-06-15T12:00:00.000Z');
export const DAY_MS = 86_400_000;

let cached: DemoTenant | undefined;

/** One tenant shared by read-only tests (building it is cheap, but there is no need to repeat it). */
export function tenant(): DemoTenant {
  cached ??= createDemoTenant(NOW);
  return cached;
}

export function rows(t: DemoTenant, table: string): TableRow[] {
  const found = t.tables[table];
  if (!found) throw new Error(`no table ${table}`);
  return found.rows;
}

export function allEvidence(t: DemoTenant): GraphEvidence[] {
  return t.alerts.flatMap((a) => a.evidence);
}

export function evidenceOfType(t: DemoTenant, type: string): GraphEvidence[] {
  return allEvidence(t).filter((e) => e['@odata.type'] === `#microsoft.graph.security.${type}`);
}

export const HEX = {
  md5: /^[0-9a-f]{32}$/,
  sha1: /^[0-9a-f]{40}$/,
  sha256: /^[0-9a-f]{64}$/,
} as const;

/** Strict ISO-8601 UTC as Date.prototype.toISOString writes it. */
export function isIso(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}
