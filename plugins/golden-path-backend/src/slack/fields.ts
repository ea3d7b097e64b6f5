import { Entity } from '@backstage/catalog-model';
import {
  GoldenPathPolicy,
  isPolicyChoiceKey,
  policyChoices,
} from '@golden-path/plugin-golden-path-common';

/**
 * A template's parameters as modal fields: what each parameter becomes in Slack (text, select,
 * number, checkbox), with the choices live policy allows, as the Create page's Golden Path fields
 * offer them (`ui:options.policy` keys through `policyChoices`). The modal (modal.ts) is built
 * from these fields and its submission is read back against the same ones.
 */

interface Base {
  name: string;
  label: string;
  hint?: string;
  optional: boolean;
}
export interface Option {
  value: string;
  label: string;
}
/** One parameter as a modal input. */
export type Field =
  | (Base & {
      kind: 'text';
      initial?: string;
      pattern?: string;
      maxLength?: number;
    })
  | (Base & {
      kind: 'select';
      options: Option[];
      initial?: string;
      /** The environment: changing it re-reads every policy choice (views.update). */
      environment?: boolean;
      /** Its options are the environment's policy (its block id names the environment). */
      policy?: string;
    })
  | (Base & { kind: 'multiselect'; options: Option[]; initial?: string[] })
  | (Base & {
      kind: 'number';
      integer: boolean;
      min?: number;
      max?: number;
      initial?: number;
      policy?: string;
    })
  | (Base & { kind: 'boolean'; initial: boolean });

/** What a modal is built from, besides the template. */
export interface ModalContext {
  policy: GoldenPathPolicy;
  environment: string;
  /** The user's teams from trusted catalog sources (for MyGroupsPicker / OwnerPicker). */
  groups: string[];
}

type Schema = Record<string, any>;

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Fields that only display (the Create page's cost estimate): not inputs. */
const DISPLAY_ONLY = new Set(['GoldenPathCostEstimate']);
const GROUP_PICKERS = new Set(['MyGroupsPicker', 'OwnerPicker']);

export const truncate = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** The template's parameter steps, as a list. */
export function parameterSteps(template: Entity): Schema[] {
  const parameters = (template.spec as Schema | undefined)?.parameters;
  if (!parameters) return [];
  return (Array.isArray(parameters) ? parameters : [parameters]).filter(
    (p): p is Schema => !!p && typeof p === 'object',
  );
}

/** The parameter holding the environment (GoldenPathEnvironmentPicker), if any. */
export function environmentParameter(
  template: Entity,
): { name: string; schema: Schema } | undefined {
  for (const step of parameterSteps(template)) {
    for (const [name, schema] of Object.entries(step.properties ?? {})) {
      if ((schema as Schema)?.['ui:field'] === 'GoldenPathEnvironmentPicker')
        return { name, schema: schema as Schema };
    }
  }
  return undefined;
}

function environmentsOffered(policy: GoldenPathPolicy, schema: Schema) {
  const configured = Object.keys(policy.environments);
  const allowed = schema['ui:options']?.allowed;
  return Array.isArray(allowed) && allowed.length
    ? configured.filter(e => allowed.includes(e))
    : configured;
}

/** The environment a modal starts with: the one asked for, the field's default, or the first offered. */
export function initialEnvironment(
  template: Entity,
  policy: GoldenPathPolicy,
  asked?: string,
): string | undefined {
  const field = environmentParameter(template);
  const offered = field
    ? environmentsOffered(policy, field.schema)
    : Object.keys(policy.environments);
  if (asked) return offered.includes(asked) ? asked : undefined;
  const preferred = field?.schema.default;
  return typeof preferred === 'string' && offered.includes(preferred)
    ? preferred
    : offered[0];
}

function fieldFor(
  name: string,
  schema: Schema,
  required: boolean,
  ctx: ModalContext,
): Field | 'skip' | string {
  if (!NAME.test(name)) return `parameter "${truncate(name, 40)}"`;
  const uiField = schema['ui:field'];
  const options = schema['ui:options'] ?? {};
  const label = truncate(String(schema.title ?? name), 2000);
  const base = {
    name,
    label,
    optional: !required,
    ...(typeof schema.description === 'string' && {
      hint: truncate(schema.description, 2000),
    }),
  };
  if (DISPLAY_ONLY.has(uiField)) return 'skip';
  if (
    uiField === 'Secret' ||
    schema['ui:widget'] === 'password' ||
    schema.format === 'password'
  ) {
    return `${label} (a secret: secrets are never entered in Slack)`;
  }
  if (uiField === 'GoldenPathEnvironmentPicker') {
    return {
      ...base,
      kind: 'select',
      environment: true,
      options: environmentsOffered(ctx.policy, schema).map(e => ({
        value: e,
        label: e,
      })),
      initial: ctx.environment,
    };
  }
  if (uiField === 'GoldenPathPolicyPicker') {
    const key = options.policy;
    const env = ctx.policy.environments[ctx.environment];
    if (!isPolicyChoiceKey(key) || !env) return `${label} (policy "${key}")`;
    const choices = policyChoices(env, key);
    if (choices.type === 'list') {
      return {
        ...base,
        kind: 'select',
        options: choices.values.map(v => ({ value: v, label: v })),
        initial: choices.default,
        policy: ctx.environment,
      };
    }
    return {
      ...base,
      kind: 'number',
      integer: true,
      min: choices.min,
      max: choices.max,
      initial: choices.default,
      policy: ctx.environment,
    };
  }
  if (GROUP_PICKERS.has(uiField) && schema.type === 'string') {
    if (ctx.groups.length) {
      return {
        ...base,
        kind: 'select',
        options: ctx.groups.map(g => ({ value: g, label: g })),
        ...(ctx.groups.length === 1 && { initial: ctx.groups[0] }),
      };
    }
  }
  switch (schema.type) {
    case 'string': {
      if (Array.isArray(schema.enum)) {
        const names: unknown[] = Array.isArray(schema.enumNames)
          ? schema.enumNames
          : [];
        return {
          ...base,
          kind: 'select',
          options: schema.enum.map((v: unknown, i: number) => ({
            value: String(v),
            label: String(names[i] ?? v),
          })),
          ...(typeof schema.default === 'string' && {
            initial: schema.default,
          }),
        };
      }
      return {
        ...base,
        kind: 'text',
        ...(typeof schema.default === 'string' && { initial: schema.default }),
        ...(typeof schema.pattern === 'string' && { pattern: schema.pattern }),
        ...(typeof schema.maxLength === 'number' && {
          maxLength: schema.maxLength,
        }),
      };
    }
    case 'number':
    case 'integer':
      return {
        ...base,
        kind: 'number',
        integer: schema.type === 'integer',
        ...(typeof schema.minimum === 'number' && { min: schema.minimum }),
        ...(typeof schema.maximum === 'number' && { max: schema.maximum }),
        ...(typeof schema.default === 'number' && { initial: schema.default }),
      };
    case 'boolean':
      return {
        ...base,
        optional: true,
        kind: 'boolean',
        initial: schema.default === true,
      };
    case 'array':
      if (Array.isArray(schema.items?.enum)) {
        return {
          ...base,
          kind: 'multiselect',
          options: schema.items.enum.map((v: unknown) => ({
            value: String(v),
            label: String(v),
          })),
          ...(Array.isArray(schema.default) && {
            initial: schema.default.map(String),
          }),
        };
      }
      return `${label} (a list)`;
    default:
      return `${label} (type ${String(schema.type)})`;
  }
}

/**
 * The template's parameters as modal fields, or the parameters Slack cannot offer (secrets,
 * conditional steps, objects): such a template is run from Backstage instead.
 */
export function templateFields(
  template: Entity,
  ctx: ModalContext,
): { fields: Field[] } | { unsupported: string[] } {
  const fields: Field[] = [];
  const unsupported: string[] = [];
  for (const step of parameterSteps(template)) {
    if (step.dependencies || step.oneOf || step.anyOf || step.allOf || step.if)
      unsupported.push(`"${step.title ?? 'a step'}" (conditional fields)`);
    const required = new Set<string>(
      Array.isArray(step.required) ? step.required : [],
    );
    for (const [name, schema] of Object.entries(step.properties ?? {})) {
      const field = fieldFor(name, schema as Schema, required.has(name), ctx);
      if (field === 'skip') continue;
      if (typeof field === 'string') unsupported.push(field);
      else fields.push(field);
    }
  }
  if (fields.length > 90) unsupported.push('more than 90 fields');
  return unsupported.length ? { unsupported } : { fields };
}
