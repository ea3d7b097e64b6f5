import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TicketTypeDefinition } from '@golden-path/plugin-golden-path-common';
import { TrustedDirectory } from '@golden-path/plugin-golden-path-node';
import { TicketsSettings } from './config';

/** Template annotations that name a ticket type's query (honoured from trusted templates only). */
export const TICKET_QUERY_ANNOTATIONS = {
  jql: 'golden-path.io/ticket-jql',
  labels: 'golden-path.io/ticket-labels',
} as const;

/** Where one type's tickets are read from, and who said so. */
export interface TicketQuery {
  jira?: { jql: string; from: 'config' | string };
  github?: { repo: string; labels: string[]; from: 'config' | string };
}

/**
 * Each configured type's queries: app-config's `jira.jql` / `github.labels` first; where config
 * names none, the `golden-path.io/ticket-jql` / `golden-path.io/ticket-labels` annotation of the
 * first of the type's configured templates that has it AND whose catalog entity comes from a
 * trusted source. Templates anyone may register: an untrusted template's annotation, or one of a
 * template the type does not list, is ignored.
 */
export async function resolveTicketQueries(
  settings: Pick<TicketsSettings, 'types' | 'jira' | 'github'>,
  deps: {
    catalog: CatalogService;
    auth: AuthService;
    directory: Pick<TrustedDirectory, 'isTrusted'>;
  },
): Promise<Map<string, TicketQuery>> {
  const out = new Map<string, TicketQuery>();
  const wanting = settings.types.filter(
    t =>
      t.templates.length &&
      ((!t.jira && settings.jira) || (!t.github && settings.github?.repo)),
  );
  const refs = [...new Set(wanting.flatMap(t => t.templates))];
  const annotations = new Map<string, Record<string, string>>();
  if (refs.length) {
    const { items } = await deps.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials: await deps.auth.getOwnServiceCredentials() },
    );
    for (const entity of items)
      if (entity && deps.directory.isTrusted(entity))
        annotations.set(
          stringifyEntityRef(entity).toLowerCase(),
          entity.metadata.annotations ?? {},
        );
  }
  for (const type of settings.types) out.set(type.name, queryOf(type));

  function queryOf(type: TicketTypeDefinition): TicketQuery {
    const query: TicketQuery = {};
    if (type.jira) query.jira = { jql: type.jira.jql, from: 'config' };
    if (type.github) query.github = { ...type.github, from: 'config' };
    for (const ref of type.templates) {
      const a = annotations.get(ref);
      if (!a) continue;
      const jql = a[TICKET_QUERY_ANNOTATIONS.jql]?.trim();
      if (!query.jira && settings.jira && jql) query.jira = { jql, from: ref };
      const labels = (a[TICKET_QUERY_ANNOTATIONS.labels] ?? '')
        .split(',')
        .map(l => l.trim())
        .filter(Boolean);
      if (!query.github && settings.github?.repo && labels.length)
        query.github = { repo: settings.github.repo, labels, from: ref };
    }
    return query;
  }
  return out;
}
