import fc from 'fast-check';
import { escapeMarkdown } from '../../src/cards/adaptive';
import { clipText, sanitizeText } from '../../src/cards/adaptive/escape-markdown';
import { httpsUrlOrUndefined, isSafeRequestId } from '../../src/cards/adaptive/safe-action-values';
import { activeMarkdown } from './card-checks';
import { assertProperty } from '../helpers/property';

const unescape = (text: string) => text.replace(/\\([\s\S])/g, '$1');

describe('escapeMarkdown', () => {
  it.each([
    ['[Approve](https://evil)', '\\[Approve\\](https://evil)'],
    ['**bold**', '\\*\\*bold\\*\\*'],
    ['# heading', '\\# heading'],
    ['###### six', '\\###### six'],
    ['####### seven is text', '####### seven is text'],
    ['#hashtag', '#hashtag'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['---', '\\---'],
    ['1. first', '1\\. first'],
    ['2) second', '2\\) second'],
    ['> quote', '\\> quote'],
    ['<at>x</at>', '\\<at\\>x\\</at\\>'],
    ['C:\\Windows\\Temp\\a_b.exe', 'C:\\\\Windows\\\\Temp\\\\a\\_b.exe'],
    ['${expr}', '$\\{expr}'],
    ['\\${expr}', '\\\\$\\{expr}'],
    ['&amp; R&D', '\\&amp; R&D'],
  ])('escapes %j', (raw, escaped) => {
    expect(escapeMarkdown(raw)).toBe(escaped);
  });

  it.each([
    ['10.20.4.17', '10.20.4.17'],
    ['2025-06-01 22:14 UTC', '2025-06-01 22:14 UTC'],
    ['DeviceNetworkEvents | where RemotePort == 443', 'DeviceNetworkEvents | where RemotePort == 443'],
    ['powershell.exe -nop -c "IEX (New-Object Net.WebClient)"', 'powershell.exe -nop -c "IEX (New-Object Net.WebClient)"'],
    ['{"json": [1]}', '{"json": \\[1\\]}'],
  ])('leaves readable values readable: %j', (raw, escaped) => {
    expect(escapeMarkdown(raw)).toBe(escaped);
  });

  it('makes any string one inert line that reads as the sanitized original', () => {
    assertProperty(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (raw) => {
        const escaped = escapeMarkdown(raw);
        expect(activeMarkdown(escaped)).toBeUndefined();
        expect(escaped).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/);
        expect(escaped).not.toContain('${');
        expect(unescape(escaped)).toBe(sanitizeText(raw));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sanitizeText', () => {
  it('collapses control characters and line breaks into single spaces, and trims', () => {
    expect(sanitizeText('  a\r\n\r\nb\t\u0000c\u0085d\u2029e  ')).toBe('a b c d e');
  });

  it('shows bidi overrides as U+FFFD and removes invisible characters, keeping emoji joiners', () => {
    expect(sanitizeText('evil\u202Egpj.exe \u2066x\u2069')).toBe('evil\uFFFDgpj.exe \uFFFDx\uFFFD');
    expect(sanitizeText('a\u200Bb\u00ADc\uFEFFd\u{E0041}e\u200Ef')).toBe('abcdef');
    expect(sanitizeText('👩‍💻 ok')).toBe('👩‍💻 ok');
  });

  it('replaces lone surrogates', () => {
    expect(sanitizeText('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
  });
});

describe('clipText', () => {
  it('keeps short text and cuts long text to max code points ending in an ellipsis', () => {
    expect(clipText('abc', 3)).toBe('abc');
    expect(clipText('abcd', 3)).toBe('ab…');
    expect(clipText('🚨🚨🚨', 3)).toBe('🚨🚨🚨');
    expect(clipText('🚨🚨🚨🚨', 3)).toBe('🚨🚨…');
  });
});

describe('https links and request ids', () => {
  it.each([
    ['https://security.microsoft.com/incidents/1?tid=x', 'https://security.microsoft.com/incidents/1?tid=x'],
    ['https://SECURITY.microsoft.com/a b', 'https://security.microsoft.com/a%20b'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['http://security.microsoft.com/', undefined],
    ['javascript:alert(1)', undefined],
    ['https://user:pw@evil.example/', undefined],
    ['not a url', undefined],
    [`https://e.example/${'a'.repeat(3000)}`, undefined],
  ])('%s -> %s', (raw, expected) => {
    expect(httpsUrlOrUndefined(raw)).toBe(expected);
  });

  it('accepts uuid, base64url and signed ids, nothing with spaces, braces or quotes', () => {
    expect(['0f8fad5b-d9cb-469f-a165-70867728950e', 'rq_AbC-12.sig_Zz9', 'YWJj+/=='].every(isSafeRequestId)).toBe(true);
    expect(['', 'a b', '${x}', 'a"b', 'x'.repeat(513)].some(isSafeRequestId)).toBe(false);
  });
});
