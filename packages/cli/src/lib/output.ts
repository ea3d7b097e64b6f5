/** Where a command writes: data on `out` (stdout), progress and problems on `err` (stderr). */
export interface Io {
  out: NodeJS.WriteStream | NodeJS.WritableStream;
  err: NodeJS.WriteStream | NodeJS.WritableStream;
}

export const processIo = (): Io => ({
  out: process.stdout,
  err: process.stderr,
});

/** Whether to draw colours and the live progress line on this stream. */
export function isInteractive(stream: Io['out']): boolean {
  return (
    !!(stream as NodeJS.WriteStream).isTTY &&
    !process.env.NO_COLOR &&
    process.env.TERM !== 'dumb'
  );
}

const ansi = (code: string) => (enabled: boolean) => (text: string) =>
  enabled ? `\u001b[${code}m${text}\u001b[0m` : text;

export const colours = (enabled: boolean) => ({
  bold: ansi('1')(enabled),
  dim: ansi('2')(enabled),
  red: ansi('31')(enabled),
  green: ansi('32')(enabled),
  yellow: ansi('33')(enabled),
  cyan: ansi('36')(enabled),
});

/* eslint-disable no-control-regex */
// An OSC string, a CSI sequence, any other escape, or a control character (tab and newline kept).
const UNSAFE =
  /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[\s\S]?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const SGR = /^\u001b\[[0-9;]*m$/;
/* eslint-enable no-control-regex */

/**
 * Text from the backend (task logs, error messages) made safe for a terminal: no escape sequence
 * can move the cursor, retitle the window or hide text. Colour codes (SGR) stay when `colour`.
 */
export function terminalSafe(text: string, colour: boolean): string {
  return text.replace(UNSAFE, m => (colour && SGR.test(m) ? m : ''));
}

/** Writes one line; control characters are removed, colour codes kept. */
export function writeLine(stream: Io['out'], line = ''): void {
  stream.write(`${terminalSafe(line, true)}\n`);
}

export function printJson(io: Io, value: unknown): void {
  writeLine(io.out, JSON.stringify(value, null, 2));
}

/** A plain table: columns padded to their widest cell. */
export function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) =>
    Math.max(...rows.map(r => (r[i] ?? '').length)),
  );
  return rows.map(r =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}
