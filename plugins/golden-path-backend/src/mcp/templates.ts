import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ANNOTATIONS } from '@golden-path/plugin-golden-path-common';
import { TrustedDirectory } from '@golden-path/plugin-golden-path-node';

/** One template parameter as an agent needs it: the JSON schema without the form's `ui:` hints. */
export type ParameterSchema = Record<string, unknown>;

/** A Golden Path template as the MCP tools describe it. */
export interface TemplateSummary {
  ref: string;
  title: string;
  description: string;
  tags: string[];
  replacesTicket: string;
  /** Whether it takes a secret value (a `ui:field: Secret` parameter): such a template is run from the Create page or the CLI, never through an agent. */
  takesSecrets: boolean;
  parameters: {
    required: string[];
    properties: Record<string, ParameterSchema>;
  };
}

/**
 * A Golden Path template: a Template with the `golden-path.io/replaces-ticket` annotation that
 * comes from a source the platform team controls, that is a trusted catalog location
 * (`goldenPath.trust`, by default `catalog.locations`) or a `file:` location (the packaged
 * templates' provider, or files the operator configured; the catalog lets signed-in users
 * register `url` locations only). A template a user registered is not offered to agents as a
 * Golden Path, whatever it calls itself: its title and description would otherwise reach the
 * agent as instructions from the platform.
 */
export function isGoldenPathTemplate(
  entity: Entity | undefined,
  directory: Pick<TrustedDirectory, 'isTrusted'>,
): entity is Entity {
  if (!entity || entity.kind.toLowerCase() !== 'template') return false;
  const annotations = entity.metadata.annotations ?? {};
  if (!annotations[ANNOTATIONS.replacesTicket]) return false;
  const origin = annotations[ANNOTATION_ORIGIN_LOCATION];
  return (
    directory.isTrusted(entity) ||
    (typeof origin === 'string' && origin.startsWith('file:'))
  );
}

/** Whether any parameter of the template is a `ui:field: Secret` (its value goes to task secrets). */
export function takesSecrets(entity: Entity): boolean {
  const walk = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(walk);
    if (!node || typeof node !== 'object') return false;
    const record = node as Record<string, unknown>;
    if (record['ui:field'] === 'Secret') return true;
    return Object.values(record).some(walk);
  };
  return walk(entity.spec?.parameters);
}

/** Drops the form-only keys (`ui:*`) at every level of a JSON schema. */
function withoutUiHints(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUiHints);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>)
      .filter(([key]) => !key.startsWith('ui:'))
      .map(([key, value]) => [key, withoutUiHints(value)]),
  );
}

/** The template's form pages merged into one list of properties and required names. */
export function summariseTemplate(entity: Entity): TemplateSummary {
  const pages = [entity.spec?.parameters ?? []].flat() as Array<{
    required?: unknown;
    properties?: Record<string, unknown>;
  }>;
  const required = new Set<string>();
  const properties: Record<string, ParameterSchema> = {};
  for (const page of pages) {
    if (!page || typeof page !== 'object') continue;
    if (Array.isArray(page.required)) {
      page.required
        .filter((r): r is string => typeof r === 'string')
        .forEach(r => required.add(r));
    }
    for (const [name, schema] of Object.entries(page.properties ?? {})) {
      properties[name] = withoutUiHints(schema) as ParameterSchema;
    }
  }
  const annotations = entity.metadata.annotations ?? {};
  return {
    ref: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
    description: entity.metadata.description ?? '',
    tags: entity.metadata.tags ?? [],
    replacesTicket: annotations[ANNOTATIONS.replacesTicket] ?? '',
    takesSecrets: takesSecrets(entity),
    parameters: { required: [...required], properties },
  };
}
