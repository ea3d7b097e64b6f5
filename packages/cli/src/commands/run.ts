import type { EvaluateResponse } from '@golden-path/plugin-golden-path-common/client';
import fs from 'node:fs';
import { fromClientError } from '../lib/backstage';
import { CliError, EXIT, HttpError } from '../lib/errors';
import {
  COST_ESTIMATE,
  ENVIRONMENT_PICKER,
  estimateRequests,
  fieldsOf,
  FormField,
  isComplete,
  POLICY_PICKER,
} from '../lib/form';
import {
  colours,
  Io,
  isInteractive,
  printJson,
  writeLine,
} from '../lib/output';
import { TaskEvent, TaskProgress } from '../lib/progress';
import { canPrompt, promptHidden } from '../lib/prompt';
import { printRefusal, refusalOf, refusalOfViolations } from '../lib/refusal';
import { openSession, Session } from '../lib/session';
import {
  FINISHED,
  followTask,
  getTask,
  interruptible,
  Outcome,
  outcomeOf,
  printOutcome,
  printTaskOutput,
} from '../lib/tasks';
import {
  fetchParameterSchema,
  fetchTemplate,
  pagesOf,
  parseTemplateName,
  readLocalTemplate,
  stepsReadingTemplateFiles,
  TemplateEntity,
  templateForDryRun,
} from '../lib/templates';
import { describeValues, fillForm } from '../lib/values';
import { policyOf } from './templates';

export interface RunOptions {
  url?: string;
  set: string[];
  values?: string;
  dryRun?: boolean;
  json?: boolean;
  wait?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];
export { collect };

/** Whether the argument names a template on disk (a folder with template.yaml, or a .yaml file). */
function isLocalTemplate(arg: string): boolean {
  return (
    (arg.includes('/') || arg.includes('\\') || arg.startsWith('.')) &&
    fs.existsSync(arg) &&
    (fs.statSync(arg).isDirectory() || /\.ya?ml$/i.test(arg))
  );
}

export async function run(
  io: Io,
  templateArg: string,
  opts: RunOptions,
): Promise<number> {
  const session = await openSession({ url: opts.url });
  const { api } = session;
  const c = colours(isInteractive(io.out));
  // With --json, the log goes to stderr and stdout carries only the result.
  const logIo: Io = opts.json ? { out: io.err, err: io.err } : io;

  let entity: TemplateEntity;
  let directoryContents: Array<{ path: string; base64Content: string }> = [];
  let pages;
  let templateRef: string | undefined;
  if (isLocalTemplate(templateArg)) {
    if (!opts.dryRun)
      throw new CliError(
        `${templateArg} is a template on disk: it can only be dry-run (--dry-run). To run it, register it in the catalog.`,
      );
    ({ entity, directoryContents } = readLocalTemplate(templateArg));
    pages = pagesOf(entity);
  } else {
    const t = parseTemplateName(templateArg);
    templateRef = t.ref;
    entity = await fetchTemplate(api, t);
    pages = await fetchParameterSchema(api, t);
  }
  const fields = fieldsOf(pages, entity.spec.secrets?.schema);
  const usesPolicy = fields.some(f =>
    [ENVIRONMENT_PICKER, POLICY_PICKER, COST_ESTIMATE].includes(
      f.uiField ?? '',
    ),
  );
  const policy = usesPolicy ? await policyOf(api) : undefined;
  const form = await fillForm({
    fields,
    sets: opts.set,
    file: opts.values,
    policy,
    prompt: {
      available: () => canPrompt(),
      ask: q => promptHidden(q),
    },
  });

  // The cost step, as on the Create page: its value is the run's monthly estimate, and a run the
  // guardrails would refuse is not started.
  const estimates: EvaluateResponse[] = [];
  for (const f of fields.filter(x => x.uiField === COST_ESTIMATE)) {
    const result = await estimate(session, f, form.values);
    if (result) estimates.push(result);
  }

  const name = templateRef ?? entity.metadata.name;
  writeLine(
    logIo.out,
    c.bold(`${opts.dryRun ? 'Dry run of' : 'Running'} ${name}`),
  );
  for (const line of describeValues(fields, form))
    writeLine(logIo.out, c.dim(`  ${line}`));
  for (const result of estimates) {
    if (!result.allowed) {
      const refusal = refusalOfViolations(result.violations);
      printRefusal(io, refusal, 'The guardrails would refuse this run');
      writeLine(
        io.err,
        'Nothing was started. Change the values above and run again.',
      );
      if (opts.json)
        printJson(io, { status: 'refused', started: false, refusal });
      return EXIT.refused;
    }
    writeLine(
      logIo.out,
      c.dim(
        `Estimated cost: ${result.currency} ${result.totalMonthlyCost.toFixed(
          2,
        )}/month, within the guardrails`,
      ),
    );
  }

  if (opts.dryRun) {
    const readsFiles = stepsReadingTemplateFiles(entity);
    if (readsFiles.length && !directoryContents.length)
      writeLine(
        logIo.err,
        c.yellow(
          `! Step(s) ${readsFiles.join(
            ', ',
          )} read files from the template's folder, which the catalog does not serve: dry-run the template's folder (golden-path run ./path/to/template --dry-run) to include them.`,
        ),
      );
    return dryRun(
      io,
      logIo,
      session,
      entity,
      form,
      directoryContents,
      !!opts.json,
    );
  }

  let created: { id: string };
  try {
    created = await api.json<{ id: string }>('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: {
        templateRef,
        values: form.values,
        ...(Object.keys(form.secrets).length && { secrets: form.secrets }),
      },
    });
  } catch (e) {
    return refusedOrThrow(io, e, opts.json);
  }
  const id = created.id;
  writeLine(
    logIo.out,
    c.dim(
      `Task ${id} started on ${api.url}; golden-path logs ${id} --follow shows it again.`,
    ),
  );
  if (opts.wait === false) {
    if (opts.json) printJson(io, { taskId: id, status: 'open' });
    return EXIT.done;
  }
  const task = await getTask(api, id);
  const progress = new TaskProgress(logIo, task.spec.steps ?? []);
  let completion: TaskEvent | undefined;
  try {
    completion = await interruptible(logIo, id, progress, () =>
      followTask(api, id, e => progress.event(e)),
    );
  } finally {
    progress.stop();
  }
  let finished = await getTask(api, id);
  for (let i = 0; i < 20 && !FINISHED.has(finished.status); i++) {
    await new Promise(r => setTimeout(r, 250));
    finished = await getTask(api, id);
  }
  const outcome = outcomeOf(finished.status, completion);
  report(io, logIo, outcome, id, !!opts.json);
  return outcome.exitCode;
}

function report(
  io: Io,
  logIo: Io,
  outcome: Outcome,
  taskId: string,
  json: boolean,
) {
  printOutcome(logIo, outcome, taskId);
  if (json)
    printJson(io, {
      taskId,
      status: outcome.status,
      output: outcome.output ?? null,
      refusal: outcome.refusal ?? null,
      error: outcome.refusal ? null : outcome.error ?? null,
    });
}

/** A 400 from the scaffolder carrying a guardrail refusal exits 2; anything else is rethrown. */
function refusedOrThrow(io: Io, e: unknown, json?: boolean): number {
  if (e instanceof HttpError) {
    const refusal = refusalOf((e.body as any)?.error);
    if (refusal) {
      printRefusal(io, refusal);
      if (json) printJson(io, { status: 'refused', started: false, refusal });
      return EXIT.refused;
    }
  }
  throw e;
}

/**
 * Evaluates a cost field's requests (once the values name what the guardrails need) and sets the
 * field to the monthly total, as the GoldenPathCostEstimate field does.
 */
async function estimate(
  session: Session,
  field: FormField,
  values: Record<string, unknown>,
): Promise<EvaluateResponse | undefined> {
  const requests = estimateRequests(field, values);
  if (!isComplete(requests)) return undefined;
  let result: EvaluateResponse;
  try {
    result = await session.api.goldenPath().evaluate(requests);
  } catch (e) {
    throw fromClientError(e);
  }
  if (result.allowed) values[field.name] = result.totalMonthlyCost;
  return result;
}

/**
 * `POST /v2/dry-run`: the scaffolder runs the template with `isDryRun`, so the golden-path actions
 * judge every request with the guardrails and plan it (the exact requests in the log), other
 * actions that support dry-run simulate, the rest are skipped; nothing is created and no task is
 * recorded.
 */
async function dryRun(
  io: Io,
  logIo: Io,
  session: Session,
  entity: TemplateEntity,
  form: { values: Record<string, unknown>; secrets: Record<string, string> },
  directoryContents: Array<{ path: string; base64Content: string }>,
  json: boolean,
): Promise<number> {
  const res = await session.api.fetch('/api/scaffolder/v2/dry-run', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      template: templateForDryRun(entity),
      values: form.values,
      ...(Object.keys(form.secrets).length && { secrets: form.secrets }),
      directoryContents,
    }),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = { error: { message: text } };
  }
  const steps = (body.steps ?? entity.spec.steps ?? []).map(
    (s: any, i: number) => ({
      id: s.id ?? `step-${i + 1}`,
      name: s.name ?? s.action,
    }),
  );
  const progress = new TaskProgress(logIo, steps, { live: false });
  for (const line of body.log ?? [])
    progress.event({ type: 'log', body: line.body ?? {} });
  progress.stop();
  const c = colours(isInteractive(logIo.out));
  if (res.ok) {
    writeLine(
      logIo.out,
      c.green(
        '✔ Dry run completed: nothing was created, and no task was recorded.',
      ),
    );
    printTaskOutput(logIo, body.output);
    const files = (body.directoryContents ?? []).map((f: any) => f.path);
    if (files.length)
      writeLine(
        logIo.out,
        `  Workspace files it would produce: ${files.join(', ')}`,
      );
    if (json)
      printJson(io, {
        status: 'completed',
        dryRun: true,
        output: body.output ?? null,
        files,
        log: (body.log ?? []).map((l: any) => l.body?.message),
      });
    return EXIT.done;
  }
  const refusal = refusalOf(body?.error);
  if (refusal) {
    printRefusal(io, refusal);
    if (json) printJson(io, { status: 'refused', dryRun: true, refusal });
    return EXIT.refused;
  }
  if (res.status === 401)
    throw new CliError(
      `Not signed in, or the sign-in has expired: run golden-path login --url ${session.url}`,
    );
  const message = Array.isArray(body?.errors)
    ? body.errors.map((e: any) => e.stack ?? e.message).join('\n')
    : body?.error?.message ?? `HTTP ${res.status}`;
  writeLine(io.err, c.red(`✖ Dry run failed: ${message}`));
  if (json) printJson(io, { status: 'failed', dryRun: true, error: message });
  return EXIT.failed;
}
