import { parseDeviceName, portalLinkTarget, type Indicator } from '../../entities';
import { incidentId } from './show-incident';

/** At most this many incident cards for one message: a pasted list of 40 incident links is not 40 cards. */
export const MAX_INCIDENTS_PER_MESSAGE = 3;

/** Portal links that name an incident, an alert or a device: answered as that object, not looked up as a URL. */
export function isPortalObjectLink(i: Pick<Indicator, 'type' | 'value'>): boolean {
  const kind = i.type === 'url' ? portalLinkTarget(i.value)?.kind : undefined;
  return kind === 'incident' || kind === 'alert' || kind === 'device';
}

export interface PortalRefs {
  /** Incident ids: "incident 4471" in the text and incident links, in order, once each, at most three. */
  incidents: string[];
  /** Alert ids of alert links (answered with their incident's card). */
  alerts: string[];
  /** Device (machine) ids of device links (looked up as devices). */
  devices: string[];
}

/** What a message names in Defender beyond indicators: incidents written out, and portal links to incidents, alerts and devices. */
export function portalRefs(text: string, indicators: readonly Pick<Indicator, 'type' | 'value'>[]): PortalRefs {
  const incidents: string[] = [];
  const alerts: string[] = [];
  const devices: string[] = [];
  for (const m of text.slice(0, 100_000).matchAll(/\bincident\s*(?:id\s*)?#?\s*(\d{1,19})(?![-/:.]?\d)(?![-/:.]\d)\b/gi)) incidents.push(m[1]!);
  for (const i of indicators) {
    const target = i.type === 'url' ? portalLinkTarget(i.value) : undefined;
    if (target?.kind === 'incident') {
      const id = incidentId(target.id);
      if (id) incidents.push(id);
    } else if (target?.kind === 'alert') alerts.push(target.id);
    else if (target?.kind === 'device') {
      const device = parseDeviceName(target.id);
      if (device) devices.push(device.value);
    }
  }
  const unique = (list: string[]) => [...new Set(list)].slice(0, MAX_INCIDENTS_PER_MESSAGE);
  return { incidents: unique(incidents), alerts: unique(alerts), devices: unique(devices) };
}

/** The incidents a message names (see portalRefs). */
export function incidentRefs(text: string, indicators: readonly Pick<Indicator, 'type' | 'value'>[]): string[] {
  return portalRefs(text, indicators).incidents;
}
