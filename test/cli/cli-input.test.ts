import { Readable } from 'node:stream';
import { main } from '../../src/cli/main';
import { MAX_INPUT_BYTES, textOrStdin, type InputStream } from '../../src/cli/read-input';
import { runCli } from './support/run-cli';

function io(stdin?: InputStream) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {}, stdin }, out, err };
}

/** A terminal: must not be read (a read would wait for typing, so this one fails the test if iterated). */
function terminal(): InputStream {
  return {
    isTTY: true,
    [Symbol.asyncIterator]: () => {
      throw new Error('a terminal was read');
    },
  };
}

const piped = (...chunks: (string | Buffer)[]): InputStream => Readable.from(chunks);

describe('extract and lookup read standard input when given no text', () => {
  it('extract --json reads a piped report (child process, real stdin)', async () => {
    const run = await runCli(['extract', '--json'], { input: 'Beacon to hxxps://bad[.]example[.]net/login\nfrom 198.51.100[.]77\n' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { type: 'url', value: 'https://bad.example.net/login' },
      { type: 'ipv4', value: '198.51.100.77' },
    ]);
  });

  it('lookup reads a piped report and answers from the demo tenant (child process)', async () => {
    const run = await runCli(['lookup'], { input: 'c2 at 198.51.100[.]77' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^DEMO DATA/);
    expect(run.stdout).toContain('== ipv4 198.51.100.77');
  });

  it('arguments win over standard input', async () => {
    const t = io(piped('203.0.113.9'));
    expect(await main(['extract', '198.51.100.77'], t.io)).toBe(0);
    expect(t.out).toEqual(['ipv4      198.51.100.77']);
  });

  it('an empty pipe is empty text', async () => {
    const t = io(piped());
    expect(await main(['extract'], t.io)).toBe(0);
    expect(t.out).toEqual(['No indicators found.']);
  });

  it('a terminal with no text is a usage error (exit 2) that says how to give the text', async () => {
    for (const command of ['extract', 'lookup']) {
      const t = io(terminal());
      expect(await main([command, '--json'], t.io)).toBe(2);
      expect(t.out).toEqual([]);
      expect(t.err.join('\n')).toMatch(
        new RegExp(`^${command}: no text given\\. Give it as arguments \\(quote it\\), or pipe it in: cat report\\.txt \\| defender-chatops ${command}\\.`),
      );
      expect(t.err.join('\n')).toContain(`defender-chatops ${command} -- -1.2.3.4`);
    }
  });
});

describe('text that begins with "-"', () => {
  it('works after -- (child process, real argv), with options before it', async () => {
    const run = await runCli(['extract', '--json', '--', '-198.51.100.77', '--evil.example.com', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { type: 'ipv4', value: '198.51.100.77' },
      { type: 'domain', value: 'evil.example.com' },
    ]);
  });

  it('-- with nothing after it reads standard input', async () => {
    const t = io(piped('evil.example.com'));
    expect(await main(['extract', '--'], t.io)).toBe(0);
    expect(t.out).toEqual(['domain    evil.example.com']);
  });

  it('without --, is refused as an unknown option (exit 2) with the -- hint', async () => {
    const t = io(terminal());
    expect(await main(['extract', '-198.51.100.77', 'evil.com'], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain("unknown option '-198.51.100.77'");
    expect(t.err.join('\n')).toContain('Text that begins with "-" goes after --: defender-chatops extract -- -1.2.3.4');
    const u = io(terminal());
    expect(await main(['lookup', '-x'], u.io)).toBe(2);
    expect(u.err.join('\n')).toContain('defender-chatops lookup -- -1.2.3.4');
  });
});

describe('standard input size', () => {
  it(`is capped at ${MAX_INPUT_BYTES} bytes, the bot's request limit: beyond it a clear error, exit 2 (child process)`, async () => {
    const run = await runCli(['extract'], { input: Buffer.alloc(MAX_INPUT_BYTES + 1, 'a') });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe('extract: standard input is larger than 2 MiB, the largest request the bot accepts: split the text.');
  });

  it('exactly the cap is read whole, across chunks; one byte more is refused without reading further', async () => {
    const half = MAX_INPUT_BYTES / 2;
    expect(await textOrStdin('extract', [], piped('a'.repeat(half), Buffer.alloc(half, 'b')))).toHaveLength(MAX_INPUT_BYTES);
    await expect(textOrStdin('extract', [], piped('a'.repeat(half), Buffer.alloc(half, 'b'), 'c'))).rejects.toThrow(/larger than 2 MiB/);
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.alloc(64 * 1024);
      }
    }
    await expect(textOrStdin('lookup', [], endless())).rejects.toThrow(/^lookup: standard input is larger than 2 MiB/);
    expect(pulled).toBe(MAX_INPUT_BYTES / (64 * 1024) + 1);
  });
});

describe('hostile standard input', () => {
  it('Unicode: fullwidth and defanged forms, right-to-left marks, emoji and IDN names (child process)', async () => {
    const run = await runCli(['extract', '--json'], {
      input: '\u202e198\uff0e51\uff0e100\uff0e77\u202c 🦠 c2[.]пример.example 💥 \u200bevil\u200b.example.org\n',
    });
    expect(run.code).toBe(0);
    const values = (JSON.parse(run.stdout) as { value: string }[]).map((i) => i.value);
    expect(values).toContain('198.51.100.77');
    expect(values.every((v) => !/[\u202e\u202c\u200b]/.test(v))).toBe(true);
  });

  it('NUL bytes and invalid UTF-8 separate indicators and break nothing (child process)', async () => {
    const input = Buffer.concat([
      Buffer.from('198.51.100.77\0evil.example.com\0'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(' 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12\0'),
    ]);
    const run = await runCli(['extract', '--json'], { input });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { type: 'ipv4', value: '198.51.100.77' },
      { type: 'domain', value: 'evil.example.com' },
      { type: 'sha1', value: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' },
    ]);
  });

  it('1 MB of text is read whole: the indicator at its very end is found (child process)', async () => {
    const filler = 'lorem ipsum dolor sit amet, '.repeat(Math.ceil(1_000_000 / 28)).slice(0, 1_000_000);
    const run = await runCli(['extract', '--json'], { input: `198.51.100.77 ${filler} evil.example.com` });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { type: 'ipv4', value: '198.51.100.77' },
      { type: 'domain', value: 'evil.example.com' },
    ]);
  });
});
