const COLON = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;
const DASH = /^[0-9a-f]{2}(?:-[0-9a-f]{2}){5}$/i;
const CISCO = /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i;

/** Six octets with ":" or "-" (one separator throughout), or Cisco "xxxx.xxxx.xxxx"; colon-separated lower-case. */
export function canonicalMac(text: string): string | undefined {
  if (COLON.test(text)) return text.toLowerCase();
  if (DASH.test(text)) return text.replace(/-/g, ':').toLowerCase();
  if (CISCO.test(text)) {
    const hex = text.replace(/\./g, '').toLowerCase();
    return hex.match(/../g)?.join(':');
  }
  return undefined;
}
