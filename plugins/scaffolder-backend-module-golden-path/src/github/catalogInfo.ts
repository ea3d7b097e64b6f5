import { stringifyEntityRef } from '@backstage/catalog-model';
import YAML from 'yaml';
import { RepoFile } from './workspace';

/** The Component a new repository's catalog-info.yaml declares: what the run creates alongside it. */
export function componentDeclaredIn(files: RepoFile[]): string | undefined {
  const file = files.find(f => f.path === 'catalog-info.yaml');
  if (!file) return undefined;
  for (const doc of YAML.parseAllDocuments(file.content.toString('utf8'))) {
    if (doc.errors.length) continue;
    const entity = doc.toJSON();
    if (
      entity?.kind !== 'Component' ||
      typeof entity.metadata?.name !== 'string'
    )
      continue;
    return stringifyEntityRef({
      kind: 'Component',
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
    });
  }
  return undefined;
}
