import { KIND_DEFINITIONS, kindDefinition } from './kinds/registry';
import { ResourceKind } from './requests';

/**
 * The catalog entity ref of the `Resource` entity for a provisioned resource. Actions output it,
 * the catalog provider emits it: one definition for both.
 * @public
 */
export function resourceRefFor(kind: ResourceKind, name: string): string {
  const safe = name
    .toLowerCase()
    .replace(/[^a-z0-9-_.]/g, '-')
    .slice(0, 60);
  return `resource:default/${kindDefinition(kind).refPrefix}-${safe}`;
}

/**
 * `spec.type` of the catalog `Resource` entity per kind, from the kind registry. Secrets have
 * none: they belong to their repository's entity.
 * @public
 */
export const CATALOG_RESOURCE_TYPES: Partial<Record<ResourceKind, string>> =
  Object.fromEntries(
    KIND_DEFINITIONS.flatMap(d =>
      d.catalogType === null ? [] : [[d.kind, d.catalogType]],
    ),
  );
