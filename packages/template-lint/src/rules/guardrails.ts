import { TemplateContext, StepInfo } from '../context';
import {
  CREATING_ACTIONS,
  GUARDRAILS_CHECK,
  SECRET_SET,
} from '../goldenPathActions';

/** Expression text compared as written, ignoring spacing inside `${{ }}`. */
export const normalised = (value: unknown) =>
  value === undefined ? undefined : JSON.stringify(value).replace(/\s+/g, '');

/** The names a creating step gives its resources (secret:set may set several). */
function createdNames(
  step: StepInfo,
): Array<{ name: unknown; path: Array<string | number> }> {
  if (step.action === SECRET_SET) {
    const names = ['secrets', 'nonSecretValues'].flatMap(key =>
      Object.keys(step.input[key] ?? {}).map(name => ({
        name: name as unknown,
        path: [...step.path, 'input', key, name],
      })),
    );
    if (step.input.name !== undefined)
      names.push({
        name: step.input.name,
        path: [...step.path, 'input', 'name'],
      });
    return names;
  }
  return [{ name: step.input.name, path: [...step.path, 'input', 'name'] }];
}

/**
 * `guardrails-first`, `guardrails-coverage`: a composite path (two or more creating steps) judges
 * everything it creates in one golden-path:guardrails:check before its first creating step, so a
 * refusal happens before any side effect; each created resource has a request there with the
 * same name, environment, owner, policy-judged values and `if:` as the step that creates it.
 */
export function guardrails(ctx: TemplateContext) {
  const creating = ctx.steps.filter(
    s => s.action && CREATING_ACTIONS[s.action],
  );
  if (creating.length < 2) return;
  const check = ctx.steps.find(s => s.action === GUARDRAILS_CHECK);
  const early = creating.filter(s => !check || s.index < check.index);
  for (const step of early) {
    ctx.report(
      'guardrails-first',
      [...step.path, 'action'],
      `step "${step.id ?? step.index + 1}" creates a ${
        CREATING_ACTIONS[step.action!].kind
      } before ${
        check
          ? `the guardrails check (step "${check.id}")`
          : 'any guardrails check'
      }; a composite path starts with golden-path:guardrails:check over everything it creates`,
    );
  }
  if (!check) return;
  const requests: any[] = Array.isArray(check.input.requests)
    ? check.input.requests
    : [];
  for (const step of creating.filter(s => s.index > check.index)) {
    const { kind, policyFields } = CREATING_ACTIONS[step.action!];
    for (const { name, path } of createdNames(step)) {
      const index = requests.findIndex(
        r => r?.kind === kind && normalised(r.name) === normalised(name),
      );
      if (index < 0) {
        ctx.report(
          'guardrails-coverage',
          path,
          `step "${step.id}" creates ${kind} ${JSON.stringify(
            name,
          )}, which the guardrails check (step "${
            check.id
          }") does not judge; add a request with kind ${kind} and the same name`,
        );
        continue;
      }
      const request = requests[index];
      const requestPath = [...check.path, 'input', 'requests', index];
      // An if: that reads step outputs cannot be known at the check, so such a resource is judged always.
      const runTimeIf =
        typeof step.raw.if === 'string' && /\bsteps\s*[.[]/.test(step.raw.if);
      if (
        normalised(request.if) !== normalised(step.raw.if) &&
        !(runTimeIf && request.if === undefined)
      ) {
        const judged = request.if === undefined ? 'always' : `if ${request.if}`;
        const created =
          step.raw.if === undefined ? 'always' : `if ${step.raw.if}`;
        ctx.report(
          'guardrails-coverage',
          request.if === undefined ? requestPath : [...requestPath, 'if'],
          `${kind} ${JSON.stringify(
            name,
          )} is judged ${judged} but created ${created} (step "${
            step.id
          }"); give its request the same if`,
        );
      }
      const compared =
        step.action === SECRET_SET
          ? ['environment', 'owner', 'scope', 'githubEnvironment']
          : ['environment', 'owner', ...policyFields];
      for (const field of compared) {
        const given = step.input[field];
        if (given === undefined && request[field] === undefined) continue;
        if (normalised(given) !== normalised(request[field])) {
          ctx.report(
            'guardrails-coverage',
            [...requestPath, field],
            `${kind} ${JSON.stringify(
              name,
            )} is judged with ${field} ${JSON.stringify(
              request[field] ?? '(default)',
            )} but created with ${JSON.stringify(
              given ?? '(default)',
            )} (step "${step.id}")`,
          );
        }
      }
    }
  }
}
