import type { EntitySetSpec } from './types';

function caseInsensitive(spec: EntitySetSpec): boolean {
  return spec.caseInsensitivePropertyNames ?? spec.dialect === 'mde';
}

/** The spelling `names` uses for `name`, or undefined. Own-property checks keep `constructor`, `__proto__` and the
 *  like from resolving through Object.prototype. */
export function resolveName(spec: EntitySetSpec, names: readonly string[], name: string): string | undefined {
  if (names.includes(name)) return name;
  if (!caseInsensitive(spec)) return undefined;
  const lower = name.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower);
}

export function resolveFilterable(spec: EntitySetSpec, name: string): string | undefined {
  return resolveName(spec, Object.keys(spec.filterable), name);
}

export function filterableKind(spec: EntitySetSpec, canonicalName: string) {
  return Object.hasOwn(spec.filterable, canonicalName) ? spec.filterable[canonicalName] : undefined;
}
