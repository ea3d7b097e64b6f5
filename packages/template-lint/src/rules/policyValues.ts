import {
  evaluate,
  isPolicyChoiceKey,
  POLICY_CHOICE_KEYS,
  policyChoiceTarget,
  ResourceKind,
} from '@golden-path/plugin-golden-path-common';
import { TemplateContext } from '../context';
import { plainReference } from '../expressions';
import {
  CREATING_ACTIONS,
  GUARDRAILS_CHECK,
  IDENTITY_FIELDS,
} from '../goldenPathActions';
import { ParameterDef } from '../parameters';
import { YamlPath } from '../source';

export const POLICY_PICKER = 'GoldenPathPolicyPicker';
export const ENVIRONMENT_PICKER = 'GoldenPathEnvironmentPicker';

/** One resource the template asks for: its kind, environment input and policy-judged inputs. */
interface Target {
  kind: ResourceKind;
  environment: { value: unknown; path: YamlPath };
  fields: Array<{ field: string; value: unknown; path: YamlPath }>;
}

/** A value the form or the template can produce, and where it is written. */
interface Candidate {
  value: unknown;
  path: YamlPath;
  /** Environments it applies to (from a `dependencies` branch); undefined = all. */
  environments?: unknown[];
}

function targetsOf(ctx: TemplateContext): Target[] {
  const targets: Target[] = [];
  for (const step of ctx.steps) {
    const inputPath = [...step.path, 'input'];
    const creating = step.action ? CREATING_ACTIONS[step.action] : undefined;
    if (creating) {
      targets.push({
        kind: creating.kind,
        environment: {
          value: step.input.environment,
          path: [...inputPath, 'environment'],
        },
        fields: creating.policyFields
          .filter(f => f in step.input)
          .map(f => ({
            field: f,
            value: step.input[f],
            path: [...inputPath, f],
          })),
      });
    }
    if (
      step.action === GUARDRAILS_CHECK &&
      Array.isArray(step.input.requests)
    ) {
      step.input.requests.forEach((request: any, i: number) => {
        if (
          !request ||
          typeof request.kind !== 'string' ||
          request.kind.includes('${{')
        )
          return;
        const path = [...inputPath, 'requests', i];
        targets.push({
          kind: request.kind,
          environment: {
            value: request.environment,
            path: [...path, 'environment'],
          },
          fields: Object.keys(request)
            .filter(f => !IDENTITY_FIELDS.has(f))
            .map(f => ({ field: f, value: request[f], path: [...path, f] })),
        });
      });
    }
  }
  return targets;
}

/** The values a parameter lets the form produce: enum, const, default, and the range bounds. */
function valuesOf(def: ParameterDef): Candidate[] {
  const out: Candidate[] = [];
  const s = def.schema;
  if (Array.isArray(s.enum))
    s.enum.forEach((v: unknown, i: number) =>
      out.push({ value: v, path: [...def.path, 'enum', i] }),
    );
  if ('const' in s) out.push({ value: s.const, path: [...def.path, 'const'] });
  if (s.default !== undefined)
    out.push({ value: s.default, path: [...def.path, 'default'] });
  for (const bound of ['minimum', 'maximum'] as const)
    if (typeof s[bound] === 'number')
      out.push({ value: s[bound], path: [...def.path, bound] });
  return out;
}

/** The parameter an input is, when it is exactly `${{ parameters.x }}`. */
function boundParameter(
  ctx: TemplateContext,
  value: unknown,
): { name: string; defs: ParameterDef[] } | undefined {
  const ref = plainReference(value);
  return ref?.root === 'parameters' && ref.segments.length === 1
    ? { name: ref.segments[0], defs: ctx.parameter(ref.segments[0]) }
    : undefined;
}

function sampleRequest(
  kind: ResourceKind,
  environment: string,
  field: string,
  value: unknown,
): Record<string, unknown> {
  const base: Record<string, unknown> = {
    kind,
    name: kind === 'github-secret' ? 'LINT_SAMPLE' : 'lint-sample',
    environment,
    owner: 'group:default/template-lint',
  };
  if (kind === 'github-secret')
    Object.assign(base, {
      repo: 'lint-sample',
      valueBytes: 1,
      githubEnvironment: 'lint',
    });
  return { ...base, [field]: value };
}

/**
 * `policy-refused-value`, `unknown-environment`, `policy-choice`, `policy-free-choice`: every
 * value a template can send to a policy-judged field (its enum, const, default, range bounds, or a
 * literal) is judged by the shared evaluator in every environment it can run in; policy pickers
 * name a real policy choice that feeds the field they are bound to.
 */
export function policyValues(ctx: TemplateContext) {
  const configured = Object.keys(ctx.policy.environments);
  const reported = new Map<
    string,
    {
      path: YamlPath;
      rule: string;
      lines: Set<string>;
      severity?: 'warning';
      key?: boolean;
    }
  >();
  const report = (
    rule: string,
    path: YamlPath,
    line: string,
    severity?: 'warning',
    atKey?: boolean,
  ) => {
    const key = `${rule} ${JSON.stringify(path)}`;
    const entry = reported.get(key) ?? {
      path,
      rule,
      lines: new Set<string>(),
      severity,
      key: atKey,
    };
    entry.lines.add(line);
    reported.set(key, entry);
  };

  // Environment pickers may only narrow to configured environments.
  for (const def of ctx.parameters.filter(
    p => p.schema['ui:field'] === ENVIRONMENT_PICKER,
  )) {
    const allowed = def.schema['ui:options']?.allowed;
    (Array.isArray(allowed) ? allowed : []).forEach(
      (env: unknown, i: number) => {
        if (!configured.includes(String(env)))
          report(
            'unknown-environment',
            [...def.path, 'ui:options', 'allowed', i],
            `environment "${env}" is not configured in the policy (configured: ${configured.join(
              ', ',
            )})`,
          );
      },
    );
  }
  // Policy pickers: a real key, a field type that fits it, an environment field that exists.
  for (const def of ctx.parameters.filter(
    p => p.schema['ui:field'] === POLICY_PICKER,
  )) {
    const options = def.schema['ui:options'] ?? {};
    const path = [...def.path, 'ui:options', 'policy'];
    if (!isPolicyChoiceKey(options.policy)) {
      report(
        'policy-choice',
        path,
        `ui:options.policy "${
          options.policy ?? ''
        }" is not a policy choice; use one of ${POLICY_CHOICE_KEYS.join(', ')}`,
      );
      continue;
    }
    const { valueType } = policyChoiceTarget(options.policy);
    const type = def.schema.type;
    if (
      (valueType === 'integer' && type !== 'integer' && type !== 'number') ||
      (valueType === 'string' && type !== 'string')
    ) {
      report(
        'policy-choice',
        [...def.path, 'type'],
        `${options.policy} gives ${
          valueType === 'integer' ? 'whole numbers' : 'strings'
        }, so the field's type must be ${
          valueType === 'integer' ? 'integer' : 'string'
        } (is ${type ?? 'missing'})`,
      );
    }
    const envField = options.environmentField ?? 'environment';
    if (!ctx.parameter(envField).length)
      report(
        'policy-choice',
        path,
        `the picker reads the environment from the field "${envField}", which the form does not have`,
      );
  }

  for (const target of targetsOf(ctx)) {
    // Which environments this resource can be created in.
    let environments: string[] = configured;
    let environmentParameter: string | undefined;
    const envValue = target.environment.value;
    if (typeof envValue === 'string' && !envValue.includes('${{')) {
      environments = [envValue];
      if (!configured.includes(envValue))
        report(
          'unknown-environment',
          target.environment.path,
          `environment "${envValue}" is not configured in the policy (configured: ${configured.join(
            ', ',
          )})`,
        );
    } else {
      const bound = boundParameter(ctx, envValue);
      environmentParameter = bound?.name;
      const offered = (bound?.defs ?? [])
        .flatMap(valuesOf)
        .filter(c => typeof c.value === 'string');
      for (const c of offered)
        if (!configured.includes(c.value as string))
          report(
            'unknown-environment',
            c.path,
            `environment "${
              c.value
            }" is not configured in the policy (configured: ${configured.join(
              ', ',
            )})`,
          );
      // An enum or const limits the environments; a picker or free text offers every configured one.
      const limits =
        (bound?.defs ?? []).every(
          d => Array.isArray(d.schema.enum) || 'const' in d.schema,
        ) && !!bound?.defs.length;
      const allowed = (bound?.defs ?? []).flatMap(d =>
        d.schema['ui:field'] === ENVIRONMENT_PICKER &&
        Array.isArray(d.schema['ui:options']?.allowed)
          ? d.schema['ui:options'].allowed
          : [],
      );
      if (limits)
        environments = [...new Set(offered.map(c => c.value as string))].filter(
          e => configured.includes(e),
        );
      else if (allowed.length)
        environments = configured.filter(e => allowed.includes(e));
    }

    for (const { field, value, path } of target.fields) {
      let candidates: Candidate[] = [];
      if (typeof value !== 'string' || !value.includes('${{')) {
        candidates = [{ value, path }];
      } else {
        const bound = boundParameter(ctx, value);
        for (const def of bound?.defs ?? []) {
          if (def.schema['ui:field'] === POLICY_PICKER) {
            const key = def.schema['ui:options']?.policy;
            const feeds = isPolicyChoiceKey(key)
              ? policyChoiceTarget(key)
              : undefined;
            if (
              feeds &&
              (feeds.field !== field ||
                (feeds.kind !== target.kind && field !== 'region'))
            ) {
              report(
                'policy-choice',
                [...def.path, 'ui:options', 'policy'],
                `${key} offers ${feeds.kind} ${
                  feeds.field
                } values, but this field feeds ${
                  target.kind
                } ${field} (${path.join('.')})`,
              );
            }
            continue;
          }
          const values = valuesOf(def);
          const restricted = environmentParameter
            ? def.conditions[environmentParameter]
            : undefined;
          candidates.push(
            ...values.map(c => ({ ...c, environments: restricted })),
          );
          const bounded =
            Array.isArray(def.schema.enum) ||
            'const' in def.schema ||
            (typeof def.schema.minimum === 'number' &&
              typeof def.schema.maximum === 'number');
          const suggestion = POLICY_CHOICE_KEYS.find(k => {
            const t = policyChoiceTarget(k);
            return (
              t.field === field &&
              (t.kind === target.kind || field === 'region')
            );
          });
          if (!bounded && suggestion) {
            report(
              'policy-free-choice',
              def.path,
              `"${def.name}" accepts any value for ${field}; values the policy refuses are only caught when the task runs. Use ui:field: ${POLICY_PICKER} with policy: ${suggestion}`,
              'warning',
              true,
            );
          }
        }
      }
      for (const candidate of candidates) {
        for (const env of environments) {
          if (candidate.environments && !candidate.environments.includes(env))
            continue;
          const verdict = evaluate(
            sampleRequest(target.kind, env, field, candidate.value),
            ctx.policy,
            { requester: { groups: ['group:default/template-lint'] } },
          );
          const refused = verdict.violations.filter(
            v =>
              v.field === field ||
              v.field.startsWith(`${field}.`) ||
              v.field === 'cost',
          );
          for (const v of refused) {
            report(
              'policy-refused-value',
              candidate.path,
              `${JSON.stringify(candidate.value)} for ${
                target.kind
              } ${field} is refused in ${env}: [${v.ruleId}] ${v.message}${
                v.allowed?.length ? ` (allowed: ${v.allowed.join(', ')})` : ''
              }`,
            );
          }
        }
      }
    }
  }
  for (const entry of reported.values())
    ctx.report(entry.rule, entry.path, [...entry.lines].join('; '), {
      severity: entry.severity,
      key: entry.key,
    });
}
