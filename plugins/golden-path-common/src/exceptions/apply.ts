import { EnvironmentPolicy } from '../policy/types';
import { Violation } from '../rules/types';
import { canonicalRequest } from './canonical';
import { ApprovedException, ExceptionOffer } from './types';

interface Judged {
  index: number;
  request: unknown;
  env: EnvironmentPolicy;
}

/**
 * Sets aside the violations an approved exception covers: only for the request whose canonical
 * form it was approved for, only its rules, and only rules that request's environment still lists
 * as approvable (a policy tightened after approval wins). Returns what remains and what was used.
 */
export function applyExceptions(
  violations: Violation[],
  judged: Judged[],
  approved: readonly ApprovedException[] = [],
): {
  remaining: Violation[];
  applied: Array<{ id: string; index: number; ruleIds: string[] }>;
} {
  if (!approved.length) return { remaining: violations, applied: [] };
  const covered = new Map<number, ApprovedException>();
  for (const j of judged) {
    const text = canonicalRequest(j.request);
    const match = approved.find(a => a.request === text);
    if (match) covered.set(j.index, match);
  }
  const applied = new Map<
    string,
    { id: string; index: number; ruleIds: string[] }
  >();
  const remaining = violations.filter(v => {
    const exception = covered.get(v.index);
    const env = judged.find(j => j.index === v.index)?.env;
    if (
      !exception ||
      !env ||
      !exception.ruleIds.includes(v.ruleId) ||
      !env.exceptions.rules.includes(v.ruleId)
    )
      return true;
    const entry = applied.get(exception.id) ?? {
      id: exception.id,
      index: v.index,
      ruleIds: [],
    };
    if (!entry.ruleIds.includes(v.ruleId)) entry.ruleIds.push(v.ruleId);
    applied.set(exception.id, entry);
    return false;
  });
  return { remaining, applied: [...applied.values()] };
}

/**
 * When every violation is of a rule its request's environment lets approvers except, what each
 * refused request would need; otherwise undefined (nothing to offer: fix the request instead).
 */
export function exceptionOffer(
  violations: Violation[],
  judged: Judged[],
): ExceptionOffer[] | undefined {
  if (!violations.length) return undefined;
  const offers = new Map<number, ExceptionOffer>();
  for (const v of violations) {
    const env = judged.find(j => j.index === v.index)?.env;
    if (!env || !env.exceptions.rules.includes(v.ruleId)) return undefined;
    const offer = offers.get(v.index) ?? {
      index: v.index,
      ruleIds: [],
      environment: env.name,
      approvers: env.exceptions.approvers,
      maxDays: env.exceptions.maxDays,
    };
    if (!offer.ruleIds.includes(v.ruleId)) offer.ruleIds.push(v.ruleId);
    offers.set(v.index, offer);
  }
  return [...offers.values()];
}
