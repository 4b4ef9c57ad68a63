import { GRAPH_ENUMS, type GraphEnumName } from './graph-enums';
import { closestMatch } from './suggest';

/** The settings that list Graph enum values to ignore, and the enum each one holds. */
export const IGNORE_SETTINGS = {
  DEFENDER_IGNORE_CLASSIFICATIONS: 'classification',
  DEFENDER_IGNORE_DETERMINATIONS: 'determination',
  DEFENDER_IGNORE_SEVERITIES: 'severity',
  DEFENDER_IGNORE_STATUSES: 'status',
  DEFENDER_IGNORE_SERVICE_SOURCES: 'serviceSource',
} as const satisfies Record<string, GraphEnumName>;

export type IgnoreSettingName = keyof typeof IGNORE_SETTINGS;

/** Why a value is not one of Graph's enum values (compared without case), with the closest one and every allowed one. */
export function enumValueProblem(value: string, enumName: GraphEnumName): string | undefined {
  const allowed: readonly string[] = GRAPH_ENUMS[enumName];
  if (allowed.some((a) => a.toLowerCase() === value.toLowerCase())) return undefined;
  const hint = closestMatch(value, allowed);
  return `"${value.slice(0, 80)}" is not a ${enumName}${hint ? `: did you mean "${hint}"?` : '.'} Allowed: ${allowed.join(', ')}`;
}

/** Ignore values are kept in Graph's own spelling whatever case the admin typed. */
export function canonicalEnum(values: readonly string[], enumName: GraphEnumName): string[] {
  const allowed: readonly string[] = GRAPH_ENUMS[enumName];
  return values.map((v) => allowed.find((a) => a.toLowerCase() === v.toLowerCase()) ?? v);
}
