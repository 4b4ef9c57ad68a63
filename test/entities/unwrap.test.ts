import { performance } from 'node:perf_hooks';
import { portalLinkTarget, recognize, type Recognition } from '../../src/entities';
import { MAX_UNWRAP_DEPTH } from '../../src/entities/resolve-link';
import { unwrapOnce } from '../../src/entities/unwrap';

const values = (r: Recognition): string[] => r.indicators.map((i) => `${i.type} ${i.value}`);
const found = (text: string): string[] => values(recognize(text));

/** The tail Safe Links appends: data (version, recipient, ids, client info), sdata (a signature), reserved. */
const DATA =
  '&data=05%7C02%7Cjane.doe%40contoso.com%7C2e9f06b016694589878910a06934dc61%7C72f988bf86f141af91ab2d7cd011db47%7C0%7C0%7C638403423578665559' +
  '%7CUnknown%7CTWFpbGZsb3d8eyJWIjoiMC4wLjAwMDAiLCJQIjoiV2luMzIiLCJBTiI6Ik1haWwiLCJXVCI6Mn0%3D%7C0%7C%7C%7C' +
  '&sdata=bMPrbif%2B96QoKY5WarbxCTonEn6AGkwj%2FdpB0YEN4go%3D&reserved=0';
const safeLinks = (host: string, url: string): string => `https://${host}/?url=${encodeURIComponent(url)}${DATA}`;
/** Proofpoint v2: percent-encoding with '-' for '%' and '_' for '/'. */
const proofpointV2 = (url: string): string =>
  `https://urldefense.proofpoint.com/v2/url?u=${encodeURIComponent(url)
    .replace(/[!'()*._~-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%/g, '-')
    .replace(
      /-2F/g,
      '_',
    )}&d=DwMFaQ&c=Vxt5e0Osvvt2gflwSlsJ5DmPGcPvTRKLJyp031rXjhg&r=MujLDFBJstxoxZI_GKbsW7wxGM7nnIK__qZvVy6j9Wc&s=ew-rOtBFjiX1Hgv71XQJ5BEgl9TPaoWRm_Xp9Nuo8bk&e=`;

// Published examples: demisto/content (MIT), Packs/CommonScripts/Scripts/FormatURL test data, decoded with
// Proofpoint's urldecoder.py rules. ('a*test' with replaced bytes "Kw" is 'a+test': '*' stands for '+'.)
const PP_V1 =
  'https://urldefense.proofpoint.com/v1/url?u=http://www.bouncycastle.org/&amp;k=oIvRg1%2BdGAgOoM1BIlLLqw%3D%3D%0A&amp;r=IKM5u8%2B%2F%2Fi8EBhWOS%2BqGbTqCC%2BrMqWI%2FVfEAEsQO%2F0Y%3D%0A&amp;m=Ww6iaHO73mDQpPQwOwfLfN8WMapqHyvtu8jM8SjqmVQ%3D%0A&amp;s=d3583cfa53dade97025bc6274c6c8951dc29fe0f38830cf8e5a447723b9f1c9a';
const PP_V2 =
  'https://urldefense.proofpoint.com/v2/url?u=http-3A__links.mkt3337.com_ctt-3Fkn-3D3-26ms-3DMzQ3OTg3MDQS1-26r-3DMzkxNzk3NDkwMDA0S0-26b-3D0-26j-3DMTMwMjA1ODYzNQS2-26mt-3D1-26rt-3D0&d=DwMFaQ&c=Vxt5e0Osvvt2gflwSlsJ5DmPGcPvTRKLJyp031rXjhg&r=MujLDFBJstxoxZI_GKbsW7wxGM7nnIK__qZvVy6j9Wc&m=QJGhloAyfD0UZ6n8r6y9dF-khNKqvRAIWDRU_K65xPI&s=ew-rOtBFjiX1Hgv71XQJ5BEgl9TPaoWRm_Xp9Nuo8bk&e=';
const PP_V2_TARGET = 'http://links.mkt3337.com/ctt?kn=3&ms=MzQ3OTg3MDQS1&r=MzkxNzk3NDkwMDA0S0&b=0&j=MTMwMjA1ODYzNQS2&mt=1&rt=0';
const PP_V3 =
  'https://urldefense.com/v3/__https://google.com:443/search?q=a*test&gs=ps__;Kw!-612Flbf0JvQ3kNJkRi5Jg!Ue6tQudNKaShHg93trcdjqDP8se2ySE65jyCIe2K1D_uNjZ1Lnf6YLQERujngZv9UWf66ujQIQ$';
const PP_V3_US = PP_V3.replace('urldefense.com', 'urldefense.us');
const SAFE_AROUND_V3 =
  'https://na01.safelinks.protection.outlook.com/?url=https%3A//urldefense.com/v3/__https%3A//google.com%3A443/search%3Fq%3Da%2Atest%26gs%3Dps__%3BKw%21-612Flbf0JvQ3kNJkRi5Jg&';
// Quoted in public mailing-list archives (lore.kernel.org): '*' with replaced bytes "JQ" is '%'.
const PP_V3_LORE =
  'https://urldefense.com/v3/__https://lore.kernel.org/linux-scsi/Ykqg0kr0F*2Fyzk2XW@infradead.org/__;JQ!!ACWV5N9M2RV99hQ!MwAZFXXIwuP0lv-kuUIJ0ekUiGBWlTBhU3oQjyOf_yuP1rHDJb8UKMzJjndXNQ-W1PQGJXzgc0bQUsHh4NGh21EOc50$';
// URL Defense writes "https:/" with one slash now and then; the decoder restores the second.
const PP_V3_ONE_SLASH = 'https://urldefense.us/v3/__https:/www.anthropic.com/news/anthropic-amazon-compute__;!!Fqb0NABsjhF0Kh8I!f3EziG8q3wGsRgicn_ZGbv$';

const WRAPPER_HOST = /safelinks\.protection\.|urldefense\./i;

describe('Safe Links', () => {
  it.each([
    ['nam12.safelinks.protection.outlook.com'],
    ['eur01.safelinks.protection.outlook.com'],
    ['gbr01.safelinks.protection.outlook.com'],
    ['apc01.safelinks.protection.outlook.com'],
    ['jpn01.safelinks.protection.outlook.com'],
    ['aus01.safelinks.protection.outlook.com'],
    ['can01.safelinks.protection.outlook.com'],
    // US government clouds (GCC High, DoD)
    ['usg02.safelinks.protection.office365.us'],
    ['gcc02.safelinks.protection.office365.us'],
  ])('%s: the wrapped URL is the indicator, the wrapper is not', (host) => {
    const text = `Fwd: please check ${safeLinks(host, 'https://login-micros0ft.evil-cdn.net/owa/auth.php?id=77&to=jane%40contoso.com')} asap`;
    expect(found(text)).toEqual(['url https://login-micros0ft.evil-cdn.net/owa/auth.php?id=77&to=jane%40contoso.com']);
  });

  it('canonicalises the wrapped URL as if it had been pasted: scheme and host lower-cased, IDN in A-label form', () => {
    expect(found(safeLinks('nam12.safelinks.protection.outlook.com', 'HTTPS://Evil-CDN.NET/Path/A?B=C'))).toEqual(['url https://evil-cdn.net/Path/A?B=C']);
    expect(found(safeLinks('eur01.safelinks.protection.outlook.com', 'https://пример.рф/вход'))).toEqual(['url https://xn--e1afmkfd.xn--p1ai/вход']);
    expect(found(safeLinks('eur01.safelinks.protection.outlook.com', 'http://45.9.148.3:8080/gate.php'))).toEqual(['url http://45.9.148.3:8080/gate.php']);
    expect(found(safeLinks('eur01.safelinks.protection.outlook.com', 'http://[2001:DB8::1]/x'))).toEqual(['url http://[2001:db8::1]/x']);
  });

  it('keeps percent-encoding of the original URL (encoded once more by Safe Links) as written', () => {
    expect(found(safeLinks('nam12.safelinks.protection.outlook.com', 'https://evil-cdn.net/a%20b?q=%2F'))).toEqual(['url https://evil-cdn.net/a%20b?q=%2F']);
  });

  it('refangs a defanged wrapper and a defanged wrapped URL', () => {
    const wrapped = safeLinks('nam12.safelinks.protection.outlook.com', 'https://evil-cdn.net/x');
    expect(found(wrapped.replace('https', 'hxxps').replace(/\.(safelinks|protection|outlook|com)/g, '[.]$1'))).toEqual(['url https://evil-cdn.net/x']);
    expect(found(safeLinks('nam12.safelinks.protection.outlook.com', 'hxxps://evil-cdn[.]net/x'))).toEqual(['url https://evil-cdn.net/x']);
  });

  it('reads wrappers inside Markdown, Slack and HTML links', () => {
    const wrapped = safeLinks('nam12.safelinks.protection.outlook.com', 'https://evil-cdn.net/x');
    expect(found(`[Review document](${wrapped})`)).toEqual(['url https://evil-cdn.net/x']);
    expect(found(`<${wrapped.replace(/&/g, '&amp;')}|Review document>`)).toEqual(['url https://evil-cdn.net/x']);
    expect(found(`<${wrapped.replace(/&/g, '&amp;')}>`)).toEqual(['url https://evil-cdn.net/x']);
    expect(found(`<p><a href="${wrapped.replace(/&/g, '&amp;')}">https://evil-cdn.net/x</a></p>`)).toEqual(['url https://evil-cdn.net/x']);
    expect(found(`<a href="${wrapped.replace(/&/g, '&amp;')}">Review</a>`)).toEqual(['url https://evil-cdn.net/x']);
  });

  it('reads a wrapper pasted without its scheme; one that does not decode stays the host name it was', () => {
    const wrapped = safeLinks('nam12.safelinks.protection.outlook.com', 'https://evil-cdn.net/x').replace('https://', '');
    expect(found(`copied from the address bar: ${wrapped} (see above)`)).toEqual(['url https://evil-cdn.net/x']);
    expect(found(PP_V2.replace('https://', ''))).toEqual([`url ${PP_V2_TARGET}`]);
    expect(found('nam12.safelinks.protection.outlook.com/?data=05')).toEqual(['domain nam12.safelinks.protection.outlook.com']);
    expect(found('mail goes through nam12.safelinks.protection.outlook.com')).toEqual(['domain nam12.safelinks.protection.outlook.com']);
  });

  it("reads Teams' Safe Links page", () => {
    const teams = `https://statics.teams.cdn.office.net/evergreen-assets/safelinks/1/atp-safelinks.html?url=${encodeURIComponent('https://evil-cdn.net/x')}&locale=en-us`;
    expect(found(teams)).toEqual(['url https://evil-cdn.net/x']);
  });

  it('a wrapped link of another scheme gives its host, as a pasted one does', () => {
    expect(found(safeLinks('nam12.safelinks.protection.outlook.com', 'smb://files.evil-cdn.net/share'))).toEqual(['domain files.evil-cdn.net']);
  });

  it('leaves look-alike hosts and ordinary redirect parameters alone', () => {
    const lookalike = `https://safelinks.protection.outlook.com.evil-cdn.net/?url=${encodeURIComponent('https://bank.example.com/')}`;
    expect(found(lookalike)).toEqual([`url ${lookalike}`]);
    const redirect = `https://evil-cdn.net/r?url=${encodeURIComponent('https://bank.example.com/')}`;
    expect(found(redirect)).toEqual([`url ${redirect}`]);
  });
});

describe('Proofpoint URL Defense', () => {
  it.each([
    ['v1', PP_V1, 'url http://www.bouncycastle.org/'],
    ['v2', PP_V2, `url ${PP_V2_TARGET}`],
    ['v3', PP_V3, 'url https://google.com:443/search?q=a+test&gs=ps'],
    ['v3 on urldefense.us', PP_V3_US, 'url https://google.com:443/search?q=a+test&gs=ps'],
    ['v3, a replaced "%"', PP_V3_LORE, 'url https://lore.kernel.org/linux-scsi/Ykqg0kr0F%2Fyzk2XW@infradead.org/'],
    ['v3, one slash after the scheme', PP_V3_ONE_SLASH, 'url https://www.anthropic.com/news/anthropic-amazon-compute'],
  ])('%s (published example)', (_v, text, expected) => {
    expect(found(`See ${text} for details`)).toEqual([expected]);
  });

  it('v2 round trip of a URL with every escaped character', () => {
    const url = 'https://evil-cdn.net/a_b-c/d.php?x=1&y=a b&z=%41~*';
    expect(found(proofpointV2(url))).toEqual(['url https://evil-cdn.net/a_b-c/d.php?x=1&y=a%20b&z=%41~*']);
  });

  it('v3: runs (** and a letter) and non-ASCII replaced characters', () => {
    // "**A" is the next 2 replaced characters ("++", base64url "Kys"); then "*" is "é" (base64url of its UTF-8: "w6k").
    expect(found('https://urldefense.com/v3/__https://evil-cdn.net/p?a=1**A2&n=*__;KyvDqQ!!AbC$')).toEqual(['url https://evil-cdn.net/p?a=1++2&n=é']);
  });

  it('Safe Links around URL Defense unwraps fully (published example)', () => {
    expect(found(SAFE_AROUND_V3)).toEqual(['url https://google.com:443/search?q=a+test&gs=ps']);
  });
});

describe('nesting and hostile wrappers', () => {
  const chain = (depth: number): string => {
    let url = 'https://evil-cdn.net/final?id=1';
    for (let i = 0; i < depth; i++) url = i % 2 === 0 ? proofpointV2(url) : safeLinks(`nam${(i % 12) + 1}.safelinks.protection.outlook.com`, url);
    return url;
  };

  it(`unwraps a chain of ${MAX_UNWRAP_DEPTH} wrappers fully`, () => {
    expect(found(chain(MAX_UNWRAP_DEPTH))).toEqual(['url https://evil-cdn.net/final?id=1']);
  });

  it('a chain 50 deep: one URL, quickly, no throw (the link reached at the depth cap, still a wrapper)', () => {
    const text = chain(50);
    const t0 = performance.now();
    const r = recognize(text, { maxChars: Number.POSITIVE_INFINITY });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.indicators.length + r.tooLong.length).toBe(1);
    const only = (r.indicators[0] ?? r.tooLong[0])?.value ?? '';
    expect(unwrapOnce(only)).toBeDefined();
  });

  it.each([
    ['Safe Links, truncated percent-encoding in the host', 'https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil-cdn.net%2'],
    ['Safe Links, truncated UTF-8', 'https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil%E2%82.net%2Fx&data=05'],
    ['Safe Links without url=', 'https://nam12.safelinks.protection.outlook.com/?data=05%7C02&reserved=0'],
    ['Safe Links, url= is no link', 'https://nam12.safelinks.protection.outlook.com/?url=not%20a%20link&data=05'],
    ['v3, invalid base64', 'https://urldefense.com/v3/__https://evil-cdn.net/a*b__;@@!!x$'],
    ['v3, base64 of an impossible length', 'https://urldefense.com/v3/__https://evil-cdn.net/a*b__;JQABC!!x$'],
    ['v3, replaced bytes no UTF-8', 'https://urldefense.com/v3/__https://evil-cdn.net/a*b__;_w!!x$'],
    ['v3, fewer replaced characters than stars', 'https://urldefense.com/v3/__https://evil-cdn.net/a*b*c__;JQ!!x$'],
    ['v3, run letter out of range', 'https://urldefense.com/v3/__https://evil-cdn.net/a**!b__;JQ!!x$'],
    ['v3 without "__;"', 'https://urldefense.com/v3/__https://evil-cdn.net/x'],
    ['v2 without u=', 'https://urldefense.proofpoint.com/v2/url?d=DwMFaQ&c=x'],
  ])('%s: reported as the wrapper URL', (_name, text) => {
    const r = recognize(`${text} and 45.9.148.3`);
    expect(values(r)).toEqual([`url ${text}`, 'ipv4 45.9.148.3']);
  });

  it('a truncated escape in the path of the wrapped URL stays as written', () => {
    expect(found('https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil-cdn.net%2Fa%2')).toEqual(['url https://evil-cdn.net/a%2']);
  });

  it('a decoded space or control character is escaped again: an indicator is one run of text', () => {
    expect(found(safeLinks('nam12.safelinks.protection.outlook.com', 'https://evil-cdn.net/a b\nc'))).toEqual(['url https://evil-cdn.net/a%20b%0Ac']);
  });

  it('a 100 kB url parameter: the inner URL is set aside as too long, the wrapper is never reported', () => {
    const text = safeLinks('nam12.safelinks.protection.outlook.com', `https://evil-cdn.net/${'a'.repeat(100_000)}`);
    for (const maxChars of [Number.POSITIVE_INFINITY, undefined]) {
      const t0 = performance.now();
      const r = recognize(`${text} 45.9.148.3`, maxChars === undefined ? {} : { maxChars });
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(r.tooLong.map((i) => i.value.slice(0, 24))).toEqual(['https://evil-cdn.net/aaa']);
      expect(r.indicators.every((i) => !WRAPPER_HOST.test(i.value))).toBe(true);
    }
  });

  it('many wrappers in one text stay linear in time', () => {
    const one = `${safeLinks('nam12.safelinks.protection.outlook.com', 'https://evil-cdn.net/x')} ${PP_V3} ${PP_V2} `;
    const time = (n: number): number => {
      const text = one.repeat(n);
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        recognize(text, { maxChars: Number.POSITIVE_INFINITY, cap: 10_000 });
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(200);
    const a = time(1000);
    const b = time(2000);
    // Generous (a shared CI machine): quadratic work would give 4x.
    expect(b).toBeLessThan(3 * a + 20);
  });

  it('the wrapper hosts are never reported for a wrapper that decodes', () => {
    const texts = [
      PP_V1,
      PP_V2,
      PP_V3,
      PP_V3_US,
      PP_V3_LORE,
      PP_V3_ONE_SLASH,
      SAFE_AROUND_V3,
      chain(MAX_UNWRAP_DEPTH),
      safeLinks('usg02.safelinks.protection.office365.us', 'https://evil-cdn.net/x'),
    ];
    const r = recognize(texts.join('\n'), { maxChars: Number.POSITIVE_INFINITY });
    expect(r.indicators.length).toBeGreaterThan(0);
    for (const i of [...r.indicators, ...r.tooLong, ...r.ignored]) expect(i.value).not.toMatch(WRAPPER_HOST);
  });
});

describe('Defender portal links', () => {
  const SHA1 = 'adc83b19e793491b1c6ea0fd8b46cd9f32e592fc';
  const SHA256 = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';
  const MACHINE = 'a4d3b1c0e5f60718293a4b5c6d7e8f9012345678';

  it.each([
    ['https://security.microsoft.com/incidents/4471?tid=72f988bf-86f1-41af-91ab-2d7cd011db47', { kind: 'incident', id: '4471' }],
    ['https://security.microsoft.com/incidents/4471/overview?tid=x', { kind: 'incident', id: '4471' }],
    ['https://security.microsoft.us/incident2/4471/summary?tid=x', { kind: 'incident', id: '4471' }],
    ['https://security.apps.mil/alerts/da637551227677560813_-961444813?tid=x', { kind: 'alert', id: 'da637551227677560813_-961444813' }],
    [`https://security.microsoft.com/machines/${MACHINE}/overview`, { kind: 'device', id: MACHINE }],
    [`https://security.microsoft.com/machines/v2/${MACHINE}/overview?tid=x`, { kind: 'device', id: MACHINE }],
    [`https://securitycenter.microsoft.us/machines/${MACHINE}`, { kind: 'device', id: MACHINE }],
    [`https://security.microsoft.com/file/${SHA256}/overview`, { kind: 'file', id: SHA256 }],
    ['https://security.microsoft.com/ip/45.9.148.3/overview?tid=x', { kind: 'ip', id: '45.9.148.3' }],
    ['https://security.microsoft.com/url/overview?url=https%3A%2F%2Fevil-cdn.net%2Fx', { kind: 'url', id: 'https://evil-cdn.net/x' }],
    ['https://security.microsoft.com/url/https%3A%2F%2Fevil-cdn.net%2Fx/overview?tid=x', { kind: 'url', id: 'https://evil-cdn.net/x' }],
    ['https://security.microsoft.com/url/evil-cdn.net/overview', { kind: 'domain', id: 'evil-cdn.net' }],
    ['https://security.microsoft.com/domains/overview?urlDomain=evil-cdn.net&tid=x', { kind: 'domain', id: 'evil-cdn.net' }],
    [
      'https://security.microsoft.com/user/?aad=0b6f2a55-1d3c-4d47-9a2e-3f5e7c8d9a10&upn=jane.doe%40contoso.com&tid=x',
      { kind: 'user', id: '0b6f2a55-1d3c-4d47-9a2e-3f5e7c8d9a10', upn: 'jane.doe@contoso.com' },
    ],
    ['https://security.microsoft.com/user?upn=jane.doe%40contoso.com', { kind: 'user', id: 'jane.doe@contoso.com', upn: 'jane.doe@contoso.com' }],
  ])('portalLinkTarget(%s)', (url, target) => {
    expect(portalLinkTarget(url)).toEqual(target);
  });

  it.each([
    ['https://security.microsoft.com/'],
    ['https://security.microsoft.com/incidents'],
    ['https://evil-cdn.net/incidents/4471'],
    ['https://security.microsoft.com/homepage'],
    ['not a url'],
    [''],
  ])('portalLinkTarget(%j) is undefined', (url) => {
    expect(portalLinkTarget(url)).toBeUndefined();
  });

  it('files, IPs, URLs, domains and users are recognised as those indicators', () => {
    const text = [
      `https://security.microsoft.com/file/${SHA1}/overview?tid=x`,
      `https://security.microsoft.us/file/${SHA256.toUpperCase()}/overview`,
      'https://security.apps.mil/ip/45.9.148.3/overview',
      'https://security.microsoft.com/ip/2001:DB8::7/overview',
      'https://security.microsoft.com/url/overview?url=hxxps%3A%2F%2Fevil-cdn%5B.%5Dnet%2Fx',
      'https://security.microsoft.com/domains/overview?urlDomain=Bad.ORG',
      'https://security.microsoft.com/user/?aad=0b6f2a55&upn=Jane.Doe%40Contoso.com&tid=x',
    ].join('\n');
    expect(found(text)).toEqual([
      `sha1 ${SHA1}`,
      `sha256 ${SHA256}`,
      'ipv4 45.9.148.3',
      'ipv6 2001:db8::7',
      'url https://evil-cdn.net/x',
      'domain bad.org',
      'email Jane.Doe@contoso.com',
    ]);
  });

  it('incident, alert and device links stay URLs (no indicator type): a device id is no SHA-1', () => {
    const links = [
      'https://security.microsoft.com/incidents/4471?tid=x',
      'https://security.microsoft.com/alerts/da6375512_-96',
      `https://security.microsoft.com/machines/v2/${MACHINE}/overview`,
    ];
    expect(found(links.join(' '))).toEqual(links.map((l) => `url ${l}`));
  });

  it('a portal link with nothing to read stays the URL it is', () => {
    expect(found('https://security.microsoft.com/file/not-a-hash/overview')).toEqual(['url https://security.microsoft.com/file/not-a-hash/overview']);
  });

  it('a portal link inside Safe Links (a Defender notification e-mail) is read through both', () => {
    expect(found(safeLinks('nam12.safelinks.protection.outlook.com', 'https://security.microsoft.com/ip/45.9.148.3/overview?tid=x'))).toEqual([
      'ipv4 45.9.148.3',
    ]);
  });
});
