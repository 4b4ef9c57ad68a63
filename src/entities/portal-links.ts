import { hostOf, pathOf, percentDecode, queryParam } from './url-parts';

export type PortalTargetKind = 'incident' | 'alert' | 'device' | 'file' | 'ip' | 'url' | 'domain' | 'user';

/** What a Defender portal link points at. `id` is decoded but not validated (the caller knows what it accepts). */
export interface PortalTarget {
  kind: PortalTargetKind;
  id: string;
  /** For a user link: the UPN when the link names one (`id` is then the Entra object id when there is one). */
  upn?: string;
}

/**
 * The portal hosts of every cloud: the portalUrl of src/config/clouds.ts (security.microsoft.com for commercial and
 * GCC, security.microsoft.us for GCC High, security.apps.mil for DoD) and the Defender for Endpoint portal hosts that
 * older links and e-mail notifications still use. Written out here: src/entities imports nothing outside itself
 * (test/architecture/layers.test.ts).
 */
const PORTAL_HOSTS: ReadonlySet<string> = new Set([
  'security.microsoft.com',
  'security.microsoft.us',
  'security.apps.mil',
  'securitycenter.microsoft.com',
  'securitycenter.windows.com',
  'securitycenter.microsoft.us',
]);

const ID = /^[A-Za-z0-9_.:-]{1,256}$/;

/**
 * What a Defender portal link (a canonical URL, as the recognizer reports it) points at: `/incidents/<id>`,
 * `/incident2/<id>/...`, `/alerts/<id>`, `/machines/<id>` and `/machines/v2/<id>`, `/file/<hash>`, `/ip/<ip>/overview`,
 * `/url/overview?url=<url>`, `/url/<url or domain>/overview`, `/domains/overview?urlDomain=<domain>`,
 * `/user/?aad=<id>&upn=<upn>`. Undefined for any other link.
 */
export function portalLinkTarget(url: string): PortalTarget | undefined {
  try {
    if (typeof url !== 'string' || !PORTAL_HOSTS.has(hostOf(url).toLowerCase())) return undefined;
    const segments = pathOf(url)
      .split('/')
      .filter((s) => s !== '')
      .map(percentDecode);
    const [first, second, third] = segments;
    const page = first?.toLowerCase();
    const param = (name: string): string | undefined => {
      const raw = queryParam(url, name);
      return raw === undefined || raw === '' ? undefined : percentDecode(raw.replace(/\+/g, '%20'));
    };
    const idTarget = (kind: PortalTargetKind, id: string | undefined): PortalTarget | undefined => (id !== undefined && ID.test(id) ? { kind, id } : undefined);
    switch (page) {
      case 'incidents':
      case 'incident2':
        return idTarget('incident', second);
      case 'alerts':
        return idTarget('alert', second);
      case 'machines':
        return idTarget('device', second?.toLowerCase() === 'v2' ? third : second);
      case 'file':
        return idTarget('file', second);
      case 'ip':
        return second === undefined || second === '' ? undefined : { kind: 'ip', id: second };
      case 'url': {
        const target = second?.toLowerCase() === 'overview' && segments.length === 2 ? param('url') : second;
        if (target === undefined) return undefined;
        return { kind: target.includes('://') ? 'url' : 'domain', id: target };
      }
      case 'domains': {
        const domain = param('urlDomain');
        return domain === undefined ? undefined : { kind: 'domain', id: domain };
      }
      case 'user': {
        const aad = param('aad');
        const upn = param('upn');
        if (aad !== undefined) return upn === undefined ? { kind: 'user', id: aad } : { kind: 'user', id: aad, upn };
        return upn === undefined ? undefined : { kind: 'user', id: upn, upn };
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
