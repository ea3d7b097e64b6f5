import { isGuardrailViolation } from '@golden-path/plugin-golden-path-common';
import { ResourceLedger } from '../ledger';

interface FailingStepContext {
  isDryRun?: boolean;
  task: { id: string };
  step?: { id?: string };
  signal?: AbortSignal;
  logger: { warn(message: string): void };
}

/**
 * The rules a refusal names; undefined for an error that reads as a refusal but carries no
 * violations (only its message says which rules, so the task's log decides).
 */
function refusedBy(error: unknown): string[] | undefined {
  if (!isGuardrailViolation(error)) return [];
  const violations = (error as { violations?: Array<{ ruleId: string }> })
    .violations;
  return violations?.length
    ? [...new Set(violations.map(v => v.ruleId))]
    : undefined;
}

/**
 * Tells the backend how a step failed — refused by which rules, or otherwise — before the failure
 * ends the task, so the metrics need not read the task's log to tell a refusal from a failure. A dry
 * run has no task to bind it to, and a cancelled step is the cancel's to report. Not being able to
 * record changes nothing about the failure.
 */
export async function recordStepFailure(
  ctx: FailingStepContext,
  ledger: Pick<ResourceLedger, 'recordStepFailure'>,
  error: unknown,
): Promise<void> {
  if (ctx.isDryRun || !ctx.step?.id || ctx.signal?.aborted) return;
  const rules = refusedBy(error);
  if (!rules) return;
  await ledger
    .recordStepFailure({
      taskId: ctx.task.id,
      stepId: ctx.step.id,
      refusedBy: rules,
    })
    .catch(e =>
      ctx.logger.warn(
        `Could not record how this step failed with the golden-path backend (${
          (e as Error).message
        }); the metrics will read this task's log instead`,
      ),
    );
}

/** The action, recording how its step failed whenever it throws (see {@link recordStepFailure}). */
export function withStepFailureRecord<
  A extends { handler: (ctx: any) => Promise<void> },
>(ledger: Pick<ResourceLedger, 'recordStepFailure'>, action: A): A {
  return {
    ...action,
    handler: async (ctx: any) => {
      try {
        await action.handler(ctx);
      } catch (e) {
        await recordStepFailure(ctx, ledger, e);
        throw e;
      }
    },
  };
}
