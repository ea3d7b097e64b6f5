import { GithubRepoRequest } from '@golden-path/plugin-golden-path-common';
import YAML from 'yaml';
import { GithubCall, repoPath } from '../../../github/calls';
import { teamSlugOf } from '../../../github/repoOwners';
import { RepoFile } from '../../../github/workspace';

export interface RepoPlan {
  org: string;
  name: string;
  branch: string;
  teamSlug: string;
  /** Read-only checks before anything is created. */
  preflight: GithubCall[];
  create: GithubCall;
  /** Initial content, committed in one commit before the branch is protected. */
  files: RepoFile[];
  access: GithubCall[];
  protection: GithubCall;
  /** Classic branch protection of the given (default) branch, when the plan refuses rulesets. */
  protectionFallback: (branch: string) => GithubCall;
  security: GithubCall[];
}

/** The marker in the description that lets a retry adopt the repository its own task created. */
export const provenanceMarker = (taskId: string) => `golden-path:${taskId}`;

function codeowners(org: string, teamSlug: string): RepoFile {
  const text = `# Owned by ${org}/${teamSlug} (set by Golden Path; reviews by code owners are required)\n* @${org}/${teamSlug}\n`;
  return { path: '.github/CODEOWNERS', content: Buffer.from(text) };
}

/** Points catalog-info.yaml at the repository it lives in (`github.com/project-slug`). */
function withProjectSlug(file: RepoFile, slug: string): RepoFile {
  if (file.path !== 'catalog-info.yaml') return file;
  const docs = YAML.parseAllDocuments(file.content.toString('utf8'));
  if (docs.some(d => d.errors.length)) return file;
  for (const doc of docs) {
    if (doc.getIn(['metadata', 'name']) !== undefined)
      doc.setIn(['metadata', 'annotations', 'github.com/project-slug'], slug);
  }
  return {
    path: file.path,
    content: Buffer.from(docs.map(d => d.toString()).join('---\n')),
  };
}

/**
 * Every request that creating a repository with the org baseline sends, in order. Plan mode logs
 * exactly these; live mode sends exactly these.
 */
export function planRepoCreation(
  request: GithubRepoRequest,
  options: { taskId: string; files: RepoFile[] },
): RepoPlan {
  const org = request.org!;
  const name = request.name;
  const branch = 'main';
  const teamSlug = teamSlugOf(request.owner);
  const p = request.protection ?? {};
  const approvals = p.requiredApprovals ?? 1;
  const description = `${(request.description ?? '').slice(
    0,
    250,
  )} [${provenanceMarker(options.taskId)}]`.trim();
  const files = [
    ...options.files
      .filter(f => f.path !== '.github/CODEOWNERS')
      .map(f => withProjectSlug(f, `${org}/${name}`)),
    codeowners(org, teamSlug),
  ];

  return {
    org,
    name,
    branch,
    teamSlug,
    preflight: [
      {
        id: 'org',
        method: 'GET',
        path: `/orgs/${encodeURIComponent(org)}`,
        purpose: `the organisation's plan allows a protected ${request.visibility} repository`,
      },
      {
        id: 'team',
        method: 'GET',
        path: `/orgs/${encodeURIComponent(org)}/teams/${encodeURIComponent(
          teamSlug,
        )}`,
        purpose: `the owning team ${org}/${teamSlug} exists`,
      },
    ],
    create: {
      id: 'create',
      method: 'POST',
      path: `/orgs/${encodeURIComponent(org)}/repos`,
      purpose: 'create the repository',
      body: {
        name,
        description,
        visibility: request.visibility,
        private: request.visibility !== 'public',
        auto_init: true,
        has_wiki: false,
        has_projects: false,
        allow_merge_commit: false,
        allow_squash_merge: true,
        allow_rebase_merge: true,
        delete_branch_on_merge: true,
      },
    },
    files,
    access: [
      {
        id: 'team-access',
        method: 'PUT',
        path: `/orgs/${encodeURIComponent(org)}/teams/${encodeURIComponent(
          teamSlug,
        )}/repos/${encodeURIComponent(org)}/${encodeURIComponent(name)}`,
        body: { permission: 'maintain' },
        purpose: `give ${org}/${teamSlug} maintain access`,
      },
      {
        id: 'topics',
        method: 'PUT',
        path: repoPath(org, name, '/topics'),
        body: {
          names: [
            ...new Set([
              ...(request.topics ?? []).map(t => t.toLowerCase()),
              'golden-path',
              `team-${teamSlug}`,
            ]),
          ].slice(0, 20),
        },
        purpose: 'set topics (owner team, golden-path)',
      },
    ],
    protection: {
      id: 'ruleset',
      method: 'POST',
      path: repoPath(org, name, '/rulesets'),
      purpose: 'protect the default branch (ruleset)',
      body: {
        name: 'golden-path-default-branch',
        target: 'branch',
        enforcement: 'active',
        bypass_actors: [],
        conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
        rules: [
          { type: 'deletion' },
          { type: 'non_fast_forward' },
          {
            type: 'pull_request',
            parameters: {
              required_approving_review_count: approvals,
              dismiss_stale_reviews_on_push: true,
              require_code_owner_review: p.requireCodeOwnerReviews !== false,
              require_last_push_approval: true,
              required_review_thread_resolution: true,
            },
          },
        ],
      },
    },
    protectionFallback: defaultBranch => ({
      id: 'branch-protection',
      method: 'PUT',
      path: repoPath(
        org,
        name,
        `/branches/${encodeURIComponent(defaultBranch)}/protection`,
      ),
      purpose: 'protect the default branch (classic branch protection)',
      body: {
        required_status_checks: null,
        enforce_admins: true,
        required_pull_request_reviews: {
          required_approving_review_count: approvals,
          dismiss_stale_reviews: true,
          require_code_owner_reviews: p.requireCodeOwnerReviews !== false,
          require_last_push_approval: true,
        },
        restrictions: null,
        allow_force_pushes: false,
        allow_deletions: false,
        required_conversation_resolution: true,
      },
    }),
    security: [
      {
        id: 'vulnerability-alerts',
        method: 'PUT',
        path: repoPath(org, name, '/vulnerability-alerts'),
        purpose: 'enable Dependabot alerts',
        optional: true,
      },
      {
        id: 'automated-security-fixes',
        method: 'PUT',
        path: repoPath(org, name, '/automated-security-fixes'),
        purpose: 'enable Dependabot security updates',
        optional: true,
      },
      {
        id: 'secret-scanning',
        method: 'PATCH',
        path: repoPath(org, name),
        purpose: 'enable secret scanning and push protection',
        optional: true,
        body: {
          security_and_analysis: {
            secret_scanning: { status: 'enabled' },
            secret_scanning_push_protection: { status: 'enabled' },
          },
        },
        expect: answer => {
          const off = (
            ['secret_scanning', 'secret_scanning_push_protection'] as const
          ).filter(
            f => answer?.security_and_analysis?.[f]?.status !== 'enabled',
          );
          return off.length ? `${off.join(' and ')} disabled` : undefined;
        },
      },
    ],
  };
}
