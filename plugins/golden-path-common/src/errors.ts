import { formatViolations } from './evaluate';
import { Violation } from './rules/types';

/** The error name metrics use to tell a guardrail denial from any other failure. @public */
export const GUARDRAIL_ERROR_NAME = 'GuardrailViolationError';

/**
 * Thrown by every Golden Path action when the guardrails refuse a request. Its message lists every
 * violation with rule id and fix, and starts with a stable marker the metrics collector reads.
 * @public
 */
export class GuardrailViolationError extends Error {
  readonly violations: Violation[];

  constructor(violations: Violation[]) {
    const ids = [...new Set(violations.map(v => v.ruleId))].join(', ');
    super(`Refused by Golden Path guardrails (${ids}):\n${formatViolations(violations)}`);
    this.name = GUARDRAIL_ERROR_NAME;
    this.violations = violations;
  }
}

/** True for a GuardrailViolationError, also across package copies (checks the name). @public */
export function isGuardrailViolation(e: unknown): e is GuardrailViolationError {
  return e instanceof Error && e.name === GUARDRAIL_ERROR_NAME;
}
