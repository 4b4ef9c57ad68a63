import { constants, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

// The emulator's side of tokens: it issues and checks them as Entra ID would. The bot never builds tokens itself.

export interface TokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  app_displayname: string;
  tid: string;
  oid: string;
  roles: string[];
  ver: '1.0';
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export class TokenSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  issue(claims: TokenClaims): string {
    const head = `${b64({ typ: 'JWT', alg: 'ES256', kid: 'emulator' })}.${b64(claims)}`;
    const signature = sign('sha256', Buffer.from(head), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${head}.${signature.toString('base64url')}`;
  }

  /** The claims of a token this emulator issued and that is still valid, or the reason it is not. */
  check(token: string, nowSeconds: number): { claims: TokenClaims } | { problem: string } {
    const parts = token.split('.');
    if (parts.length !== 3) return { problem: 'IDX14100: JWT is not well formed.' };
    const [head, body, sig] = parts as [string, string, string];
    const ok = verify('sha256', Buffer.from(`${head}.${body}`), { key: this.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'));
    if (!ok) return { problem: 'Access token validation failure. Invalid signature.' };
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { problem: 'IDX14100: JWT is not well formed.' };
    }
    if (claims.exp <= nowSeconds) return { problem: 'Lifetime validation failed, the token is expired.' };
    return { claims };
  }
}

interface AssertionHeader {
  alg?: string;
}

/** Checks a client assertion (certificate credential) against the certificate registered for the app. */
export function verifyClientAssertion(
  assertion: string,
  certificatePem: string,
  expected: { clientId: string; audience: string; nowSeconds: number },
): string | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'AADSTS50027: JWT token is invalid or malformed.';
  const [head, body, sig] = parts as [string, string, string];
  let header: AssertionHeader;
  let claims: { iss?: string; sub?: string; aud?: string; exp?: number };
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as AssertionHeader;
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return 'AADSTS50027: JWT token is invalid or malformed.';
  }
  const key = createPublicKey(certificatePem);
  const data = Buffer.from(`${head}.${body}`);
  const signature = Buffer.from(sig, 'base64url');
  let valid = false;
  if (header.alg === 'RS256') valid = verify('sha256', data, key, signature);
  else if (header.alg === 'PS256') valid = verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
  if (!valid) return 'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.';
  if (claims.iss !== expected.clientId || claims.sub !== expected.clientId) return 'AADSTS700023: Client assertion audience claim does not match Realm issuer.';
  if (typeof claims.exp !== 'number' || claims.exp < expected.nowSeconds) return 'AADSTS700024: Client assertion is not within its valid time range.';
  if (claims.aud && !claims.aud.startsWith(expected.audience.split('/oauth2/')[0]!)) return 'AADSTS700016: Client assertion audience is invalid.';
  return undefined;
}
