import { formatViolations } from './evaluate';
import { Violation } from './rules/types';

/**
 * The error name guardrail refusals carried before they answered 4xx. Tasks recorded back then
 * still have it in their completion event, so the metrics keep recognising it.
 * @public
 */
export const GUARDRAIL_ERROR_NAME = 'GuardrailViolationError';

/**
 * How every guardrail refusal's message starts. It is what the metrics (and
 * {@link isGuardrailViolation}) recognise a refusal by: the scaffolder keeps only an error's name,
 * message and stack when a step fails, so no other property survives into the task's events.
 * @public
 */
export const GUARDRAIL_REFUSAL_MARKER = 'Refused by Golden Path guardrails';

/**
 * The error name a refusal carries: Backstage's error handler maps `InputError` to HTTP 400, so a
 * refused dry-run answers 400 (not 500), and the task's completion event names it too.
 * @public
 */
export const GUARDRAIL_REFUSAL_ERROR_NAME = 'InputError';

/**
 * Thrown by every Golden Path action when the guardrails refuse a request. Its message starts with
 * {@link GUARDRAIL_REFUSAL_MARKER} and lists every violation with rule id and fix.
 *
 * Its name is `InputError`, so Backstage answers a refused request with 400 and a
 * standard JSON error. Its stack is only the message (no frames, no server paths): a refusal is a
 * verdict, not a fault, and the scaffolder writes the stack of a failed step into the task log
 * and, in development, error responses carry it.
 * @public
 */
export class GuardrailViolationError extends Error {
  readonly violations: Violation[];

  /**
   * @param options - `step`: the scaffolder step that refused (`ctx.step`). A failed dry-run
   * answers with the error only (the scaffolder drops its log), so naming the step in the message
   * is how that answer says which step refused.
   */
  constructor(
    violations: Violation[],
    options: { step?: { id?: string; name?: string } } = {},
  ) {
    const ids = [...new Set(violations.map(v => v.ruleId))].join(', ');
    super(
      `${GUARDRAIL_REFUSAL_MARKER} (${ids})${describeStep(
        options.step,
      )}:\n${formatViolations(violations)}`,
    );
    this.name = GUARDRAIL_REFUSAL_ERROR_NAME;
    this.violations = violations;
    this.stack = `${this.name}: ${this.message}`;
  }
}

function describeStep(
  step: { id?: string; name?: string } | undefined,
): string {
  if (!step?.id) return '';
  return step.name && step.name !== step.id
    ? ` in step ${JSON.stringify(step.id)} (${step.name})`
    : ` in step ${JSON.stringify(step.id)}`;
}

/**
 * True for a guardrail refusal: a GuardrailViolationError, also across package copies and after
 * the scaffolder rebuilt the error (checks the message marker, and the name older refusals had).
 * @public
 */
export function isGuardrailViolation(e: unknown): e is GuardrailViolationError {
  if (e instanceof GuardrailViolationError) return true;
  if (!(e instanceof Error)) return false;
  return (
    e.name === GUARDRAIL_ERROR_NAME ||
    (e.name === GUARDRAIL_REFUSAL_ERROR_NAME &&
      e.message.startsWith(GUARDRAIL_REFUSAL_MARKER))
  );
}
