export const CLOUD_NAMES = ['commercial', 'gcc', 'gcc-high', 'dod'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export interface CloudEndpoints {
  authorityHost: string;
  graphUrl: string;
  /** Defender for Endpoint API base (without /api). */
  apiUrl: string;
  portalUrl: string;
  /** Token scopes: the audience is the cloud's resource, whatever host the requests go to. */
  graphScope: string;
  apiScope: string;
}

// reference/defender-api.md section 1
export const CLOUDS: Record<CloudName, CloudEndpoints> = {
  commercial: {
    authorityHost: 'https://login.microsoftonline.com',
    graphUrl: 'https://graph.microsoft.com',
    apiUrl: 'https://api.securitycenter.microsoft.com',
    portalUrl: 'https://security.microsoft.com',
    graphScope: 'https://graph.microsoft.com/.default',
    apiScope: 'https://api.securitycenter.microsoft.com/.default',
  },
  gcc: {
    authorityHost: 'https://login.microsoftonline.com',
    graphUrl: 'https://graph.microsoft.com',
    apiUrl: 'https://api-gcc.securitycenter.microsoft.us',
    portalUrl: 'https://security.microsoft.com',
    graphScope: 'https://graph.microsoft.com/.default',
    apiScope: 'https://api-gcc.securitycenter.microsoft.us/.default',
  },
  'gcc-high': {
    authorityHost: 'https://login.microsoftonline.us',
    graphUrl: 'https://graph.microsoft.us',
    apiUrl: 'https://api-gov.securitycenter.microsoft.us',
    portalUrl: 'https://security.microsoft.us',
    graphScope: 'https://graph.microsoft.us/.default',
    apiScope: 'https://api-gov.securitycenter.microsoft.us/.default',
  },
  dod: {
    authorityHost: 'https://login.microsoftonline.us',
    graphUrl: 'https://dod-graph.microsoft.us',
    apiUrl: 'https://api-gov.securitycenter.microsoft.us',
    portalUrl: 'https://security.apps.mil',
    graphScope: 'https://dod-graph.microsoft.us/.default',
    apiScope: 'https://api-gov.securitycenter.microsoft.us/.default',
  },
};

const MICROSOFT_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.microsoft.com',
  'login.windows.net',
  'login.partner.microsoftonline.cn',
]);

/** MSAL's instance discovery only works against Microsoft's own authorities. */
export function isMicrosoftAuthority(authorityHost: string): boolean {
  return MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
}
