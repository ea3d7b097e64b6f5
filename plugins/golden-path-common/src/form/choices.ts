import { normaliseRequest } from '../normalise';
import { EnvironmentPolicy } from '../policy/types';
import { ResourceKind, ResourceRequest } from '../requests';
import { KIND_DEFINITIONS } from '../kinds/registry';
import type { KindChoice } from '../kinds/types';

/**
 * The choices a form may offer, taken from one environment's policy. Form fields show exactly these
 * (so a template cannot offer what the guardrails would refuse) and the template linter checks
 * `ui:options.policy` against the same list. Defaults come from `normaliseRequest`, so the form's
 * default is the one the actions would apply.
 */

/**
 * A policy choice a scaffolder form field can offer: `region`, or a key a kind registers, e.g.
 * `rds.instanceClass` (kinds/<kind>/index.ts, `choices`).
 * @public
 */
export type PolicyChoiceKey = string;

/**
 * Where the environment lets approvers except the rule behind a choice: a form may offer values
 * outside it, marked as needing an approved exception (the guardrails still refuse them without one).
 * @public
 */
export interface ChoiceException {
  ruleId: string;
  approvers: string;
  maxDays: number;
}

/** One key's choices in one environment: a list of values, or a whole-number range. @public */
export type PolicyChoices = (
  | { type: 'list'; values: string[]; default: string }
  | { type: 'range'; min: number; max: number; default: number }
) & { exception?: ChoiceException };

/** What a choice feeds: the request kind and field (for prices and for the linter's checks). @public */
export interface PolicyChoiceTarget {
  kind: ResourceKind;
  field: string;
  /** The rule that judges the field. */
  ruleId: string;
  valueType: 'string' | 'integer';
  /** Each value is shown with its monthly price. */
  priced: boolean;
}

type Spec = PolicyChoiceTarget & Pick<KindChoice, 'choices' | 'ruleId'>;

/** Any AWS kind stands for the region choice; the first costed one prices it. */
const REGION_KIND = KIND_DEFINITIONS.find(
  d => d.provider === 'aws' && d.costed,
)!.kind;

const SPECS: Record<PolicyChoiceKey, Spec> = Object.fromEntries([
  [
    'region',
    {
      kind: REGION_KIND,
      field: 'region',
      ruleId: 'GP-REGION-ALLOWED',
      valueType: 'string',
      priced: false,
      choices: (env: EnvironmentPolicy) => ({ values: env.allowedRegions }),
    },
  ],
  ...KIND_DEFINITIONS.flatMap(d =>
    Object.entries(d.choices).map(([key, choice]) => [
      key,
      { kind: d.kind, ...choice },
    ]),
  ),
]);

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
  const { kind, field, valueType, priced, ruleId } = SPECS[key];
  return { kind, field, valueType, priced, ruleId };
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
  const exception = env.exceptions.rules.includes(spec.ruleId)
    ? {
        exception: {
          ruleId: spec.ruleId,
          approvers: env.exceptions.approvers,
          maxDays: env.exceptions.maxDays,
        },
      }
    : {};
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
      ...exception,
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
    ...exception,
  };
}
