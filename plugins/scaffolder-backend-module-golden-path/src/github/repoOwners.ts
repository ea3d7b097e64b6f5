import { Octokit } from '@octokit/rest';
import { statusOf } from './calls';

/** Group ref → GitHub team slug (Backstage's GitHub org ingestion names groups after team slugs). */
export const teamSlugOf = (owner: string) =>
  owner
    .split('/')
    .pop()!
    .replace(/^group:/, '');

/**
 * The owners of a repository as GitHub itself answers: the teams with admin or maintain permission
 * on it, every page. A team is named as the group whose name is its slug (the same mapping
 * repo:create uses to grant access), in the requesting group's namespace when the slugs match.
 * `undefined` when the repository does not exist.
 */
export async function repoOwnersOnGithub(
  octokit: Octokit,
  org: string,
  repo: string,
  requestingGroup: string,
): Promise<string[] | undefined> {
  try {
    const teams = (await octokit.paginate('GET /repos/{owner}/{repo}/teams', {
      owner: org,
      repo,
      per_page: 100,
    })) as Array<{ slug: string; permission?: string }>;
    const mine = teamSlugOf(requestingGroup).toLowerCase();
    return teams
      .filter(t => t.permission === 'admin' || t.permission === 'maintain')
      .map(t =>
        t.slug.toLowerCase() === mine
          ? requestingGroup
          : `group:default/${t.slug.toLowerCase()}`,
      );
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}
