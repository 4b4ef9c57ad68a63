import { portalLinkTarget, type Indicator } from '../../entities';
import { incidentId } from './show-incident';

/** At most this many incident cards for one message: a pasted list of 40 incident links is not 40 cards. */
export const MAX_INCIDENTS_PER_MESSAGE = 3;

export function isIncidentLink(i: Pick<Indicator, 'type' | 'value'>): boolean {
  return i.type === 'url' && portalLinkTarget(i.value)?.kind === 'incident';
}

/** The incidents a message names: "incident 4471", "incident #4471", and Defender portal links to incidents, in order. */
export function incidentRefs(text: string, indicators: readonly Pick<Indicator, 'type' | 'value'>[]): string[] {
  const ids: string[] = [];
  for (const m of text.slice(0, 100_000).matchAll(/\bincident\s*(?:id\s*)?#?\s*(\d{1,19})\b/gi)) ids.push(m[1]!);
  for (const i of indicators) {
    const target = i.type === 'url' ? portalLinkTarget(i.value) : undefined;
    const id = target?.kind === 'incident' ? incidentId(target.id) : undefined;
    if (id) ids.push(id);
  }
  return [...new Set(ids)].slice(0, MAX_INCIDENTS_PER_MESSAGE);
}
