import fc from 'fast-check';
import { assertProperty } from '../helpers/property';
import { httpsUrlOrUndefined, isSafeRequestId, isSafeUserId } from '../../src/cards/adaptive/safe-action-values';
import { inlineText, isMarkdownInert, plainString, runs, runsOr } from '../../src/cards/adaptive/text-runs';
import { clipText, sanitizeText } from '../../src/cards/plain-text';

const PATH = 'C:\\Windows\\System32\\svc_host.exe *.ps1 > out.txt [x](y)';

describe('runs: text shown literally as TextRuns', () => {
  it('keeps every character, adds none: the path with \\, _, *, > and [x](y) reads as written', () => {
    expect(runs(PATH)).toEqual([PATH]);
    expect(runs(PATH, { weight: 'bolder' })).toEqual([{ type: 'TextRun', text: PATH, weight: 'bolder' }]);
  });

  it.each([
    ['${expr}', ['$', '{expr}']],
    ['a ${b} ${c}', ['a $', '{b} $', '{c}']],
    ['{{DATE(2025-06-01T22:14:00Z, SHORT)}}', ['{', '{DATE(2025-06-01T22:14:00Z, SHORT)}}']],
    ['{{{', ['{', '{', '{']],
    ['$${{x', ['$$', '{', '{x']],
    ['$ {x} { {y}', ['$ {x} { {y}']],
  ])('cuts %j between "$" and "{" and between "{" and "{" only', (text, pieces) => {
    expect(runs(text)).toEqual(pieces);
    expect(inlineText(runs(text))).toBe(text);
  });

  it('writes unstyled runs as bare strings and drops the default colour', () => {
    expect(runs('a', { color: 'default' })).toEqual(['a']);
    expect(runs('a', { color: 'attention', isSubtle: true })).toEqual([{ type: 'TextRun', text: 'a', color: 'attention', isSubtle: true }]);
  });

  it('gives no run for empty text, and a fallback when asked', () => {
    expect(runs('')).toEqual([]);
    expect(runsOr('', '(untitled)', { weight: 'bolder' })).toEqual([{ type: 'TextRun', text: '(untitled)', weight: 'bolder' }]);
  });

  it('shows any clean string exactly, with no "${" or "{{" left in any one run', () => {
    assertProperty(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (raw) => {
        const clean = sanitizeText(raw);
        const pieces = runs(clean, { weight: 'bolder' });
        expect(inlineText(pieces)).toBe(clean);
        for (const piece of pieces) {
          const text = typeof piece === 'string' ? piece : piece.text;
          expect(text).not.toContain('${');
          expect(text).not.toContain('{{');
          expect(text).not.toBe('');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('plainString and isMarkdownInert', () => {
  it('changes nothing but "${" in a plain string', () => {
    expect(plainString(PATH)).toBe(PATH);
    expect(plainString('${a} $x {b}')).toBe('$ {a} $x {b}');
  });

  it.each(['Full: cut all network traffic except Defender', 'Quick', '30', 'Isolate ws-042.contoso.com?', 'Highest severity: high'])('finds %j inert', (text) =>
    expect(isMarkdownInert(text)).toBe(true),
  );

  it.each(['[x](y)', '**b**', '_i_', 'a\\b', '`c`', '<at>x</at>', '# h', '- l', '1. o', '2) t', '&amp;', '~~s~~', '| t |'])('finds %j active', (text) =>
    expect(isMarkdownInert(text)).toBe(false),
  );
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

  it('keeps backslashes and Markdown characters as they are', () => {
    expect(sanitizeText(PATH)).toBe(PATH);
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

describe('https links, request ids and user ids', () => {
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

  it('accepts Teams MRIs and Entra object ids as user ids, nothing else', () => {
    expect(['29:1xYzAbC-dEf_123', '8:orgid:0f8fad5b-d9cb-469f-a165-70867728950e', '0f8fad5b-d9cb-469f-a165-70867728950e'].every(isSafeUserId)).toBe(true);
    expect(['', ' 29:1x', '29:1x y', '${$root}', 'a"b', '<at>x</at>', 'x'.repeat(257), 42 as unknown as string].some(isSafeUserId)).toBe(false);
  });
});
