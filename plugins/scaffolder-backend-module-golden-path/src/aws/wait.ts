/**
 * Polls until `check` says ready, logging progress, or fails when it says failed, or after
 * `timeoutMs` with `afterTimeout` saying what happens to the resource next.
 */
export async function waitUntilReady<T>(options: {
  label: string;
  check: () => Promise<{
    ready: boolean;
    /** The provider gave up on it (besides the generic failed statuses below). */
    failed?: boolean;
    status: string;
    value: T;
  }>;
  timeoutMs: number;
  /** What the timeout message adds after "it exists and meets the baseline". */
  afterTimeout?: string;
  pollMs: number;
  log: (message: string) => void;
  signal?: AbortSignal;
}): Promise<T> {
  const started = Date.now();
  let last = '';
  for (;;) {
    const { ready, failed, status, value } = await options.check();
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (status !== last || ready)
      options.log(`${options.label}: ${status} (${elapsed}s)`);
    last = status;
    if (ready) return value;
    if (
      failed ||
      status === 'failed' ||
      status === 'incompatible-parameters' ||
      status === 'create-failed'
    ) {
      throw new Error(`${options.label} ended in status ${status}`);
    }
    if (Date.now() - started + options.pollMs > options.timeoutMs) {
      throw new Error(
        `${options.label} is not available after ${Math.round(
          options.timeoutMs / 60000,
        )} min (status ${status}); it exists and meets the baseline, ${
          options.afterTimeout ?? 'retry the task to keep waiting'
        }`,
      );
    }
    if (options.signal?.aborted)
      throw new Error(`${options.label}: cancelled while waiting`);
    await new Promise(r => setTimeout(r, options.pollMs));
  }
}
