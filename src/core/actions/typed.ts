import type { ParsedActionText, RequestPrefill } from '../registry/action-spec';

/** "ws-042 selective because C2 beacon" -> the words before "because" and the reason after it. */
export function splitReason(text: string): { words: string[]; head: string; reason?: string } {
  const [head = '', ...why] = text.split(/\s+because\s+/i);
  const reason = why.join(' because ').trim() || undefined;
  return { words: head.trim().split(/\s+/).filter(Boolean), head, reason };
}

/**
 * "<device> [flag ...] because <reason>": the device is the first word, `flags` reads optional words (selective,
 * full) into parameters, which also pre-fill the form.
 */
export function parseDeviceText(name: string, text: string, flags?: (words: string[]) => Record<string, string>): ParsedActionText {
  const { words, reason } = splitReason(text);
  const device = words[0];
  if (!device) return { error: `Write: ${name} <device> because <reason>` };
  const extra = flags?.(words.slice(1).map((w) => w.toLowerCase())) ?? {};
  const prefill: RequestPrefill = { reason, isolationType: extra.isolationType, scanType: extra.scanType };
  return { params: { deviceName: device, ...extra }, prefill };
}
