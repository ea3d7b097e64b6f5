import { estimateMonthlyCost } from './cost/estimate';
import { normaliseRequest } from './normalise';
import { applyExceptions, exceptionOffer } from './exceptions/apply';
import { ExceptionOffer } from './exceptions/types';
import { EnvironmentPolicy, GoldenPathPolicy } from './policy/types';
import { ResourceRequest } from './requests';
import {
  BATCH_RULES,
  ENVIRONMENT_RULE,
  RULES,
  SHAPE_RULE,
} from './rules/catalogue';
import { EvaluationContext, Finding, Violation } from './rules/types';
import { own } from './own';
import { checkShape } from './shape';

/** One request that passed the shape check: normalised, with its monthly cost estimate. @public */
export interface EvaluatedRequest {
  index: number;
  /** The request with every default filled in: exactly what the action will build. */
  request: ResourceRequest;
  monthlyCost: number;
  costBasis: string;
  /** The approved exception that set aside some of its violations (see `exceptionsUsed`). */
  exceptionId?: string;
}

/** The verdict on a batch of requests: allowed or not, every violation, and the cost. @public */
export interface EvaluationResult {
  allowed: boolean;
  /** Every violation of every request, not just the first. */
  violations: Violation[];
  /** Normalised requests that passed the shape check. */
  evaluated: EvaluatedRequest[];
  /** Sum of the monthly estimates (unknown prices count as 0 here and refuse the run). */
  totalMonthlyCost: number;
  currency: string;
  /** Relaxed rules that applied to these requests, with the platform team's reason. */
  exceptions: Array<{ ruleId: string; environment: string; reason: string }>;
  /** Approved exceptions that set violations aside (from `context.approvedExceptions`). */
  exceptionsUsed: Array<{ id: string; index: number; ruleIds: string[] }>;
  /**
   * Present when the requests are refused only by rules their environments let approvers except:
   * what an exception request would cover, per refused request. Absent: nothing to ask for.
   */
  exceptionOffer?: ExceptionOffer[];
}

type RuleMeta = {
  id: string;
  title: string;
  severity: Violation['severity'];
  fix: string;
  controls: readonly string[];
};

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A resource name as it may appear in a violation: one line, at most 100 characters. */
const printable = (name: string) =>
  name.slice(0, 100).replace(CONTROL_CHARS, '?');

function toViolation(
  rule: RuleMeta,
  index: number,
  request: Partial<ResourceRequest> | undefined,
  f: Finding,
): Violation {
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    index,
    kind: typeof request?.kind === 'string' ? request.kind : 'unknown',
    resource: typeof request?.name === 'string' ? printable(request.name) : '',
    field: f.field,
    message: f.message,
    ...(f.allowed ? { allowed: f.allowed } : {}),
    fix: rule.fix,
    controls: rule.controls,
  };
}

/**
 * Evaluates one request or a batch against the policy. Pure: the requester's groups and the teams'
 * current spend come in through `context`. Never throws on bad input; malformed input is a
 * `GP-REQUEST-SHAPE` violation.
 * @public
 */
export function evaluate(
  input: unknown,
  policy: GoldenPathPolicy,
  context: EvaluationContext = {},
): EvaluationResult {
  const all: unknown[] = Array.isArray(input) ? input : [input];
  const items = all.slice(0, 100);
  const violations: Violation[] = [];
  const evaluated: EvaluatedRequest[] = [];
  const exceptions = new Map<string, EvaluationResult['exceptions'][number]>();
  const judged: Array<{
    index: number;
    request: ResourceRequest;
    env: EnvironmentPolicy;
  }> = [];

  if (items.length === 0) {
    violations.push(
      toViolation(SHAPE_RULE, 0, undefined, {
        field: '',
        message: 'at least one request is required',
      }),
    );
  }
  if (all.length > 100) {
    violations.push(
      toViolation(SHAPE_RULE, 0, undefined, {
        field: '',
        message: 'at most 100 requests per evaluation',
      }),
    );
  }

  items.forEach((item, index) => {
    const { findings, clean } = checkShape(item);
    const raw = (clean ??
      (typeof item === 'object' && item
        ? item
        : {})) as Partial<ResourceRequest>;
    findings.forEach(f =>
      violations.push(toViolation(SHAPE_RULE, index, raw, f)),
    );
    if (!clean) return;
    const request = clean as unknown as ResourceRequest;
    const env = own(policy.environments, request.environment);
    if (!env) {
      violations.push(
        toViolation(ENVIRONMENT_RULE, index, request, {
          field: 'environment',
          message: `environment "${String(request.environment).slice(
            0,
            40,
          )}" is not configured`,
          allowed: Object.keys(policy.environments),
        }),
      );
      return;
    }
    const normalised = normaliseRequest(request, env);
    judged.push({ index, request: normalised, env });
    for (const rule of RULES) {
      if (!rule.kinds.includes(normalised.kind)) continue;
      rule
        .check(normalised, env, context)
        .forEach(f => violations.push(toViolation(rule, index, normalised, f)));
    }
    for (const relaxed of env.relaxations) {
      const rule = RULES.find(r => r.id === relaxed.rule);
      if (rule?.kinds.includes(normalised.kind)) {
        exceptions.set(`${env.name}/${rule.id}`, {
          ruleId: rule.id,
          environment: env.name,
          reason: relaxed.reason,
        });
      }
    }
    const cost = estimateMonthlyCost(normalised, policy.prices);
    evaluated.push({
      index,
      request: normalised,
      monthlyCost: cost.monthly,
      costBasis: cost.basis,
    });
  });

  // Exceptions cover per-request rules only: budgets are never excepted, so they are judged after.
  const excepted = applyExceptions(
    violations,
    judged,
    context.approvedExceptions,
  );
  violations.splice(0, violations.length, ...excepted.remaining);
  for (const used of excepted.applied) {
    const target = evaluated.find(e => e.index === used.index);
    if (target) target.exceptionId = used.id;
  }

  for (const rule of BATCH_RULES) {
    rule
      .check(evaluated, policy, context)
      .forEach(f =>
        violations.push(
          toViolation(
            rule,
            f.index,
            evaluated.find(e => e.index === f.index)?.request,
            f,
          ),
        ),
      );
  }

  // Unknown (NaN) costs are refused by GP-BUDGET-PER-REQUEST; they add nothing to the total.
  const total = evaluated.reduce(
    (sum, e) =>
      sum +
      (Number.isFinite(e.monthlyCost) && e.monthlyCost > 0 ? e.monthlyCost : 0),
    0,
  );
  const offer = exceptionOffer(violations, judged);
  return {
    allowed: violations.length === 0,
    violations,
    evaluated,
    totalMonthlyCost: Math.round(total * 100) / 100,
    currency: policy.budget.currency,
    exceptions: [...exceptions.values()],
    exceptionsUsed: excepted.applied,
    ...(offer && { exceptionOffer: offer }),
  };
}

/** One line per violation, naming the rule and the fix: for errors and task logs. @public */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map(v => {
      const where = v.resource
        ? `${v.kind} "${v.resource}"`
        : `request ${v.index + 1}`;
      const allowed = v.allowed?.length
        ? ` Allowed: ${v.allowed.join(', ')}.`
        : '';
      return `[${v.ruleId}] ${where}: ${v.message}.${allowed} Fix: ${v.fix}`;
    })
    .join('\n');
}
