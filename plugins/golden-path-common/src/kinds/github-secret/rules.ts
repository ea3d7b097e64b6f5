import { MAX_SECRET_BYTES } from '../../limits';
import {
  integerBetween,
  normaliseGroupRef,
  oneOf,
  shown,
} from '../../rules/helpers';
import { Finding, GuardrailRule } from '../../rules/types';
import { GithubSecretRequest } from './request';

const SECRET = ['github-secret'] as const;

export const secretName: GuardrailRule<GithubSecretRequest> = {
  id: 'GP-GH-SECRET-NAME',
  title: 'Secret names follow GitHub’s rules',
  severity: 'medium',
  kinds: SECRET,
  controls: ['GitHub Actions secrets reference: names'],
  relaxable: false,
  approvable: false,
  rationale:
    'GitHub rejects or silently upper-cases other names; GITHUB_ is reserved for GitHub itself.',
  fix: 'Use upper-case letters, digits and underscores, not starting with a digit or GITHUB_, e.g. DATABASE_URL.',
  check: r => {
    const ok =
      /^[A-Z_][A-Z0-9_]{0,199}$/.test(r.name) && !r.name.startsWith('GITHUB_');
    return ok
      ? []
      : [
          {
            field: 'name',
            message: `secret name ${shown(r.name)} is not allowed`,
          },
        ];
  },
};

export const secretSize: GuardrailRule<GithubSecretRequest> = {
  id: 'GP-GH-SECRET-SIZE',
  title: 'Secret values are between 1 byte and 8 KiB',
  severity: 'medium',
  kinds: SECRET,
  controls: [
    'GitHub Actions secrets reference: 48 KB limit',
    'Scaffolder log redaction (V8 RegExp atom limit)',
  ],
  relaxable: false,
  approvable: false,
  rationale:
    'An empty secret is always a mistake in the form. The scaffolder redacts every task secret from its logs with one RegExp, and V8 refuses a regex atom of 32,768 UTF-16 units or more; escaping can double a value, so 8 KiB keeps a safe margin (GitHub itself allows 48 KB).',
  fix: `Provide a non-empty value of at most ${MAX_SECRET_BYTES.toString().replace(
    /\B(?=(\d{3})+$)/g,
    ',',
  )} bytes; store larger material in a secrets manager and pass a reference.`,
  check: r =>
    integerBetween(
      'value',
      r.valueBytes,
      1,
      MAX_SECRET_BYTES,
      'the secret value size in bytes',
    ),
};

export const secretScope: GuardrailRule<GithubSecretRequest> = {
  id: 'GP-GH-SECRET-SCOPE',
  title: 'Secrets only at the allowed scopes',
  severity: 'medium',
  kinds: SECRET,
  controls: [
    'GitHub Actions secrets: environment > repository > organisation precedence',
  ],
  relaxable: false,
  approvable: false,
  rationale:
    'Organisation-wide secrets leak into every repo; environment secrets can be gated by reviewers.',
  fix: 'Use repository or environment scope; environment scope needs an environment name like production.',
  check: (r, env) => {
    const findings = oneOf('scope', r.scope, env.github.secretScopes, 'scope');
    if (
      r.scope === 'environment' &&
      !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/.test(r.githubEnvironment ?? '')
    ) {
      findings.push({
        field: 'githubEnvironment',
        message: `environment name ${shown(
          r.githubEnvironment ?? '',
        )} is not valid`,
      });
    }
    return findings;
  },
};

export const secretTargetOwned: GuardrailRule<GithubSecretRequest> = {
  id: 'GP-GH-SECRET-REPO-OWNED',
  title: 'Secrets only into repositories your team owns',
  severity: 'critical',
  kinds: SECRET,
  controls: ['Least privilege', 'Separation of duties between teams'],
  relaxable: false,
  approvable: false,
  rationale:
    'Writing a secret into another team’s repository lets you replace their credentials or exfiltrate through their CI. Ownership is what GitHub answers (teams with admin or maintain), confirmed by trusted catalog data; never a claim in the request.',
  fix: 'Target a repository your team has admin or maintain on in GitHub, or ask its owners to run this path.',
  check: (r, _env, ctx) => {
    const findings: Finding[] =
      /^[A-Za-z0-9._-]{1,100}$/.test(r.repo ?? '') && !/^\.+$/.test(r.repo)
        ? []
        : [
            {
              field: 'repo',
              message: `repository name ${shown(r.repo ?? '')} is not valid`,
            },
          ];
    // Only the action can read the provider; without its facts ownership is judged there, not here.
    if (!ctx.repoOwners || findings.length) return findings;
    const owners = Object.prototype.hasOwnProperty.call(ctx.repoOwners, r.repo)
      ? ctx.repoOwners[r.repo].map(normaliseGroupRef)
      : [];
    if (!owners.length) {
      findings.push({
        field: 'repo',
        message: `the owners of ${shown(
          r.repo,
        )} cannot be established (no team with admin or maintain confirmed), so nothing is written`,
      });
    } else if (
      typeof r.owner !== 'string' ||
      !owners.includes(normaliseGroupRef(r.owner))
    ) {
      findings.push({
        field: 'repo',
        message: `repository ${shown(r.repo)} is owned by ${owners.join(
          ', ',
        )}, not by ${shown(String(r.owner))}`,
        allowed: owners,
      });
    }
    return findings;
  },
};

export const secretFromSecretField: GuardrailRule<GithubSecretRequest> = {
  id: 'GP-GH-SECRET-SOURCE',
  title: 'Secret values come from Secret fields',
  severity: 'high',
  kinds: SECRET,
  controls: [
    'Backstage scaffolder: task secrets are redacted and never stored with the task; parameters are',
  ],
  relaxable: false,
  approvable: false,
  rationale:
    'A value passed as a plain parameter is stored with the task and printed by dry-runs in clear.',
  fix: 'Take the value from a `ui:field: Secret` parameter and pass it as ${{ secrets.<name> }}; a value that is not secret (an endpoint, an ARN) goes in nonSecretValues.',
  check: r =>
    r.valueSource === undefined ||
    r.valueSource === 'task-secret' ||
    r.valueSource === 'declared-non-secret'
      ? []
      : [
          {
            field: 'value',
            message:
              'the value was passed as a plain parameter, not from the task’s secrets',
            allowed: ['task-secret', 'declared-non-secret'],
          },
        ],
};

export const GITHUB_SECRET_RULES: GuardrailRule<GithubSecretRequest>[] = [
  secretName,
  secretSize,
  secretScope,
  secretTargetOwned,
  secretFromSecretField,
];
