import { parseDeviceName, parseUpn } from '../../src/entities';

describe('parseDeviceName', () => {
  it.each([
    ['ws-042', { kind: 'deviceName', value: 'ws-042' }],
    ['WS-042', { kind: 'deviceName', value: 'ws-042' }],
    ['  ws-042.contoso.com  ', { kind: 'deviceName', value: 'ws-042.contoso.com' }],
    ['ws-042.contoso.com.', { kind: 'deviceName', value: 'ws-042.contoso.com' }],
    ['ws-042[.]contoso[.]com', { kind: 'deviceName', value: 'ws-042.contoso.com' }],
    ['`ws-042`', { kind: 'deviceName', value: 'ws-042' }],
    ['"LAPTOP-7QX2"', { kind: 'deviceName', value: 'laptop-7qx2' }],
    ['<http://ws-042.contoso.com|ws-042.contoso.com>', { kind: 'deviceName', value: 'ws-042.contoso.com' }],
    ['<a href="http://ws-042.contoso.com">ws-042.contoso.com</a>', { kind: 'deviceName', value: 'ws-042.contoso.com' }],
    ['srv_build01', { kind: 'deviceName', value: 'srv_build01' }],
    ['1e5c4f0a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e', { kind: 'machineId', value: '1e5c4f0a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e' }],
    ['1E5C4F0A9B8D7C6E5F4A3B2C1D0E9F8A7B6C5D4E', { kind: 'machineId', value: '1e5c4f0a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e' }],
  ])('%s', (text, expected) => {
    expect(parseDeviceName(text)).toEqual(expected);
  });

  it.each(['', '   ', 'ws 042', '-ws', 'ws-', '10.0.0.1', '12345', 'ws-042/x', 'a..b', 'bob@contoso.com', 'x'.repeat(64), 'ws$042'])('rejects %s', (text) => {
    expect(parseDeviceName(text)).toBeUndefined();
  });

  it('never throws', () => {
    expect(parseDeviceName(undefined as unknown as string)).toBeUndefined();
    expect(parseDeviceName('\uD800')).toBeUndefined();
  });
});

describe('parseUpn', () => {
  it.each([
    ['alice@contoso.com', 'alice@contoso.com'],
    ['Alice.Smith@Contoso.COM', 'Alice.Smith@contoso.com'],
    ['alice[@]contoso[.]com', 'alice@contoso.com'],
    ['alice[at]contoso.com', 'alice@contoso.com'],
    ['<mailto:alice@contoso.com|alice@contoso.com>', 'alice@contoso.com'],
    ['<a href="mailto:alice@contoso.com">alice@contoso.com</a>', 'alice@contoso.com'],
    ['mailto:alice@contoso.com', 'alice@contoso.com'],
    ['"alice@contoso.com"', 'alice@contoso.com'],
    ['svc_backup@corp.contoso.local', 'svc_backup@corp.contoso.local'],
    ['alice@contoso.onmicrosoft.com', 'alice@contoso.onmicrosoft.com'],
    ["o'brien+x@contoso.com", "o'brien+x@contoso.com"],
    ['info@bücher.de', 'info@xn--bcher-kva.de'],
  ])('%s', (text, expected) => {
    expect(parseUpn(text)).toBe(expected);
  });

  it.each([
    '',
    'alice',
    'alice@',
    '@contoso.com',
    'alice@contoso',
    'alice smith@contoso.com',
    '.alice@contoso.com',
    'a..b@contoso.com',
    'alice@-contoso.com',
    'alice@contoso..com',
    'a@b@contoso.com',
  ])('rejects %s', (text) => {
    expect(parseUpn(text)).toBeUndefined();
  });
});
