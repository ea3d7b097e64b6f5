/** The command's exit codes: done, failed (anything else), refused by a guardrail. */
export const EXIT = { done: 0, failed: 1, refused: 2 } as const;

/** An error the command reports as one message (no stack) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.failed) {
    super(message);
    this.name = 'CliError';
  }
}

/** A Backstage answer that was not 2xx, with the message from Backstage's error JSON. */
export class HttpError extends CliError {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The message of a Backstage JSON error answer, or of the scaffolder's validation errors. */
export function describeErrorBody(status: number, body: unknown): string {
  const b = body as any;
  if (b && typeof b === 'object') {
    if (Array.isArray(b.errors) && b.errors.length)
      return b.errors
        .map((e: any) =>
          typeof e?.stack === 'string'
            ? e.stack.replace(/^instance/, 'values')
            : String(e?.message ?? e),
        )
        .join('\n');
    if (b.error && typeof b.error.message === 'string')
      return `${b.error.name ? `${b.error.name}: ` : ''}${b.error.message}`;
    if (typeof b.error_description === 'string')
      return `${b.error ?? 'error'}: ${b.error_description}`;
  }
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 500);
  return `HTTP ${status}`;
}
