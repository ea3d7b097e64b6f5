import type { RequestBase } from '../../requests';
import { b, BASE_FIELDS, int, RequestFieldType, s } from '../fields';

/** A request for a GitHub repository in the configured organisation. @public */
export interface GithubRepoRequest extends RequestBase {
  kind: 'github-repo';
  /** Must equal the configured org when given; the org is never the form's choice. */
  org?: string;
  visibility?: 'private' | 'internal' | 'public';
  description?: string;
  topics?: string[];
  /** Baseline protections; a request may only make them stricter. */
  protection?: {
    requiredApprovals?: number;
    dismissStaleReviews?: boolean;
    requireCodeOwnerReviews?: boolean;
    allowForcePushes?: boolean;
    allowDeletions?: boolean;
  };
}

/** GitHub allows at most 6 required approvals. */
export const GITHUB_REPO_FIELDS: Record<string, RequestFieldType> = {
  ...BASE_FIELDS,
  org: s,
  visibility: s,
  description: s,
  topics: 'strings',
  protection: {
    object: {
      requiredApprovals: int(0, 6),
      dismissStaleReviews: b,
      requireCodeOwnerReviews: b,
      allowForcePushes: b,
      allowDeletions: b,
    },
  },
};
