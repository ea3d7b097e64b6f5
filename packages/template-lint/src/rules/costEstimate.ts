import { COSTED_RESOURCE_KINDS } from '@golden-path/plugin-golden-path-common';
import { TemplateContext } from '../context';
import { expressionsIn, referencesIn, stringsIn } from '../expressions';
import { CREATING_ACTIONS, GUARDRAILS_CHECK } from '../goldenPathActions';
import { normalised } from './guardrails';

export const COST_ESTIMATE = 'GoldenPathCostEstimate';
/** Kinds the registry says cost money: the form's estimate must include each of them. */
const COSTED = new Set<unknown>(COSTED_RESOURCE_KINDS);
const PLAIN = /^\s*parameters\.[A-Za-z0-9_.]+\s*$/;

/**
 * `cost-estimate`: the cost field's requests are ones the field can fill in (only
 * `${{ parameters.x }}`), they include every costed request of the guardrails check, so the
 * form does not show a smaller number than the run is judged by, and each describes its resource
 * with the same policy-judged fields as the step that creates it, so the estimate is the run's and
 * an exception asked for from the form binds the request the run builds.
 */
export function costEstimate(ctx: TemplateContext) {
  const check = ctx.steps.find(s => s.action === GUARDRAILS_CHECK);
  const judged: any[] = Array.isArray(check?.input.requests)
    ? check!.input.requests
    : [];
  for (const def of ctx.parameters.filter(
    p => p.schema['ui:field'] === COST_ESTIMATE,
  )) {
    const path = [...def.path, 'ui:options', 'requests'];
    const requests = def.schema['ui:options']?.requests;
    if (!Array.isArray(requests) || !requests.length) {
      ctx.report(
        'cost-estimate',
        def.path,
        `"${def.name}" needs ui:options.requests: the requests to estimate, written like the guardrails check's`,
        { key: true },
      );
      continue;
    }
    for (const s of stringsIn(requests, path)) {
      for (const expression of expressionsIn(s.text)) {
        if (!PLAIN.test(expression)) {
          ctx.report(
            'cost-estimate',
            s.path,
            `the cost field fills in only \${{ parameters.x }}, not \${{${expression}}}${
              referencesIn(expression).some(r => r.root !== 'parameters')
                ? ' (steps and secrets do not exist before the run)'
                : ''
            }`,
          );
        }
      }
    }
    requests.forEach((request: any, i: number) => {
      const step = ctx.steps.find(
        s =>
          s.action &&
          CREATING_ACTIONS[s.action]?.kind === request?.kind &&
          normalised(s.input.name) === normalised(request?.name),
      );
      if (!step) return;
      for (const field of [
        'environment',
        'owner',
        ...CREATING_ACTIONS[step.action!].policyFields,
      ]) {
        const given = step.input[field];
        if (given === undefined && request[field] === undefined) continue;
        // A value the field cannot fill in is reported above.
        const unfillable = expressionsIn(String(request[field] ?? '')).some(
          e => !PLAIN.test(e),
        );
        if (!unfillable && normalised(given) !== normalised(request[field]))
          ctx.report(
            'cost-estimate',
            [...path, i, field],
            `${request.kind} ${JSON.stringify(
              request.name,
            )} is estimated with ${field} ${JSON.stringify(
              request[field] ?? '(default)',
            )} but created with ${JSON.stringify(
              given ?? '(default)',
            )} (step "${
              step.id
            }"); an exception asked for from the form would not apply to the run`,
          );
      }
    });
    judged.forEach((request, i) => {
      if (!COSTED.has(request?.kind)) return;
      const same = requests.some(
        (r: any) =>
          r?.kind === request.kind &&
          normalised(r.name) === normalised(request.name) &&
          normalised(r.if) === normalised(request.if),
      );
      if (!same) {
        ctx.report(
          'cost-estimate',
          path,
          `the estimate leaves out ${request.kind} ${JSON.stringify(
            request.name,
          )}${
            request.if ? ` (if ${request.if})` : ''
          } that the guardrails check (step "${check!.id}", request ${
            i + 1
          }) judges, so it shows less than the run costs`,
        );
      }
    });
  }
}
