import type { Defender } from '../connect';
import { isDefenderError } from '../http/errors';
import type { HuntingRow } from '../types';
import { buildNativeHunting, type HuntingSection, type NativeHunting } from './hunting-query';
import { SOURCES, toSectionError } from './sources';
import type { LookupTarget, SectionError } from './types';

/** What the native hunting query gave: its rows, and why the rows of some sections are missing. */
export interface NativeOutcome {
  rows: HuntingRow[];
  /** Per section of the query whose every part failed, the error. */
  failed: Map<HuntingSection, SectionError>;
  /** Per section some of whose parts failed (others answered), the error: its rows are incomplete. */
  incomplete: Map<HuntingSection, SectionError>;
  /**
   * Set when hunting as a whole could not answer (throttled, forbidden, down, or a value that cannot be written): every
   * section carries this same error, and the lookup turns to Defender for Endpoint's own endpoints for what they give.
   */
  unavailable?: SectionError;
  /** Hunting calls made (1, or 1 + the parts retried by themselves). */
  calls: number;
}

const ALL_SECTIONS: HuntingSection[] = [
  'evidence',
  'deviceName',
  'deviceMac',
  'network',
  'deviceIp',
  'files',
  'fileProfile',
  'emails',
  'emailUrls',
  'emailFiles',
  'postDelivery',
];

function everySection(error: SectionError, native?: NativeHunting): Map<HuntingSection, SectionError> {
  const sections = native ? [...new Set(native.parts.map((p) => p.section))] : ALL_SECTIONS;
  return new Map(sections.map((s) => [s, error]));
}

/**
 * Runs the native query: one call for every indicator of the message. When Defender refuses the union (400, a
 * semantic or syntax error in one member), each member is run by itself with only the lets it reads, so a bad member
 * fails only its sections. When hunting is throttled, forbidden or down, retrying members is pointless: every section
 * gets the same error and the caller falls back to other sources.
 */
export async function runNativeHunting(defender: Defender, targets: LookupTarget[], timespan: string): Promise<NativeOutcome> {
  let native: NativeHunting | undefined;
  try {
    native = buildNativeHunting(targets);
  } catch (err) {
    const error = toSectionError(err, SOURCES.hunting);
    return { rows: [], failed: everySection(error), incomplete: new Map(), unavailable: error, calls: 0 };
  }
  if (!native) return { rows: [], failed: new Map(), incomplete: new Map(), calls: 0 };
  try {
    return { rows: (await defender.graph.runHuntingQuery(native.query, timespan)).results, failed: new Map(), incomplete: new Map(), calls: 1 };
  } catch (err) {
    const error = toSectionError(err, SOURCES.hunting);
    if (!isDefenderError(err, 'badRequest') || native.parts.length === 1)
      return { rows: [], failed: everySection(error, native), incomplete: new Map(), unavailable: error, calls: 1 };
  }
  const outcomes = await Promise.all(
    native.parts.map(async (part) => {
      try {
        return { part, rows: (await defender.graph.runHuntingQuery(part.query, timespan)).results };
      } catch (err) {
        return { part, error: toSectionError(err, SOURCES.hunting) };
      }
    }),
  );
  const rows: HuntingRow[] = [];
  const errors = new Map<HuntingSection, SectionError>();
  const answered = new Set<HuntingSection>();
  for (const o of outcomes) {
    if ('rows' in o && o.rows) {
      rows.push(...o.rows);
      answered.add(o.part.section);
    } else if (o.error && !errors.has(o.part.section)) errors.set(o.part.section, o.error);
  }
  const failed = new Map([...errors].filter(([section]) => !answered.has(section)));
  const incomplete = new Map([...errors].filter(([section]) => answered.has(section)));
  return { rows, failed, incomplete, calls: 1 + native.parts.length };
}
