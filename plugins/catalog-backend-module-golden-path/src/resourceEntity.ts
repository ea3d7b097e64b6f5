import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  EntityLink,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  CATALOG_RESOURCE_TYPES,
  InventoryItem,
  KIND_LABELS,
  resourceRefFor,
} from '@golden-path/plugin-golden-path-common';

/** Where the entities say they come from. */
export const LOCATION = 'golden-path:inventory';
/** Annotations this module sets, beside Backstage's own `backstage.io/source-template`. @public */
export const ANNOTATIONS = {
  taskId: 'golden-path.io/task-id',
  requester: 'golden-path.io/requester',
  externalId: 'golden-path.io/external-id',
  environment: 'golden-path.io/environment',
  /** Where clients connect (`host:port`), as the provider described it once available. */
  endpoint: 'golden-path.io/endpoint',
  /** The approved exception its run used: it deviates from the policy with approval. */
  exceptionId: 'golden-path.io/exception-id',
} as const;

/** `acme/payments-api` from `https://github.com/acme/payments-api`, for the GitHub plugins. */
function projectSlug(url: string | undefined): string | undefined {
  const match = /^https?:\/\/[^/]+\/([^/]+\/[^/]+?)\/?$/.exec(url ?? '');
  return match?.[1];
}

function linksOf(item: InventoryItem, appBaseUrl?: string): EntityLink[] {
  const links: EntityLink[] = [];
  if (item.url) {
    links.push(
      item.kind === 'github-repo'
        ? { url: item.url, title: 'GitHub repository', icon: 'github' }
        : { url: item.url, title: 'Open in the AWS console', icon: 'cloud' },
    );
  }
  if (appBaseUrl)
    links.push({
      url: `${appBaseUrl}/create/tasks/${encodeURIComponent(item.taskId)}`,
      title: 'Golden Path run that created it',
      icon: 'scaffolder',
    });
  if (appBaseUrl && item.exceptionId)
    links.push({
      url: `${appBaseUrl}/golden-path/exceptions/${encodeURIComponent(
        item.exceptionId,
      )}`,
      title: 'Approved exception to the policy',
      icon: 'warning',
    });
  return links;
}

/**
 * The catalog `Resource` entity of an inventory item, or `undefined` for kinds without one
 * (secrets belong to their repository). Its ref is `resourceRefFor`, the same one the action output.
 * @public
 */
export function resourceEntity(
  item: InventoryItem,
  options: { appBaseUrl?: string } = {},
): Entity | undefined {
  const type = CATALOG_RESOURCE_TYPES[item.kind];
  if (!type) return undefined;
  const { name, namespace } = parseEntityRef(
    resourceRefFor(item.kind, item.name),
  );
  const slug =
    item.kind === 'github-repo'
      ? projectSlug(item.externalId ?? item.url)
      : undefined;
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: LOCATION,
    [ANNOTATION_ORIGIN_LOCATION]: LOCATION,
    'backstage.io/source-template': item.templateRef,
    [ANNOTATIONS.taskId]: item.taskId,
    [ANNOTATIONS.requester]: item.requester,
    [ANNOTATIONS.environment]: item.environment,
    ...(item.externalId && { [ANNOTATIONS.externalId]: item.externalId }),
    ...(item.endpoint && { [ANNOTATIONS.endpoint]: item.endpoint }),
    ...(item.exceptionId && { [ANNOTATIONS.exceptionId]: item.exceptionId }),
    ...(slug && { 'github.com/project-slug': slug }),
  };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace,
      title: item.name,
      description: `${KIND_LABELS[item.kind]} ${item.name}${
        item.region ? ` in ${item.region}` : ''
      } (${item.environment}), created by a Golden Path run of ${
        item.templateRef
      }.`,
      annotations,
      tags: ['golden-path', item.kind],
      links: linksOf(item, options.appBaseUrl),
    },
    spec: {
      type,
      owner: item.owner,
      ...(item.component && { dependencyOf: [item.component] }),
    },
  };
}
