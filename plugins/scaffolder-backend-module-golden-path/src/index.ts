/**
 * Golden Path scaffolder actions (golden-path:*).
 *
 * @packageDocumentation
 */
export { goldenPathScaffolderModule as default } from './module';
export { createGuardrailsCheckAction, GUARDRAILS_CHECK_ID } from './actions/guardrails/check';
export { createGithubRepoCreateAction, REPO_CREATE_ID } from './actions/github/repoCreate';
export { createGithubSecretSetAction, SECRET_SET_ID } from './actions/github/secretSet';
export { createGithubAccessProvider } from './github/access';
export type { GithubAccess, GithubAccessProvider } from './github/access';
export { enforceGuardrails, requesterOf } from './guard';
export type { GuardDeps } from './guard';
export { createTeamSpendSource } from './teamSpend';
export type { TeamSpendSource } from './teamSpend';
