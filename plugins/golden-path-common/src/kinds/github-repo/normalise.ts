import { EnvironmentPolicy } from '../../policy/types';
import { GithubRepoRequest } from './request';

/** The org baseline: the configured org, default visibility, reviewed and protected default branch. */
export function normaliseGithubRepo(
  request: GithubRepoRequest,
  env: EnvironmentPolicy,
): GithubRepoRequest {
  return {
    visibility: env.github.defaultVisibility,
    ...request,
    org: request.org ?? env.github.org,
    protection: {
      requiredApprovals: env.github.minApprovals,
      dismissStaleReviews: true,
      requireCodeOwnerReviews: true,
      allowForcePushes: false,
      allowDeletions: false,
      ...request.protection,
    },
  };
}
