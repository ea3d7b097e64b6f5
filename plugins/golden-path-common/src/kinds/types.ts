import type { CostEstimate } from '../cost/helpers';
import type { EnvironmentPolicy, PriceTable } from '../policy/types';
import type { KindPolicySections } from './registry';
import type {
  AwsResourceRequest,
  ResourceKind,
  ResourceRequest,
} from '../requests';
import type { GuardrailRule } from '../rules/types';
import type { RequestFieldType } from './fields';

/** The request type of one kind. @public */
export type RequestOf<K extends ResourceKind> = Extract<
  ResourceRequest,
  { kind: K }
>;

/** Where a kind of resource lives. @public */
export type ResourceProvider = 'aws' | 'github';

/** The name of an environment profile section that a kind is judged by. @public */
export type PolicySectionName = keyof KindPolicySections;

/** The scaffolder action that creates (and records) a kind of resource. @public */
export interface CreatingAction {
  /** Action id, e.g. `golden-path:aws:s3:create`. */
  id: string;
  /** Inputs that become request fields the policy judges (same name in the request). */
  policyFields: readonly string[];
}

/** Default list prices of a kind: `[region][item]` in USD per hour or per GB-month. @public */
export type KindPrices = Readonly<
  Record<string, Readonly<Record<string, number>>>
>;

/**
 * A value set a scaffolder form may offer for one request field, read from an environment's
 * policy: a list, or a whole-number range.
 * @public
 */
export interface KindChoice {
  /** The request field it feeds (same name as the action input). */
  field: string;
  /**
   * The rule that judges the field. Where an environment lets approvers except it, a form may
   * offer values outside the choices, marked as needing an approved exception.
   */
  ruleId: string;
  valueType: 'string' | 'integer';
  /** Each value is shown with its monthly price (the type or size that drives the cost). */
  priced: boolean;
  choices(
    env: EnvironmentPolicy,
  ): { values: string[] } | { min: number; max: number };
}

/**
 * One section of an environment profile: its baseline values and the checks run when the policy is
 * resolved. Several kinds may share a section (both GitHub kinds use `github`).
 * @public
 */
export interface PolicySection<S extends PolicySectionName> {
  /** Its key in an environment profile, e.g. `rds`. */
  name: S;
  /** The baseline values; each satisfies the security baseline (docs/guardrails.md). */
  defaults(options: { org: string; region: string }): KindPolicySections[S];
  /** Settings with no default that app-config may still set (all strings). */
  optional: readonly string[];
  /** What is wrong with a resolved profile's section, each problem prefixed with `path`. */
  problems(env: EnvironmentPolicy, prices: PriceTable, path: string): string[];
}

/**
 * Everything one kind of resource means: shape, secure defaults, rules, cost, policy section,
 * words and catalog type. Every field is required, so a kind cannot be half registered.
 * @public
 */
export interface KindDefinition<K extends ResourceKind> {
  /** Its registry key, and the `kind` of its requests. */
  kind: K;
  /** AWS kinds get the region and tag rules; the type ties it to `AwsResourceRequest`. */
  provider: K extends AwsResourceRequest['kind']
    ? 'aws'
    : Exclude<ResourceProvider, 'aws'>;
  /** What the resource is called in a sentence, e.g. `S3 bucket`. */
  label: string;
  /** `spec.type` of its catalog `Resource` entity, or null when it has none (secrets). */
  catalogType: string | null;
  /** First word of its catalog entity name, e.g. `bucket` in `resource:default/bucket-x`. */
  refPrefix: string;
  /** The one action that creates and records it. */
  creatingAction: CreatingAction;
  /** Whether it costs money (and so must be in every cost estimate of a template). */
  costed: boolean;
  /** The environment profile section its rules and defaults read. */
  policySection: PolicySectionName;
  /**
   * What a form may offer for this kind, by `ui:options.policy` key. Each key starts with the
   * kind's policy section, e.g. `rds.instanceClass`.
   */
  choices: Readonly<Record<string, KindChoice>>;
  /** Fields a request may carry, with their types and the provider's absolute bounds. */
  fields: Readonly<Record<string, RequestFieldType>>;
  /** Fills every omitted field with the environment's secure default. */
  normalise(request: RequestOf<K>, env: EnvironmentPolicy): RequestOf<K>;
  /** Its own rules, in evaluation order (the common rules come on top). */
  rules: ReadonlyArray<GuardrailRule<RequestOf<K>>>;
  /** Its default list prices by region (empty when it costs nothing); sources in the file. */
  defaultPrices: KindPrices;
  /** Monthly cost of a normalised request; NaN when it cannot be estimated. */
  estimateCost(
    request: RequestOf<K>,
    prices: PriceTable,
    hoursPerMonth: number,
  ): CostEstimate;
}
