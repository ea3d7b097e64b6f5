import {
  estimateMonthlyCost,
  EnvironmentPolicy,
  fillRequests,
  isComplete,
  isPolicyChoiceKey,
  normaliseRequest,
  policyChoices,
  PolicyChoices,
  policyChoiceTarget,
  ResourceRequest,
} from '@golden-path/plugin-golden-path-common';
import type { PolicyResponse } from '@golden-path/plugin-golden-path-common/client';
import fs from 'node:fs';
import YAML from 'yaml';
import { CliError } from './errors';
import { FormPage } from './templates';

/**
 * A template's form as the command fills it: the fields of every page, filled the way the Create
 * page fills them (schema defaults, the Golden Path fields' policy defaults, the cost estimate),
 * secrets kept out of the values.
 */

/** One field of a template's form. */
export interface FormField {
  name: string;
  page: string;
  schema: Record<string, any>;
  /** Required on its page (a field inside a `dependencies` branch never is, here). */
  required: boolean;
  /** Only present when another field has some value (a `dependencies` branch). */
  conditional?: string;
  /** `ui:field`, e.g. `Secret`, `GoldenPathPolicyPicker`. */
  uiField?: string;
  uiOptions?: Record<string, any>;
  secret: boolean;
}

export const ENVIRONMENT_PICKER = 'GoldenPathEnvironmentPicker';
export const POLICY_PICKER = 'GoldenPathPolicyPicker';
export const COST_ESTIMATE = 'GoldenPathCostEstimate';

/** The fields of every page, in order; fields of `dependencies` branches after their page's own. */
export function fieldsOf(
  pages: FormPage[],
  secretsSchema?: Record<string, any>,
): FormField[] {
  const fields: FormField[] = [];
  const seen = new Set<string>();
  const add = (f: Omit<FormField, 'uiField' | 'uiOptions' | 'secret'>) => {
    if (seen.has(f.name)) return;
    seen.add(f.name);
    const uiField = f.schema['ui:field'];
    fields.push({
      ...f,
      uiField: typeof uiField === 'string' ? uiField : undefined,
      uiOptions: f.schema['ui:options'],
      secret: uiField === 'Secret',
    });
  };
  for (const [i, page] of pages.entries()) {
    const title = page.title ?? `Page ${i + 1}`;
    const required = new Set(page.required ?? []);
    for (const [name, schema] of Object.entries(page.properties ?? {}))
      add({
        name,
        page: title,
        schema: schema ?? {},
        required: required.has(name),
      });
    for (const [key, dep] of Object.entries(page.dependencies ?? {})) {
      for (const branch of (dep?.oneOf ?? dep?.anyOf ?? []) as any[]) {
        const when = branch?.properties?.[key];
        let condition = `depends on ${key}`;
        if (when && 'const' in when)
          condition = `${key}=${JSON.stringify(when.const)}`;
        else if (Array.isArray(when?.enum))
          condition = `${key} is ${when.enum.join(' or ')}`;
        for (const [name, schema] of Object.entries(branch?.properties ?? {}))
          if (name !== key)
            add({
              name,
              page: title,
              schema: schema as any,
              required: false,
              conditional: `when ${condition}${
                (branch.required ?? []).includes(name) ? ' (then required)' : ''
              }`,
            });
      }
    }
  }
  // Secrets a template declares in spec.secrets, with no form field.
  for (const [name, schema] of Object.entries(secretsSchema?.properties ?? {}))
    if (!seen.has(name)) {
      seen.add(name);
      fields.push({
        name,
        page: 'Secrets',
        schema: schema as any,
        required: (secretsSchema?.required ?? []).includes(name),
        secret: true,
      });
    }
  return fields;
}

/** The environment variable a secret field is read from: `GOLDEN_PATH_SECRET_<NAME>`. */
export function secretEnvName(field: string): string {
  return `GOLDEN_PATH_SECRET_${field
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()}`;
}

/** The JSON type a field holds (the first non-null one of a type list). */
function typeOf(schema: Record<string, any>): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find(x => x !== 'null');
  return typeof t === 'string' ? t : undefined;
}

/** A `--set` text as the field's type: numbers, booleans, lists (JSON or comma-separated), objects (JSON). */
export function coerce(field: FormField, raw: string): unknown {
  const type = typeOf(field.schema);
  const fail = (what: string) =>
    new CliError(`${field.name} must be ${what}; got ${JSON.stringify(raw)}`);
  switch (type) {
    case 'integer':
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n))
        throw fail(type === 'integer' ? 'a whole number' : 'a number');
      if (type === 'integer' && !Number.isInteger(n))
        throw fail('a whole number');
      return n;
    }
    case 'boolean':
      if (/^(true|yes|on|1)$/i.test(raw)) return true;
      if (/^(false|no|off|0)$/i.test(raw)) return false;
      throw fail('true or false');
    case 'array': {
      if (raw.trim().startsWith('[')) {
        try {
          return JSON.parse(raw);
        } catch {
          throw fail('a JSON list or comma-separated values');
        }
      }
      const items = raw === '' ? [] : raw.split(',').map(s => s.trim());
      const itemField = { ...field, schema: field.schema.items ?? {} };
      return items.map(i => coerce(itemField, i));
    }
    case 'object':
      try {
        const v = JSON.parse(raw);
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error();
        return v;
      } catch {
        throw fail('a JSON object');
      }
    default:
      return raw;
  }
}

/** `key=value` pairs of `--set`, in order (a later one wins). */
export function parseSets(sets: string[]): Array<[string, string]> {
  return sets.map(s => {
    const at = s.indexOf('=');
    if (at <= 0)
      throw new CliError(
        `--set takes key=value (e.g. --set name=payments-files); got ${JSON.stringify(
          s.length > 40 ? `${s.slice(0, 40)}…` : s,
        )}`,
      );
    return [s.slice(0, at).trim(), s.slice(at + 1)];
  });
}

/** A values file (`-f values.yaml`): one YAML or JSON object of field values. */
export function readValuesFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    throw new CliError(`Cannot read ${file}: ${e?.code ?? e?.message}`);
  }
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (e: any) {
    throw new CliError(`${file} is not YAML or JSON: ${e?.message}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new CliError(`${file} must hold one object of field values`);
  return data as Record<string, unknown>;
}

/** Names of the environments a picker offers: its `allowed` list, else every configured one. */
export function offeredEnvironments(
  field: FormField,
  policy: Pick<PolicyResponse, 'environments'>,
): string[] {
  const configured = Object.keys(policy.environments);
  const allowed = field.uiOptions?.allowed;
  return Array.isArray(allowed)
    ? configured.filter(e => allowed.includes(e))
    : configured;
}

/** A choice of a `GoldenPathPolicyPicker` in one environment, with the monthly price of each listed value when the choice is priced. */
export interface PricedChoices {
  choices: PolicyChoices;
  prices?: Record<string, number>;
}

export function choicesOf(
  policy: Pick<PolicyResponse, 'environments' | 'prices'>,
  environment: string,
  key: string,
): PricedChoices | undefined {
  const env: EnvironmentPolicy | undefined = policy.environments[environment];
  if (!env || !isPolicyChoiceKey(key)) return undefined;
  const choices = policyChoices(env, key);
  const target = policyChoiceTarget(key);
  if (choices.type !== 'list' || !target.priced) return { choices };
  const prices: Record<string, number> = {};
  for (const value of choices.values) {
    const request = normaliseRequest(
      {
        kind: target.kind,
        name: 'estimate',
        environment,
        owner: 'estimate',
        [target.field]: value,
      } as ResourceRequest,
      env,
    );
    prices[value] = estimateMonthlyCost(request, policy.prices).monthly;
  }
  return { choices, prices };
}

/**
 * Fills the fields the user left out as the Create page does: each schema `default`; a
 * `GoldenPathEnvironmentPicker` with its default when configured, else the first environment it
 * offers; a `GoldenPathPolicyPicker` with the chosen environment's default for its choice. An
 * environment the policy does not configure is refused here, as the form refuses it.
 */
export function applyFormDefaults(
  fields: FormField[],
  values: Record<string, unknown>,
  policy?: Pick<PolicyResponse, 'environments' | 'prices'>,
): Record<string, unknown> {
  const out = { ...values };
  for (const f of fields) {
    if (f.secret || f.conditional || out[f.name] !== undefined) continue;
    if (f.uiField === ENVIRONMENT_PICKER && policy) {
      const offered = offeredEnvironments(f, policy);
      const wanted = f.schema.default;
      out[f.name] = offered.includes(wanted) ? wanted : offered[0];
    } else if (f.schema.default !== undefined && f.uiField !== POLICY_PICKER)
      out[f.name] = f.schema.default;
  }
  if (policy)
    for (const f of fields) {
      if (f.uiField === ENVIRONMENT_PICKER) {
        const offered = offeredEnvironments(f, policy);
        const value = out[f.name];
        if (value !== undefined && !offered.includes(value as string))
          throw new CliError(
            `${f.name}: ${JSON.stringify(
              value,
            )} is not an environment this template offers; choose one of ${offered.join(
              ', ',
            )}`,
          );
      }
      if (f.uiField === POLICY_PICKER && out[f.name] === undefined) {
        const key = f.uiOptions?.policy;
        const environment = out[f.uiOptions?.environmentField ?? 'environment'];
        if (typeof environment !== 'string') continue;
        const priced = choicesOf(policy, environment, key);
        if (priced) out[f.name] = priced.choices.default;
      }
    }
  return out;
}

/** The requests a cost estimate field would send for these values. */
export function estimateRequests(
  field: FormField,
  values: Record<string, unknown>,
): Array<Record<string, unknown>> {
  // Filled exactly as the GoldenPathCostEstimate form field fills them.
  return fillRequests(field.uiOptions?.requests, values);
}

export { isComplete };
