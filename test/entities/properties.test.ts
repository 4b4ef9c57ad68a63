import fc from 'fast-check';
import { INDICATOR_TYPES, recognize, refang, type Indicator, type IndicatorType } from '../../src/entities';
import { FILE_EXTENSION_TLDS } from '../../src/entities/domain';
import { assertProperty } from '../helpers/property';

/*
 * Property tests. Generators build valid indicators of every type with their expected canonical value, and a
 * random defanged spelling of them; recognising the spelling in a random context must give back exactly the
 * canonical value. Any string at all must give a well-formed result.
 */

interface Sample {
  type: IndicatorType;
  /** Plain spelling, before defanging. */
  plain: string;
  /** Random defanged spelling. */
  text: string;
  /** Expected canonical value. */
  value: string;
}

const DOT_DEFANGS = ['.', '.', '[.]', '(.)', '{.}', '[dot]', '(dot)', '{dot}', '[DOT]', '\\.', '].[', '(.]', '{.)'];
const AT_DEFANGS = ['@', '[@]', '(@)', '{@}', '[at]', '(at)', '{at}', '[AT]', '(At)'];
const SLASH_DEFANGS = ['/', '/', '[/]'];

/** Replaces each occurrence of `ch` in `text` with one of `forms`, chosen by successive `picks`. */
function defangChar(text: string, ch: string, forms: readonly string[], picks: readonly number[]): string {
  let k = 0;
  return text
    .split(ch)
    .map((part, i) => (i === 0 ? part : `${forms[(picks[k++ % Math.max(picks.length, 1)] ?? 0) % forms.length]}${part}`))
    .join('');
}

const picks = fc.array(fc.nat(), { minLength: 1, maxLength: 12 });

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/).filter((l) => !(l[2] === '-' && l[3] === '-'));
const TLDS = ['com', 'net', 'org', 'io', 'de', 'co.uk', 'com.au', 'info', 'ru', 'xyz', 'online', 'jp', 'fr'];
const domainName = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom(...TLDS)).map(([labels, tld]) => `${labels.join('.')}.${tld}`);

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc
  .tuple(octet, octet, octet, octet)
  .map((o) => o.join('.'))
  .filter((ip) => !['127.0.0.1', '0.0.0.0', '255.255.255.255'].includes(ip));

function dotted(type: IndicatorType, plain: string, value: string): fc.Arbitrary<Sample> {
  return picks.map((p) => ({ type, plain, text: defangChar(plain, '.', DOT_DEFANGS, p), value }));
}

const ipv4Sample = ipv4.chain((ip) => dotted('ipv4', ip, ip));

const cidrSample = fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).chain(([ip, n]) => dotted('ipv4cidr', `${ip}/${n}`, `${ip}/${n}`));

const domainSample = fc.tuple(domainName, fc.boolean()).chain(([d, upper]) => dotted('domain', upper ? d.toUpperCase() : d, d));

/** Eight groups, never IPv4-mapped nor all zero; the oracle is the WHATWG URL serialiser (RFC 5952 compatible). */
const ipv6Groups = fc
  .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
  .filter((g) => g.some((x) => x !== 0) && !(g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff));
const ipv6Sample = fc.tuple(ipv6Groups, fc.constantFrom('full', 'short', 'compressed'), fc.boolean(), picks).map(([groups, form, upper, p]): Sample => {
  const hex = groups.map((g) => g.toString(16));
  const value = new URL(`http://[${hex.join(':')}]/`).hostname.slice(1, -1);
  let plain = form === 'full' ? hex.map((h) => h.padStart(4, '0')).join(':') : form === 'short' ? hex.join(':') : value;
  if (upper) plain = plain.toUpperCase();
  return { type: 'ipv6', plain, text: defangChar(plain, ':', [':', ':', ':', '[:]'], p), value };
});

const SCHEME_DEFANGS: Record<string, string[]> = {
  http: ['http', 'hxxp', 'hXXp', 'HXXP', 'h**p'],
  https: ['https', 'hxxps', 'hXXps', 'h**ps', 'HxxPS'],
  ftp: ['ftp', 'fxp', 'fXp', 'FXP'],
};
const pathSegment = fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/);
const urlSample = fc
  .tuple(
    fc.constantFrom('http', 'https', 'ftp'),
    fc.oneof(domainName, ipv4),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    fc.array(pathSegment, { maxLength: 4 }),
    fc.option(fc.tuple(pathSegment, pathSegment), { nil: undefined }),
    fc.boolean(),
    picks,
    picks,
    fc.nat(),
    fc.constantFrom('://', '://', '[://]', '[:]//'),
  )
  .map(([scheme, host, port, segments, query, upperHost, dotPicks, slashPicks, schemePick, sep]): Sample => {
    const tail = `${port === undefined ? '' : `:${port}`}${segments.length > 0 ? `/${segments.join('/')}` : ''}${
      query === undefined ? '' : `?${query[0]}=${query[1]}`
    }`;
    const hostText = upperHost ? host.toUpperCase() : host;
    const forms = SCHEME_DEFANGS[scheme] as string[];
    const text =
      `${forms[schemePick % forms.length]}${sep}` + `${defangChar(hostText, '.', DOT_DEFANGS, dotPicks)}${defangChar(tail, '/', SLASH_DEFANGS, slashPicks)}`;
    return { type: 'url', plain: `${scheme}://${hostText}${tail}`, text, value: `${scheme}://${host}${tail}` };
  });

const localPart = fc.stringMatching(/^[A-Za-z0-9]{1,8}(?:[._+-][A-Za-z0-9]{1,8}){0,2}$/);
const emailSample = fc.tuple(localPart, domainName, fc.constantFrom(...AT_DEFANGS), picks).map(([local, domain, at, dotPicks]): Sample => ({
  type: 'email',
  plain: `${local}@${domain}`,
  text: `${local}${at}${defangChar(domain, '.', DOT_DEFANGS, dotPicks)}`,
  value: `${local}@${domain}`,
}));

function hexOf(length: number): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...'0123456789abcdef'), { minLength: length, maxLength: length })
    .map((cs) => cs.join(''))
    .filter((h) => /[a-f]/.test(h));
}
const hashSample = fc
  .tuple(fc.constantFrom<['md5' | 'sha1' | 'sha256', number]>(['md5', 32], ['sha1', 40], ['sha256', 64]), fc.boolean())
  .chain(([[type, length], upper]) =>
    hexOf(length).map((h): Sample => ({ type, plain: upper ? h.toUpperCase() : h, text: upper ? h.toUpperCase() : h, value: h })),
  );

const cveSample = fc
  .tuple(
    fc.integer({ min: 1999, max: 2099 }),
    fc.oneof(fc.stringMatching(/^\d{4}$/), fc.stringMatching(/^[1-9]\d{4,6}$/)),
    fc.constantFrom('CVE-', 'cve-', 'Cve-', 'CVE ', 'CVE\u2011'),
    fc.constantFrom('-', '\u2011'),
  )
  .map(([year, seq, prefix, hyphen]): Sample => {
    const text = `${prefix}${year}${hyphen}${seq}`;
    return { type: 'cve', plain: text, text, value: `CVE-${year}-${seq}` };
  });

const macSample = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 6, maxLength: 6 }), fc.constantFrom('colon', 'dash', 'cisco'), fc.boolean(), picks)
  .map(([bytes, form, upper, p]): Sample => {
    const hex = bytes.map((b) => b.toString(16).padStart(2, '0'));
    const value = hex.join(':');
    let plain =
      form === 'colon' ? value : form === 'dash' ? hex.join('-') : [hex.slice(0, 2), hex.slice(2, 4), hex.slice(4, 6)].map((p2) => p2.join('')).join('.');
    if (upper) plain = plain.toUpperCase();
    const text = form === 'cisco' ? defangChar(plain, '.', DOT_DEFANGS, p) : plain;
    return { type: 'mac', plain, text, value };
  });

const anySample: fc.Arbitrary<Sample> = fc.oneof(ipv4Sample, cidrSample, ipv6Sample, domainSample, urlSample, emailSample, hashSample, cveSample, macSample);

/** Surroundings an indicator is pasted in. */
const CONTEXTS: ReadonlyArray<readonly [string, string]> = [
  ['', ''],
  [' ', ' '],
  ['IOC: ', '.'],
  ['(', ')'],
  ['"', '"'],
  ["'", "'"],
  ['[', ']'],
  ['<', '>'],
  ['`', '`'],
  ['**', '**'],
  ['<p>', '</p>'],
  ['\n- ', ',\n'],
  ['src=', ';'],
  ['\u00A0', '\u00A0'],
  ['\u201C', '\u201D'],
  ['blocked ', ' today'],
];
const context = fc.constantFrom(...CONTEXTS);

function sameIndicators(r: Indicator[], type: IndicatorType, value: string): boolean {
  return r.length === 1 && r[0]?.type === type && r[0]?.value === value;
}

describe('properties', () => {
  it('refang gives back every defanged value', () => {
    assertProperty(
      fc.property(anySample, (s) => {
        expect(refang(s.text)).toBe(s.plain);
      }),
      { numRuns: 2000 },
    );
  });

  it('recognises every defanged indicator as its canonical value, in any context', () => {
    assertProperty(
      fc.property(anySample, context, (s, [before, after]) => {
        const r = recognize(`${before}${s.text}${after}`);
        if (!sameIndicators(r.indicators, s.type, s.value)) {
          throw new Error(`${JSON.stringify(before + s.text + after)} gave ${JSON.stringify(r.indicators)}; expected ${s.type} ${s.value}`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('recognises several indicators in one message, in order and de-duplicated', () => {
    assertProperty(
      fc.property(fc.array(anySample, { minLength: 1, maxLength: 8 }), (samples) => {
        const r = recognize(samples.map((s) => s.text).join(' \n '), { cap: 100 });
        const expected: string[] = [];
        for (const s of samples) {
          const key = `${s.type} ${s.value.toLowerCase()}`;
          if (!expected.includes(key)) expected.push(key);
        }
        expect(r.indicators.map((i) => `${i.type} ${i.value.toLowerCase()}`)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('refang leaves text without defang characters unchanged', () => {
    assertProperty(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvw0123456789.:/@ -_\n'.split('')) }), (s) => {
        expect(refang(s)).toBe(s);
      }),
    );
  });
});

const TYPES: ReadonlySet<string> = new Set(INDICATOR_TYPES);
const IP_TYPES: ReadonlySet<string> = new Set(['ipv4', 'ipv4cidr', 'ipv6']);

/** The structural promises of recognize(), for any input. */
function checkWellFormed(text: string, cap: number | undefined, ignore: string[] | undefined): void {
  const r = recognize(text, { cap, ignore });
  const effectiveCap = cap ?? 25;
  expect(r.indicators.length).toBeLessThanOrEqual(effectiveCap);
  expect(r.total).toBeGreaterThanOrEqual(r.indicators.length);
  expect(r.capped).toBe(r.total > effectiveCap);
  const keys = new Set<string>();
  for (const i of [...r.indicators, ...r.ignored]) {
    expect(TYPES.has(i.type)).toBe(true);
    expect(typeof i.value).toBe('string');
    expect(i.value.length).toBeGreaterThan(0);
    expect(i.value).not.toMatch(/\s/);
    if (i.internal !== undefined) {
      expect(i.internal).toBe(true);
      expect(IP_TYPES.has(i.type)).toBe(true);
    }
    const key = `${i.type} ${i.value.toLowerCase()}`;
    expect(keys.has(key)).toBe(false);
    keys.add(key);
  }
}

/** Fragments that exercise every code path when strung together at random. */
const FRAGMENTS = [
  '1',
  '2',
  '255',
  '10',
  '.',
  '[.]',
  '(.)',
  '[dot]',
  '\\.',
  ':',
  '::',
  '[:]',
  '@',
  '[at]',
  'a',
  'f',
  'ff',
  'ab:',
  'evil',
  'com',
  'net',
  'zip',
  '/',
  '//',
  'http',
  'https',
  'hxxp',
  'h**p',
  'fxp',
  '://',
  '[://]',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '<',
  '>',
  '"',
  "'",
  ' ',
  '\n',
  '-',
  '_',
  '*',
  '~',
  '`',
  '%',
  '?',
  '#',
  '=',
  ',',
  ';',
  '|',
  '&amp;',
  '&#46;',
  '<a href="',
  '">',
  '</a>',
  '<at>',
  '</at>',
  '<p>',
  '<!--',
  '-->',
  '<http://',
  '|',
  '<@U1>',
  '<!here>',
  '](',
  '![',
  '\u200B',
  '\u00AD',
  '\u3002',
  '\uFF0E',
  '\u00A0',
  '\u2011',
  'テスト',
  'рф',
  '\uD800',
  '\uDC00',
  '😀',
  '\u0000',
  'CVE-',
  'cve ',
  '2021',
  '-44228',
  'xn--',
  '0x',
  'f6f8179ac71eaabff12b8c024342109b',
  '/24',
  '%eth0',
  'www.',
  '.com',
];
/** Whole indicators, so the soup also tests what the glue around a real indicator does to it. */
const WHOLE = [
  '45.9.148.3',
  '10.0.0.0/8',
  'evil-cdn.net',
  'bücher.de',
  'https://evil-cdn.net/a?b=1',
  'hxxp://bad[.]org/x(1)',
  'bob@evil-cdn.net',
  '2001:db8::1',
  'fe80::1%eth0',
  '::ffff:1.2.3.4',
  'f6f8179ac71eaabff12b8c024342109b',
  'adc83b19e793491b1c6ea0fd8b46cd9f32e592fc',
  'CVE-2021-44228',
  '00:1a:2b:3c:4d:5e',
  '001a.2b3c.4d5e',
  'x[.]zip',
];
const soup = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.constantFrom(...WHOLE) }), {
    maxLength: 60,
    size: 'max',
  })
  .map((parts) => parts.join(''));

describe('robustness', () => {
  const options = fc.record({
    cap: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
    ignore: fc.option(fc.array(fc.oneof(fc.string(), fc.constantFrom('10.0.0.0/8', 'fc00::/7', 'evil.com', '1.1.1.1'))), {
      nil: undefined,
    }),
  });

  it.each([
    ['grapheme-ascii', fc.string({ maxLength: 300 })],
    ['binary-ascii (control characters)', fc.string({ unit: 'binary-ascii', maxLength: 300 })],
    ['binary (any code point)', fc.string({ unit: 'binary', maxLength: 300 })],
    ['grapheme (unicode)', fc.string({ unit: 'grapheme', maxLength: 200 })],
    ['UTF-16 code units (lone surrogates)', fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300 })],
    ['indicator soup', soup],
  ] as const)('gives a well-formed result for any string: %s', (_name, arb) => {
    assertProperty(
      fc.property(arb, options, (text, o) => {
        checkWellFormed(text, o.cap, o.ignore);
      }),
      { numRuns: 1500 },
    );
  });

  it('reports the URLs the soup property once found (seeds 567365968, 1144690409) as they read when pasted alone', () => {
    // "![[dot]1]()" refangs to "![.1]()", an (empty) Markdown image: it is read as one, whether refanging made it or not.
    const found = 'https://evil-cdn.net/a?b=1![[dot]1]()';
    expect(recognize(found).indicators).toEqual([{ type: 'url', value: 'https://evil-cdn.net/a?b=1' }]);
    expect(recognize('https://evil-cdn.net/a?b=1![.1]()').indicators).toEqual([{ type: 'url', value: 'https://evil-cdn.net/a?b=1' }]);
    // Found with FC_RUNS_FACTOR=20 (seed 1144690409): a URL cut before CJK prose is trimmed as any URL end is.
    expect(recognize('fxp[://]45.9.148.3:テスト').indicators).toEqual([{ type: 'url', value: 'ftp://45.9.148.3' }]);
    expect(recognize('see hxxps://evil-cdn[.]net/a?b=1![[dot]1](hxxp://x[.]org/p) now').indicators).toEqual([
      { type: 'url', value: 'https://evil-cdn.net/a?b=1' },
      { type: 'url', value: 'http://x.org/p' },
    ]);
  });

  it('reports each indicator of the soup again when it is pasted alone', () => {
    assertProperty(
      fc.property(soup, (text) => {
        for (const i of recognize(text, { cap: 1000 }).indicators) {
          // A defanged file-extension name (x[.]zip) is a domain only while it stays defanged.
          if (i.type === 'domain' && FILE_EXTENSION_TLDS.has(i.value.slice(i.value.lastIndexOf('.') + 1))) continue;
          // A URL kept as written may itself contain a defang form that refanging produced ("x(1)\.}" gives
          // "x(1).}"); pasted again it is refanged again, so only values refang leaves alone are compared.
          if (refang(i.value) !== i.value) continue;
          const again = recognize(i.value).indicators;
          if (!sameIndicators(again, i.type, i.value)) {
            throw new Error(`${JSON.stringify(text)}: ${i.type} ${i.value} alone gave ${JSON.stringify(again)}`);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
