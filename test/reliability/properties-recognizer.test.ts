import fc from 'fast-check';
import { parseCommand } from '../../src/core/commands';
import { parseActionText } from '../../src/core/conversation';
import { buildNativeHuntingQuery } from '../../src/defender/lookup/hunting-query';
import { kqlString, machineIdOrName, odataString, QueryValueError } from '../../src/defender/queries';
import { INDICATOR_TYPES, parseDeviceName, parseUpn, recognize, refang } from '../../src/entities';
import { figure, percentile } from './support/figures';
import { assertProperty } from '../helpers/property';

/*
 * Extends test/entities/properties.test.ts (refang round trips per type, recognition in context, well-formed results
 * for strings up to 300 characters) with what it leaves out: what the recognizer and the command parsers hand on must
 * be accepted by the query builders; the parsers of every command are total; inputs of chat size (100,000 characters,
 * the cut of MAX_COMMAND_TEXT) and pathological repetitions. Times are reported, not asserted.
 */

const TYPES = new Set<string>(INDICATOR_TYPES);

/** A property over inputs of kilobytes: the counterexample is cut short in the failure message. */
function assertShort<T>(property: fc.IProperty<T>, numRuns: number): void {
  assertProperty(property, { numRuns }, { shortCounterexample: true });
}

/** Glue and pieces of indicators, as in pasted alerts. */
const FRAGMENTS = [
  '1',
  '9',
  '255',
  '.',
  '[.]',
  '(.)',
  '[dot]',
  ':',
  '::',
  '@',
  '[at]',
  'a',
  'f',
  'ab',
  'evil',
  'com',
  'net',
  '/',
  '//',
  'http',
  'hxxps',
  '://',
  '[://]',
  ' ',
  '\n',
  '-',
  '_',
  '"',
  "'",
  '|',
  '<p>',
  '</p>',
  '&amp;',
  '?',
  '=',
  '#',
  '%',
  'CVE-',
  '2024',
  '-3400',
  'xn--',
  '0x',
  'ü',
  '。',
  '\u200B',
  'f6f8179ac71eaabff12b8c024342109b',
  'adc83b19e793491b1c6ea0fd8b46cd9f32e592fc',
  '00:1a:2b:3c:4d:5e',
  'ws-042',
  'alex@contoso.com',
];
const soup = (maxLength: number) => fc.array(fc.constantFrom(...FRAGMENTS), { maxLength, size: 'max' }).map((p) => p.join(''));

/** A URL whose path is long: pasted links from mail gateways and sandboxes reach several kilobytes. */
const longUrl = fc
  .tuple(
    fc.constantFrom('https', 'hxxps', 'http'),
    fc.constantFrom('evil-cdn.net', 'bad[.]example[.]org', '45.9.148.3'),
    fc.integer({ min: 1, max: 6000 }),
    fc.constantFrom('a', 'Ab0-', 'x/y_', '%41'),
  )
  .map(([scheme, host, n, unit]) => `${scheme}://${host}/${unit.repeat(Math.ceil(n / unit.length)).slice(0, n)}`);

describe('what the recognizer hands on is accepted by the query builders', () => {
  it('every recognised value fits a KQL literal, and e-mail addresses an OData literal', () => {
    assertShort(
      fc.property(
        fc.oneof(
          soup(80),
          longUrl,
          fc.tuple(longUrl, soup(20)).map(([u, s]) => `${s} ${u} 198.51.100.77`),
        ),
        (text) => {
          const found = recognize(text, { cap: 1000 }).indicators;
          for (const i of found) {
            // The lookup puts every indicator of a message into one hunting query: one refused value fails them all.
            expect(() => kqlString(i.value, 'indicator')).not.toThrow();
            if (i.type === 'email') expect(() => odataString(i.value)).not.toThrow();
          }
          expect(() => buildNativeHuntingQuery(found.map((i) => ({ type: i.type, value: i.value })))).not.toThrow();
        },
      ),
      400,
    );
  });

  it('a device name the `device` command accepts is host-name text, and the path builder takes it or refuses it clearly', () => {
    assertProperty(
      fc.property(fc.oneof(soup(12), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 30 })), (text) => {
        const device = parseDeviceName(text);
        if (!device) return;
        expect(device.value).toMatch(/^[a-z0-9_.-]+$/);
        expect(() => kqlString(device.value)).not.toThrow();
        // "_x" is a DNS label but not a computer name: `actions _x` answers "device "_x" is not a machine id ...".
        try {
          machineIdOrName(device.value);
        } catch (err) {
          expect(err).toBeInstanceOf(QueryValueError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a UPN the `user` command accepts fits the KQL and OData literals it is put in', () => {
    const upnish = fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...`ab.'|{}=+!#$%&*/?^\`~-_"\\ ü1`.split('')), minLength: 1, maxLength: 64 }),
        fc.constantFrom('contoso.com', 'CONTOSO.local', 'bücher.de', 'x'),
      )
      .map(([local, domain]) => `${local}@${domain}`);
    assertProperty(
      fc.property(fc.oneof(upnish, fc.string({ maxLength: 80 })), (text) => {
        const upn = parseUpn(text);
        if (upn === undefined) return;
        expect(() => kqlString(upn)).not.toThrow();
        expect(() => odataString(upn)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the command parsers are total', () => {
  const KINDS = new Set(['help', 'lookup', 'device', 'user', 'hunt', 'actions', 'responseAction', 'unknown']);
  const commandish = fc
    .tuple(
      fc.constantFrom('', 'lookup ', 'LOOKUP ', '/device ', 'user ', 'hunt ', 'actions ', 'isolate ', 'block ', 'audit ', 'help', '  '),
      fc.string({ unit: 'binary', maxLength: 200 }),
    )
    .map(([a, b]) => a + b);

  it('parseCommand: any text gives one of the commands, and a lookup keeps its text', () => {
    assertProperty(
      fc.property(fc.oneof(commandish, soup(40)), (text) => {
        const c = parseCommand(text);
        expect(KINDS.has(c.kind)).toBe(true);
        if (c.kind === 'lookup') expect(c.text.length).toBeGreaterThan(0);
        if (c.kind === 'lookup' && /^lookup\s+\S/i.test(text.replace(/\u0000/g, '').trim()))
          expect(c.text).toBe(
            text
              .replace(/\u0000/g, '')
              .trim()
              .slice(6)
              .trim(),
          );
      }),
      { numRuns: 3000 },
    );
  });

  it('parseActionText: any text gives a clear request for more or parameters of one word each', () => {
    assertProperty(
      fc.property(
        fc.constantFrom('isolate', 'release', 'unisolate', 'quarantine', 'scan', 'restrict', 'unrestrict', 'collect', 'block'),
        fc.oneof(soup(30), fc.string({ unit: 'binary', maxLength: 120 })),
        (verb, text) => {
          const parsed = parseActionText(verb, text);
          if ('error' in parsed) {
            expect(parsed.error).toMatch(/^Write: /);
            return;
          }
          for (const [key, value] of Object.entries(parsed.params)) {
            expect(value).not.toMatch(/\s/);
            if (key === 'deviceName') {
              // The device goes through machineIdOrName: accepted, or refused with a message the person can read.
              try {
                machineIdOrName(value);
              } catch (err) {
                expect(err).toBeInstanceOf(QueryValueError);
              }
            }
          }
          if (parsed.reason !== undefined) expect(parsed.reason).toBe(parsed.reason.trim());
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('chat-size and pathological inputs', () => {
  const PATHOLOGICAL: [string, string][] = [
    ['1. repeated', '1.'.repeat(50_000)],
    ['[.] repeated', 'a[.]'.repeat(25_000)],
    [': repeated', 'a:'.repeat(50_000)],
    ['@ runs', `${'a'.repeat(60_000)}@${'b.'.repeat(19_000)}`],
    ['hxxp:// repeated', 'hxxp://'.repeat(14_000)],
    ['digits', '9'.repeat(100_000)],
    ['nested brackets', `${'('.repeat(50_000)}${')'.repeat(50_000)}`],
    ['html', '<p>&amp;'.repeat(12_500)],
    ['lone surrogates', '\uD800a\uDC00'.repeat(33_000)],
  ];

  it.each(PATHOLOGICAL)('%s (100,000 characters): a well-formed result', (name, text) => {
    const started = process.hrtime.bigint();
    const r = recognize(text, { cap: 25 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(r.indicators.length).toBeLessThanOrEqual(25);
    for (const i of r.indicators) expect(TYPES.has(i.type)).toBe(true);
    figure('properties: recognizer', `recognize() on ${name} (100 kB)`, ms, 'ms');
  });

  it('random 100,000-character pastes: well-formed, refang never throws', () => {
    const times: number[] = [];
    assertProperty(
      fc.property(
        soup(20_000).map((s) => s.slice(0, 100_000)),
        (text) => {
          const started = process.hrtime.bigint();
          const r = recognize(text, { cap: 25 });
          times.push(Number(process.hrtime.bigint() - started) / 1e6);
          expect(r.indicators.length).toBeLessThanOrEqual(25);
          expect(r.total).toBeGreaterThanOrEqual(r.indicators.length);
          expect(typeof refang(text)).toBe('string');
        },
      ),
      { numRuns: 15 },
    );
    figure(
      'properties: recognizer',
      'recognize() on random 100 kB pastes, p95',
      percentile(times, 95),
      'ms',
      `${times.length} pastes, max ${Math.round(Math.max(...times))} ms`,
    );
  });
});
