import { notAllowedDefault } from '../policyChecks';
import { PolicySection } from '../types';

/** What a GitHub repository and its secrets may look like in an environment. @public */
export interface GithubPolicy {
  /** The organisation every repository lives in (from `goldenPath.github.org`). */
  org: string;
  allowedVisibilities: Array<'private' | 'internal' | 'public'>;
  defaultVisibility: 'private' | 'internal' | 'public';
  /** Regular expression (source) a repository name must match. */
  repoNamePattern: string;
  minApprovals: number;
  secretScopes: Array<'repository' | 'environment'>;
}

/** The organisation's section, shared with github-secret (its scopes live here too). */
export const GITHUB_POLICY: PolicySection<'github'> = {
  name: 'github',
  defaults: ({ org }) => ({
    org,
    // `internal` exists only in organisations on GitHub Enterprise: an environment adds it.
    allowedVisibilities: ['private'],
    defaultVisibility: 'private',
    repoNamePattern: '^[a-z][a-z0-9-]{1,62}[a-z0-9]$',
    minApprovals: 1,
    secretScopes: ['repository', 'environment'],
  }),
  optional: [],
  problems: ({ github }, _prices, path) => [
    ...notAllowedDefault(
      path,
      'github.defaultVisibility',
      github.defaultVisibility,
      github.allowedVisibilities,
    ),
    ...(isRegExp(github.repoNamePattern)
      ? []
      : [`${path}.github.repoNamePattern is not a valid regular expression`]),
  ],
};

function isRegExp(source: string): boolean {
  try {
    RegExp(source);
    return true;
  } catch {
    return false;
  }
}
