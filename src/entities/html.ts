const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  zerowidthspace: '\u200B',
  zwnj: '\u200C',
  zwj: '\u200D',
  shy: '\u00AD',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  period: '.',
  colon: ':',
  sol: '/',
  commat: '@',
  lsqb: '[',
  rsqb: ']',
  lbrack: '[',
  rbrack: ']',
  lpar: '(',
  rpar: ')',
  lcub: '{',
  rcub: '}',
  num: '#',
  percnt: '%',
  quest: '?',
  excl: '!',
  equals: '=',
  plus: '+',
  comma: ',',
  semi: ';',
  grave: '`',
  bsol: '\\',
  vert: '|',
  tab: '\t',
  newline: '\n',
};

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

function fromCodePoint(cp: number, original: string): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return original;
  return String.fromCodePoint(cp);
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (m: string, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return fromCodePoint(Number(dec), m);
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16), m);
    const named = name === undefined ? undefined : (NAMED[name] ?? NAMED[name.toLowerCase()]);
    return named ?? m;
  });
}

const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Attribute names (lower-case) and raw values of a start tag's attribute text. */
export function parseAttributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(text); m !== null; m = ATTRIBUTE.exec(text)) {
    const name = (m[1] as string).toLowerCase();
    const value = m[2] ?? m[3] ?? m[4];
    if (value !== undefined && !attrs.has(name)) attrs.set(name, value);
  }
  return attrs;
}

/** Attributes whose value is a link target, reported like link text. */
export const URL_ATTRIBUTES: readonly string[] = ['href', 'src', 'action', 'formaction', 'cite', 'poster', 'background', 'data'];
