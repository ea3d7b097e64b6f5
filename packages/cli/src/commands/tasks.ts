import { EXIT } from '../lib/errors';
import {
  colours,
  Io,
  isInteractive,
  printJson,
  table,
  writeLine,
} from '../lib/output';
import { openSession } from '../lib/session';
import {
  FINISHED,
  getEvents,
  getTask,
  outcomeOf,
  printOutcome,
  showTask,
  Task,
} from '../lib/tasks';

const templateOf = (t: Task) =>
  t.spec.templateInfo?.entityRef?.replace(/^template:default\//, '') ?? '';

/** `status`: the caller's recent tasks, or one task with its steps and outcome. */
export async function status(
  io: Io,
  taskId: string | undefined,
  opts: { url?: string; json?: boolean; limit?: string; all?: boolean },
): Promise<number> {
  const session = await openSession({ url: opts.url });
  const { api } = session;
  const c = colours(isInteractive(io.out));
  if (!taskId) {
    const limit = Math.min(100, Math.max(1, Number(opts.limit ?? 10) || 10));
    const q = new URLSearchParams({
      limit: String(limit),
      order: 'desc:created_at',
    });
    if (session.user && !opts.all) q.set('createdBy', session.user);
    const page = await api.json<{ tasks: Task[]; totalTasks?: number }>(
      `/api/scaffolder/v2/tasks?${q}`,
    );
    if (opts.json) {
      printJson(
        io,
        page.tasks.map(t => ({
          id: t.id,
          template: t.spec.templateInfo?.entityRef,
          status: t.status,
          createdAt: t.createdAt,
          createdBy: t.createdBy,
        })),
      );
      return EXIT.done;
    }
    if (!page.tasks.length) {
      writeLine(io.out, 'No tasks yet.');
      return EXIT.done;
    }
    table([
      ['TASK', 'TEMPLATE', 'STATUS', 'CREATED', ...(opts.all ? ['BY'] : [])],
      ...page.tasks.map(t => [
        t.id,
        templateOf(t),
        t.status,
        t.createdAt,
        ...(opts.all ? [t.createdBy ?? ''] : []),
      ]),
    ]).forEach((line, i) => writeLine(io.out, i ? line : c.bold(line)));
    return EXIT.done;
  }
  const task = await getTask(api, taskId);
  const events = task.status === 'open' ? [] : await getEvents(api, task.id);
  const stepStatus = new Map<string, string>();
  for (const e of events)
    if (e.type === 'log' && e.body.stepId && e.body.status)
      stepStatus.set(e.body.stepId, e.body.status);
  const completion = events.find(e => e.type === 'completion');
  const outcome = FINISHED.has(task.status)
    ? outcomeOf(task.status, completion)
    : undefined;
  if (opts.json) {
    printJson(io, {
      id: task.id,
      template: task.spec.templateInfo?.entityRef,
      status: task.status,
      createdAt: task.createdAt,
      createdBy: task.createdBy,
      steps: (task.spec.steps ?? []).map(s => ({
        id: s.id,
        name: s.name,
        action: s.action,
        status: stepStatus.get(s.id) ?? 'pending',
      })),
      output: outcome?.output ?? null,
      refusal: outcome?.refusal ?? null,
      error: outcome && !outcome.refusal ? outcome.error ?? null : null,
    });
    return EXIT.done;
  }
  writeLine(io.out, `${c.bold('Task')}      ${task.id}`);
  writeLine(
    io.out,
    `${c.bold('Template')}  ${task.spec.templateInfo?.entityRef ?? ''}`,
  );
  writeLine(io.out, `${c.bold('Status')}    ${task.status}`);
  writeLine(
    io.out,
    `${c.bold('Created')}   ${task.createdAt}${
      task.createdBy ? ` by ${task.createdBy}` : ''
    }`,
  );
  const steps = task.spec.steps ?? [];
  steps.forEach((s, i) =>
    writeLine(
      io.out,
      `  [${i + 1}/${steps.length}] ${s.name ?? s.id}: ${
        stepStatus.get(s.id) ?? 'pending'
      }`,
    ),
  );
  if (outcome) printOutcome(io, outcome);
  return EXIT.done;
}

/**
 * `logs`: a task's log so far, or (--follow) live until it ends. Exits with the task's outcome
 * once it has ended (0 completed, 2 refused by a guardrail, 1 failed or cancelled).
 */
export async function logs(
  io: Io,
  taskId: string,
  opts: { url?: string; follow?: boolean },
): Promise<number> {
  const { api } = await openSession({ url: opts.url });
  const task = await getTask(api, taskId);
  const outcome = await showTask(io, api, task, { follow: !!opts.follow });
  if (!outcome) {
    writeLine(
      io.err,
      `Task ${task.id} is ${task.status}; golden-path logs ${task.id} --follow follows it.`,
    );
    return EXIT.done;
  }
  printOutcome(io, outcome, task.id);
  return outcome.exitCode;
}
