export const INDICATOR_TYPES = ['ipv4', 'ipv4cidr', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'cve', 'mac'] as const;

export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export interface Indicator {
  type: IndicatorType;
  /** Canonical value (see the corpus README for the conventions per type). */
  value: string;
  /** Set (to true) only for IP addresses and IPv4 CIDRs in private, reserved, loopback, link-local, CGNAT,
   * documentation, benchmarking or multicast ranges. */
  internal?: boolean;
}

export interface RecognizeOptions {
  /** Extra values and IPv4/IPv6 CIDRs to drop, added to the default 127.0.0.1, 0.0.0.0 and 255.255.255.255. */
  ignore?: string[];
  /** Maximum number of indicators returned; default 25. */
  cap?: number;
  /** How much of the text is read, in characters; default DEFAULT_MAX_CHARS. The answer says when it cut. */
  maxChars?: number;
}

export interface Recognition {
  /** At most `cap` indicators, in order of first appearance. */
  indicators: Indicator[];
  /** Distinct (not ignored) indicators found before the cap was applied. */
  total: number;
  capped: boolean;
  /** Distinct indicators dropped by the ignore list, in order of first appearance. */
  ignored: Indicator[];
  /** Indicators longer than MAX_INDICATOR_LENGTH: no Defender query can carry them, so they are not looked up. */
  tooLong: Indicator[];
  /** Set when the text was longer than maxChars: only its first `readChars` of `totalChars` characters were read. */
  truncated?: { readChars: number; totalChars: number };
}

/** Defender's query literals stop here (a longer URL cannot be searched; it would fail the query of its neighbours). */
export const MAX_INDICATOR_LENGTH = 4096;

export const DEFAULT_CAP = 25;

/**
 * Characters of one message the recognizer reads (64 KiB). Teams messages end near 28 KB and Slack's at 40,000
 * characters, so a real chat message or pasted report is read whole; a hostile one costs a bounded, small CPU time
 * (recognition is linear: see `npm run bench`, part recognizer) instead of blocking the event loop.
 */
export const DEFAULT_MAX_CHARS = 65_536;
export const DEFAULT_IGNORE: readonly string[] = ['127.0.0.1', '0.0.0.0', '255.255.255.255'];

/** An indicator found by the scanner, with the offset used to order by first appearance. */
export interface Candidate extends Indicator {
  start: number;
}
