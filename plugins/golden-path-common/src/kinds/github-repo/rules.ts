import { integerBetween, mustBe, oneOf, shown } from '../../rules/helpers';
import { GuardrailRule } from '../../rules/types';
import { GithubRepoRequest } from './request';

const REPO = ['github-repo'] as const;

export const repoName: GuardrailRule<GithubRepoRequest> = {
  id: 'GP-GH-REPO-NAME',
  title: 'Repository names follow the naming convention',
  severity: 'medium',
  kinds: REPO,
  controls: ['GitHub repository name limits (100 chars, [A-Za-z0-9._-])'],
  relaxable: false,
  approvable: false,
  rationale:
    'Predictable lower-case names keep URLs, catalog names and CODEOWNERS paths consistent.',
  fix: 'Use lower-case letters, digits and single hyphens, starting with a letter, e.g. payments-api.',
  check: (r, env) =>
    new RegExp(env.github.repoNamePattern).test(r.name) &&
    !r.name.includes('--') &&
    r.name.length <= 100
      ? []
      : [
          {
            field: 'name',
            message: `repository name ${shown(r.name)} does not match ${
              env.github.repoNamePattern
            }`,
          },
        ],
};

export const repoVisibility: GuardrailRule<GithubRepoRequest> = {
  id: 'GP-GH-REPO-VISIBILITY',
  title: 'Repository visibility is one the organisation allows',
  severity: 'high',
  kinds: REPO,
  controls: ['Allstar Outside Collaborators', 'GitHub org base permissions'],
  relaxable: true,
  approvable: false,
  rationale:
    'A public repository publishes code and history to the world; that is a decision for the open-source office, not a form.',
  fix: 'Choose private (or internal where the org is on GitHub Enterprise).',
  check: (r, env) =>
    oneOf(
      'visibility',
      r.visibility,
      env.github.allowedVisibilities,
      'visibility',
    ),
  weakenedBy: env =>
    env.github.allowedVisibilities.includes('public')
      ? 'github.allowedVisibilities includes public'
      : undefined,
};

export const repoOrg: GuardrailRule<GithubRepoRequest> = {
  id: 'GP-GH-ORG-FIXED',
  title: 'Repositories are created only in the configured organisation',
  severity: 'critical',
  kinds: REPO,
  controls: [
    'Org baseline (rulesets, security features) applies only inside the org',
  ],
  relaxable: false,
  approvable: false,
  rationale:
    'The org is configuration, never a form field: outside it none of the baseline applies.',
  fix: 'Leave the organisation empty; Golden Path uses goldenPath.github.org.',
  check: (r, env) =>
    r.org === undefined || r.org.toLowerCase() === env.github.org.toLowerCase()
      ? []
      : [
          {
            field: 'org',
            message: `organisation ${shown(r.org)} is not ${env.github.org}`,
            allowed: [env.github.org],
          },
        ],
};

export const branchProtection: GuardrailRule<GithubRepoRequest> = {
  id: 'GP-GH-BRANCH-PROTECTION',
  title: 'Default branch protection cannot be weakened',
  severity: 'high',
  kinds: REPO,
  controls: [
    'OpenSSF Scorecard Branch-Protection',
    'OpenSSF Scorecard Code-Review',
    'Allstar Branch Protection',
  ],
  relaxable: false,
  approvable: false,
  rationale:
    'Pull requests reviewed by the owning team (CODEOWNERS), no force pushes and no deletion of the default branch are the floor for any production code.',
  fix: 'Remove the protection overrides, or only make them stricter (more approvals, up to 6).',
  check: (r, env) => {
    const p = r.protection ?? {};
    return [
      ...integerBetween(
        'protection.requiredApprovals',
        p.requiredApprovals,
        env.github.minApprovals,
        6,
        'required approvals',
      ),
      ...mustBe(
        'protection.allowForcePushes',
        p.allowForcePushes,
        false,
        'force pushes to the default branch',
      ),
      ...mustBe(
        'protection.allowDeletions',
        p.allowDeletions,
        false,
        'deleting the default branch',
      ),
      ...mustBe(
        'protection.dismissStaleReviews',
        p.dismissStaleReviews,
        true,
        'dismissing stale reviews',
      ),
      // The repository plan sends it to GitHub, so it is judged like every other setting.
      ...mustBe(
        'protection.requireCodeOwnerReviews',
        p.requireCodeOwnerReviews,
        true,
        'code owner reviews',
      ),
    ];
  },
  weakenedBy: env =>
    env.github.minApprovals < 1 ? 'github.minApprovals is below 1' : undefined,
};

export const GITHUB_REPO_RULES: GuardrailRule<GithubRepoRequest>[] = [
  repoName,
  repoVisibility,
  repoOrg,
  branchProtection,
];
