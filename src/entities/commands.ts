import { domainToASCII } from 'node:url';
import { stripChatFormatting } from './chat-formatting';
import { parseIPv4 } from './ipv4';
import { refang } from './refang';
import { normalizeUnicode } from './unicode';

export interface DeviceRef {
  kind: 'deviceName' | 'machineId';
  value: string;
}

const MACHINE_ID = /^[0-9a-f]{40}$/i;
const HOST_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const UPN_LOCAL = /^[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]{1,64}$/u;
const NON_ASCII = /[^\x00-\x7f]/;

/** A command argument as typed: chat formatting removed, refanged, trimmed, unwrapped from quotes and brackets. */
function argument(text: string): string {
  let s = refang(normalizeUnicode(stripChatFormatting(typeof text === 'string' ? text : ''))).trim();
  for (;;) {
    const first = s[0];
    const last = s[s.length - 1];
    if (s.length >= 2 && first !== undefined && last !== undefined && '"\'`<[({*_'.includes(first)) {
      const pair = ({ '"': '"', "'": "'", '`': '`', '<': '>', '[': ']', '(': ')', '{': '}', '*': '*', _: '_' } as const)[first as '"'];
      if (last === pair) {
        s = s.slice(1, -1).trim();
        continue;
      }
    }
    return s;
  }
}

function hostName(text: string): string | undefined {
  let name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name === '' || name.length > 253) return undefined;
  if (NON_ASCII.test(name)) {
    name = domainToASCII(name);
    if (name === '') return undefined;
  }
  name = name.toLowerCase();
  const labels = name.split('.');
  if (!labels.every((l) => HOST_LABEL.test(l))) return undefined;
  return name;
}

/**
 * The argument of `device NAME`: a 40-hex Defender machine id, or a computer name / FQDN such as `ws-042` or
 * `ws-042.contoso.com` (lower-cased). IP addresses and bare numbers are not device names.
 */
export function parseDeviceName(text: string): DeviceRef | undefined {
  try {
    const arg = argument(text);
    if (MACHINE_ID.test(arg)) return { kind: 'machineId', value: arg.toLowerCase() };
    const name = hostName(arg);
    if (name === undefined || parseIPv4(name) !== undefined) return undefined;
    if (name.split('.').every((l) => /^\d+$/.test(l))) return undefined;
    return { kind: 'deviceName', value: name };
  } catch {
    return undefined;
  }
}

/**
 * The argument of `user UPN`: `local@domain.tld`, refanged, the local part as typed and the domain lower-cased
 * (A-label). The domain needs a dot but no public suffix: UPN suffixes such as contoso.local are common.
 */
export function parseUpn(text: string): string | undefined {
  try {
    let arg = argument(text);
    if (arg.toLowerCase().startsWith('mailto:')) arg = arg.slice(7);
    const at = arg.lastIndexOf('@');
    if (at <= 0) return undefined;
    const local = arg.slice(0, at);
    if (!UPN_LOCAL.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
      return undefined;
    }
    const domain = hostName(arg.slice(at + 1));
    if (domain === undefined || !domain.includes('.')) return undefined;
    const labels = domain.split('.');
    if (labels.some((l) => l.startsWith('-') || l.endsWith('-'))) return undefined;
    return `${local}@${domain}`;
  } catch {
    return undefined;
  }
}
