import { ResourceKind } from '@golden-path/plugin-golden-path-common';

/**
 * What the linter knows about the Golden Path actions beyond their schemas: which resource each
 * creates, which inputs the policy judges, and which inputs may carry a secret.
 */

export const GUARDRAILS_CHECK = 'golden-path:guardrails:check';
export const SECRET_SET = 'golden-path:github:secret:set';

export interface CreatingAction {
  kind: ResourceKind;
  /** Inputs that become request fields the policy judges (same name in the request). */
  policyFields: string[];
}

export const CREATING_ACTIONS: Record<string, CreatingAction> = {
  'golden-path:github:repo:create': {
    kind: 'github-repo',
    policyFields: ['visibility'],
  },
  [SECRET_SET]: { kind: 'github-secret', policyFields: ['scope'] },
  'golden-path:aws:s3:create': {
    kind: 's3-bucket',
    policyFields: ['region', 'encryption', 'versioning', 'expectedStorageGb'],
  },
  'golden-path:aws:rds:create': {
    kind: 'rds-instance',
    policyFields: [
      'region',
      'engine',
      'engineVersion',
      'instanceClass',
      'allocatedStorageGb',
      'multiAz',
      'deletionProtection',
      'backupRetentionDays',
    ],
  },
  'golden-path:aws:elasticache:create': {
    kind: 'elasticache-redis',
    policyFields: [
      'region',
      'engine',
      'engineVersion',
      'nodeType',
      'nodes',
      'snapshotRetentionDays',
    ],
  },
};

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
