import { EnvironmentPolicy, GoldenPathPolicy } from '../policy/types';
import { ApprovedException } from '../exceptions/types';
import { ResourceKind, ResourceRequest } from '../requests';

/** How serious a guardrail violation is. @public */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Who is asking, as far as the guardrails need to know. @public */
export interface Requester {
  /** e.g. `user:default/jane` */
  userRef?: string;
  /** Group refs the requester belongs to (from the catalog). Unknown → ownership checks fail closed. */
  groups?: string[];
}

/** What the pure evaluator is told about the world. @public */
export interface EvaluationContext {
  requester?: Requester;
  /** Estimated monthly spend already provisioned per owning group ref (from the inventory). */
  teamMonthlySpend?: Record<string, number>;
  /**
   * Owning group refs per repository name, as the secret action established them (GitHub's teams
   * with admin or maintain, confirmed by trusted catalog data). Absent: ownership is not judged here
   * (the evaluate API, guardrails:check) because only the action can read the provider.
   */
  repoOwners?: Record<string, string[]>;
  /**
   * Exceptions the golden-path backend found valid for this run (approved, unexpired, this
   * requester and owner, bound to this task). Never taken from a request body.
   */
  approvedExceptions?: ApprovedException[];
}

/** What one rule reports about one request. @public */
export interface Finding {
  /** Offending field path, e.g. `publicAccessBlock.blockPublicAcls`. */
  field: string;
  message: string;
  /** What the developer may choose instead. */
  allowed?: Array<string | number | boolean>;
}

/** One guardrail: a small unit with a stable id. @public */
export interface GuardrailRule<R extends ResourceRequest = ResourceRequest> {
  id: string;
  title: string;
  severity: Severity;
  /** Kinds of request it judges. */
  kinds: readonly ResourceKind[];
  /** Controls it satisfies, e.g. `FSBP S3.8`, `CKV_AWS_53`. */
  controls: readonly string[];
  /** Whether an environment profile may relax it (recorded with a reason). */
  relaxable: boolean;
  /**
   * Whether an environment may let approvers grant a time-boxed exception to it for one request
   * (`goldenPath.environments.<env>.exceptions.rules`). False for every rule that protects against
   * exposure (public access, unencrypted storage or transit, secrets, ownership, names, provenance):
   * no one can except those, and naming one in the policy is a start-up error.
   */
  approvable: boolean;
  /** Why it exists, for the docs. */
  rationale: string;
  /** What to do instead, shown to the developer with every violation. */
  fix: string;
  check(
    request: R,
    env: EnvironmentPolicy,
    context: EvaluationContext,
  ): Finding[];
  /**
   * Says how a profile's settings are weaker than this rule's baseline, or undefined when they are
   * not. A weakened non-relaxable rule is a configuration error; a weakened relaxable one must be
   * listed under the profile's `relax` with a reason.
   */
  weakenedBy?(env: EnvironmentPolicy): string | undefined;
}

/** A rule over a whole batch of requests (budgets). @public */
export interface BatchRule {
  id: string;
  title: string;
  severity: Severity;
  controls: readonly string[];
  relaxable: false;
  /** Budgets are judged again by the spend ledger when resources are reserved, with no exceptions: a team's budget is raised, not excepted. */
  approvable: false;
  rationale: string;
  fix: string;
  check(
    batch: Array<{
      index: number;
      request: ResourceRequest;
      monthlyCost: number;
    }>,
    policy: GoldenPathPolicy,
    context: EvaluationContext,
  ): Array<Finding & { index: number }>;
}

/** A violation as reported to the developer, API and metrics. @public */
export interface Violation {
  ruleId: string;
  title: string;
  severity: Severity;
  /** Index of the request in the batch. */
  index: number;
  kind: string;
  resource: string;
  field: string;
  message: string;
  allowed?: Array<string | number | boolean>;
  fix: string;
  controls: readonly string[];
}
