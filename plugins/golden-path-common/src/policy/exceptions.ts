import { hasOwn, isPlainObject } from '../own';
import { normaliseGroupRef } from '../rules/helpers';
import { BATCH_RULES, RULES } from '../rules/catalogue';
import { ExceptionPolicy } from './types';

/** Who approves and for how long, when neither the environment nor `goldenPath.exceptions` says. @public */
export const DEFAULT_EXCEPTION_POLICY: Omit<ExceptionPolicy, 'rules'> = {
  approvers: 'group:default/platform',
  maxDays: 7,
};

/** The longest any exception may last: a deviation meant to be temporary. @public */
export const MAX_EXCEPTION_DAYS = 90;

type RawExceptions = Record<string, unknown> | undefined;

/** Approvers and maximum duration, from `raw` over `base`; problems are named under `path`. */
function resolveApproval(
  raw: Record<string, unknown>,
  base: Omit<ExceptionPolicy, 'rules'>,
  path: string,
  problems: string[],
): Omit<ExceptionPolicy, 'rules'> {
  const out = { ...base };
  if (hasOwn(raw, 'approvers')) {
    const approvers = raw.approvers;
    if (
      typeof approvers !== 'string' ||
      !/^(group:)?([a-z0-9._-]+\/)?[a-z0-9._-]+$/i.test(approvers.trim())
    )
      problems.push(
        `${path}.approvers must be a group ref, e.g. group:default/platform`,
      );
    else out.approvers = normaliseGroupRef(approvers);
  }
  if (hasOwn(raw, 'maxDays')) {
    const days = raw.maxDays;
    if (
      typeof days !== 'number' ||
      !Number.isInteger(days) ||
      days < 1 ||
      days > MAX_EXCEPTION_DAYS
    )
      problems.push(
        `${path}.maxDays must be a whole number of days from 1 to ${MAX_EXCEPTION_DAYS}`,
      );
    else out.maxDays = days;
  }
  return out;
}

/** `goldenPath.exceptions`: the defaults every environment's exception policy starts from. */
export function resolveExceptionDefaults(
  raw: unknown,
  problems: string[],
): Omit<ExceptionPolicy, 'rules'> {
  const path = 'goldenPath.exceptions';
  if (raw === undefined) return { ...DEFAULT_EXCEPTION_POLICY };
  if (!isPlainObject(raw)) {
    problems.push(`${path} must be an object with approvers and maxDays`);
    return { ...DEFAULT_EXCEPTION_POLICY };
  }
  for (const key of Object.keys(raw).filter(
    k => !['approvers', 'maxDays'].includes(k),
  ))
    problems.push(
      `${path}.${key} is not a known setting (rules are listed per environment)`,
    );
  return resolveApproval(raw, DEFAULT_EXCEPTION_POLICY, path, problems);
}

/** Why a rule can never be excepted, or undefined when an environment may list it. */
function neverExceptable(ruleId: string): string | undefined {
  if (BATCH_RULES.some(r => r.id === ruleId))
    return 'budgets are judged again when resources are reserved; raise the team budget instead';
  const rule = RULES.find(r => r.id === ruleId);
  if (rule && !rule.approvable)
    return 'it protects against exposure (public access, encryption, secrets, ownership or provenance)';
  return undefined;
}

/**
 * `goldenPath.environments.<env>.exceptions`: which rules approvers may except there (none unless
 * listed), who approves, and for how long at most. A rule that protects against exposure, a budget
 * or an unknown id is a start-up error naming it.
 */
export function resolveEnvironmentExceptions(
  raw: RawExceptions | unknown,
  defaults: Omit<ExceptionPolicy, 'rules'>,
  path: string,
  problems: string[],
): ExceptionPolicy {
  const where = `${path}.exceptions`;
  if (raw === undefined) return { ...defaults, rules: [] };
  if (!isPlainObject(raw)) {
    problems.push(
      `${where} must be an object with rules, approvers and maxDays`,
    );
    return { ...defaults, rules: [] };
  }
  for (const key of Object.keys(raw).filter(
    k => !['rules', 'approvers', 'maxDays'].includes(k),
  ))
    problems.push(`${where}.${key} is not a known setting`);
  const rules: string[] = [];
  if (!Array.isArray(raw.rules) || raw.rules.some(r => typeof r !== 'string'))
    problems.push(`${where}.rules must be a list of rule ids`);
  for (const id of Array.isArray(raw.rules) ? raw.rules : []) {
    if (typeof id !== 'string') continue;
    const known =
      RULES.some(r => r.id === id) || BATCH_RULES.some(r => r.id === id);
    const never = known ? neverExceptable(id) : undefined;
    if (!known)
      problems.push(`${where}.rules: ${JSON.stringify(id)} is not a rule id`);
    else if (never)
      problems.push(`${where}.rules: ${id} can never be excepted: ${never}`);
    else if (!rules.includes(id)) rules.push(id);
  }
  return { ...resolveApproval(raw, defaults, where, problems), rules };
}
