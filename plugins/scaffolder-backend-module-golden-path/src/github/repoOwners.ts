import { CatalogService } from '@backstage/plugin-catalog-node';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { normaliseGroupRef } from '@golden-path/plugin-golden-path-common';
import { Octokit } from '@octokit/rest';
import { repoPath, sendCall, statusOf } from './calls';

/**
 * Who owns a repository: the catalog entities that point at it (`github.com/project-slug`) and,
 * with GitHub access, the teams with admin or maintain permission on it.
 */
export async function findRepoOwners(options: {
  org: string;
  repo: string;
  catalog: CatalogService;
  credentials: BackstageCredentials;
  octokit?: Octokit;
}): Promise<{ owners: string[]; sources: string[]; exists?: boolean }> {
  const { org, repo, catalog, credentials, octokit } = options;
  const owners = new Set<string>();
  const sources: string[] = [];
  const { items } = await catalog.getEntities(
    { filter: { 'metadata.annotations.github.com/project-slug': `${org}/${repo}` }, fields: ['spec.owner', 'metadata.namespace'] },
    { credentials },
  );
  for (const e of items) {
    const owner = (e.spec as { owner?: string } | undefined)?.owner;
    if (owner) owners.add(normaliseGroupRef(owner));
  }
  if (items.length) sources.push('catalog');
  let exists: boolean | undefined;
  if (octokit) {
    try {
      const teams: Array<{ slug: string; permission: string }> = await sendCall(octokit, { id: 'teams', method: 'GET', path: repoPath(org, repo, '/teams'), purpose: 'read repository teams' });
      exists = true;
      for (const t of teams) if (t.permission === 'admin' || t.permission === 'maintain') owners.add(normaliseGroupRef(t.slug));
      sources.push('github-teams');
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
      exists = false;
    }
  }
  return { owners: [...owners], sources, exists };
}
