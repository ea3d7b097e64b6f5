import { KIND_DEFINITIONS, RESOURCE_KINDS } from '../kinds/registry';
import { BUDGET_RULES } from './budget';
import { COMMON_RULES } from './common';
import { BatchRule, GuardrailRule, Violation } from './types';

/** Rules about the request document itself, reported by the evaluator before any other rule. */
export const SHAPE_RULE = {
  id: 'GP-REQUEST-SHAPE',
  title: 'The request is well-formed',
  severity: 'high',
  controls: ['Input validation (OWASP ASVS V5)'],
  relaxable: false,
  approvable: false,
  rationale:
    'Unknown or mistyped fields are refused instead of ignored, so nothing the developer asked for is silently dropped.',
  fix: 'Send only the documented fields with the documented types (see the action docs).',
} as const;

export const ENVIRONMENT_RULE = {
  id: 'GP-ENVIRONMENT-KNOWN',
  title: 'The environment is a configured policy profile',
  severity: 'high',
  controls: ['Policy as code: every request is judged by a known profile'],
  relaxable: false,
  approvable: false,
  rationale:
    'Without a profile there is nothing to judge the request by, so it is refused.',
  fix: 'Pick one of the configured environments.',
} as const;

/** Every per-request rule, in evaluation order: the common ones, then each kind's in registry order. */
export const RULES: readonly GuardrailRule[] = [
  ...COMMON_RULES,
  ...KIND_DEFINITIONS.flatMap(d => d.rules),
];

/** A rule judging every registered kind is documented as applying to `all`. */
const appliesToAll = (rule: GuardrailRule) =>
  RESOURCE_KINDS.every(kind => rule.kinds.includes(kind));

/** Every batch rule. */
export const BATCH_RULES: readonly BatchRule[] = BUDGET_RULES;

/** Catalogue entry of any rule, for docs, APIs and forms. @public */
export interface RuleDescription {
  id: string;
  title: string;
  severity: string;
  kinds: readonly string[] | 'all';
  controls: readonly string[];
  relaxable: boolean;
  /** Whether an environment may offer approved exceptions to it (never for exposure rules). */
  approvable: boolean;
  rationale: string;
  fix: string;
}

/** The whole rule catalogue, documented. @public */
export function describeRules(): RuleDescription[] {
  const meta = (
    r: Omit<RuleDescription, 'kinds'>,
    kinds: RuleDescription['kinds'],
  ): RuleDescription => ({
    id: r.id,
    title: r.title,
    severity: r.severity,
    kinds,
    controls: r.controls,
    relaxable: r.relaxable,
    approvable: r.approvable,
    rationale: r.rationale,
    fix: r.fix,
  });
  return [
    meta(SHAPE_RULE, 'all'),
    meta(ENVIRONMENT_RULE, 'all'),
    ...RULES.map(r => meta(r, appliesToAll(r) ? 'all' : r.kinds)),
    ...BATCH_RULES.map(r => meta(r, 'all')),
  ];
}

/** Looks a rule up by id (any kind of rule). @public */
export function findRule(id: string): RuleDescription | undefined {
  return describeRules().find(r => r.id === id);
}

/** A violation of a catalogued rule found outside the evaluator (the spend ledger, provider facts). @public */
export function violationOf(
  ruleId: string,
  at: {
    kind: string;
    resource: string;
    field: string;
    message: string;
    allowed?: Violation['allowed'];
  },
): Violation {
  const rule = findRule(ruleId);
  if (!rule) throw new Error(`Unknown guardrail rule ${ruleId}`);
  return {
    ruleId,
    title: rule.title,
    severity: rule.severity as Violation['severity'],
    index: 0,
    fix: rule.fix,
    controls: rule.controls,
    ...at,
  };
}
