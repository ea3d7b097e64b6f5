import { normaliseRequest } from '../normalise';
import { EnvironmentPolicy } from '../policy/types';
import { ResourceKind, ResourceRequest } from '../requests';

/**
 * The choices a form may offer, taken from one environment's policy. Form fields show exactly these
 * (so a template cannot offer what the guardrails would refuse) and the template linter checks
 * `ui:options.policy` against the same list. Defaults come from `normaliseRequest`, so the form's
 * default is the one the actions would apply.
 */

/**
 * A policy choice a scaffolder form field can offer (a region, a visibility, an engine...).
 * @public
 */
export type PolicyChoiceKey =
  | 'region'
  | 'github.visibility'
  | 'github.secretScope'
  | 's3.encryption'
  | 'rds.engine'
  | 'rds.instanceClass'
  | 'rds.storageGb'
  | 'rds.backupRetentionDays'
  | 'elasticache.engine'
  | 'elasticache.nodeType'
  | 'elasticache.nodes'
  | 'elasticache.snapshotRetentionDays';

/** One key's choices in one environment: a list of values, or a whole-number range. @public */
export type PolicyChoices =
  | { type: 'list'; values: string[]; default: string }
  | { type: 'range'; min: number; max: number; default: number };

/** What a choice feeds: the request kind and field (for prices and for the linter's checks). @public */
export interface PolicyChoiceTarget {
  kind: ResourceKind;
  field: string;
  valueType: 'string' | 'integer';
}

type Spec = PolicyChoiceTarget & {
  choices: (
    env: EnvironmentPolicy,
  ) => { values: string[] } | { min: number; max: number };
};

const SPECS: Record<PolicyChoiceKey, Spec> = {
  region: {
    kind: 'rds-instance',
    field: 'region',
    valueType: 'string',
    choices: env => ({ values: env.allowedRegions }),
  },
  'github.visibility': {
    kind: 'github-repo',
    field: 'visibility',
    valueType: 'string',
    choices: env => ({ values: env.github.allowedVisibilities }),
  },
  'github.secretScope': {
    kind: 'github-secret',
    field: 'scope',
    valueType: 'string',
    choices: env => ({ values: env.github.secretScopes }),
  },
  's3.encryption': {
    kind: 's3-bucket',
    field: 'encryption',
    valueType: 'string',
    choices: env => ({ values: env.s3.allowedEncryption }),
  },
  'rds.engine': {
    kind: 'rds-instance',
    field: 'engine',
    valueType: 'string',
    choices: env => ({ values: Object.keys(env.rds.engines) }),
  },
  'rds.instanceClass': {
    kind: 'rds-instance',
    field: 'instanceClass',
    valueType: 'string',
    choices: env => ({ values: env.rds.instanceClasses }),
  },
  'rds.storageGb': {
    kind: 'rds-instance',
    field: 'allocatedStorageGb',
    valueType: 'integer',
    choices: env => ({ min: env.rds.minStorageGb, max: env.rds.maxStorageGb }),
  },
  'rds.backupRetentionDays': {
    kind: 'rds-instance',
    field: 'backupRetentionDays',
    valueType: 'integer',
    choices: env => ({ min: env.rds.minBackupRetentionDays, max: 35 }),
  },
  'elasticache.engine': {
    kind: 'elasticache-redis',
    field: 'engine',
    valueType: 'string',
    choices: env => ({ values: Object.keys(env.elasticache.engines) }),
  },
  'elasticache.nodeType': {
    kind: 'elasticache-redis',
    field: 'nodeType',
    valueType: 'string',
    choices: env => ({ values: env.elasticache.nodeTypes }),
  },
  'elasticache.nodes': {
    kind: 'elasticache-redis',
    field: 'nodes',
    valueType: 'integer',
    choices: env => ({
      min: env.elasticache.requireAutomaticFailover ? 2 : 1,
      max: env.elasticache.maxNodes,
    }),
  },
  'elasticache.snapshotRetentionDays': {
    kind: 'elasticache-redis',
    field: 'snapshotRetentionDays',
    valueType: 'integer',
    choices: env => ({
      min: env.elasticache.minSnapshotRetentionDays,
      max: 35,
    }),
  },
};

/** Every key `ui:options.policy` may name. @public */
export const POLICY_CHOICE_KEYS = Object.keys(SPECS) as PolicyChoiceKey[];

/** Whether a value is one of the {@link PolicyChoiceKey}s. @public */
export function isPolicyChoiceKey(key: unknown): key is PolicyChoiceKey {
  return (
    typeof key === 'string' && Object.prototype.hasOwnProperty.call(SPECS, key)
  );
}

/** The request kind and field a key feeds. @public */
export function policyChoiceTarget(key: PolicyChoiceKey): PolicyChoiceTarget {
  const { kind, field, valueType } = SPECS[key];
  return { kind, field, valueType };
}

/** The values (or range) and default the environment allows for `key`. @public */
export function policyChoices(
  env: EnvironmentPolicy,
  key: PolicyChoiceKey,
): PolicyChoices {
  const spec = SPECS[key];
  const defaults = normaliseRequest(
    {
      kind: spec.kind,
      name: 'x',
      environment: env.name,
      owner: 'x',
    } as ResourceRequest,
    env,
  ) as unknown as Record<string, unknown>;
  const choices = spec.choices(env);
  if ('values' in choices) {
    const fallback = defaults[spec.field];
    const values = [...choices.values];
    return {
      type: 'list',
      values,
      default:
        typeof fallback === 'string' && values.includes(fallback)
          ? fallback
          : values[0],
    };
  }
  const fallback = defaults[spec.field];
  const inRange =
    typeof fallback === 'number' &&
    fallback >= choices.min &&
    fallback <= choices.max;
  return {
    type: 'range',
    min: choices.min,
    max: choices.max,
    default: inRange ? (fallback as number) : choices.min,
  };
}
