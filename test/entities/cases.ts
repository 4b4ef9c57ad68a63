import type { IndicatorType, RecognizeOptions } from '../../src/entities';
import type { RecognitionCase } from './recognition-case';

/** A case of our own: the corpus shape, plus optional options and expectations on `ignored` and `internal`. */
export interface OwnCase extends RecognitionCase {
  options?: RecognizeOptions;
  /** Values expected in `ignored` (compared as a set). */
  ignored?: string[];
  /** Values expected to carry `internal: true` (every other reported value must not). */
  internal?: string[];
}

type Pair = [IndicatorType, string];

function c(id: string, text: string, expect: Pair[], reject: string[] = [], extra: Partial<OwnCase> = {}): OwnCase {
  return { id, text, expect: expect.map(([type, value]) => ({ type, value })), reject, ...extra };
}

const MD5 = 'f6f8179ac71eaabff12b8c024342109b';
const SHA1 = 'adc83b19e793491b1c6ea0fd8b46cd9f32e592fc';
const SHA256 = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';
const SHA512 = 'be688838ca8686e5c90689bf2ab585cef1137c999b48c70b92f67a5c34dc15697b5d11c982ed6d71be1e1e7f7b4e0733884aa97c3f7a339a8ed03577cf74be09';

export const ownCases: OwnCase[] = [
  // ── IPv4 ──────────────────────────────────────────────────────────────────────────────────────────────────────────
  c('ipv4-plain', 'Beacon to 185.220.101.4 observed', [['ipv4', '185.220.101.4']]),
  c('ipv4-defang-square', '185[.]220[.]101[.]4', [['ipv4', '185.220.101.4']]),
  c('ipv4-defang-parens', '185(.)220(.)101(.)4', [['ipv4', '185.220.101.4']]),
  c('ipv4-defang-braces', '185{.}220{.}101{.}4', [['ipv4', '185.220.101.4']]),
  c('ipv4-defang-dot-words', '185[dot]220(dot)101{DOT}4', [['ipv4', '185.220.101.4']]),
  c('ipv4-defang-backslash', '185\\.220\\.101\\.4', [['ipv4', '185.220.101.4']]),
  c('ipv4-defang-mixed-brackets', '185(.]220[.}101{.)4', [['ipv4', '185.220.101.4']]),
  c('ipv4-defang-one-dot', '185.220.101[.]4', [['ipv4', '185.220.101.4']]),
  // Documentation ranges stand in for public addresses in reports: not internal.
  c('ipv4-port', 'C2 at 203.0.113.77:8443 (TLS)', [['ipv4', '203.0.113.77']], ['203.0.113.77:8443'], {
    internal: [],
  }),
  c('ipv4-private-port', 'jump host 10.20.30.40:22', [['ipv4', '10.20.30.40']], ['10.20.30.40:22'], {
    internal: ['10.20.30.40'],
  }),
  c('ipv4-path', '185.220.101.4/gate.php', [['ipv4', '185.220.101.4']], ['gate.php']),
  c('ipv4-sentence-end', 'Blocked 45.9.148.3.', [['ipv4', '45.9.148.3']]),
  c('ipv4-range', 'Scan from 45.9.148.3-45.9.148.20', [
    ['ipv4', '45.9.148.3'],
    ['ipv4', '45.9.148.20'],
  ]),
  c('ipv4-leading-zero', '010.1.1.1 and 1.2.3.04', [], ['10.1.1.1', '1.2.3.4', '1.2.3.04']),
  c('ipv4-out-of-range', '256.1.1.1 1.2.3.256 999.999.999.999', [], ['56.1.1.1', '1.2.3.25']),
  c('ipv4-version-prefix', 'v1.2.3.4 and V10.0.0.1', [], ['1.2.3.4', '10.0.0.1']),
  c('ipv4-product-version', 'Mozilla/5.0 Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51', [], ['124.0.0.0']),
  c('ipv4-five-parts', '1.2.3.4.5 and 10.0.0.1.2', [], ['1.2.3.4', '2.3.4.5', '10.0.0.1', '0.0.1.2']),
  c('ipv4-oid', 'OID 1.3.6.1.4.1.311.60.2.1.3', [], ['1.3.6.1', '1.4.1.311']),
  c('ipv4-after-label', 'x.10.0.0.1', [], ['10.0.0.1']),
  c('ipv4-default-ignore', '127.0.0.1 0.0.0.0 255.255.255.255 8.8.8.8', [['ipv4', '8.8.8.8']], [], {
    ignored: ['127.0.0.1', '0.0.0.0', '255.255.255.255'],
  }),
  c(
    'ipv4-internal',
    '10.0.0.5 172.16.4.4 192.168.1.10 100.64.0.1 169.254.169.254 127.0.0.2 198.18.0.1 224.0.0.251 8.8.4.4',
    [
      ['ipv4', '10.0.0.5'],
      ['ipv4', '172.16.4.4'],
      ['ipv4', '192.168.1.10'],
      ['ipv4', '100.64.0.1'],
      ['ipv4', '169.254.169.254'],
      ['ipv4', '127.0.0.2'],
      ['ipv4', '198.18.0.1'],
      ['ipv4', '224.0.0.251'],
      ['ipv4', '8.8.4.4'],
    ],
    [],
    {
      internal: ['10.0.0.5', '172.16.4.4', '192.168.1.10', '100.64.0.1', '169.254.169.254', '127.0.0.2', '198.18.0.1', '224.0.0.251'],
    },
  ),
  c(
    'ipv4-not-internal-neighbours',
    '172.32.0.1 100.128.0.1 11.0.0.1',
    [
      ['ipv4', '172.32.0.1'],
      ['ipv4', '100.128.0.1'],
      ['ipv4', '11.0.0.1'],
    ],
    [],
    { internal: [] },
  ),
  c('ipv4-letter-after', '1.2.3.4a 1.2.3.4x', [], ['1.2.3.4']),
  c('ipv4-timestamp', '2024.05.01.10.22.33', [], ['5.1.10.22', '2024.05.01.10']),
  c('ipv4-commas', '1,2,3,4 and 1, 2, 3, 4', [], ['1.2.3.4']),
  c('ipv4-spaced-dots', '1 . 2 . 3 . 4', [], ['1.2.3.4']),
  c('ipv4-nbsp-separated', '1.2.3.4\u00A05.6.7.8', [
    ['ipv4', '1.2.3.4'],
    ['ipv4', '5.6.7.8'],
  ]),
  c('ipv4-zero-width-inside', '45.9\u200B.148.3', [['ipv4', '45.9.148.3']]),
  c('ipv4-quoted', 'src="45.9.148.3"; dst=\'45.9.148.4\'', [
    ['ipv4', '45.9.148.3'],
    ['ipv4', '45.9.148.4'],
  ]),
  c('ipv4-in-host-name', 'static.45.9.148.3.clients.your-server.de', [['domain', 'static.45.9.148.3.clients.your-server.de']], ['45.9.148.3']),
  c('ipv4-phone-numbers', 'Call +1-555-123-4567 or 1.800.555.1234 or (555) 123-4567', [], ['1.800.555.1234']),
  c('ipv4-dates', 'on 2024.01.15 and 15.01.2024 at 10:15:30.123', []),
  c('ipv4-version-string', 'Windows build 10.0.19041.1 and agent 4.18.2302.7', [], ['10.0.19041.1']),

  // ── IPv4 CIDR ─────────────────────────────────────────────────────────────────────────────────────────────────────
  c(
    'cidr-plain',
    'Block 45.9.148.0/24 and 10.0.0.0/8',
    [
      ['ipv4cidr', '45.9.148.0/24'],
      ['ipv4cidr', '10.0.0.0/8'],
    ],
    ['45.9.148.0', '10.0.0.0'],
    { internal: ['10.0.0.0/8'] },
  ),
  c('cidr-host-bits-kept', '45.9.148.3/24', [['ipv4cidr', '45.9.148.3/24']], ['45.9.148.0/24', '45.9.148.3']),
  c('cidr-prefix-too-long', '45.9.148.3/33', [['ipv4', '45.9.148.3']], ['45.9.148.3/33']),
  c('cidr-defanged', '45[.]9[.]148[.]0/24', [['ipv4cidr', '45.9.148.0/24']]),
  c('cidr-in-url-path', 'http://45.9.148.3/24', [['url', 'http://45.9.148.3/24']], ['45.9.148.3/24', '45.9.148.3']),
  c('cidr-sentence-end', 'the range 45.9.148.0/24.', [['ipv4cidr', '45.9.148.0/24']]),
  c('cidr-path-after', '45.9.148.3/24/admin', [['ipv4', '45.9.148.3']], ['45.9.148.3/24']),
  c('cidr-zero-and-32', '0.0.0.0/0 and 45.9.148.3/32', [
    ['ipv4cidr', '0.0.0.0/0'],
    ['ipv4cidr', '45.9.148.3/32'],
  ]),

  // ── IPv6 ──────────────────────────────────────────────────────────────────────────────────────────────────────────
  c('ipv6-full-form', '2001:0db8:0000:0000:0000:0000:0000:0001', [['ipv6', '2001:db8::1']], [], {
    internal: [],
  }),
  c('ipv6-unique-local', 'fd12:3456:789a::1 on the lab VLAN', [['ipv6', 'fd12:3456:789a::1']], [], {
    internal: ['fd12:3456:789a::1'],
  }),
  c('ipv6-compressed', 'resolver 2606:4700:4700::1111', [['ipv6', '2606:4700:4700::1111']], [], { internal: [] }),
  c('ipv6-uppercase-zeros', '2606:4700:4700:0:0:0:0:1111 and 2606:4700:4700:0000::1111 and 2606:4700:4700::1111'.toUpperCase(), [
    ['ipv6', '2606:4700:4700::1111'],
  ]),
  c('ipv6-zone-name', 'fe80::1ff:fe23:4567:890a%eth2', [['ipv6', 'fe80::1ff:fe23:4567:890a']], ['fe80::1ff:fe23:4567:890a%eth2']),
  c('ipv6-zone-number', 'fe80::1%11 up', [['ipv6', 'fe80::1']]),
  c('ipv6-bracket-port', '[2606:4700::6810:85e5]:443', [['ipv6', '2606:4700::6810:85e5']]),
  c('ipv6-mapped-dotted', '::ffff:45.9.148.3', [['ipv6', '::ffff:45.9.148.3']], ['45.9.148.3']),
  c('ipv6-mapped-hex', '::ffff:2d09:9403', [['ipv6', '::ffff:45.9.148.3']]),
  c('ipv6-mapped-internal', '::ffff:192.168.1.1', [['ipv6', '::ffff:192.168.1.1']], ['192.168.1.1'], {
    internal: ['::ffff:192.168.1.1'],
  }),
  c('ipv6-loopback', 'listening on ::1 port 80', [['ipv6', '::1']], [], { internal: ['::1'] }),
  c('ipv6-unspecified', 'bound to :: and [::]', [], ['::']),
  c('ipv6-zero-run-tie', '2001:db8:0:0:1:0:0:1', [['ipv6', '2001:db8::1:0:0:1']]),
  c('ipv6-single-zero-group', '2001:db8:0:1:1:1:1:1', [['ipv6', '2001:db8:0:1:1:1:1:1']]),
  c('ipv6-longest-run', '2001:0:0:1:0:0:0:1', [['ipv6', '2001:0:0:1::1']]),
  c('ipv6-time', 'at 10:42:17 UTC', [], ['10:42:17']),
  c('ipv6-cpp-scope', 'std::vector<int>::iterator and std::cout', [], ['d::c']),
  c('ipv6-too-many-groups', '1:2:3:4:5:6:7:8:9', [], ['1:2:3:4:5:6:7:8', '2:3:4:5:6:7:8:9']),
  c('ipv6-prefix-length', 'route 2001:db8:abcd::/48 via', [['ipv6', '2001:db8:abcd::']]),
  c('ipv6-after-label', 'ip6:2a01:4f8:c17:b8f::2', [['ipv6', '2a01:4f8:c17:b8f::2']]),
  c('ipv6-defanged-colons', '2a01[:]4f8[:]c17[:]b8f[:][:]2', [['ipv6', '2a01:4f8:c17:b8f::2']]),
  c('ipv6-in-url', 'http://[2a01:4f8:c17:b8f::2]:8080/x', [['url', 'http://[2a01:4f8:c17:b8f::2]:8080/x']], ['2a01:4f8:c17:b8f::2']),
  c('ipv6-embedded-ipv4', '64:ff9b::45.9.148.3', [['ipv6', '64:ff9b::2d09:9403']]),
  c(
    'ipv6-link-local-internal',
    'fe80::a00:27ff:fe4e:66a1 fd12:3456:789a::1',
    [
      ['ipv6', 'fe80::a00:27ff:fe4e:66a1'],
      ['ipv6', 'fd12:3456:789a::1'],
    ],
    [],
    { internal: ['fe80::a00:27ff:fe4e:66a1', 'fd12:3456:789a::1'] },
  ),

  // ── Domains ───────────────────────────────────────────────────────────────────────────────────────────────────────
  c('domain-plain', 'Resolved evil-cdn.net today', [['domain', 'evil-cdn.net']]),
  c('domain-defang-square', 'evil-cdn[.]net', [['domain', 'evil-cdn.net']]),
  c('domain-defang-words', 'evil-cdn[dot]net evil-cdn(DOT)net evil-cdn{dot}net', [['domain', 'evil-cdn.net']]),
  c('domain-defang-backslash', 'evil-cdn\\.net', [['domain', 'evil-cdn.net']]),
  c('domain-defang-odd-brackets', 'www].[evil-cdn(.}net', [['domain', 'www.evil-cdn.net']]),
  c('domain-deep-subdomain', 'a.b.c.evil-cdn.co.uk', [['domain', 'a.b.c.evil-cdn.co.uk']], ['evil-cdn.co.uk']),
  c('domain-uppercase', 'EVIL-CDN.NET', [['domain', 'evil-cdn.net']]),
  c('domain-trailing-dot', 'query evil-cdn.net. answered', [['domain', 'evil-cdn.net']]),
  c('domain-unknown-tld', 'evil-cdn.notatld', [], ['evil-cdn.notatld']),
  c('domain-runs-on', 'evil-cdn.net.notatld', [], ['evil-cdn.net', 'net.notatld']),
  c(
    'domain-file-names',
    'invoice.pdf setup.exe readme.md config.json report.docx archive.zip run.sh script.py notes.one clip.mov main.rs',
    [],
    ['readme.md', 'archive.zip', 'run.sh', 'script.py', 'notes.one', 'clip.mov', 'main.rs'],
  ),
  c('domain-file-names-upper', 'README.MD Archive.ZIP', [], ['readme.md', 'archive.zip']),
  c('domain-file-ext-defanged', 'archive[.]zip and notes[.]one', [
    ['domain', 'archive.zip'],
    ['domain', 'notes.one'],
  ]),
  c('domain-file-ext-bracketed', 'payload host: [payload.zip]', [['domain', 'payload.zip']]),
  c('domain-file-in-url', 'https://github.com/a/b/blob/main/run.sh', [['url', 'https://github.com/a/b/blob/main/run.sh']], ['run.sh', 'github.com']),
  c(
    'domain-dotnet-namespaces',
    'System.Net.Http.HttpClient, System.Net and Microsoft.PowerShell.Management',
    [],
    ['system.net', 'powershell.management', 'microsoft.powershell.management'],
  ),
  c('domain-underscore-left', '_dmarc.evil-cdn.net', [['domain', '_dmarc.evil-cdn.net']]),
  c('domain-underscore-registrable', 'evil_cdn.net', [], ['evil_cdn.net', 'cdn.net']),
  c('domain-private-suffix-ignored', 'foo.blogspot.com', [['domain', 'foo.blogspot.com']]),
  c('domain-public-suffix-only', 'co.uk and .com and com', [], ['co.uk', 'com']),
  c('domain-idn', 'bücher.de', [['domain', 'xn--bcher-kva.de']], ['bücher.de']),
  c('domain-homograph-apple', '\u0430\u0440\u0440\u04CF\u0435.com', [['domain', 'xn--80ak6aa92e.com']], ['apple.com']),
  c('domain-homograph-paypal', 'p\u0430ypal.com', [['domain', 'xn--pypal-4ve.com']], ['paypal.com']),
  c('domain-homograph-google', 'g\u043E\u043Egle.com', [['domain', 'xn--ggle-55da.com']], ['google.com']),
  c('domain-punycode-kept', 'xn--80ak6aa92e.com', [['domain', 'xn--80ak6aa92e.com']]),
  c('domain-fullwidth-dots', 'evil-cdn\uFF0Enet evil-cdn\u3002org evil-cdn\uFF61io', [
    ['domain', 'evil-cdn.net'],
    ['domain', 'evil-cdn.org'],
    ['domain', 'evil-cdn.io'],
  ]),
  c('domain-zero-width', 'evil\u200B-cdn.net and bad\u200C.org and wo\u2060rse.io and ev\u00ADil.com and \uFEFFx-evil.com', [
    ['domain', 'evil-cdn.net'],
    ['domain', 'bad.org'],
    ['domain', 'worse.io'],
    ['domain', 'evil.com'],
    ['domain', 'x-evil.com'],
  ]),
  c('domain-fullwidth-letters', '\uFF45\uFF56\uFF49\uFF4C-cdn.net', [['domain', 'evil-cdn.net']]),
  c('domain-wrapped', '(evil-cdn.net) "bad.org" \'worse.io\' {x-evil.com} [y-evil.com] <z-evil.com>', [
    ['domain', 'evil-cdn.net'],
    ['domain', 'bad.org'],
    ['domain', 'worse.io'],
    ['domain', 'x-evil.com'],
    ['domain', 'y-evil.com'],
    ['domain', 'z-evil.com'],
  ]),
  c('domain-separated-list', 'evil-cdn.net,bad.org;worse.io|x-evil.com', [
    ['domain', 'evil-cdn.net'],
    ['domain', 'bad.org'],
    ['domain', 'worse.io'],
    ['domain', 'x-evil.com'],
  ]),
  c('domain-other-scheme', 'ldap://dc01.corp-evil.com:389', [['domain', 'dc01.corp-evil.com']], ['ldap://dc01.corp-evil.com:389']),
  c('domain-schemeless-path', 'evil-cdn.net/wp-admin/x.php?u=bad.org', [['domain', 'evil-cdn.net']], ['x.php', 'bad.org', 'evil-cdn.net/wp-admin/x.php']),
  c('domain-port', 'evil-cdn.net:8443', [['domain', 'evil-cdn.net']]),
  c('domain-percent-after', 'evil-cdn.net%2Fpath', [['domain', 'evil-cdn.net']]),
  c('domain-bad-hyphens', '-evil-.com bad-.net', [], ['evil-.com', 'bad-.net', 'evil-.com']),
  c('domain-reserved-hyphens', 'ab--cd.com', [], ['ab--cd.com']),
  c('domain-numeric-labels', '123.45.com', [['domain', '123.45.com']]),
  c('domain-cjk-prose', '詳細はevil-cdn.netを参照してください', [['domain', 'evil-cdn.net']]),
  c('domain-idn-tld', 'example.рф', [['domain', 'example.xn--p1ai']]),
  c('domain-spaced-dot', 'evil-cdn . net', [], ['evil-cdn.net']),
  c('domain-dash-dot', 'evil-cdn-dot-net', [], ['evil-cdn.net']),
  c('domain-one-sided-bracket', 'evil-cdn[.net and evil-cdn.]net', [], ['evil-cdn.net']),
  c('domain-label-too-long', `${'a'.repeat(64)}.com`, [], [`${'a'.repeat(63)}.com`]),
  c('domain-list-markdown', '- evil-cdn.net\n- bad.org\n* worse.io', [
    ['domain', 'evil-cdn.net'],
    ['domain', 'bad.org'],
    ['domain', 'worse.io'],
  ]),

  // ── URLs ──────────────────────────────────────────────────────────────────────────────────────────────────────────
  c('url-plain', 'Download from https://evil-cdn.net/a/b.exe?x=1#frag now', [['url', 'https://evil-cdn.net/a/b.exe?x=1#frag']], ['evil-cdn.net', 'b.exe']),
  c('url-hxxp', 'hxxp://evil-cdn[.]net/gate.php', [['url', 'http://evil-cdn.net/gate.php']]),
  c('url-hXXps', 'hXXps://evil-cdn[.]net/', [['url', 'https://evil-cdn.net/']]),
  c('url-stars', 'h**ps://evil-cdn.net/x and h**p://evil-cdn.net/y', [
    ['url', 'https://evil-cdn.net/x'],
    ['url', 'http://evil-cdn.net/y'],
  ]),
  c('url-fxp', 'fxp://files.evil-cdn.net/pub', [['url', 'ftp://files.evil-cdn.net/pub']]),
  c('url-colon-brackets', 'https[:]//evil-cdn.net/x', [['url', 'https://evil-cdn.net/x']]),
  c('url-separator-brackets', 'hxxps[://]evil-cdn[.]net/x', [['url', 'https://evil-cdn.net/x']]),
  c('url-slash-brackets', 'https://evil-cdn.net[/]x[/]y', [['url', 'https://evil-cdn.net/x/y']]),
  c('url-case', 'HTTPS://EVIL-CDN.NET/Path/To?Q=A', [['url', 'https://evil-cdn.net/Path/To?Q=A']]),
  c(
    'url-userinfo-port',
    'https://admin:pw@evil-cdn.net:8443/x',
    [['url', 'https://admin:pw@evil-cdn.net:8443/x']],
    ['admin:pw@evil-cdn.net', 'pw@evil-cdn.net'],
  ),
  c('url-ip-host', 'http://45.9.148.3:8080/bin.sh', [['url', 'http://45.9.148.3:8080/bin.sh']], ['45.9.148.3', 'bin.sh']),
  c('url-idn-host', 'https://bücher.de/katalog', [['url', 'https://xn--bcher-kva.de/katalog']]),
  c('url-trailing-period', 'See https://evil-cdn.net/x.', [['url', 'https://evil-cdn.net/x']]),
  c('url-trailing-punctuation', 'https://evil-cdn.net/a, https://evil-cdn.net/b; https://evil-cdn.net/c! https://evil-cdn.net/d?', [
    ['url', 'https://evil-cdn.net/a'],
    ['url', 'https://evil-cdn.net/b'],
    ['url', 'https://evil-cdn.net/c'],
    ['url', 'https://evil-cdn.net/d'],
  ]),
  c('url-in-parens', '(https://evil-cdn.net/x)', [['url', 'https://evil-cdn.net/x']], ['https://evil-cdn.net/x)']),
  c('url-balanced-paren', 'https://en.wikipedia.org/wiki/Emotet_(malware)', [['url', 'https://en.wikipedia.org/wiki/Emotet_(malware)']]),
  c('url-balanced-paren-in-parens', '(see https://en.wikipedia.org/wiki/Emotet_(malware))', [['url', 'https://en.wikipedia.org/wiki/Emotet_(malware)']]),
  c('url-double-quotes', 'curl "https://evil-cdn.net/x" -o y', [['url', 'https://evil-cdn.net/x']]),
  c('url-single-quotes', "iwr 'https://evil-cdn.net/x' -OutFile y", [['url', 'https://evil-cdn.net/x']]),
  c('url-angle-brackets', 'link: <https://evil-cdn.net/x>', [['url', 'https://evil-cdn.net/x']]),
  c('url-html-entity', 'https://evil-cdn.net/?a=1&amp;b=2', [['url', 'https://evil-cdn.net/?a=1&b=2']]),
  c('url-percent-kept', 'https://evil-cdn.net/%2e%2e/x%20y', [['url', 'https://evil-cdn.net/%2e%2e/x%20y']]),
  c(
    'url-nothing-inside',
    `https://evil-cdn.net/r?u=http://other.org/&ip=45.9.148.3&h=${MD5}&e=a@bad.org&c=CVE-2021-44228`,
    [['url', `https://evil-cdn.net/r?u=http://other.org/&ip=45.9.148.3&h=${MD5}&e=a@bad.org&c=CVE-2021-44228`]],
    ['45.9.148.3', MD5, 'a@bad.org', 'CVE-2021-44228', 'other.org', 'http://other.org/'],
  ),
  c('url-unknown-scheme-ip', 'tcp://45.9.148.3:4444', [['ipv4', '45.9.148.3']], ['tcp://45.9.148.3:4444']),
  c('url-unknown-scheme-domain', 'smb://files.evil-cdn.net/share/x.zip', [['domain', 'files.evil-cdn.net']], ['x.zip']),
  c('url-schemeless', 'www.evil-cdn.net/login.php', [['domain', 'www.evil-cdn.net']], ['login.php', 'http://www.evil-cdn.net/login.php']),
  c('url-invalid-host', 'http://localhost:8080/x http://intranet/x http://evil-cdn,net/', [], ['localhost', 'intranet', 'evil-cdn.net']),
  c('url-emphasis', '**https://evil-cdn.net/x** and _https://evil-cdn.net/y_', [
    ['url', 'https://evil-cdn.net/x'],
    ['url', 'https://evil-cdn.net/y'],
  ]),
  c('url-cjk-prose', 'https://evil-cdn.netを参照', [['url', 'https://evil-cdn.net']]),
  c('url-ideographic-full-stop', 'https://evil-cdn.net/x\u3002', [['url', 'https://evil-cdn.net/x']]),
  c('url-curly-quotes', '\u201Chttps://evil-cdn.net/x\u201D', [['url', 'https://evil-cdn.net/x']]),
  c('url-label-prefix', 'url:https://evil-cdn.net/x', [['url', 'https://evil-cdn.net/x']]),
  c('url-ftp-ip', 'ftp://45.9.148.3/pub/x', [['url', 'ftp://45.9.148.3/pub/x']]),
  c('url-host-only', 'https://evil-cdn.net', [['url', 'https://evil-cdn.net']]),
  c('url-quote-opened-earlier', "'see https://evil-cdn.net/a' now", [['url', 'https://evil-cdn.net/a']], ["https://evil-cdn.net/a'"]),
  c('url-apostrophe-not-a-quote', "it's at https://evil-cdn.net/b'c", [['url', "https://evil-cdn.net/b'c"]]),
  c('url-in-square-brackets', '[https://evil-cdn.net/a]', [['url', 'https://evil-cdn.net/a']], ['https://evil-cdn.net/a]']),

  // ── E-mail ────────────────────────────────────────────────────────────────────────────────────────────────────────
  c('email-plain', 'From: Alice <alice.smith@evil-cdn.net>', [['email', 'alice.smith@evil-cdn.net']], ['evil-cdn.net']),
  c('email-defang-square-at', 'alice[@]evil-cdn[.]net', [['email', 'alice@evil-cdn.net']]),
  c('email-defang-at-words', 'alice[at]evil-cdn.net alice(AT)evil-cdn.net alice{at}evil-cdn.net alice(@)evil-cdn.net', [['email', 'alice@evil-cdn.net']]),
  c('email-plus-tag', 'bob+invoices@evil-cdn.net', [['email', 'bob+invoices@evil-cdn.net']]),
  c('email-case-dedup', 'Bob@Evil-CDN.net bob@evil-cdn.net', [['email', 'Bob@evil-cdn.net']]),
  c('email-domain-alone-elsewhere', 'bob@evil-cdn.net and evil-cdn.net', [
    ['email', 'bob@evil-cdn.net'],
    ['domain', 'evil-cdn.net'],
  ]),
  c('email-mailto', 'mailto:bob@evil-cdn.net', [['email', 'bob@evil-cdn.net']], ['mailto:bob@evil-cdn.net']),
  c('email-unknown-tld', 'bob@evil.notatld and root@localhost', [], ['bob@evil.notatld', 'root@localhost']),
  c('email-idn-domain', 'info@bücher.de', [['email', 'info@xn--bcher-kva.de']]),
  c('email-spaced-at', 'bob AT evil-cdn.net', [['domain', 'evil-cdn.net']], ['bob@evil-cdn.net']),
  c('email-url-userinfo', 'ftp://bob@evil-cdn.net/', [['url', 'ftp://bob@evil-cdn.net/']], ['bob@evil-cdn.net']),
  c('email-sentence-end', 'Contact bob@evil-cdn.net.', [['email', 'bob@evil-cdn.net']]),
  c('email-apostrophe-prose', "it's bob@evil-cdn.net's mailbox", [['email', 'bob@evil-cdn.net']]),
  c('email-subdomain', 'x_y-z.w@mail.evil-cdn.co.uk', [['email', 'x_y-z.w@mail.evil-cdn.co.uk']]),
  c('email-key-value', 'sender=bob@evil-cdn.net;rcpt=carol@bad.org', [
    ['email', 'bob@evil-cdn.net'],
    ['email', 'carol@bad.org'],
  ]),
  c('email-file-ext-domain', 'user@notes.one', [['email', 'user@notes.one']]),

  // ── Hashes ────────────────────────────────────────────────────────────────────────────────────────────────────────
  c('hash-all-three', `md5 ${MD5} sha1 ${SHA1} sha256 ${SHA256}`, [
    ['md5', MD5],
    ['sha1', SHA1],
    ['sha256', SHA256],
  ]),
  c('hash-uppercase', MD5.toUpperCase(), [['md5', MD5]]),
  c('hash-case-dedup', `${SHA1.toUpperCase()} ${SHA1}`, [['sha1', SHA1]]),
  c('hash-sha512', SHA512, [], [SHA512.slice(0, 64), SHA512.slice(0, 40), SHA512.slice(0, 32), SHA512.slice(64)]),
  c('hash-0x-prefix', `0x${MD5} and 0X${SHA1}`, [], [MD5, SHA1]),
  c('hash-glued-to-word', `md5${MD5} ${SHA1}x`, [], [MD5, SHA1]),
  c('hash-guid', '{8ac4d7b2-3f47-4d8e-9c1a-2b6f7e9d0a11} 8ac4d7b2-3f47-4d8e-9c1a-2b6f7e9d0a11', []),
  c('hash-file-name', `${MD5}.exe and ${SHA256}.bin`, [
    ['md5', MD5],
    ['sha256', SHA256],
  ]),
  c('hash-labelled', `SHA256:${SHA256} md5=${MD5} sha1="${SHA1}"`, [
    ['sha256', SHA256],
    ['md5', MD5],
    ['sha1', SHA1],
  ]),
  c('hash-digits-only', '12345678901234567890123456789012', [], ['12345678901234567890123456789012']),
  c('hash-wrong-lengths', `${MD5.slice(0, 31)} ${MD5}a ${SHA1}ab ${SHA256}0`, [], [MD5, SHA1, SHA256]),
  c('hash-underscore-neighbours', `sample_${MD5}_unpacked`, [['md5', MD5]]),
  c('hash-zero-width-inside', `${MD5.slice(0, 10)}\u200B${MD5.slice(10)}`, [['md5', MD5]]),
  c('hash-in-backticks', `\`${SHA256}\``, [['sha256', SHA256]]),
  c('hash-long-label-host', `${SHA256}.com`, [], [SHA256]),
  c('hash-angle-brackets', `<${MD5}> and <${SHA1}>`, [
    ['md5', MD5],
    ['sha1', SHA1],
  ]),

  // ── CVE ───────────────────────────────────────────────────────────────────────────────────────────────────────────
  c('cve-plain', 'Exploits CVE-2024-3400 in PAN-OS', [['cve', 'CVE-2024-3400']]),
  c('cve-lowercase', 'cve-2023-4966', [['cve', 'CVE-2023-4966']]),
  c('cve-space', 'CVE 2021-44228', [['cve', 'CVE-2021-44228']]),
  c('cve-non-breaking-hyphen', 'CVE\u20112021\u201144228', [['cve', 'CVE-2021-44228']]),
  c('cve-long-sequence', 'CVE-2023-1234567', [['cve', 'CVE-2023-1234567']]),
  c('cve-bad-years', 'CVE-1998-0001 CVE-2100-1234', [], ['CVE-1998-0001', 'CVE-2100-1234']),
  c('cve-leading-zero', 'CVE-2021-01234', [], ['CVE-2021-01234', 'CVE-2021-0123']),
  c('cve-short-sequence', 'CVE-2021-123', [], ['CVE-2021-123']),
  c('cve-glued', 'XCVE-2021-44228 CVE-2021-44228a', [], ['CVE-2021-44228']),
  c('cve-in-parens', '(CVE-2021-44228), [CVE-2022-22965].', [
    ['cve', 'CVE-2021-44228'],
    ['cve', 'CVE-2022-22965'],
  ]),
  c('cve-underscores', 'CVE_2021_44228', [], ['CVE-2021-44228']),
  c('cve-angle-brackets', '<CVE-2021-44228>', [['cve', 'CVE-2021-44228']]),
  c('cve-shaped-domain', 'cve-2021-44228.com', [['domain', 'cve-2021-44228.com']], ['CVE-2021-44228']),
  c('cve-file-name', 'CVE-2021-44228.txt', [['cve', 'CVE-2021-44228']]),

  // ── MAC ───────────────────────────────────────────────────────────────────────────────────────────────────────────
  c('mac-colon', '00:1a:2b:3c:4d:5e', [['mac', '00:1a:2b:3c:4d:5e']]),
  c('mac-dash-upper', '00-1A-2B-3C-4D-5F', [['mac', '00:1a:2b:3c:4d:5f']]),
  c('mac-cisco', '001a.2b3c.4d60', [['mac', '00:1a:2b:3c:4d:60']]),
  c('mac-dedup-forms', '00:1A:2B:3C:4D:5E 00-1a-2b-3c-4d-5e 001A.2B3C.4D5E', [['mac', '00:1a:2b:3c:4d:5e']]),
  c('mac-seven-octets', '00:1a:2b:3c:4d:5e:6f', [], ['00:1a:2b:3c:4d:5e', '1a:2b:3c:4d:5e:6f']),
  c('mac-mixed-separators', '00:1A-2B:3C-4D:5E', [], ['00:1a:2b:3c:4d:5e']),
  c('mac-label', 'MAC=00:1a:2b:3c:4d:5e, mac:00:1a:2b:3c:4d:5f', [
    ['mac', '00:1a:2b:3c:4d:5e'],
    ['mac', '00:1a:2b:3c:4d:5f'],
  ]),
  c('mac-cisco-defanged', '001a[.]2b3c[.]4d5e', [['mac', '00:1a:2b:3c:4d:5e']]),
  c('mac-five-octets', '00:1a:2b:3c:4d', [], []),

  // ── Teams / HTML ──────────────────────────────────────────────────────────────────────────────────────────────────
  c('teams-mention', '<at>Defender Bot</at> lookup 45.9.148.3', [['ipv4', '45.9.148.3']]),
  c('teams-mention-indicator-name', '<at id="0">evil-cdn.net</at> hello', [], ['evil-cdn.net']),
  c('teams-paragraphs', '<p>IOC: <b>45.9.148.3</b></p><p>evil-cdn[.]net</p><div>bad.org</div>', [
    ['ipv4', '45.9.148.3'],
    ['domain', 'evil-cdn.net'],
    ['domain', 'bad.org'],
  ]),
  c('teams-autolink-same', 'check <a href="http://evil-cdn.net">evil-cdn.net</a>', [['domain', 'evil-cdn.net']], ['http://evil-cdn.net']),
  c('teams-link-text', '<a href="https://evil-cdn.net/login">Click here</a>', [['url', 'https://evil-cdn.net/login']]),
  c('teams-link-text-other-indicator', '<a href="https://other.org/x">evil-cdn.net</a>', [
    ['domain', 'evil-cdn.net'],
    ['url', 'https://other.org/x'],
  ]),
  c('teams-link-url-text', '<a href="https://evil-cdn.net/x" title="x">https://evil-cdn.net/x</a>', [['url', 'https://evil-cdn.net/x']]),
  c('teams-mailto', '<a href="mailto:bob@evil-cdn.net">bob@evil-cdn.net</a>', [['email', 'bob@evil-cdn.net']]),
  c('html-entities', 'evil-cdn&#46;net &lt;45.9.148.3&gt; a &amp; b&nbsp;bad&#x2E;org', [
    ['domain', 'evil-cdn.net'],
    ['ipv4', '45.9.148.3'],
    ['domain', 'bad.org'],
  ]),
  c('html-img-src', '<img src="https://evil-cdn.net/pixel.gif" alt="x">', [['url', 'https://evil-cdn.net/pixel.gif']]),
  c('html-attributes-not-text', '<span title="evil-cdn.net" class="bad.org" data-ip="45.9.148.3">hello</span>', []),
  c('html-style-script', '<style>.evil-cdn.net{color:red}</style><script>var a="45.9.148.3"</script>ok', []),
  c('html-comment', '<!-- 45.9.148.3 evil-cdn.net --> ok', []),
  c('html-unclosed-tag-text', 'a < b and 45.9.148.3 > 2', [['ipv4', '45.9.148.3']]),

  // ── Slack ─────────────────────────────────────────────────────────────────────────────────────────────────────────
  c('slack-autolink-domain', '<http://evil-cdn.net|evil-cdn.net>', [['domain', 'evil-cdn.net']], ['http://evil-cdn.net']),
  c('slack-autolink-email', '<mailto:bob@evil-cdn.net|bob@evil-cdn.net>', [['email', 'bob@evil-cdn.net']]),
  c('slack-link-label', '<https://evil-cdn.net/login|Login page>', [['url', 'https://evil-cdn.net/login']]),
  c('slack-link-other-label', '<https://evil-cdn.net/a|other.org>', [['url', 'https://evil-cdn.net/a']], ['other.org']),
  c('slack-plain-link', '<https://evil-cdn.net/a>', [['url', 'https://evil-cdn.net/a']]),
  c('slack-mentions', '<@U024BE7LH> <@U024BE7LH|bob> <#C024BE7LR|general> <!here> <!channel> <!subteam^SAZ94GDB8|@oncall> check 45.9.148.3', [
    ['ipv4', '45.9.148.3'],
  ]),
  c('slack-escaped-text', '&lt;evil-cdn.net&gt; &amp; 45.9.148.3', [
    ['domain', 'evil-cdn.net'],
    ['ipv4', '45.9.148.3'],
  ]),
  c('slack-link-entities', '<https://evil-cdn.net/?a=1&amp;b=2>', [['url', 'https://evil-cdn.net/?a=1&b=2']]),
  c('slack-mailto-other-label', '<mailto:bob@evil-cdn.net|Bob>', [['email', 'bob@evil-cdn.net']]),

  // ── Markdown ──────────────────────────────────────────────────────────────────────────────────────────────────────
  c('md-code-span', 'ip `45.9.148.3` seen', [['ipv4', '45.9.148.3']]),
  c('md-code-fence', '```\nevil-cdn[.]net\n45.9.148.3\n```', [
    ['domain', 'evil-cdn.net'],
    ['ipv4', '45.9.148.3'],
  ]),
  c('md-code-fence-language', '```text\nhxxp://evil-cdn[.]net/x\n```', [['url', 'http://evil-cdn.net/x']]),
  c('md-link', '[report](https://evil-cdn.net/r)', [['url', 'https://evil-cdn.net/r']]),
  c('md-link-indicator-label', '[evil-cdn.net](https://other.org/x)', [
    ['domain', 'evil-cdn.net'],
    ['url', 'https://other.org/x'],
  ]),
  c('md-link-same', '[https://evil-cdn.net/x](https://evil-cdn.net/x)', [['url', 'https://evil-cdn.net/x']]),
  c('md-image', '![x](https://evil-cdn.net/i.png)', [['url', 'https://evil-cdn.net/i.png']]),
  c('md-emphasis', '**45.9.148.3** _evil-cdn.net_ *bad.org* ~~worse.io~~ __x-evil.com__', [
    ['ipv4', '45.9.148.3'],
    ['domain', 'evil-cdn.net'],
    ['domain', 'bad.org'],
    ['domain', 'worse.io'],
    ['domain', 'x-evil.com'],
  ]),
  c('md-quote-heading', '> 45.9.148.3\n# evil-cdn.net', [
    ['ipv4', '45.9.148.3'],
    ['domain', 'evil-cdn.net'],
  ]),

  // ── De-duplication, ignore list, cap ──────────────────────────────────────────────────────────────────────────────
  c('dedup-forms', 'evil-cdn.net EVIL-CDN.NET evil-cdn[.]net evil-cdn(dot)net', [['domain', 'evil-cdn.net']]),
  c('dedup-url-case', 'http://evil-cdn.net/A HTTP://EVIL-CDN.NET/a', [['url', 'http://evil-cdn.net/A']]),
  c('dedup-ipv6-forms', '2001:db8::1 2001:0DB8:0:0:0:0:0:1', [['ipv6', '2001:db8::1']]),
  c('ignore-values', '45.9.148.3 evil-cdn.net bad.org', [['domain', 'bad.org']], [], {
    options: { ignore: ['45.9.148.3', 'EVIL-CDN[.]NET'] },
    ignored: ['45.9.148.3', 'evil-cdn.net'],
  }),
  c(
    'ignore-cidrs',
    '10.1.2.3 10.200.0.0/16 192.168.1.1 45.9.148.3 fd00::1 2001:db8::5',
    [
      ['ipv4', '192.168.1.1'],
      ['ipv4', '45.9.148.3'],
      ['ipv6', '2001:db8::5'],
    ],
    [],
    {
      options: { ignore: ['10.0.0.0/8', 'fc00::/7'] },
      ignored: ['10.1.2.3', '10.200.0.0/16', 'fd00::1'],
    },
  ),
  c('ignore-ipv6-value', '2001:db8::1 and 2001:db8::2', [['ipv6', '2001:db8::2']], [], {
    options: { ignore: ['2001:0db8:0:0:0:0:0:1'] },
    ignored: ['2001:db8::1'],
  }),
  c('ignore-domain-not-subdomains', 'evil-cdn.net www.evil-cdn.net', [['domain', 'www.evil-cdn.net']], [], {
    options: { ignore: ['evil-cdn.net'] },
    ignored: ['evil-cdn.net'],
  }),
  c(
    'cap-first-three',
    '45.9.148.1 45.9.148.2 45.9.148.3 45.9.148.4 45.9.148.5',
    [
      ['ipv4', '45.9.148.1'],
      ['ipv4', '45.9.148.2'],
      ['ipv4', '45.9.148.3'],
    ],
    ['45.9.148.4', '45.9.148.5'],
    { options: { cap: 3 } },
  ),
  c(
    'cap-after-dedup',
    '45.9.148.1 45.9.148.1 45.9.148.2 evil-cdn.net',
    [
      ['ipv4', '45.9.148.1'],
      ['ipv4', '45.9.148.2'],
    ],
    ['evil-cdn.net'],
    { options: { cap: 2 } },
  ),

  // ── Mixed messages ────────────────────────────────────────────────────────────────────────────────────────────────
  c(
    'mixed-alert-email',
    'Subject: [EXTERNAL] Invoice\nFrom: "Billing" <billing@evil-cdn.net>\nThe attachment invoice.zip dropped ' +
      `${SHA256} which beaconed to hxxps://update.evil-cdn[.]net/api and 45.9.148[.]3:443 (see CVE-2024-3400).`,
    [
      ['email', 'billing@evil-cdn.net'],
      ['sha256', SHA256],
      ['url', 'https://update.evil-cdn.net/api'],
      ['ipv4', '45.9.148.3'],
      ['cve', 'CVE-2024-3400'],
    ],
    ['invoice.zip', 'evil-cdn.net', 'update.evil-cdn.net'],
  ),
  c(
    'mixed-threat-report',
    'The actor used bad[.]org and its subdomain cdn.bad[.]org, staged payloads on 2a01:4f8:c17:b8f::2 and ' +
      'exfiltrated to ftp://drop.bad.org/up. Device MAC 00:1a:2b:3c:4d:5e. Ignore version 3.2.1.0.1.',
    [
      ['domain', 'bad.org'],
      ['domain', 'cdn.bad.org'],
      ['ipv6', '2a01:4f8:c17:b8f::2'],
      ['url', 'ftp://drop.bad.org/up'],
      ['mac', '00:1a:2b:3c:4d:5e'],
    ],
  ),
  c('mixed-ioc-lines', `45.9.148.3\nevil-cdn[.]net\nhxxp://bad[.]org/x\n${MD5}\nCVE-2021-44228\n`, [
    ['ipv4', '45.9.148.3'],
    ['domain', 'evil-cdn.net'],
    ['url', 'http://bad.org/x'],
    ['md5', MD5],
    ['cve', 'CVE-2021-44228'],
  ]),
  c('mixed-csv', `indicator,type\n45.9.148.3,ip\nevil-cdn.net,domain\n${SHA1},sha1`, [
    ['ipv4', '45.9.148.3'],
    ['domain', 'evil-cdn.net'],
    ['sha1', SHA1],
  ]),
  c('mixed-json', `{"ip":"45.9.148.3","domain":"evil-cdn.net","url":"https://bad.org/x?y=1","hash":"${MD5}"}`, [
    ['ipv4', '45.9.148.3'],
    ['domain', 'evil-cdn.net'],
    ['url', 'https://bad.org/x?y=1'],
    ['md5', MD5],
  ]),
  c('mixed-windows-paths', 'C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe and \\\\fileserver\\share\\notes.one', [], ['notes.one']),
  c('mixed-nothing', 'Hello team, the meeting is at 10:30. Version 2.4.1 is out. Thanks!', []),

  // ── Mail-security wrappers and Defender portal links (issue 15) ─────────────────────────────────────────────────────
  c(
    'wrap-safelinks-nam',
    'Reported phish: https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil-cdn.net%2Flogin%3Fu%3Djane&data=05%7C02%7Cjane%40contoso.com%7C2e9f06b0%7C0%7C0%7C638403423578665559%7CUnknown%7C%7C%7C&sdata=bMPrbif%2B96QoKY5WarbxCTonEn6AGkwj%2FdpB0YEN4go%3D&reserved=0',
    [['url', 'https://evil-cdn.net/login?u=jane']],
    ['nam12.safelinks.protection.outlook.com', 'contoso.com', 'jane@contoso.com'],
  ),
  c(
    'wrap-safelinks-eur',
    'https://eur01.safelinks.protection.outlook.com/?url=http%3A%2F%2F45.9.148.3%2Fgate.php&data=05%7C01%7C%7C&sdata=x%3D&reserved=0',
    [['url', 'http://45.9.148.3/gate.php']],
    ['eur01.safelinks.protection.outlook.com', '45.9.148.3'],
  ),
  c(
    'wrap-safelinks-gov',
    'https://usg02.safelinks.protection.office365.us/?url=https%3A%2F%2Fevil-cdn.net%2Fx&data=05%7C01%7C%7C&sdata=x%3D&reserved=0',
    [['url', 'https://evil-cdn.net/x']],
    ['usg02.safelinks.protection.office365.us'],
  ),
  c(
    'wrap-safelinks-defanged-slack',
    '<hxxps://nam12.safelinks[.]protection.outlook[.]com/?url=https%3A%2F%2Fevil-cdn.net%2Fx&amp;data=05%7C01&amp;reserved=0|open this>',
    [['url', 'https://evil-cdn.net/x']],
    ['nam12.safelinks.protection.outlook.com'],
  ),
  c(
    'wrap-proofpoint-v1',
    'https://urldefense.proofpoint.com/v1/url?u=http://www.bouncycastle.org/&amp;k=oIvRg1%2BdGAgOoM1BIlLLqw%3D%3D%0A&amp;s=d3583cfa53dade97025bc6274c6c8951dc29fe0f38830cf8e5a447723b9f1c9a',
    [['url', 'http://www.bouncycastle.org/']],
    ['urldefense.proofpoint.com', 'd3583cfa53dade97025bc6274c6c8951dc29fe0f38830cf8e5a447723b9f1c9a'],
  ),
  c(
    'wrap-proofpoint-v2',
    'https://urldefense.proofpoint.com/v2/url?u=https-3A__evil-2Dcdn.net_a-5Fb_c.php-3Fx-3D1-26y-3D2&d=DwMFaQ&c=Vxt5e0Osvvt2gflwSlsJ5DmPGcPvTRKLJyp031rXjhg&e=',
    [['url', 'https://evil-cdn.net/a_b/c.php?x=1&y=2']],
    ['urldefense.proofpoint.com'],
  ),
  c(
    'wrap-proofpoint-v3',
    'See https://urldefense.com/v3/__https://lore.kernel.org/linux-scsi/Ykqg0kr0F*2Fyzk2XW@infradead.org/__;JQ!!ACWV5N9M2RV99hQ!MwAZFXXIwuP0lv$ for the thread',
    [['url', 'https://lore.kernel.org/linux-scsi/Ykqg0kr0F%2Fyzk2XW@infradead.org/']],
    ['urldefense.com', 'Ykqg0kr0F*2Fyzk2XW@infradead.org'],
  ),
  c(
    'wrap-nested-safelinks-proofpoint',
    'https://na01.safelinks.protection.outlook.com/?url=https%3A//urldefense.com/v3/__https%3A//google.com%3A443/search%3Fq%3Da%2Atest%26gs%3Dps__%3BKw%21-612Flbf0JvQ3kNJkRi5Jg&',
    [['url', 'https://google.com:443/search?q=a+test&gs=ps']],
    ['na01.safelinks.protection.outlook.com', 'urldefense.com'],
  ),
  c(
    'wrap-undecodable-kept',
    'https://urldefense.com/v3/__https://evil-cdn.net/a*b__;@@!!x$',
    [['url', 'https://urldefense.com/v3/__https://evil-cdn.net/a*b__;@@!!x$']],
    ['https://evil-cdn.net/a*b'],
  ),
  c(
    'portal-file-ip-user',
    'https://security.microsoft.com/file/275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f/overview?tid=x and https://security.microsoft.us/ip/45.9.148.3/overview and https://security.apps.mil/user/?aad=0b6f2a55&upn=jane.doe%40contoso.com',
    [
      ['sha256', SHA256],
      ['ipv4', '45.9.148.3'],
      ['email', 'jane.doe@contoso.com'],
    ],
    ['security.microsoft.com', 'security.microsoft.us', 'security.apps.mil'],
  ),
  c(
    'portal-incident-stays-url',
    'incident https://security.microsoft.com/incidents/4471?tid=72f988bf-86f1-41af-91ab-2d7cd011db47 is high',
    [['url', 'https://security.microsoft.com/incidents/4471?tid=72f988bf-86f1-41af-91ab-2d7cd011db47']],
    ['4471'],
  ),
];
