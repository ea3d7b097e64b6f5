import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { isGuardrailViolation } from '@golden-path/plugin-golden-path-common';
import yaml from 'yaml';
import { createGithubAccessProvider } from '../../../github/access';
import {
  actionContext,
  memoryCheckpoints,
  recordsOf,
  testGuardDeps,
  testPolicyService,
} from '../../../__testUtils__/context';
import {
  FakeGithub,
  FakeGithubOptions,
  startFakeGithub,
} from '../../../testUtils/fakeGithub';
import { contractProblems } from '../../../testUtils/githubContract';
import { createGithubRepoCreateAction } from './action';
import { examples } from './examples';

/** Organisations GitHub protects private repositories in: every scenario runs in each. */
const ORGANISATIONS: Array<[string, FakeGithubOptions]> = [
  ['a Team organisation', { plan: 'team' }],
  [
    'an Enterprise organisation whose default branch is trunk',
    { plan: 'enterprise', defaultBranch: 'trunk' },
  ],
  [
    'a Team organisation that hides its plan, default branch develop',
    { plan: 'team', defaultBranch: 'develop', revealPlan: false },
  ],
];

describe.each(ORGANISATIONS)(
  'golden-path:github:repo:create in %s',
  (_org, organisation) => {
    let github: FakeGithub;
    const branch = organisation.defaultBranch ?? 'main';
    const enterprise = organisation.plan === 'enterprise';
    const workspace = createMockDirectory();

    function action(
      options: { credentials?: boolean; mode?: 'plan' | 'live' } = {},
    ) {
      const integrations =
        options.credentials === false
          ? []
          : [
              {
                host: 'github.test',
                apiBaseUrl: github.url,
                token: 'test-token',
              },
            ];
      return createGithubRepoCreateAction({
        policy: testPolicyService(options.mode ?? 'live'),
        ...testGuardDeps,
        github: createGithubAccessProvider(
          new ConfigReader({ integrations: { github: integrations } }),
          { org: 'acme', host: 'github.test' },
        ),
      });
    }
    const input = {
      name: 'payments-api',
      owner: 'group:default/payments',
      environment: 'dev',
      description: 'Payments API',
    };
    const calls = () => github.requests.map(r => `${r.method} ${r.path}`);

    beforeEach(async () => {
      github = await startFakeGithub(organisation);
      workspace.setContent({
        'README.md': '# Payments API\n',
        'src/index.js': 'console.log(1);\n',
      });
    });
    afterEach(async () => {
      // Every scenario keeps GitHub's contract and names the API version.
      const problems = contractProblems(github);
      await github.close();
      if (problems.length) throw new Error(problems.join('\n'));
    });

    it('creates the repository with the whole baseline, in order', async () => {
      const ctx = actionContext(input, { workspacePath: workspace.path });
      await action().handler(ctx);
      expect(calls()).toEqual([
        'GET /orgs/acme',
        'GET /orgs/acme/teams/payments',
        'POST /orgs/acme/repos',
        'GET /repos/acme/payments-api',
        `GET /repos/acme/payments-api/git/ref/heads/${branch}`,
        'POST /repos/acme/payments-api/git/blobs',
        'POST /repos/acme/payments-api/git/blobs',
        'POST /repos/acme/payments-api/git/blobs',
        'POST /repos/acme/payments-api/git/trees',
        'POST /repos/acme/payments-api/git/commits',
        `PATCH /repos/acme/payments-api/git/refs/heads/${branch}`,
        'PUT /orgs/acme/teams/payments/repos/acme/payments-api',
        'PUT /repos/acme/payments-api/topics',
        'POST /repos/acme/payments-api/rulesets',
        'PUT /repos/acme/payments-api/vulnerability-alerts',
        'PUT /repos/acme/payments-api/automated-security-fixes',
        'PATCH /repos/acme/payments-api',
      ]);
      const repo = github.repos.get('acme/payments-api')!;
      expect(github.requests[2].body).toMatchObject({
        name: 'payments-api',
        visibility: 'private',
        private: true,
        auto_init: true,
        description: 'Payments API [golden-path:task-1]',
      });
      expect(repo.teams).toEqual({ payments: 'maintain' });
      expect(repo.topics).toEqual(['golden-path', 'team-payments']);
      expect(repo.rulesets[0]).toMatchObject({
        enforcement: 'active',
        bypass_actors: [],
        conditions: { ref_name: { include: ['~DEFAULT_BRANCH'] } },
      });
      expect(repo.rulesets[0].rules).toEqual([
        { type: 'deletion' },
        { type: 'non_fast_forward' },
        {
          type: 'pull_request',
          parameters: expect.objectContaining({
            required_approving_review_count: 1,
            dismiss_stale_reviews_on_push: true,
            require_code_owner_review: true,
          }),
        },
      ]);
      expect(Object.values(repo.blobs).sort()).toEqual(
        [
          '# Owned by acme/payments (set by Golden Path; reviews by code owners are required)\n* @acme/payments\n',
          '# Payments API\n',
          'console.log(1);\n',
        ].sort(),
      );
      expect(repo.security).toMatchObject({
        'vulnerability-alerts': true,
        'automated-security-fixes': true,
        // Without Advanced Security GitHub keeps it off, and the log says so instead of "enabled".
        secret_scanning: { status: enterprise ? 'enabled' : 'disabled' },
      });
      expect(ctx.lines).toContain(
        enterprise
          ? 'info enable secret scanning and push protection: enabled'
          : "warn enable secret scanning and push protection: not available for this repository (kept secret_scanning and secret_scanning_push_protection disabled); the org's plan or licence does not include it",
      );
      // Every request names the API version it was written for.
      expect(
        github.requests.filter(
          r => r.headers['x-github-api-version'] !== '2022-11-28',
        ),
      ).toEqual([]);
      expect(github.contractViolations()).toEqual([]);
      expect(ctx.output).toHaveBeenCalledWith(
        'remoteUrl',
        'https://github.test/acme/payments-api.git',
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'repoUrl',
        'github.test?owner=acme&repo=payments-api',
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'resourceRef',
        'resource:default/repo-payments-api',
      );
      expect(ctx.output).toHaveBeenCalledWith('planned', false);
    });

    it('reports the repository and the component its catalog-info.yaml declares to the inventory', async () => {
      workspace.setContent({
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments-api\nspec:\n  type: service\n  owner: group:default/payments\n',
      });
      const ctx = actionContext(input, { workspacePath: workspace.path });
      await action().handler(ctx);
      expect(recordsOf(ctx)).toEqual([
        expect.objectContaining({ state: 'requested' }),
        {
          state: 'created',
          kind: 'github-repo',
          name: 'payments-api',
          owner: 'group:default/payments',
          environment: 'dev',
          monthlyCost: 0,
          externalId: 'https://github.test/acme/payments-api',
          url: 'https://github.test/acme/payments-api',
          component: 'component:default/payments-api',
        },
      ]);
    });

    it('converges on retry: the same task never creates a second repository', async () => {
      github.faults.push({ match: /^PUT .*\/topics$/, status: 502, times: 1 });
      const checkpoints = memoryCheckpoints();
      // The error says what was asked and what GitHub answered.
      await expect(
        action().handler(
          actionContext(input, { workspacePath: workspace.path, checkpoints }),
        ),
      ).rejects.toThrow(
        'GitHub did not set topics (owner team, golden-path) (PUT /repos/acme/payments-api/topics: HTTP 502: Injected fault)',
      );
      // The failed attempt rolled back; the retry creates it again under a fresh checkpoint.
      expect(github.repos.has('acme/payments-api')).toBe(false);
      github.reset();
      await action().handler(
        actionContext(input, { workspacePath: workspace.path, checkpoints }),
      );
      expect(calls().filter(c => c === 'POST /orgs/acme/repos')).toHaveLength(
        1,
      );
      expect(github.repos.get('acme/payments-api')!.rulesets).toHaveLength(1);
      // A third run of the finished task sends no mutation at all.
      github.reset();
      await action().handler(
        actionContext(input, { workspacePath: workspace.path, checkpoints }),
      );
      expect(github.mutations()).toEqual([]);
    });

    it('adopts the repository its own task created when the checkpoint was lost', async () => {
      await action().handler(
        actionContext(input, { workspacePath: workspace.path }),
      );
      github.reset();
      await action().handler(
        actionContext(input, { workspacePath: workspace.path }),
      );
      expect(calls().filter(c => c === 'POST /orgs/acme/repos')).toHaveLength(
        1,
      ); // refused with 422, then adopted
      expect(github.repos.get('acme/payments-api')!.rulesets).toHaveLength(2);
    });

    it('refuses a repository that exists and is not ours', async () => {
      await action().handler(
        actionContext(input, {
          workspacePath: workspace.path,
          taskId: 'someone-else',
        }),
      );
      const error = await action()
        .handler(actionContext(input, { workspacePath: workspace.path }))
        .catch(e => e);
      expect(error.name).toBe('ConflictError');
      expect(error.message).toMatch(
        /acme\/payments-api already exists and was not created by this run/,
      );
    });

    describe('when the named source folder is not in the workspace (a resume on a fresh work folder)', () => {
      const withSource = { ...input, sourcePath: './skeleton' };

      it('fails closed before any mutation when nothing exists', async () => {
        const ctx = actionContext(withSource, {
          workspacePath: workspace.path,
        });
        const error = await action()
          .handler(ctx)
          .catch(e => e);
        expect(error.name).toBe('InputError');
        expect(error.message).toMatch(
          /^The folder \.\/skeleton is not in this task's workspace: .* Nothing was created; run the template again\.$/,
        );
        expect(github.mutations()).toEqual([]);
        expect(recordsOf(ctx).map(r => r.state)).toEqual(['failed']);
      });

      it('deletes the repository an earlier attempt of this task created, and says so', async () => {
        await action().handler(
          actionContext(input, { workspacePath: workspace.path }),
        );
        const ctx = actionContext(withSource, {
          workspacePath: workspace.path,
        });
        await expect(action().handler(ctx)).rejects.toThrow(
          /The half-built repository was deleted; run the template again/,
        );
        expect(github.repos.has('acme/payments-api')).toBe(false);
        expect(ctx.lines).toContain(
          'error Rolled back: deleted acme/payments-api',
        );
      });

      it("never deletes another task's repository of the same name", async () => {
        await action().handler(
          actionContext(input, {
            workspacePath: workspace.path,
            taskId: 'someone-else',
          }),
        );
        github.reset();
        await expect(
          action().handler(
            actionContext(withSource, { workspacePath: workspace.path }),
          ),
        ).rejects.toThrow(/Nothing was created/);
        expect(github.mutations()).toEqual([]);
        expect(github.repos.has('acme/payments-api')).toBe(true);
      });
    });

    it('rolls back when the repository cannot be read back after creation', async () => {
      github.faults.push({
        match: /^GET \/repos\/acme\/payments-api$/,
        status: 502,
        times: 1,
      });
      const checkpoints = memoryCheckpoints();
      await expect(
        action().handler(
          actionContext(input, { workspacePath: workspace.path, checkpoints }),
        ),
      ).rejects.toThrow();
      expect(github.repos.has('acme/payments-api')).toBe(false);
      await action().handler(
        actionContext(input, { workspacePath: workspace.path, checkpoints }),
      );
      expect(github.repos.get('acme/payments-api')!.rulesets).toHaveLength(1);
    });

    it('falls back to classic branch protection when rulesets are refused', async () => {
      github.faults.push({
        match: /^POST .*\/rulesets$/,
        status: 403,
        message: 'Upgrade to GitHub Pro',
      });
      const ctx = actionContext(input, { workspacePath: workspace.path });
      await action().handler(ctx);
      expect(calls()).toContain(
        `PUT /repos/acme/payments-api/branches/${branch}/protection`,
      );
      expect(github.repos.get('acme/payments-api')!.protection).toMatchObject({
        branch,
        allow_force_pushes: false,
        allow_deletions: false,
        required_pull_request_reviews: {
          required_approving_review_count: 1,
          dismiss_stale_reviews: true,
        },
      });
      expect(ctx.lines).toContain(
        'info Default branch protected by branch-protection',
      );
    });

    it('rolls back when the default branch cannot be protected at all', async () => {
      github.faults.push(
        { match: /^POST .*\/rulesets$/, status: 403 },
        { match: /^PUT .*\/protection$/, status: 403 },
      );
      const ctx = actionContext(input, { workspacePath: workspace.path });
      await expect(action().handler(ctx)).rejects.toThrow(
        /refused to protect the default branch/,
      );
      expect(calls().at(-1)).toBe('DELETE /repos/acme/payments-api');
      expect(github.repos.has('acme/payments-api')).toBe(false);
      expect(ctx.lines).toContain(
        'error Rolled back: deleted acme/payments-api',
      );
      expect(recordsOf(ctx).map(r => r.state)).toEqual(['requested', 'failed']);
    });

    it('degrades security features the plan refuses, with a log line', async () => {
      github.faults.push({
        match: /^PATCH \/repos\/acme\/payments-api$/,
        status: 422,
        message: 'Secret scanning is not available',
      });
      const ctx = actionContext(input, { workspacePath: workspace.path });
      await action().handler(ctx);
      expect(ctx.lines).toContain(
        "warn enable secret scanning and push protection: not available for this repository (refused (HTTP 422)); the org's plan or licence does not include it",
      );
      expect(github.repos.has('acme/payments-api')).toBe(true);
    });

    it.each([
      ['public visibility', { visibility: 'public' }, 'GP-GH-REPO-VISIBILITY'],
      ['another team', { owner: 'group:default/checkout' }, 'GP-OWNERSHIP'],
      ['a bad name', { name: 'Payments API' }, 'GP-GH-REPO-NAME'],
      ['zero approvals', { requiredApprovals: 0 }, 'GP-GH-BRANCH-PROTECTION'],
    ])(
      'refuses %s before sending any request',
      async (_label, change, rule) => {
        const error = await action()
          .handler(
            actionContext(
              { ...input, ...change },
              { workspacePath: workspace.path },
            ),
          )
          .catch(e => e);
        expect(isGuardrailViolation(error)).toBe(true);
        expect(error.message).toContain(`[${rule}]`);
        expect(github.requests).toEqual([]);
      },
    );

    it('fails before creating anything when the owning team does not exist', async () => {
      github.teams.delete('payments');
      await expect(
        action().handler(
          actionContext(input, { workspacePath: workspace.path }),
        ),
      ).rejects.toThrow(/GitHub team acme\/payments does not exist/);
      expect(github.mutations()).toEqual([]);
    });

    it.each([
      ['without credentials', { credentials: false }],
      ['in plan mode', { mode: 'plan' as const }],
    ])('only plans %s, and says so', async (_label, options) => {
      const ctx = actionContext(input, { workspacePath: workspace.path });
      await action(options).handler(ctx);
      expect(github.requests).toEqual([]);
      expect(ctx.output).toHaveBeenCalledWith('planned', true);
      expect(ctx.lines.join('\n')).toMatch(/Mode: plan/);
      expect(ctx.lines.join('\n')).toContain(
        'POST /orgs/acme/repos {"name":"payments-api"',
      );
      expect(ctx.lines.join('\n')).toContain(
        'POST /repos/acme/payments-api/rulesets',
      );
      expect(recordsOf(ctx)).toMatchObject([
        {
          state: 'planned',
          kind: 'github-repo',
          name: 'payments-api',
          externalId: 'https://github.test/acme/payments-api',
        },
      ]);
    });

    it('prints the plan and sends nothing in a dry run', async () => {
      const ctx = actionContext(input, {
        workspacePath: workspace.path,
        isDryRun: true,
      });
      await action().handler(ctx);
      expect(github.requests).toEqual([]);
      expect(ctx.lines).toContain(
        'info Mode: plan (dry run: nothing is changed)',
      );
    });

    it.each(examples.map((e, i) => [e.description, i] as const))(
      'runs the example "%s"',
      async (_d, i) => {
        workspace.setContent({ skeleton: { 'README.md': 'hi' } });
        const exampleInput = yaml.parse(examples[i].example).steps[0].input;
        const policy = { ...exampleInput, environment: 'dev' };
        const ctx = actionContext(policy, { workspacePath: workspace.path });
        const refused = exampleInput.visibility === 'internal' && !enterprise;
        const refusal =
          organisation.revealPlan === false
            ? /^GitHub refused to create acme\/checkout-web: Invalid request/
            : /internal repositories only in organisations on GitHub Enterprise \(this one is on team\); nothing was created/;
        const outcome = await action()
          .handler(ctx)
          .then(
            () => 'created',
            (e: Error) => (refusal.test(e.message) ? 'refused' : e.message),
          );
        // Outside an enterprise GitHub has no internal repositories: refused, nothing created.
        expect(outcome).toBe(refused ? 'refused' : 'created');
        expect(github.repos.has(`acme/${exampleInput.name}`)).toBe(!refused);
      },
    );
  },
);

describe('golden-path:github:repo:create in a Free organisation', () => {
  const workspace = createMockDirectory();
  const input = {
    name: 'payments-api',
    owner: 'group:default/payments',
    environment: 'dev',
  };
  const action = (github: FakeGithub) =>
    createGithubRepoCreateAction({
      policy: testPolicyService('live'),
      ...testGuardDeps,
      github: createGithubAccessProvider(
        new ConfigReader({
          integrations: {
            github: [
              { host: 'github.test', apiBaseUrl: github.url, token: 't' },
            ],
          },
        }),
        { org: 'acme', host: 'github.test' },
      ),
    });

  it('refuses a private repository before creating anything, naming the plan limit', async () => {
    const github = await startFakeGithub({ plan: 'free' });
    await expect(
      action(github).handler(
        actionContext(input, { workspacePath: workspace.path }),
      ),
    ).rejects.toThrow(
      'GitHub Free cannot protect private repositories: rulesets and branch protection need GitHub Team or Enterprise; nothing was created',
    );
    expect(github.mutations()).toEqual([]);
    await github.close();
  });

  it('fails closed when the plan is hidden: GitHub refuses both protections, the repository is deleted', async () => {
    const github = await startFakeGithub({ plan: 'free', revealPlan: false });
    const ctx = actionContext(input, { workspacePath: workspace.path });
    await expect(action(github).handler(ctx)).rejects.toThrow(
      /refused to protect the default branch main \(HTTP 403: Upgrade to GitHub Pro or make this repository public to enable this feature.\); the organisation's plan does not allow protecting private repositories/,
    );
    expect(github.repos.size).toBe(0);
    expect(github.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: '/repos/acme/payments-api',
    });
    expect(github.contractViolations()).toEqual([]);
    await github.close();
  });
});
