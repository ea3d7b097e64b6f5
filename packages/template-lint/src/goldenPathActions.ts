import {
  CREATING_ACTIONS as REGISTERED_CREATING_ACTIONS,
  KIND_REGISTRY,
  ResourceKind,
} from '@golden-path/plugin-golden-path-common';

/**
 * What the linter knows about the Golden Path actions beyond their schemas: which resource each
 * creates, which inputs the policy judges, and which inputs may carry a secret. The creating
 * actions come from the kind registry in -common, so a new kind is linted without an edit here.
 */

export const GUARDRAILS_CHECK = 'golden-path:guardrails:check';
export const SECRET_SET = KIND_REGISTRY['github-secret'].creatingAction.id;

export interface CreatingAction {
  kind: ResourceKind;
  /** Inputs that become request fields the policy judges (same name in the request). */
  policyFields: readonly string[];
}

export const CREATING_ACTIONS: Readonly<Record<string, CreatingAction>> =
  REGISTERED_CREATING_ACTIONS;

/** Request fields of a guardrails check that identify rather than configure a resource. */
export const IDENTITY_FIELDS = new Set([
  'kind',
  'name',
  'environment',
  'owner',
  'if',
  'tags',
  'repo',
  'githubEnvironment',
  'valueBytes',
  'description',
  'topics',
]);

/**
 * Inputs that may receive `${{ secrets.x }}`, by action (`*` for every action): the secret values
 * of secret:set, and `token` (a user token from RepoUrlPicker's requestUserCredentials).
 */
export function acceptsSecret(
  action: string,
  inputPath: ReadonlyArray<string | number>,
): boolean {
  if (inputPath.length === 1 && inputPath[0] === 'token') return true;
  if (action === SECRET_SET)
    return (
      (inputPath[0] === 'value' && inputPath.length === 1) ||
      (inputPath[0] === 'secrets' && inputPath.length === 2)
    );
  return false;
}

/** Inputs of secret:set whose values are stored as secrets. */
export function isSecretValueInput(
  action: string,
  inputPath: ReadonlyArray<string | number>,
): boolean {
  return (
    action === SECRET_SET &&
    ((inputPath[0] === 'value' && inputPath.length === 1) ||
      (inputPath[0] === 'secrets' && inputPath.length === 2))
  );
}
