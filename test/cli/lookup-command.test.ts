import { main } from '../../src/cli/main';

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env }, out, err };
}

describe('extract', () => {
  it('prints the canonical indicators as JSON', async () => {
    const t = io();
    expect(
      await main(
        ['extract', '--json', 'Beacon to hxxps://bad[.]example[.]net/login from 198.51.100[.]77; hash 2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12'],
        t.io,
      ),
    ).toBe(0);
    expect(JSON.parse(t.out.join(''))).toEqual([
      { type: 'url', value: 'https://bad.example.net/login' },
      { type: 'ipv4', value: '198.51.100.77' },
      { type: 'sha1', value: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' },
    ]);
  });

  it('says so when there is nothing, and prints readable lines otherwise', async () => {
    const t = io();
    await main(['extract', 'nothing to see in readme.md or version 1.2.3.4.5'], t.io);
    expect(t.out).toEqual(['No indicators found.']);
    const u = io();
    await main(['extract', 'cve-2024-3400'], u.io);
    expect(u.out).toEqual(['cve       CVE-2024-3400']);
  });
});

describe('lookup', () => {
  it('answers from the demo tenant without credentials, marked DEMO DATA', async () => {
    const t = io();
    expect(await main(['lookup', 'c2 at 198.51.100[.]77'], t.io)).toBe(0);
    const text = t.out.join('\n');
    expect(text).toMatch(/^DEMO DATA/);
    expect(text).toContain('== ipv4 198.51.100.77');
    expect(text).toContain('srv-fin-01.contoso.com');
  });

  it('prints the structured result with --json and a cap notice', async () => {
    const t = io({ DEFENDER_MAX_INDICATORS: '2' });
    await main(['lookup', '--json', '198.51.100.77 c2.badcdn.example.org billing@example.net'], t.io);
    const result = JSON.parse(t.out.join('\n')) as { notice: string; findings: { target: { value: string }; alerts: { status: string } }[]; demo: boolean };
    expect(result.demo).toBe(true);
    expect(result.notice).toBe('looked up the first 2 of 3 indicators');
    expect(result.findings.map((f) => f.target.value)).toEqual(['198.51.100.77', 'c2.badcdn.example.org']);
    expect(result.findings[0]!.alerts.status).toBe('ok');
  });
});
