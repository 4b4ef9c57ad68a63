import { safeLinkUrl, mrkdwnLink } from '../../../src/cards/blockkit/links';
import { boldText, clipEscaped, codeText, escapeEntities, joinWithin, mrkdwnText, packLines } from '../../../src/cards/blockkit/mrkdwn';

describe('mrkdwn escaping', () => {
  it('turns the three control characters into entities', () => {
    expect(escapeEntities('<!channel> & <@U123>')).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt;');
  });

  it('makes data one inert line: entities, no line breaks, no backticks, no bidi override', () => {
    expect(mrkdwnText('a\n> quote\r\n```x```\u202E<https://evil|Approve>', 500)).toBe('a &gt; quote ˋˋˋxˋˋˋ\uFFFD&lt;https://evil|Approve&gt;');
  });

  it('clips to the limit after escaping, never inside an entity or a surrogate pair', () => {
    const clipped = mrkdwnText('&'.repeat(100), 12);
    expect(clipped).toBe('&amp;&amp;…');
    expect(clipEscaped('ab😀cd', 4)).toBe('ab…');
    expect(mrkdwnText('é'.repeat(10_000), 300)).toHaveLength(300);
  });

  it('never cuts one of our links in half', () => {
    expect(clipEscaped('see <https://a.example/x|link> now', 20)).toBe('see …');
  });

  it('keeps data stars from ending our bold, with a trusted fallback for empty text', () => {
    expect(boldText('a*b', 50, 'x')).toBe('*a∗b*');
    expect(boldText('  ', 50, 'Untitled', ':')).toBe('*Untitled:*');
    expect(codeText('', 50)).toBe('`(empty)`');
    expect(codeText('I`E`X', 50)).toBe('`IˋEˋX`');
  });

  it('joins parts within a length and counts what it left off', () => {
    const parts = Array.from({ length: 10 }, (_, i) => `part ${i}`);
    expect(joinWithin(parts, ' · ', 1000, (n) => `+${n}`)).toBe(parts.join(' · '));
    const cut = joinWithin(parts, ' · ', 30, (n) => `+${n} more`);
    expect(cut).toBe('part 0 · part 1 · +8 more');
    expect(cut.length).toBeLessThanOrEqual(30);
  });

  it('packs lines into texts within the limit', () => {
    expect(packLines(['aaaa', 'bbbb', 'cccc'], 9)).toEqual(['aaaa\nbbbb', 'cccc']);
  });
});

describe('links', () => {
  it.each([
    ['https://security.microsoft.com/alerts/1?a=1&b=2', 'https://security.microsoft.com/alerts/1?a=1&amp;b=2'],
    ['http://portal.example/a|b>c<d', 'http://portal.example/a%7Cb%3Ec%3Cd'],
    ['  https://x.example  ', 'https://x.example/'],
  ])('allows %s', (raw, url) => {
    expect(safeLinkUrl(raw)).toBe(url);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,x',
    'ftp://x.example',
    'https://portal@evil.example',
    'https://a:b@x.example',
    'not a url',
    '',
    `https://x.example/${'a'.repeat(1000)}`,
  ])('refuses %s', (raw) => {
    expect(safeLinkUrl(raw)).toBeUndefined();
  });

  it('escapes the title and gives an empty one a name', () => {
    expect(mrkdwnLink({ title: '<!here> Approve', url: 'https://x.example' })).toBe('<https://x.example/|&lt;!here&gt; Approve>');
    expect(mrkdwnLink({ title: '', url: 'https://x.example' })).toBe('<https://x.example/|link>');
    expect(mrkdwnLink({ title: 'x', url: 'javascript:alert(1)' })).toBeUndefined();
  });
});
