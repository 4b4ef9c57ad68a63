/** External addresses of the story, with the geolocation Defender attaches to ipEvidence. */
export interface KnownIp {
  ipAddress: string;
  countryLetterCode: string;
  city: string;
  countryName: string;
  state: string | null;
  latitude: number;
  longitude: number;
}

export const EXTERNAL_IPS = {
  phishSender: {
    ipAddress: '203.0.113.25',
    countryLetterCode: 'NL',
    city: 'Amsterdam',
    countryName: 'Netherlands',
    state: 'North Holland',
    latitude: 52.3676,
    longitude: 4.9041,
  },
  invoiceSender: {
    ipAddress: '203.0.113.87',
    countryLetterCode: 'DE',
    city: 'Frankfurt am Main',
    countryName: 'Germany',
    state: 'Hesse',
    latitude: 50.1109,
    longitude: 8.6821,
  },
  statementSender: {
    ipAddress: '203.0.113.140',
    countryLetterCode: 'SG',
    city: 'Singapore',
    countryName: 'Singapore',
    state: null,
    latitude: 1.3521,
    longitude: 103.8198,
  },
  c2: {
    ipAddress: '198.51.100.77',
    countryLetterCode: 'RO',
    city: 'Bucharest',
    countryName: 'Romania',
    state: null,
    latitude: 44.4268,
    longitude: 26.1025,
  },
  spray: {
    ipAddress: '192.0.2.200',
    countryLetterCode: 'NL',
    city: 'Rotterdam',
    countryName: 'Netherlands',
    state: 'South Holland',
    latitude: 51.9244,
    longitude: 4.4777,
  },
  travelHome: {
    ipAddress: '2001:db8::5',
    countryLetterCode: 'US',
    city: 'Seattle',
    countryName: 'United States',
    state: 'Washington',
    latitude: 47.6062,
    longitude: -122.3321,
  },
  travelAway: {
    ipAddress: '198.51.100.9',
    countryLetterCode: 'BR',
    city: 'Sao Paulo',
    countryName: 'Brazil',
    state: 'Sao Paulo',
    latitude: -23.5558,
    longitude: -46.6396,
  },
  reverseShell: {
    ipAddress: '203.0.113.66',
    countryLetterCode: 'HK',
    city: 'Hong Kong',
    countryName: 'Hong Kong SAR',
    state: null,
    latitude: 22.3193,
    longitude: 114.1694,
  },
} as const satisfies Record<string, KnownIp>;

export const C2_DOMAIN = 'c2.badcdn.example.org';
export const PHISH_URL = 'https://bad.example.net/login';
export const PHISH_DOMAIN = 'bad.example.net';
/** Contoso's internet egress addresses (lastExternalIpAddress / PublicIP). */
export const EGRESS = { hq: '198.51.100.7', branch: '203.0.113.40', azure: '203.0.113.50' } as const;
/** The PAN-OS GlobalProtect gateway whose compromise (CVE-2024-3400) opened the path to lnx-web-01. */
export const EDGE_FIREWALL_IP = '10.0.0.1';
