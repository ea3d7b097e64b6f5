/**
 * Golden Path scaffolder actions (golden-path:*).
 *
 * @packageDocumentation
 */
export { goldenPathScaffolderModule as default } from './module';
export { createGuardrailsCheckAction, GUARDRAILS_CHECK_ID } from './actions/guardrails/check';
export { enforceGuardrails, requesterOf } from './guard';
export type { GuardDeps } from './guard';
export { createTeamSpendSource } from './teamSpend';
export type { TeamSpendSource } from './teamSpend';
