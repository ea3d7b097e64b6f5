import { ResourceKind } from './requests';

const PREFIX: Record<ResourceKind, string> = {
  'github-repo': 'repo',
  'github-secret': 'secret',
  's3-bucket': 'bucket',
  'rds-instance': 'db',
  'elasticache-redis': 'cache',
};

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
  return `resource:default/${PREFIX[kind]}-${safe}`;
}

/**
 * `spec.type` of the catalog `Resource` entity per kind. Secrets have none: they belong to their
 * repository's entity.
 * @public
 */
export const CATALOG_RESOURCE_TYPES: Partial<Record<ResourceKind, string>> = {
  'github-repo': 'repository',
  's3-bucket': 's3-bucket',
  'rds-instance': 'database',
  'elasticache-redis': 'cache',
};
