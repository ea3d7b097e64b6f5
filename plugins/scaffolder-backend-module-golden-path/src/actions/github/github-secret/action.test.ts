import { ConfigReader } from '@backstage/config';
import { isGuardrailViolation } from '@golden-path/plugin-golden-path-common';
import yaml from 'yaml';
import { createGithubAccessProvider } from '../../../github/access';
import {
  actionContext,
  memoryCheckpoints,
  recordsOf,
  testDirectory,
  testGuardDeps,
  testPolicyService,
} from '../../../__testUtils__/context';
import {
  FakeGithub,
  FakeGithubOptions,
  startFakeGithub,
} from '../../../testUtils/fakeGithub';
import { contractProblems } from '../../../testUtils/githubContract';
import { createGithubSecretSetAction } from './action';
import { examples } from './examples';

const CANARY = 'canary-5f3c1e9a-value-that-must-never-leak';

/** Secrets work alike on every plan; each scenario runs in each kind of organisation. */
const ORGANISATIONS: Array<[string, FakeGithubOptions]> = [
  ['a Free organisation', { plan: 'free' }],
  ['a Team organisation', { plan: 'team' }],
  [
    'an Enterprise organisation whose default branch is trunk',
    { plan: 'enterprise', defaultBranch: 'trunk' },
  ],
];

describe.each(ORGANISATIONS)(
  'golden-path:github:secret:set in %s',
  (_organisationName, organisation) => {
    let github: FakeGithub;

    function action(options: { credentials?: boolean } = {}) {
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
      return createGithubSecretSetAction({
        policy: testPolicyService('live'),
        ...testGuardDeps,
        github: createGithubAccessProvider(
          new ConfigReader({ integrations: { github: integrations } }),
          { org: 'acme', host: 'github.test' },
        ),
        // Trusted catalog data claims checkout-web for checkout (the directory reads only trusted locations).
        directory: {
          ...testDirectory,
          repoClaims: async (_org: string, repo: string) =>
            repo === 'checkout-web' ? ['group:default/checkout'] : [],
        },
      });
    }

    async function makeRepo(name: string, team: string) {
      const headers = { 'content-type': 'application/json' };
      await fetch(`${github.url}/orgs/acme/repos`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name }),
      });
      await fetch(`${github.url}/orgs/acme/teams/${team}/repos/acme/${name}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ permission: 'maintain' }),
      });
      github.reset();
    }

    const input = {
      repo: 'payments-api',
      owner: 'group:default/payments',
      environment: 'dev',
      secrets: { DATABASE_PASSWORD: CANARY, API_KEY: 'k-123' },
    };

    beforeEach(async () => {
      github = await startFakeGithub(organisation);
      await makeRepo('payments-api', 'payments');
      await makeRepo('checkout-web', 'checkout');
    });
    afterEach(async () => {
      const problems = contractProblems(github);
      await github.close();
      if (problems.length) throw new Error(problems.join('\n'));
    });

    it('seals each value with the repository key; GitHub can open exactly the original', async () => {
      const ctx = actionContext(input);
      await action().handler(ctx);
      expect(github.requests.map(r => `${r.method} ${r.path}`)).toEqual([
        'GET /repos/acme/payments-api/teams',
        'GET /repos/acme/payments-api/actions/secrets/public-key',
        'PUT /repos/acme/payments-api/actions/secrets/DATABASE_PASSWORD',
        'PUT /repos/acme/payments-api/actions/secrets/API_KEY',
      ]);
      const stored = github.repos.get('acme/payments-api')!.secrets;
      expect(stored.DATABASE_PASSWORD.key_id).toBe('key-1');
      expect(github.decrypt(stored.DATABASE_PASSWORD.encrypted_value)).toBe(
        CANARY,
      );
      expect(github.decrypt(stored.API_KEY.encrypted_value)).toBe('k-123');
      expect(ctx.output).toHaveBeenCalledWith('secretNames', [
        'DATABASE_PASSWORD',
        'API_KEY',
      ]);
      expect(ctx.output).toHaveBeenCalledWith('planned', false);
    });

    it('reports each secret to the inventory by name under its repository, never by value', async () => {
      const ctx = actionContext({
        ...input,
        scope: 'environment',
        githubEnvironment: 'production',
      });
      await action().handler(ctx);
      expect(recordsOf(ctx).map(r => [r.state, r.name])).toEqual([
        ['requested', 'payments-api/production/DATABASE_PASSWORD'],
        ['created', 'payments-api/production/DATABASE_PASSWORD'],
        ['requested', 'payments-api/production/API_KEY'],
        ['created', 'payments-api/production/API_KEY'],
      ]);
      expect(recordsOf(ctx)[1]).toMatchObject({
        kind: 'github-secret',
        owner: 'group:default/payments',
        monthlyCost: 0,
        externalId: 'https://github.test/acme/payments-api',
        url: 'https://github.test/acme/payments-api/settings/environments',
      });
    });

    it('creates a missing deployment environment, then sets environment secrets', async () => {
      await action().handler(
        actionContext({
          ...input,
          scope: 'environment',
          githubEnvironment: 'production',
        }),
      );
      const repo = github.repos.get('acme/payments-api')!;
      expect(
        github.decrypt(
          repo.environments.production.secrets.DATABASE_PASSWORD
            .encrypted_value,
        ),
      ).toBe(CANARY);
      expect(github.requests.map(r => `${r.method} ${r.path}`)).toContain(
        'PUT /repos/acme/payments-api/environments/production',
      );
    });

    it('converges on retry without writing twice', async () => {
      github.faults.push({ match: /API_KEY$/, status: 502, times: 1 });
      const checkpoints = memoryCheckpoints();
      await expect(
        action().handler(actionContext(input, { checkpoints })),
      ).rejects.toThrow(
        'GitHub refused secret API_KEY for acme/payments-api (HTTP 502)',
      );
      github.reset();
      await action().handler(actionContext(input, { checkpoints }));
      expect(github.mutations().map(r => r.path)).toEqual([
        '/repos/acme/payments-api/actions/secrets/API_KEY',
      ]);
    });

    it.each([
      [
        'a reserved name',
        { secrets: { GITHUB_TOKEN: 'x' } },
        'GP-GH-SECRET-NAME',
      ],
      [
        'a lower-case name',
        { secrets: { 'db-password': 'x' } },
        'GP-GH-SECRET-NAME',
      ],
      ['an empty value', { secrets: { EMPTY: '' } }, 'GP-GH-SECRET-SIZE'],
      [
        'a value over 48 KB',
        { secrets: { BIG: 'x'.repeat(49153) } },
        'GP-GH-SECRET-SIZE',
      ],
      [
        'another team’s repository (GitHub teams)',
        { repo: 'checkout-web', owner: 'group:default/checkout' },
        'GP-OWNERSHIP',
      ],
      [
        'another team’s repository, claiming to be its own team',
        { repo: 'checkout-web' },
        'GP-GH-SECRET-REPO-OWNED',
      ],
      [
        'the organisation scope',
        { scope: 'organization' },
        'GP-GH-SECRET-SCOPE',
      ],
    ])('refuses %s with no mutating request', async (_label, change, rule) => {
      const ctx = actionContext({ ...input, ...change });
      const error = await action()
        .handler(ctx)
        .catch(e => e);
      expect(isGuardrailViolation(error)).toBe(true);
      expect(error.message).toContain(`[${rule}]`);
      expect(github.mutations()).toEqual([]);
    });

    it('plans without credentials, checking ownership against trusted catalog claims only', async () => {
      const planned = actionContext(input);
      await action({ credentials: false }).handler(planned);
      expect(github.requests).toEqual([]);
      expect(planned.output).toHaveBeenCalledWith('planned', true);
      expect(recordsOf(planned).map(r => [r.state, r.name])).toEqual([
        ['planned', 'payments-api/DATABASE_PASSWORD'],
        ['planned', 'payments-api/API_KEY'],
      ]);
      // Each secret by name, with the real size of its sealed box (value + 48 bytes).
      const bytes = Buffer.byteLength(CANARY, 'utf8') + 48;
      expect(planned.lines).toContain(
        `info   PUT /repos/acme/payments-api/actions/secrets/DATABASE_PASSWORD <sealed box, ${bytes} bytes> with the key above  (set secret DATABASE_PASSWORD)`,
      );
      expect(planned.lines).toContain(
        'info   PUT /repos/acme/payments-api/actions/secrets/API_KEY <sealed box, 53 bytes> with the key above  (set secret API_KEY)',
      );
      const refused = await action({ credentials: false })
        .handler(actionContext({ ...input, repo: 'checkout-web' }))
        .catch(e => e);
      expect(refused.message).toContain('[GP-GH-SECRET-REPO-OWNED]');
    });

    it('refuses a value passed as a plain parameter, and the user’s Backstage token, before any GitHub request', async () => {
      const plain = await action()
        .handler(actionContext(input, { secrets: { other: 'x' } }))
        .catch(e => e);
      expect(plain.message).toContain('[GP-GH-SECRET-SOURCE]');
      const token = await action()
        .handler(
          actionContext(
            { ...input, secrets: { API_KEY: 'eyJ-user-token' } },
            { secrets: { backstageToken: 'eyJ-user-token' } },
          ),
        )
        .catch(e => e);
      expect(token.message).toContain('[GP-GH-SECRET-SOURCE]');
      expect(github.requests).toEqual([]);
      const declared = actionContext(
        {
          ...input,
          secrets: undefined,
          nonSecretValues: { DATABASE_HOST: 'db.internal:5433' },
        },
        { secrets: {} },
      );
      await action().handler(declared);
      expect(
        github.requests.filter(r => r.method === 'PUT').map(r => r.path),
      ).toEqual(['/repos/acme/payments-api/actions/secrets/DATABASE_HOST']);
    });

    it('never lets a value reach a log line, an output, a checkpoint or an error', async () => {
      const contexts = [
        actionContext(input),
        actionContext({
          ...input,
          scope: 'environment',
          githubEnvironment: 'staging',
        }),
        actionContext({ ...input, repo: 'checkout-web' }),
      ];
      github.faults.push({ match: /staging\/secrets\/API_KEY$/, status: 500 });
      const errors: unknown[] = [];
      for (const ctx of contexts)
        await action()
          .handler(ctx)
          .catch(e => errors.push(e));
      expect(errors).toHaveLength(2);
      const everything = JSON.stringify({
        logs: contexts.map(c => c.lines),
        outputs: contexts.map(c => (c.output as jest.Mock).mock.calls),
        checkpoints: contexts.map(c => [...c.checkpoints.store.entries()]),
        errors: errors.map(e => ({
          message: (e as Error).message,
          stack: (e as Error).stack,
          ...(e as object),
        })),
      });
      expect(everything).not.toContain(CANARY);
      expect(everything).not.toContain('k-123');
    });

    it.each(examples.map((e, i) => [e.description, i] as const))(
      'runs the example "%s"',
      async (_d, i) => {
        const exampleInput = yaml.parse(examples[i].example).steps[0].input;
        const values = Object.fromEntries(
          Object.keys(exampleInput.secrets).map(k => [k, `value-of-${k}`]),
        );
        await action().handler(
          actionContext({
            ...exampleInput,
            environment: 'dev',
            secrets: values,
          }),
        );
        expect(github.mutations().length).toBeGreaterThan(0);
      },
    );
  },
);
