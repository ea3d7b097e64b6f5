import {
  GUARDRAIL_ERROR_NAME,
  GUARDRAIL_REFUSAL_ERROR_NAME,
  GUARDRAIL_REFUSAL_MARKER,
  Violation,
} from '@golden-path/plugin-golden-path-common';
import { colours, Io, isInteractive, writeLine } from './output';

/** A guardrail refusal as the command prints it: the rules, and each violation with its fix. */
export interface Refusal {
  rules: string[];
  /** Where it was refused, e.g. `in step "bucket" (Create the bucket)`. */
  where?: string;
  violations: Array<{
    ruleId: string;
    text: string;
    allowed?: string;
    fix?: string;
  }>;
}

const RULE_ID = /GP-[A-Z0-9]+(?:-[A-Z0-9]+)*/g;

/**
 * A refusal from an error as the scaffolder keeps it (a failed task's completion, a dry-run's 400,
 * a 400 from `POST /v2/tasks`): every guardrail refusal's message starts with
 * "Refused by Golden Path guardrails (GP-A, GP-B) in step …:" and lists one violation a line,
 * "[GP-A] where: message. Allowed: …. Fix: …". Anything else is not a refusal.
 */
export function refusalOf(
  error: { name?: string; message?: string } | undefined,
): Refusal | undefined {
  const message = error?.message ?? '';
  const refused =
    error?.name === GUARDRAIL_ERROR_NAME ||
    (error?.name === GUARDRAIL_REFUSAL_ERROR_NAME &&
      message.startsWith(GUARDRAIL_REFUSAL_MARKER));
  if (!refused) return undefined;
  const [first, ...rest] = message.split('\n');
  const head = new RegExp(
    `^${GUARDRAIL_REFUSAL_MARKER} \\(([A-Z0-9, -]+)\\)(.*?):?$`,
  ).exec(first);
  const violations = rest
    .filter(line => /^\[GP-[A-Z0-9-]+\]/.test(line))
    .map(line => {
      const ruleId = /^\[(GP-[A-Z0-9-]+)\]/.exec(line)![1];
      let text = line.slice(ruleId.length + 2).trim();
      let fix: string | undefined;
      let allowed: string | undefined;
      const fixAt = text.lastIndexOf(' Fix: ');
      if (fixAt >= 0) {
        fix = text.slice(fixAt + 6).trim();
        text = text.slice(0, fixAt).trim();
      }
      const allowedAt = text.lastIndexOf(' Allowed: ');
      if (allowedAt >= 0) {
        allowed = text.slice(allowedAt + 10).replace(/\.$/, '');
        text = text.slice(0, allowedAt).trim();
      }
      return { ruleId, text, allowed, fix };
    });
  const listed = head?.[1]
    .split(',')
    .map(id => id.trim())
    .filter(Boolean);
  const rules = [
    ...new Set(
      listed?.length
        ? listed
        : [...violations.map(v => v.ruleId), ...(message.match(RULE_ID) ?? [])],
    ),
  ];
  return {
    rules,
    where: head?.[2]?.trim() || undefined,
    violations,
  };
}

/** A refusal from the evaluator's violations (`POST /policy/evaluate`). */
export function refusalOfViolations(violations: Violation[]): Refusal {
  return {
    rules: [...new Set(violations.map(v => v.ruleId))],
    violations: violations.map(v => ({
      ruleId: v.ruleId,
      text: `${v.kind}${v.resource ? ` "${v.resource}"` : ` #${v.index + 1}`}${
        v.field ? ` ${v.field}` : ''
      }: ${v.message}`,
      allowed: v.allowed?.length ? v.allowed.join(', ') : undefined,
      fix: v.fix,
    })),
  };
}

/** Prints a refusal: a headline naming the rules, then each violation with what is allowed and the fix. */
export function printRefusal(io: Io, refusal: Refusal, headline?: string) {
  const c = colours(isInteractive(io.err));
  writeLine(
    io.err,
    c.red(
      `✖ ${headline ?? 'Refused by the Golden Path guardrails'}${
        refusal.where ? ` ${refusal.where}` : ''
      }: ${refusal.rules.join(', ')}`,
    ),
  );
  for (const v of refusal.violations) {
    writeLine(io.err, `  ${c.bold(`[${v.ruleId}]`)} ${v.text}`);
    if (v.allowed) writeLine(io.err, `      allowed: ${v.allowed}`);
    if (v.fix) writeLine(io.err, `      fix: ${v.fix}`);
  }
}
