import { CliError } from './errors';

/** A terminal to prompt on: stdin in raw mode, the question on stderr. */
export interface PromptStreams {
  input: NodeJS.ReadableStream & {
    isTTY?: boolean;
    setRawMode?(mode: boolean): unknown;
  };
  output: NodeJS.WritableStream;
}

const defaultStreams = (): PromptStreams => ({
  input: process.stdin,
  output: process.stderr,
});

/** Whether a hidden prompt can be shown (stdin is a terminal). */
export function canPrompt(streams: PromptStreams = defaultStreams()): boolean {
  return (
    !!streams.input.isTTY && typeof streams.input.setRawMode === 'function'
  );
}

/**
 * Asks for a value without echoing it (a secret or a token): nothing typed appears on the screen,
 * in the shell history or in the process list. Backspace deletes, Ctrl-C cancels.
 */
export function promptHidden(
  question: string,
  streams: PromptStreams = defaultStreams(),
): Promise<string> {
  const { input, output } = streams;
  if (!canPrompt(streams))
    return Promise.reject(
      new CliError(`${question.trim()} needs a terminal to ask in`),
    );
  output.write(question);
  input.setRawMode!(true);
  input.setEncoding('utf8');
  input.resume();
  let value = '';
  return new Promise<string>((resolve, reject) => {
    const finish = () => {
      input.removeListener('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
    };
    function onData(chunk: string | Buffer) {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new CliError('Cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    }
    input.on('data', onData);
  });
}

/** All of stdin (a token piped in: `... | golden-path login --with-token`), trimmed. */
export async function readAllStdin(
  input: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<Buffer | string>)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8').trim();
}
