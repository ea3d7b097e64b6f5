import { GithubCall, repoPath } from '../../../github/calls';

/** The requests for one secret: where its key comes from and where the sealed box goes. */
export function planSecret(
  org: string,
  repo: string,
  name: string,
  githubEnvironment?: string,
): { key: GithubCall; put: (body?: Record<string, unknown>) => GithubCall } {
  const base = githubEnvironment
    ? repoPath(
        org,
        repo,
        `/environments/${encodeURIComponent(githubEnvironment)}/secrets`,
      )
    : repoPath(org, repo, '/actions/secrets');
  return {
    key: {
      id: 'public-key',
      method: 'GET',
      path: `${base}/public-key`,
      purpose: 'read the public key to seal the value with',
    },
    put: body => ({
      id: `secret.${name}`,
      method: 'PUT',
      path: `${base}/${encodeURIComponent(name)}`,
      body,
      purpose: `set ${name} (sealed box)`,
    }),
  };
}
