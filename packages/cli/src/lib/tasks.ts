import { Backstage } from './backstage';
import { CliError, EXIT, HttpError } from './errors';
import { colours, Io, isInteractive, writeLine } from './output';
import { TaskEvent, TaskProgress } from './progress';
import { printRefusal, Refusal, refusalOf } from './refusal';
import { parseEventStream } from './sse';

/** A scaffolder task as `GET /v2/tasks/:id` serves it. */
export interface Task {
  id: string;
  status: string;
  createdAt: string;
  createdBy?: string;
  lastHeartbeatAt?: string;
  spec: {
    steps?: Array<{ id: string; name?: string; action?: string }>;
    templateInfo?: { entityRef?: string };
    output?: unknown;
  };
}

export const FINISHED = new Set(['completed', 'failed', 'cancelled']);

export function getTask(api: Backstage, id: string): Promise<Task> {
  return api
    .json<Task>(`/api/scaffolder/v2/tasks/${encodeURIComponent(id)}`)
    .catch(e => {
      if (e instanceof HttpError && e.status === 404)
        throw new CliError(`No task ${id} on ${api.url}`);
      throw e;
    });
}

/** Every event so far (`GET /v2/tasks/:id/events`; it waits up to 30 s while a task has none yet). */
export function getEvents(
  api: Backstage,
  id: string,
  after?: number,
): Promise<TaskEvent[]> {
  return api.json<TaskEvent[]>(
    `/api/scaffolder/v2/tasks/${encodeURIComponent(id)}/events${
      after !== undefined ? `?after=${after}` : ''
    }`,
  );
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Follows a task live over the scaffolder's event stream (`GET /v2/tasks/:id/eventstream`, server-
 * sent events) until it completes, showing each event as it arrives. A dropped stream is opened
 * again after the last event seen (`?after=`), so nothing is shown twice or missed.
 */
export async function followTask(
  api: Backstage,
  id: string,
  onEvent: (e: TaskEvent) => void,
): Promise<TaskEvent | undefined> {
  let after: number | undefined;
  let failures = 0;
  for (;;) {
    try {
      const res = await api.fetch(
        `/api/scaffolder/v2/tasks/${encodeURIComponent(id)}/eventstream${
          after !== undefined ? `?after=${after}` : ''
        }`,
        { headers: { accept: 'text/event-stream' } },
      );
      if (!res.ok || !res.body) {
        const text = await res.text().catch(() => '');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // text
        }
        throw new HttpError(
          res.status,
          res.status === 401
            ? `Not signed in, or the sign-in has expired: run golden-path login --url ${api.url}`
            : (body as any)?.error?.message ?? `HTTP ${res.status}`,
          body,
        );
      }
      for await (const sse of parseEventStream(
        res.body as unknown as AsyncIterable<Uint8Array>,
      )) {
        let event: TaskEvent;
        try {
          event = JSON.parse(sse.data);
        } catch {
          continue;
        }
        if (typeof event.id === 'number') after = event.id;
        failures = 0;
        onEvent(event);
        if (event.type === 'completion' && !event.isTaskRecoverable) {
          await res.body.cancel().catch(() => undefined);
          return event;
        }
      }
    } catch (e) {
      if (e instanceof HttpError && e.status >= 400 && e.status < 500) throw e;
      failures += 1;
      if (failures > 5)
        throw new CliError(
          `Lost the task's event stream (${
            (e as Error).message
          }); follow it again with golden-path logs ${id} --follow`,
        );
    }
    // The stream ended without a completion: the task may have finished meanwhile.
    const task = await getTask(api, id).catch(() => undefined);
    if (task && FINISHED.has(task.status)) {
      const rest = await getEvents(api, id, after).catch(
        () => [] as TaskEvent[],
      );
      rest.forEach(onEvent);
      return rest.find(e => e.type === 'completion');
    }
    await sleep(Math.min(5000, 500 * (failures + 1)));
  }
}

/**
 * Runs `follow` with Ctrl-C meaning "stop following": the task goes on in the backend, so the
 * command says how to pick it up again and exits 130 (interrupted).
 */
export async function interruptible<T>(
  io: Io,
  taskId: string,
  progress: TaskProgress,
  follow: () => Promise<T>,
): Promise<T> {
  const stop = () => {
    progress.stop();
    writeLine(
      io.err,
      `\nStopped following task ${taskId}; it goes on in the backend. golden-path logs ${taskId} --follow picks it up again.`,
    );
    process.exit(130);
  };
  process.once('SIGINT', stop);
  try {
    return await follow();
  } finally {
    process.off('SIGINT', stop);
  }
}

/** How a finished task ended, in the command's terms. */
export interface Outcome {
  status: string;
  exitCode: number;
  refusal?: Refusal;
  error?: { name?: string; message?: string };
  output?: Record<string, unknown>;
}

export function outcomeOf(
  status: string,
  completion: TaskEvent | undefined,
): Outcome {
  const error = completion?.body.error;
  const output = completion?.body.output;
  if (status === 'completed') return { status, exitCode: EXIT.done, output };
  const refusal = refusalOf(error);
  return {
    status,
    exitCode: refusal ? EXIT.refused : EXIT.failed,
    refusal,
    error,
    output,
  };
}

/** Prints a finished task's links and texts (its template's `output`), or why it did not complete. */
export function printOutcome(io: Io, outcome: Outcome, taskId?: string) {
  const c = colours(isInteractive(io.out));
  if (outcome.status === 'completed') {
    writeLine(
      io.out,
      c.green(`✔ Completed${taskId ? ` (task ${taskId})` : ''}`),
    );
    printTaskOutput(io, outcome.output);
    return;
  }
  if (outcome.refusal) {
    printRefusal(io, outcome.refusal);
    return;
  }
  if (outcome.status === 'cancelled') {
    writeLine(
      io.err,
      c.yellow(`■ Cancelled${taskId ? ` (task ${taskId})` : ''}`),
    );
    return;
  }
  writeLine(
    io.err,
    c.red(
      `✖ Failed${taskId ? ` (task ${taskId})` : ''}: ${
        outcome.error?.message?.split('\n')[0] ?? 'see the log above'
      }`,
    ),
  );
}

export function printTaskOutput(io: Io, output: unknown) {
  const o = (output ?? {}) as {
    links?: Array<{ title?: string; url?: string; entityRef?: string }>;
    text?: Array<{ title?: string; content?: string }>;
    [key: string]: unknown;
  };
  for (const link of o.links ?? []) {
    const target = link.url ?? link.entityRef;
    if (target) writeLine(io.out, `  ${link.title ?? 'Link'}: ${target}`);
  }
  for (const text of o.text ?? [])
    if (text.content)
      writeLine(io.out, `  ${text.title ?? 'Output'}: ${text.content.trim()}`);
  const rest = Object.entries(o).filter(
    ([k, v]) => k !== 'links' && k !== 'text' && v !== undefined,
  );
  for (const [k, v] of rest)
    writeLine(
      io.out,
      `  ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
    );
}

/** Shows a task's events (the ones so far, or live until it completes) and returns its outcome. */
export async function showTask(
  io: Io,
  api: Backstage,
  task: Task,
  options: { follow: boolean; live?: boolean },
): Promise<Outcome | undefined> {
  const progress = new TaskProgress(io, task.spec.steps ?? [], {
    live: options.live,
  });
  try {
    let completion: TaskEvent | undefined;
    if (options.follow && !FINISHED.has(task.status)) {
      completion = await interruptible(io, task.id, progress, () =>
        followTask(api, task.id, e => progress.event(e)),
      );
    } else {
      const events =
        task.status === 'open' ? [] : await getEvents(api, task.id);
      events.forEach(e => progress.event(e));
      completion = events.find(e => e.type === 'completion');
      if (!FINISHED.has(task.status)) return undefined;
    }
    progress.stop();
    const finished = await getTask(api, task.id);
    return outcomeOf(finished.status, completion);
  } finally {
    progress.stop();
  }
}
