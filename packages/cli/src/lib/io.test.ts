import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  credentialsPath,
  normaliseUrl,
  readCredentials,
  writeCredentials,
} from './credentials';
import { terminalSafe } from './output';
import { promptHidden } from './prompt';
import { parseEventStream } from './sse';

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe('parseEventStream', () => {
  it('parses events split anywhere across chunks, CRLF included', async () => {
    const text =
      'event: log\r\ndata: {"id":1}\r\n\r\n: comment\nevent: completion\nid: 2\ndata: {"a":\ndata: 1}\n\n';
    // Every split point, so a CRLF or a field split between chunks is covered.
    for (let at = 0; at <= text.length; at++) {
      const chunks = [text.slice(0, at), text.slice(at)].map(s =>
        new TextEncoder().encode(s),
      );
      const events = await collect(
        parseEventStream(
          (async function* stream() {
            yield* chunks;
          })(),
        ),
      );
      expect(events).toEqual([
        { event: 'log', data: '{"id":1}', id: undefined },
        { event: 'completion', data: '{"a":\n1}', id: '2' },
      ]);
    }
  });
});

describe('terminalSafe', () => {
  it('keeps colours on a terminal and drops every other escape and control character', () => {
    const text =
      '\u001b[32minfo\u001b[39m: a\u001b]0;new title\u0007b\u001b[2Kc\u001b[1Ad\u0007e\u001bcf\u009bg\r';
    expect(terminalSafe(text, true)).toBe('\u001b[32minfo\u001b[39m: abcdefg');
    expect(terminalSafe(text, false)).toBe('info: abcdefg');
  });
});

describe('credentials file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-cli-cred-'));
  const file = path.join(dir, 'golden-path', 'credentials.json');

  it('lives under XDG_CONFIG_HOME', () => {
    expect(credentialsPath({ XDG_CONFIG_HOME: dir })).toBe(file);
    expect(credentialsPath({ XDG_CONFIG_HOME: 'relative' })).toBe(
      path.join(os.homedir(), '.config', 'golden-path', 'credentials.json'),
    );
  });

  it('is written readable by its owner only, also over a file others could read', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"version":1,"backends":{}}', { mode: 0o644 });
    const data = {
      version: 1 as const,
      defaultUrl: 'http://localhost:7007',
      backends: {
        'http://localhost:7007': {
          method: 'guest' as const,
          accessToken: 'token',
          savedAt: 1,
        },
      },
    };
    writeCredentials(data, file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readCredentials(file)).toEqual(data);
    // No temporary file left beside it.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['credentials.json']);
  });

  it('keys backends by a normalised URL', () => {
    expect(normaliseUrl('http://localhost:7007/')).toBe(
      'http://localhost:7007',
    );
    expect(normaliseUrl('https://b.example.com/base//')).toBe(
      'https://b.example.com/base',
    );
    expect(() => normaliseUrl('https://u:p@b.example.com')).toThrow(
      'must not carry credentials',
    );
    expect(() => normaliseUrl('ftp://b.example.com')).toThrow(
      'is not an http(s) URL',
    );
  });
});

describe('promptHidden', () => {
  it('echoes nothing of what is typed, honours backspace and ends at Enter', async () => {
    const input = Object.assign(new PassThrough(), {
      isTTY: true,
      rawModes: [] as boolean[],
      setRawMode(mode: boolean) {
        this.rawModes.push(mode);
      },
    });
    const output = new PassThrough();
    const written: string[] = [];
    output.on('data', d => written.push(String(d)));
    const answer = promptHidden('Token: ', { input, output });
    input.write('s3cr');
    input.write('x\u007fet\r');
    await expect(answer).resolves.toBe('s3cret');
    expect(written.join('')).toBe('Token: \n');
    expect(input.rawModes).toEqual([true, false]);
  });

  it('is refused without a terminal', async () => {
    const input = new PassThrough();
    await expect(
      promptHidden('Token: ', { input, output: new PassThrough() }),
    ).rejects.toThrow('Token: needs a terminal to ask in');
  });
});
