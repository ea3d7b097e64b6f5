import { Validator } from 'jsonschema';
import { StepInfo, TemplateContext } from '../context';
import { plainReference, wholeExpression } from '../expressions';

const WILD = Symbol('unknown until the task runs');

/** A typical value of a JSON schema type (the form's default or first choice when it has one). */
function sampleOfSchema(schema: Record<string, any> | undefined): unknown {
  if (!schema) return WILD;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return 'sample';
    case 'number':
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return WILD;
  }
}

/** What an input value will be at run time, as far as the template says; WILD when unknown. */
function sampleOf(
  ctx: TemplateContext,
  step: StepInfo,
  value: unknown,
): unknown {
  if (typeof value === 'string') {
    const ref = plainReference(value);
    if (ref?.root === 'parameters' && ref.segments.length === 1) {
      const def = ctx.parameter(ref.segments[0])[0];
      return def ? sampleOfSchema(def.schema) : WILD;
    }
    if (
      ref?.root === 'steps' &&
      ref.segments[1] === 'output' &&
      ref.segments.length === 3
    ) {
      const source = ctx.step(ref.segments[0]);
      const output = source?.action
        ? ctx.actions.get(source.action)?.schema?.output
        : undefined;
      return sampleOfSchema(output?.properties?.[ref.segments[2]]);
    }
    if (ref?.root === 'secrets') return 'secret';
    return wholeExpression(value) !== undefined ? WILD : value;
  }
  if (Array.isArray(value)) return value.map(v => sampleOf(ctx, step, v));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, sampleOf(ctx, step, v)]),
    );
  return value;
}

/** Paths of WILD values; the sample gets a string there (the validator never sees a symbol). */
function collectWild(
  value: unknown,
  path: Array<string | number>,
  out: Array<Array<string | number>>,
): unknown {
  if (value === WILD) {
    out.push(path);
    return 'unknown';
  }
  if (Array.isArray(value))
    return value.map((v, i) => collectWild(v, [...path, i], out));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        collectWild(v, [...path, k], out),
      ]),
    );
  return value;
}

/** Edit distance, for "did you mean" on a misspelt action id. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length];
}

/**
 * `unknown-action` and `action-input`: every step names an action the scaffolder has, and its
 * input satisfies that action's published JSON schema the way the scaffolder checks it before the
 * step runs (jsonschema). Values only known at run time are not judged.
 */
export function actionInputs(ctx: TemplateContext) {
  const validator = new Validator();
  for (const step of ctx.steps) {
    if (!step.action) continue;
    const action = ctx.actions.get(step.action);
    if (!action) {
      const closest = [...ctx.actions.keys()]
        .map(id => ({ id, d: distance(id, step.action!) }))
        .sort((a, b) => a.d - b.d)[0];
      const hint =
        closest && closest.d <= 3 ? `; did you mean ${closest.id}?` : '';
      ctx.report(
        'unknown-action',
        [...step.path, 'action'],
        `action "${step.action}" is not registered in the scaffolder${hint}`,
      );
      continue;
    }
    const schema = action.schema?.input;
    if (!schema) continue;
    const wild: Array<Array<string | number>> = [];
    const sample = collectWild(sampleOf(ctx, step, step.input), [], wild);
    const inputPath = [...step.path, 'input'];
    for (const error of validator.validate(sample, schema).errors) {
      const at = error.path as Array<string | number>;
      if (
        wild.some(
          w =>
            w.length <= at.length && w.every((segment, i) => segment === at[i]),
        )
      )
        continue;
      const where = ['input', ...at].join('.');
      if (error.name === 'additionalProperties') {
        ctx.report(
          'action-input',
          [...inputPath, ...at, String(error.argument)],
          `${where} has "${error.argument}", which ${step.action} does not take`,
          { key: true },
        );
      } else if (error.name === 'required') {
        ctx.report(
          'action-input',
          step.raw.input ? [...inputPath, ...at] : step.path,
          `${where} is missing "${error.argument}", which ${step.action} requires`,
        );
      } else {
        ctx.report(
          'action-input',
          [...inputPath, ...at],
          `${where} ${error.message} (schema of ${step.action})`,
        );
      }
    }
  }
}
