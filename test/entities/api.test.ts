import * as entities from '../../src/entities';
import { capNotice, DEFAULT_CAP, recognize, refang } from '../../src/entities';
import { canonicalIPv6, formatIPv6, parseIPv6 } from '../../src/entities/ipv6';
import { parseIPv4 } from '../../src/entities/ipv4';

describe('recognize: result shape, cap and notice', () => {
  const ips = (n: number): string => Array.from({ length: n }, (_, i) => `45.9.${i >> 8}.${(i & 255) + 1}`).join(' ');

  it('exports the documented API', () => {
    for (const name of ['recognize', 'refang', 'capNotice', 'parseDeviceName', 'parseUpn']) {
      expect(typeof (entities as Record<string, unknown>)[name]).toBe('function');
    }
    expect(entities.INDICATOR_TYPES).toEqual(['ipv4', 'ipv4cidr', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'cve', 'mac']);
    expect(DEFAULT_CAP).toBe(25);
  });

  it('caps at 25 by default and says so', () => {
    const r = recognize(ips(140));
    expect(r.indicators).toHaveLength(25);
    expect(r.total).toBe(140);
    expect(r.capped).toBe(true);
    expect(capNotice(r)).toBe('looked up the first 25 of 140 indicators');
    expect(r.indicators[0]?.value).toBe('45.9.0.1');
    expect(r.indicators[24]?.value).toBe('45.9.0.25');
  });

  it('has no notice when nothing was cut', () => {
    const r = recognize(ips(25));
    expect(r).toMatchObject({ total: 25, capped: false });
    expect(capNotice(r)).toBeUndefined();
    expect(capNotice(recognize(''))).toBeUndefined();
  });

  it('takes a custom cap; 0 looks nothing up; an invalid cap means the default', () => {
    expect(capNotice(recognize(ips(5), { cap: 2 }))).toBe('looked up the first 2 of 5 indicators');
    expect(recognize(ips(5), { cap: 0 })).toMatchObject({ indicators: [], total: 5, capped: true });
    expect(recognize(ips(30), { cap: -1 }).indicators).toHaveLength(25);
    expect(recognize(ips(30), { cap: Number.NaN }).indicators).toHaveLength(25);
    expect(recognize(ips(30), { cap: 2.9 }).indicators).toHaveLength(2);
  });

  it('keeps the order of first appearance across types', () => {
    const r = recognize(
      'CVE-2021-44228 then bob@evil-cdn.net, https://bad.org/x, 45.9.148.3, evil-cdn.net, 2001:db8::1, ' +
        'f6f8179ac71eaabff12b8c024342109b, 00:1a:2b:3c:4d:5e, 10.0.0.0/8 and 45.9.148.3 again',
    );
    expect(r.indicators.map((i) => i.type)).toEqual(['cve', 'email', 'url', 'ipv4', 'domain', 'ipv6', 'md5', 'mac', 'ipv4cidr']);
  });

  it('sets internal only on private and reserved IPs', () => {
    const r = recognize('10.1.1.1 8.8.8.8 fd00::1 2606:4700::1 192.168.0.0/16 8.0.0.0/8 evil-cdn.net http://10.0.0.1/');
    expect(r.indicators.map((i) => [i.value, i.internal === true])).toEqual([
      ['10.1.1.1', true],
      ['8.8.8.8', false],
      ['fd00::1', true],
      ['2606:4700::1', false],
      ['192.168.0.0/16', true],
      ['8.0.0.0/8', false],
      ['evil-cdn.net', false],
      ['http://10.0.0.1/', false],
    ]);
    expect(r.indicators.filter((i) => i.internal === undefined)).toHaveLength(5);
  });

  it('returns ignored indicators once each, in order, and leaves them out of total', () => {
    const r = recognize('127.0.0.1 10.0.0.1 evil-cdn.net 127.0.0.1 10.0.0.2 bad.org', { ignore: ['10.0.0.0/8', 'Evil-CDN.net'] });
    expect(r.ignored.map((i) => i.value)).toEqual(['127.0.0.1', '10.0.0.1', 'evil-cdn.net', '10.0.0.2']);
    expect(r.indicators.map((i) => i.value)).toEqual(['bad.org']);
    expect(r.total).toBe(1);
    expect(r.ignored[1]?.internal).toBe(true);
  });

  it('matches ignore values after canonicalisation (refanged, IDN, IPv6 text form, MAC form)', () => {
    const r = recognize('bücher.de 2001:db8:0:0:0:0:0:7 00-1A-2B-3C-4D-5E hxxp://x-evil[.]com/a', {
      ignore: ['xn--bcher-kva.de', '2001:DB8::7', '00:1a:2b:3c:4d:5e', 'http://x-evil.com/a'],
    });
    expect(r.indicators).toEqual([]);
    expect(r.ignored).toHaveLength(4);
  });

  it('recognises a typical 10-indicator message (its speed is measured by npm run bench, not here)', () => {
    const text =
      'Alert: alice@contoso.com on ws-042 ran setup.exe (sha256 275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f) ' +
      'which contacted hxxps://evil[.]com/gate.php and 185.220.101.4, also evil2[.]net and 2001:db8::1; see CVE-2024-3400. ' +
      'MD5 f6f8179ac71eaabff12b8c024342109b, 10.1.2.3, NIC 00:1a:2b:3c:4d:5e';
    expect(recognize(text).total).toBe(10);
  });
});

describe('refang', () => {
  it.each([
    ['example[.]com', 'example.com'],
    ['example(.)com', 'example.com'],
    ['example{.}com', 'example.com'],
    ['a(.]b[.}c{.)d].[e', 'a.b.c.d.e'],
    ['example[dot]com (DOT) {Dot}', 'example.com . .'],
    ['example\\.com', 'example.com'],
    ['a[/]b', 'a/b'],
    ['http[:]//x', 'http://x'],
    ['http[://]x', 'http://x'],
    ['hxxp://x hXXps://x h**p://x H**PS://x fxp://x FXP[:]//x', 'http://x https://x http://x https://x ftp://x ftp[:]//x'.replace('ftp[:]//', 'ftp://')],
    ['a[@]b a(@)b a{@}b a[at]b a(AT)b a{At}b', 'a@b a@b a@b a@b a@b a@b'],
  ])('%s', (input, output) => {
    expect(refang(input)).toBe(output);
  });

  it.each([
    'example . com',
    'example,com',
    'example[.com',
    'example.]com',
    'bob AT example DOT com',
    'bad-dot-com',
    'xhxxp://x',
    'hxxp is not followed by a colon',
    '[at the end]',
  ])('leaves %s alone', (input) => {
    expect(refang(input)).toBe(input);
  });
});

describe('IPv4 and IPv6 text forms', () => {
  it.each([
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['1.2.3.4', true],
    ['01.2.3.4', false],
    ['1.2.3.256', false],
    ['1.2.3', false],
    ['1.2.3.4.5', false],
    ['1..2.3', false],
    [' 1.2.3.4', false],
  ])('parseIPv4(%s) valid: %s', (text, valid) => {
    expect(parseIPv4(text) !== undefined).toBe(valid);
  });

  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['FE80::A', 'fe80::a'],
    ['::ffff:192.0.2.128', '::ffff:192.0.2.128'],
    ['::ffff:c000:280', '::ffff:192.0.2.128'],
    ['0:0:0:0:0:ffff:c000:0280', '::ffff:192.0.2.128'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ])('canonicalIPv6(%s) = %s', (text, canonical) => {
    expect(canonicalIPv6(text)).toBe(canonical);
  });

  it.each(['1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', ':1::', '1:2:3:4:5:6:7:8::', '12345::', 'g::1', '::1.2.3', '1:2:3:4:5:6:7:1.2.3.4', ':::'])(
    'rejects %s',
    (text) => {
      expect(parseIPv6(text)).toBeUndefined();
    },
  );

  it('formats eight groups per RFC 5952', () => {
    expect(formatIPv6([0, 0, 0, 0, 0, 0, 0, 0])).toBe('::');
    expect(formatIPv6([1, 0, 0, 2, 0, 0, 0, 3])).toBe('1:0:0:2::3');
    expect(formatIPv6([1, 0, 0, 2, 0, 0, 3, 4])).toBe('1::2:0:0:3:4');
  });
});
