import { TemplateContext } from '../context';
import { Reference, referencesUnder } from '../expressions';
import { YamlPath } from '../source';

/**
 * `duplicate-step-id`, `unknown-parameter`, `unknown-step`, `unknown-output`: every
 * `${{ parameters.x }}` names a form field, every `${{ steps.id.output.y }}` an earlier step and
 * an output its action declares. (A wrong reference renders as empty at run time, silently.)
 */
export function references(ctx: TemplateContext) {
  const seen = new Map<string, number>();
  for (const step of ctx.steps) {
    if (!step.id) continue;
    if (seen.has(step.id))
      ctx.report(
        'duplicate-step-id',
        [...step.path, 'id'],
        `step id "${step.id}" is already used by step ${
          seen.get(step.id)! + 1
        }`,
      );
    else seen.set(step.id, step.index);
  }
  const names = new Set(ctx.parameters.map(p => p.name));

  const check = (ref: Reference, path: YamlPath, before: number) => {
    if (ref.root === 'parameters') {
      if (ref.segments[0] && !names.has(ref.segments[0]))
        ctx.report(
          'unknown-parameter',
          path,
          `${ref.text}: the form has no field "${ref.segments[0]}"`,
        );
      return;
    }
    if (ref.root !== 'steps' || !ref.segments[0]) return;
    const target = ctx.step(ref.segments[0]);
    if (!target) {
      ctx.report(
        'unknown-step',
        path,
        `${ref.text}: there is no step "${ref.segments[0]}"`,
      );
      return;
    }
    if (target.index >= before) {
      ctx.report(
        'unknown-step',
        path,
        `${ref.text}: step "${target.id}" runs ${
          target.index === before ? 'as' : 'after'
        } this step, so it has no output yet`,
      );
      return;
    }
    const output = target.action
      ? ctx.actions.get(target.action)?.schema?.output
      : undefined;
    const declared = output?.properties
      ? Object.keys(output.properties)
      : undefined;
    if (
      ref.segments[1] === 'output' &&
      ref.segments[2] &&
      declared &&
      !declared.includes(ref.segments[2])
    ) {
      ctx.report(
        'unknown-output',
        path,
        `${ref.text}: ${target.action} has no output "${
          ref.segments[2]
        }" (it has ${declared.join(', ') || 'none'})`,
      );
    }
  };

  for (const step of ctx.steps) {
    for (const ref of referencesUnder(step.raw, [...step.path]))
      check(ref, ref.path, step.index);
  }
  for (const ref of referencesUnder(ctx.spec.output, ['spec', 'output']))
    check(ref, ref.path, ctx.steps.length);
  for (const def of ctx.parameters) {
    for (const ref of referencesUnder(def.schema['ui:options'], [
      ...def.path,
      'ui:options',
    ]))
      check(ref, ref.path, ctx.steps.length);
  }
}
