import { performance } from 'node:perf_hooks';
import { capNotice, DEFAULT_MAX_CHARS, INDICATOR_TYPES, recognize, type IndicatorType, type Recognition } from '../../src/entities';

/*
 * Hostile and oversize inputs: each must give the right answer, never throw, and finish well within a generous
 * bound (5 s; they take milliseconds) so a slow CI machine does not make the test flaky. They are read whole
 * (maxChars lifted); a chat turn reads the first 64 KB (see "the text a turn reads" below).
 */

const LIMIT_MS = 5000;
const timings: Array<[string, number, number]> = [];

/** The whole text is read (no maxChars cut), so the scanners themselves meet the big inputs; the cut has its own tests. */
function timed(name: string, text: string, cap?: number): Recognition {
  const t0 = performance.now();
  const r = recognize(text, { maxChars: Number.POSITIVE_INFINITY, ...(cap === undefined ? {} : { cap }) });
  const ms = performance.now() - t0;
  timings.push([name, text.length, ms]);
  expect(ms).toBeLessThan(LIMIT_MS);
  return r;
}

const values = (r: Recognition): string[] => r.indicators.map((i) => `${i.type} ${i.value}`);
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** The i-th of 10,000 distinct indicators, cycling through all eleven types, and its canonical value. */
function indicator(i: number): { text: string; type: IndicatorType; value: string } {
  const hi = (i >> 8) & 255;
  const lo = i & 255;
  switch (i % 11) {
    case 0:
      return { text: `45.${hi}.${lo}.7`, type: 'ipv4', value: `45.${hi}.${lo}.7` };
    case 1:
      return { text: `46.${hi}.${lo}.0/24`, type: 'ipv4cidr', value: `46.${hi}.${lo}.0/24` };
    case 2:
      return { text: `2A01:4F8::${hex(i, 4)}`, type: 'ipv6', value: `2a01:4f8::${i.toString(16)}` };
    case 3:
      return { text: `host${i}[.]evil-cdn[.]net`, type: 'domain', value: `host${i}.evil-cdn.net` };
    case 4:
      return { text: `hxxps://evil-cdn[.]net/p/${i}`, type: 'url', value: `https://evil-cdn.net/p/${i}` };
    case 5:
      return { text: `user${i}[at]evil-cdn.net`, type: 'email', value: `user${i}@evil-cdn.net` };
    case 6:
      return { text: `A${hex(i, 31)}`, type: 'md5', value: `a${hex(i, 31)}` };
    case 7:
      return { text: `b${hex(i, 39)}`, type: 'sha1', value: `b${hex(i, 39)}` };
    case 8:
      return { text: `c${hex(i, 63)}`, type: 'sha256', value: `c${hex(i, 63)}` };
    case 9:
      return { text: `CVE-2024-${10000 + i}`, type: 'cve', value: `CVE-2024-${10000 + i}` };
    default:
      return { text: `02-00-00-${hex(hi, 2)}-${hex(lo, 2)}-AA`, type: 'mac', value: `02:00:00:${hex(hi, 2)}:${hex(lo, 2)}:aa` };
  }
}

function bigMessage(): { text: string; first: string } {
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    lines.push(`Alert ${i}: suspicious activity involving ${indicator(i).text} was reported; review it (v1.2.3).`);
  }
  let text = lines.join('\n');
  const filler = '\nThe analyst notes that nothing else in this paragraph is an indicator of compromise at all.';
  while (text.length < 1_000_000) text += filler;
  const first = indicator(0);
  return { text, first: `${first.type} ${first.value}` };
}

describe('hostile and oversize input', () => {
  afterAll(() => {
    const rows = timings.map(([name, len, ms]) => `${name.padEnd(44)} ${String(len).padStart(9)} ${ms.toFixed(1).padStart(9)}`);
    console.log(['Hostile inputs: name, characters, milliseconds', ...rows].join('\n'));
  });

  it('a 1 MB message with 10,000 distinct indicators: all counted, the first 25 returned, in order', () => {
    const { text, first } = bigMessage();
    expect(text.length).toBeGreaterThanOrEqual(1_000_000);
    const r = timed('1 MB, 10,000 indicators (default cap)', text);
    expect(r.total).toBe(10_000);
    expect(r.capped).toBe(true);
    expect(r.indicators).toHaveLength(25);
    expect(values(r)[0]).toBe(first);
    expect(values(r)).toEqual(Array.from({ length: 25 }, (_, i) => `${indicator(i).type} ${indicator(i).value}`));
    expect(capNotice(r)).toBe('looked up the first 25 of 10000 indicators');

    const all = timed('1 MB, 10,000 indicators (no cap)', text, 20_000);
    expect(all.indicators).toHaveLength(10_000);
    const perType = new Map<IndicatorType, number>(INDICATOR_TYPES.map((t) => [t, 0]));
    for (const i of all.indicators) perType.set(i.type, (perType.get(i.type) ?? 0) + 1);
    for (const t of INDICATOR_TYPES) {
      const expected = Array.from({ length: 10_000 }, (_, i) => indicator(i).type).filter((x) => x === t).length;
      expect([t, perType.get(t)]).toEqual([t, expected]);
    }
    expect(new Set(values(all))).toEqual(new Set(Array.from({ length: 10_000 }, (_, i) => `${indicator(i).type} ${indicator(i).value}`)));
  });

  it('the same indicator 10,000 times counts once', () => {
    const r = timed('10,000 copies of one address', Array(10_000).fill('45.9.148.3').join(', '));
    expect(values(r)).toEqual(['ipv4 45.9.148.3']);
    expect(r.total).toBe(1);
  });

  it.each([
    ['100k dots', '.'.repeat(100_000)],
    ['100k [.]', '[.]'.repeat(100_000)],
    ['100k [dot]', '[dot]'.repeat(100_000)],
    ['200k-character single token', 'a'.repeat(200_000)],
    ['200k-character mixed token', 'aZ9_-'.repeat(40_000)],
    ['200k hex digits', 'ab12'.repeat(50_000)],
    ['hex run of 100k (SHA-512 x 780)', 'f'.repeat(100_000)],
    ['"a." x 100k', 'a.'.repeat(100_000)],
    ['"1." x 100k', '1.'.repeat(100_000)],
    ['"1.2.3.4." x 30k', '1.2.3.4.'.repeat(30_000)],
    ['200k colons', ':'.repeat(200_000)],
    ['"a:" x 100k', 'a:'.repeat(100_000)],
    ['"1:" x 100k', '1:'.repeat(100_000)],
    ['"ab:cd:" x 50k', 'ab:cd:'.repeat(50_000)],
    ['200k @', '@'.repeat(200_000)],
    ['"a@" x 100k', 'a@'.repeat(100_000)],
    ['200k <', '<'.repeat(200_000)],
    ['"<a " x 70k', '<a '.repeat(70_000)],
    ['"[a](" x 50k', '[a]('.repeat(50_000)],
    ['"http://" x 30k', 'http://'.repeat(30_000)],
    ['"a://" x 50k', 'a://'.repeat(50_000)],
    ['"hxxp[:]//" x 20k', 'hxxp[:]//'.repeat(20_000)],
    ['"&amp;" x 50k', '&amp;'.repeat(50_000)],
    ['"cve " x 50k', 'cve '.repeat(50_000)],
    ['200k underscores', '_'.repeat(200_000)],
    ['200k hyphens', '-'.repeat(200_000)],
    ['300k CJK letters', 'テスト'.repeat(100_000)],
    ['200k control characters', Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(i % 32)).join('')],
    ['200k lone surrogates', '\uD800\uDC00\uDC00\uD800'.repeat(50_000).slice(1)],
  ])('%s: nothing, quickly', (name, text) => {
    const r = timed(name, text);
    expect(r.indicators).toEqual([]);
    expect(r.total).toBe(0);
  });

  it.each([
    ['100k "(" around a URL', `${'('.repeat(100_000)}http://evil-cdn.net/x${')'.repeat(100_000)}`, ['url http://evil-cdn.net/x']],
    ['URL followed by 200k dots', `http://evil-cdn.net/${'.'.repeat(200_000)}`, ['url http://evil-cdn.net/']],
    // Recognised, but too long for any Defender query: set aside (and named in the answer), never looked up.
    ['500k-character URL', `https://evil-cdn.net/${'a/'.repeat(250_000)}x 45.9.148.3`, ['ipv4 45.9.148.3']],
    ['URL with 100k "a("', `http://evil-cdn.net/${'a('.repeat(100_000)} 45.9.148.3`, ['ipv4 45.9.148.3']],
    ['200k zero-width spaces then an IP', `${'\u200B'.repeat(200_000)}45.9.148.3`, ['ipv4 45.9.148.3']],
    ['lone surrogates around a domain', `${'\uD800'.repeat(100_000)} evil-cdn.net ${'\uDC00'.repeat(100_000)}`, ['domain evil-cdn.net']],
    ['100k unclosed <at> then an IP', `${'<at>x'.repeat(100_000)} 45.9.148.3`, ['ipv4 45.9.148.3']],
    ['100k unclosed <!-- then an IP', `${'<!--'.repeat(100_000)} 45.9.148.3`, ['ipv4 45.9.148.3']],
    ['100k <b> tags around an IP', `${'<b>x</b>'.repeat(100_000)} 45.9.148.3`, ['ipv4 45.9.148.3']],
    ['100k e-mail-like runs then an address', `${'a@b.'.repeat(100_000)} bob@evil-cdn.net`, ['email bob@evil-cdn.net']],
    ['200k-label host name then a domain', `${'a.'.repeat(100_000)}com evil-cdn.net`, ['domain evil-cdn.net']],
  ])('%s', (name, text, expected) => {
    const r = timed(name, text);
    expect(values(r)).toEqual(expected);
    if (/^(500k-character URL|URL with 100k)/.test(name))
      expect(r.tooLong.map((i) => `${i.type} ${i.value.slice(0, 24)}`)).toEqual([`url ${text.slice(0, 24)}`]);
  });

  it('1 MB of pseudo-random printable text gives a well-formed result', () => {
    let seed = 42;
    const chars: string[] = [];
    const alphabet = 'abcdef0123456789.:/@[]()<>-_ \n"\'hxtp';
    for (let i = 0; i < 1_000_000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      chars.push(alphabet[seed % alphabet.length] as string);
    }
    const r = timed('1 MB pseudo-random', chars.join(''));
    expect(r.indicators.length).toBeLessThanOrEqual(25);
    expect(r.total).toBeGreaterThanOrEqual(r.indicators.length);
  });

  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [undefined, null, 42, {}, [], Symbol.iterator.toString(), '\u0000', '\uFFFF', '\uD83D'];
    for (const x of odd) {
      expect(() => recognize(x as string)).not.toThrow();
      expect(recognize(x as string).indicators).toEqual([]);
    }
    expect(() => recognize('1.2.3.4', { cap: Number.NaN, ignore: [null as unknown as string, '', '/', '::/999'] })).not.toThrow();
  });
});

describe('the text a turn reads (maxChars, default 64 KB)', () => {
  const filler = (n: number) => 'lorem ipsum dolor sit amet '.repeat(Math.ceil(n / 27)).slice(0, n);

  it('reads a message up to 64 KB whole and says nothing', () => {
    const text = `${filler(65_000)} 45.9.148.3`;
    expect(text.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    const r = recognize(text);
    expect(values(r)).toEqual(['ipv4 45.9.148.3']);
    expect(r.truncated).toBeUndefined();
    expect(capNotice(r)).toBeUndefined();
  });

  it('reads the first 64 KB of a longer one, and says so in the answer', () => {
    const text = `45.9.148.3 ${filler(300_000)} 45.9.148.4`;
    const r = recognize(text);
    expect(values(r)).toEqual(['ipv4 45.9.148.3']);
    expect(r.truncated).toEqual({ readChars: expect.any(Number), totalChars: text.length });
    expect(r.truncated!.readChars).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    expect(r.truncated!.readChars).toBeGreaterThan(DEFAULT_MAX_CHARS - 30);
    expect(capNotice(r)).toBe('read the first 64 KB of 293 KB of the message');
  });

  it('never cuts an indicator in two: a URL across the limit is left out, not reported shortened', () => {
    const url = 'https://evil-cdn.net/payload/stage2/loader.bin?id=123456789';
    const text = `${filler(DEFAULT_MAX_CHARS - 20)} ${url} 45.9.148.3`;
    const r = recognize(text);
    expect(values(r)).toEqual([]);
    expect(r.truncated?.readChars).toBe(DEFAULT_MAX_CHARS - 20);
    // No whitespace near the limit (one enormous token): cut at the limit, never inside a surrogate pair.
    const emoji = `${'x'.repeat(DEFAULT_MAX_CHARS - 1)}\u{1F600}tail`;
    expect(recognize(emoji).truncated?.readChars).toBe(DEFAULT_MAX_CHARS - 1);
  });

  it('combines with the indicator cap and the overlong notices in one sentence', () => {
    const ips = Array.from({ length: 40 }, (_, i) => `45.9.148.${i + 1}`).join(' ');
    const r = recognize(`${ips} ${filler(100_000)}`, { cap: 25 });
    expect(capNotice(r)).toBe('read the first 64 KB of 98 KB of the message; looked up the first 25 of 40 indicators');
    expect(recognize(`${ips} ${filler(100_000)}`, { cap: 25, maxChars: 200_000 }).truncated).toBeUndefined();
  });

  it('takes any maxChars the caller gives, and ignores nonsense', () => {
    expect(recognize('45.9.148.3 45.9.148.4', { maxChars: 11 }).indicators.map((i) => i.value)).toEqual(['45.9.148.3']);
    for (const bad of [0, -5, Number.NaN, '10' as unknown as number]) expect(recognize('45.9.148.3', { maxChars: bad }).truncated).toBeUndefined();
  });
});
