/* eslint-disable jest/no-export -- a shared suite: each variant's own test file runs it */
import { mockCredentials } from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  RECORDING_ACTIONS,
  resourceRefFor,
  resourcesUpdatePermission,
} from '@golden-path/plugin-golden-path-common';
import {
  FakeAws,
  FakeGithub,
  fakeAws,
  startFakeGithub,
  FakeGithubOptions,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import path from 'node:path';
import {
  eventually,
  postgresConnection,
  REPO_ROOT,
  startGoldenPathBackend,
} from '../integration/backend';
import { dryRun, runTask, waitForTemplates } from '../templates/helpers';
import {
  evilEntities,
  makeRepo,
  registerUserLocation,
  startEvilHost,
  waitForEntity,
} from './hostileInsiderHelpers';
import goldenPathTestPermissionPolicy, {
  mockHttpAuthWithActors,
} from './permissionPolicy';

/**
 * The trust model's adversary (docs: design.md "Trust model"): a signed-in insider who registers
 * catalog locations, writes templates and calls every API. Each attack runs through the real
 * catalog, scaffolder and golden-path plugins, live mode, against the GitHub stand-in and a
 * recording AWS mock.
 *
 * The third variant runs the same attacks with the permission framework enabled (the real permission
 * backend and the realistic policy in permissionPolicy.ts, with an httpAuth that keeps the calling
 * plugin as actor so conditional decisions work), on SQLite only to bound the runtime: the policy
 * must not open a door the guardrails close, nor block the legitimate actions the suite relies on.
 */

const FORGED = {
  state: 'created',
  kind: 'rds-instance',
  name: 'fake',
  owner: 'group:default/checkout',
  environment: 'dev',
  monthlyCost: 999999,
};
const FORGED_LINE = `golden-path:resource ${JSON.stringify(FORGED)}`;
const CANARY = 'canary-hostile-insider-3f9a';

/**
 * Name, slug for resource names, PostgreSQL connection (none: SQLite), permission framework on,
 * and the kind of GitHub organisation it runs against (each variant a different one).
 */
export type Variant = [
  string,
  string,
  () => string | undefined,
  boolean,
  FakeGithubOptions,
];

/**
 * The variants, each run from its own test file: a stopped backend's catalog engine may still
 * publish an event it does not await (entities with processing errors, which this suite
 * registers), and Jest would pin that rejection on whatever test runs next in the same file.
 */
export const VARIANTS: Record<
  'sqlite' | 'postgresql' | 'permissions',
  Variant
> = {
  sqlite: ['SQLite', 'sqlite', () => undefined, false, { plan: 'team' }],
  postgresql: [
    'PostgreSQL',
    'postgresql',
    () => postgresConnection(),
    false,
    { plan: 'enterprise', defaultBranch: 'trunk' },
  ],
  permissions: [
    'SQLite with the permission framework',
    'sqlite-perm',
    () => undefined,
    true,
    { plan: 'team', defaultBranch: 'develop', revealPlan: false },
  ],
};

/** The hostile-insider attacks against one variant. */
export function hostileInsiderSuite([
  variant,
  slug,
  connection,
  withPermissions,
  organisation,
]: Variant) {
  describe(`a hostile insider on ${variant}`, () => {
    let github: FakeGithub;
    let aws: FakeAws;
    let evil: Awaited<ReturnType<typeof startEvilHost>>;
    let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;

    /** The ci-secret path, run by guest with a canary value, into a repository as `owner`. */
    const stealSecretInto = (repo: string, owner: string) =>
      runTask(
        ctx,
        'ci-secret',
        {
          repo,
          owner,
          environment: 'dev',
          scope: 'repository',
          secretName: 'STOLEN',
        },
        { secretValue: CANARY },
      );
    const resources = async (query: string) =>
      (
        await ctx
          .request()
          .get(`/api/golden-path/resources${query}`)
          .set(ctx.auth)
          .expect(200)
      ).body;
    const budget = async (owner: string) =>
      (
        await ctx
          .request()
          .get(`/api/golden-path/budget?owner=${encodeURIComponent(owner)}`)
          .set(ctx.auth)
          .expect(200)
      ).body;
    const allRows = async () => (await resources('?limit=100')).items as any[];

    beforeAll(async () => {
      github = await startFakeGithub(organisation);
      aws = fakeAws();
      evil = await startEvilHost();
      evil.serve(
        '/evil.yaml',
        evilEntities(
          FORGED_LINE,
          `file:${path.join(REPO_ROOT, 'catalog-info.yaml')}`,
        ),
      );
      const postgres = connection();
      ctx = await startGoldenPathBackend({
        postgres,
        readingHosts: [evil.host],
        ...(withPermissions
          ? {
              extraFeatures: [permissionPlugin, goldenPathTestPermissionPolicy],
              httpAuth: mockHttpAuthWithActors(),
            }
          : {}),
        config: {
          ...(withPermissions ? { permission: { enabled: true } } : {}),
          integrations: {
            github: [
              { host: 'github.test', apiBaseUrl: github.url, token: 'x' },
            ],
          },
          aws: aws.accountsConfig,
        },
        goldenPath: {
          mode: 'live',
          github: { org: 'acme', host: 'github.test' },
        },
      });
      await waitForTemplates(ctx, [
        'ci-secret',
        's3-bucket',
        'postgres-database',
      ]);
      await makeRepo(github.url, 'acme', 'checkout-api', {
        checkout: 'maintain',
      });
      await registerUserLocation(ctx, evil.url('/evil.yaml'));
      await Promise.all([
        waitForEntity(ctx, 'component/default/checkout-api-claim'),
        waitForEntity(ctx, 'group/default/mallory-team'),
        waitForEntity(ctx, 'template/default/evil-log'),
        waitForEntity(ctx, 'group/default/forged-origin-team'),
        waitForEntity(ctx, 'group/evil/platform'),
      ]);
    }, 150_000);

    afterAll(async () => {
      await ctx?.backend.stop();
      await github?.close();
      await evil?.close();
      aws?.restore();
    });

    beforeEach(() => {
      github.reset();
      aws.reset();
    });

    it('0. the permission framework is in force exactly in its variant', async () => {
      // Without the permission backend every permission is ALLOW and /api/permission does not exist;
      // with it, the realistic policy answers, so the attacks below really run under that policy.
      const res = await ctx
        .request()
        .post('/api/permission/authorize')
        .set(ctx.auth)
        .send({
          items: [
            'catalog.location.create',
            'scaffolder.task.create',
            'catalog.location.delete',
            'catalog.entity.delete',
          ].map((name, i) => ({
            id: String(i),
            permission: { type: 'basic', name, attributes: {} },
          })),
        });
      expect({
        status: res.status,
        results: res.body.items?.map((i: { result: string }) => i.result),
      }).toEqual(
        withPermissions
          ? { status: 200, results: ['ALLOW', 'ALLOW', 'DENY', 'DENY'] }
          : { status: 404, results: undefined },
      );
    });

    it('1. cannot put a secret into another team’s repo by claiming it from a user location', async () => {
      // The claim is in the catalog, as the insider wanted.
      const claim = await waitForEntity(
        ctx,
        'component/default/checkout-api-claim',
      );
      expect(claim.spec.owner).toBe('group:default/payments');
      for (const owner of [
        'group:default/payments',
        'group:default/Payments',
        'Payments',
      ]) {
        github.reset();
        const run = await stealSecretInto('checkout-api', owner);
        expect({ owner, status: run.status }).toEqual({
          owner,
          status: 'failed',
        });
        expect(run.log.join('\n')).toContain('GP-GH-SECRET-REPO-OWNED');
        // GitHub was only read (who owns the repository), never written.
        expect(github.mutations()).toEqual([]);
        expect(github.requests.every(r => r.method === 'GET')).toBe(true);
        // The input rules passed (guest is in payments): GitHub's own team list decided.
        expect(github.requests.map(r => r.path)).toContain(
          '/repos/acme/checkout-api/teams',
        );
        expect(github.repos.get('acme/checkout-api')!.secrets).toEqual({});
        expect((await resources(`?taskId=${run.id}`)).totalCount).toBe(0);
        expect(JSON.stringify(run.events)).not.toContain(CANARY);
      }
    }, 120_000);

    it('1b. a namespace trick on the owner is refused before any GitHub request', async () => {
      for (const owner of [
        'group:other/payments',
        'group:other/checkout',
        'group:default/checkout',
      ]) {
        github.reset();
        const run = await stealSecretInto('checkout-api', owner);
        expect({ owner, status: run.status }).toEqual({
          owner,
          status: 'failed',
        });
        expect(run.log.join('\n')).toContain('GP-OWNERSHIP');
        expect(github.requests).toEqual([]);
        expect((await resources(`?taskId=${run.id}`)).totalCount).toBe(0);
      }
    }, 120_000);

    it('2. cannot spend as a self-made team listed in a user location', async () => {
      const before = await budget('group:default/mallory-team');
      for (const [template, values] of [
        [
          's3-bucket',
          {
            name: 'mallory-files',
            owner: 'group:default/mallory-team',
            environment: 'dev',
            expectedStorageGb: 10,
          },
        ],
        [
          's3-bucket',
          {
            name: 'mallory-files-2',
            owner: 'Mallory-Team',
            environment: 'dev',
            expectedStorageGb: 10,
          },
        ],
        [
          'postgres-database',
          {
            name: 'mallory-db',
            owner: 'group:default/mallory-team',
            environment: 'dev',
            instanceClass: 'db.t4g.micro',
            allocatedStorageGb: 20,
            dbName: 'app',
            waitForAvailable: false,
          },
        ],
      ] as const) {
        aws.reset();
        const run = await runTask(ctx, template, values);
        expect({ template, status: run.status }).toEqual({
          template,
          status: 'failed',
        });
        expect(run.log.join('\n')).toContain('GP-OWNERSHIP');
        expect(aws.sent()).toEqual([]);
        expect(aws.resources()).toEqual([]);
        expect((await resources(`?taskId=${run.id}`)).totalCount).toBe(0);
      }
      expect(await budget('group:default/mallory-team')).toEqual(before);
      expect(
        (await resources('?owner=group:default/mallory-team')).totalCount,
      ).toBe(0);
    }, 120_000);

    it('3. cannot forge inventory rows or spend with a debug:log line from a user-registered template', async () => {
      const spendBefore = (await budget('group:default/checkout')).monthlySpend;
      const rowsBefore = await allRows();
      const created = await ctx
        .request()
        .post('/api/scaffolder/v2/tasks')
        .set(ctx.auth)
        .send({ templateRef: 'template:default/evil-log', values: {} });
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      const task = await eventually(async () => {
        const res = await ctx
          .request()
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set(ctx.auth);
        return ['completed', 'failed', 'cancelled'].includes(res.body.status)
          ? res.body
          : undefined;
      }, 60_000);
      expect(task.status).toBe('completed');
      const events = (
        await ctx
          .request()
          .get(`/api/scaffolder/v2/tasks/${id}/events`)
          .set(ctx.auth)
          .expect(200)
      ).body as any[];
      // The line was really printed into the task log.
      expect(
        events.some(
          e =>
            e.type === 'log' &&
            String(e.body.message).includes('golden-path:resource'),
        ),
      ).toBe(true);

      // Let the collector and the resource provider run, as they would on their schedules.
      await ctx.scheduler.triggerTask('golden-path-runs-backfill');
      await ctx.scheduler
        .triggerTask('golden-path-resources:refresh')
        .catch(() => undefined);
      await new Promise(r => setTimeout(r, 1500));

      expect((await resources(`?taskId=${id}`)).totalCount).toBe(0);
      expect(
        (await resources('?kind=rds-instance')).items.filter(
          (i: any) => i.name === 'fake',
        ),
      ).toEqual([]);
      expect(await allRows()).toEqual(rowsBefore);
      expect((await budget('group:default/checkout')).monthlySpend).toBe(
        spendBefore,
      );
      const [kind, rest] = resourceRefFor('rds-instance', 'fake').split(':');
      const entity = await ctx
        .request()
        .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
        .set(ctx.auth);
      expect(entity.status).toBe(404);
    }, 120_000);

    /** Everyone but the scaffolder running the task: the records doors refuse them all. */
    const RECORD_DOOR_CALLERS = [
      ['no credentials', undefined, [401]],
      [
        'the user',
        () => mockCredentials.user.header('user:default/guest'),
        [401, 403],
      ],
      [
        'a platform user',
        () => mockCredentials.user.header('user:default/pat.platform'),
        [401, 403],
      ],
      [
        'the catalog plugin',
        () =>
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:catalog'),
            targetPluginId: 'golden-path',
          }),
        [403],
      ],
      ['an external service', () => mockCredentials.service.header(), [403]],
      [
        'the scaffolder, for a task that is not running',
        () =>
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:scaffolder'),
            targetPluginId: 'golden-path',
          }),
        [403],
      ],
    ] as const;

    describe('4. POST /api/golden-path/records', () => {
      // A well-formed record, so a refusal is about who sends it and for which task, not its shape.
      const record = { ...FORGED, name: 'forged-direct', monthlyCost: 500 };
      const body = (taskId: string) => ({
        taskId,
        stepId: 'create',
        actionId: RECORDING_ACTIONS['rds-instance'],
        record,
      });

      it.each(RECORD_DOOR_CALLERS)(
        'refuses %s and writes nothing',
        async (_who, header, statuses) => {
          const spendBefore = (await budget('group:default/checkout'))
            .monthlySpend;
          const rowsBefore = await allRows();
          const req = ctx.request().post('/api/golden-path/records');
          if (header) req.set('Authorization', header());
          const res = await req.send(
            body('00000000-0000-0000-0000-000000000000'),
          );
          expect(statuses).toContain(res.status);
          expect(
            res.status === 403 ? res.body.error.name : 'NotAllowedError',
          ).toBe('NotAllowedError');
          expect(await allRows()).toEqual(rowsBefore);
          expect((await budget('group:default/checkout')).monthlySpend).toBe(
            spendBefore,
          );
        },
      );
    });

    describe('4b. POST /api/golden-path/records/step-failures', () => {
      // A failure record turns a failed run into a denied one in the metrics: the same door.
      const summary = async () =>
        (
          await ctx
            .request()
            .get('/api/golden-path/metrics/summary')
            .set(ctx.auth)
            .expect(200)
        ).body;
      it.each(RECORD_DOOR_CALLERS)(
        'refuses %s and records nothing',
        async (_who, header, statuses) => {
          const before = await summary();
          const req = ctx
            .request()
            .post('/api/golden-path/records/step-failures');
          if (header) req.set('Authorization', header());
          const res = await req.send({
            taskId: '00000000-0000-0000-0000-000000000000',
            stepId: 'create',
            refusedBy: ['GP-OWNERSHIP'],
          });
          expect(statuses).toContain(res.status);
          expect(
            res.status === 403 ? res.body.error.name : 'NotAllowedError',
          ).toBe('NotAllowedError');
          const after = await summary();
          expect([after.denied, after.failed]).toEqual([
            before.denied,
            before.failed,
          ]);
        },
      );
    });

    describe('4c. exceptions', () => {
      const as = (user: string) => ({
        Authorization: mockCredentials.user.header(`user:default/${user}`),
      });
      const bigDb = (owner: string) => ({
        kind: 'rds-instance',
        name: `insider-db-${owner.split('/').pop()}`,
        owner,
        environment: 'prod',
        instanceClass: 'db.m6g.large',
        allocatedStorageGb: 50,
        tags: { 'cost-center': 'cc-1' },
      });
      const ask = (user: string, request: Record<string, unknown>) =>
        ctx.request().post('/api/golden-path/exceptions').set(as(user)).send({
          request,
          justification: 'An insider would like a bigger database please.',
          durationDays: 2,
        });
      let approved: any;

      beforeAll(async () => {
        // chris (checkout) asks; guest (platform, by trusted sources) approves.
        const asked = await ask(
          'chris.checkout',
          bigDb('group:default/checkout'),
        ).expect(201);
        approved = (
          await ctx
            .request()
            .post(`/api/golden-path/exceptions/${asked.body.id}/decision`)
            .set(as('guest'))
            .send({ decision: 'approve', comment: 'ok' })
            .expect(200)
        ).body;
      });

      it('cannot ask for an exception for a team listed only in a user location, or for an exposure rule', async () => {
        const mallory = await ask(
          'paula.payments',
          bigDb('group:default/mallory-team'),
        ).expect(400);
        expect(mallory.body.error.message).toContain('GP-OWNERSHIP');
        const publicDb = await ask('paula.payments', {
          ...bigDb('group:default/payments'),
          publiclyAccessible: true,
        }).expect(400);
        expect(publicDb.body.error.message).toContain('GP-RDS-NOT-PUBLIC');
      });

      it('cannot approve as a member of a look-alike platform group from a user location', async () => {
        const asked = await ask(
          'guest',
          bigDb('group:default/payments'),
        ).expect(201);
        // paula is listed by group:evil/platform (user-registered); she is not in platform.
        const res = await ctx
          .request()
          .post(`/api/golden-path/exceptions/${asked.body.id}/decision`)
          .set(as('paula.payments'))
          .send({ decision: 'approve', comment: 'sure' });
        expect(res.status).toBe(403);
        // guest asked for it: guest, a platform member, cannot approve it either.
        const self = await ctx
          .request()
          .post(`/api/golden-path/exceptions/${asked.body.id}/decision`)
          .set(as('guest'))
          .send({ decision: 'approve', comment: 'mine' });
        expect(self.status).toBe(403);
        expect(self.body.error.message).toContain('GP-EXCEPTION-SELF-APPROVAL');
      });

      it.each(RECORD_DOOR_CALLERS)(
        'POST /records/exceptions refuses %s and takes nothing',
        async (_who, header, statuses) => {
          const req = ctx.request().post('/api/golden-path/records/exceptions');
          if (header) req.set('Authorization', header());
          const res = await req.send({
            taskId: '00000000-0000-0000-0000-000000000000',
            stepId: 'db',
            request: approved.request,
            ruleIds: approved.ruleIds,
            dryRun: false,
          });
          expect(statuses).toContain(res.status);
          const now = await ctx
            .request()
            .get(`/api/golden-path/exceptions/${approved.id}`)
            .set(as('chris.checkout'))
            .expect(200);
          expect(now.body.status).toBe('approved');
        },
      );
    });

    it('5. /policy/evaluate does not trust repoOwner or requester from the body', async () => {
      const withRepoOwner = await ctx
        .request()
        .post('/api/golden-path/policy/evaluate')
        .set(ctx.auth)
        .send({
          request: {
            kind: 'github-secret',
            name: 'STOLEN',
            owner: 'group:default/payments',
            environment: 'dev',
            repo: 'checkout-api',
            scope: 'repository',
            valueBytes: 10,
            valueSource: 'task-secret',
            repoOwner: 'group:default/payments',
          },
        });
      expect(withRepoOwner.status).toBe(200);
      expect(withRepoOwner.body.allowed).toBe(false);
      expect(withRepoOwner.body.violations.map((v: any) => v.ruleId)).toContain(
        'GP-REQUEST-SHAPE',
      );
      expect(
        withRepoOwner.body.violations.find(
          (v: any) => v.ruleId === 'GP-REQUEST-SHAPE',
        ).field,
      ).toContain('repoOwner');

      const paula = {
        Authorization: mockCredentials.user.header(
          'user:default/paula.payments',
        ),
      };
      const asChris = await ctx
        .request()
        .post('/api/golden-path/policy/evaluate')
        .set(paula)
        .send({
          request: {
            kind: 's3-bucket',
            name: 'checkout-files',
            owner: 'group:default/checkout',
            environment: 'dev',
            expectedStorageGb: 1,
          },
          requester: {
            userRef: 'user:default/chris.checkout',
            groups: ['group:default/checkout'],
          },
        });
      expect(asChris.status).toBe(200);
      expect(asChris.body.allowed).toBe(false);
      expect(asChris.body.violations.map((v: any) => v.ruleId)).toContain(
        'GP-OWNERSHIP',
      );

      // Claiming the self-made team by body is ignored too: judged by trusted sources only.
      const asMallory = await ctx
        .request()
        .post('/api/golden-path/policy/evaluate')
        .set(ctx.auth)
        .send({
          request: {
            kind: 's3-bucket',
            name: 'mallory-files',
            owner: 'group:default/mallory-team',
            environment: 'dev',
            expectedStorageGb: 1,
          },
          requester: {
            userRef: 'user:default/guest',
            groups: ['group:default/mallory-team'],
          },
        });
      expect(asMallory.body.allowed).toBe(false);
      expect(asMallory.body.violations.map((v: any) => v.ruleId)).toContain(
        'GP-OWNERSHIP',
      );
    });

    it('6. a dry run of ci-secret for another team’s repo makes no GitHub request', async () => {
      for (const owner of [
        'group:default/checkout',
        'group:default/payments',
      ]) {
        github.reset();
        const result = await dryRun(
          ctx,
          'ci-secret',
          {
            repo: 'checkout-api',
            owner,
            environment: 'dev',
            scope: 'repository',
            secretName: 'STOLEN',
          },
          { secretValue: CANARY },
        );
        expect(JSON.stringify(result.body)).not.toContain(CANARY);
        const refusedForOwnership = JSON.stringify(result.body).includes(
          'GP-OWNERSHIP',
        );
        expect({ owner, refusedForOwnership }).toEqual({
          owner,
          refusedForOwnership: owner === 'group:default/checkout',
        });
        expect({ owner, requests: github.requests }).toEqual({
          owner,
          requests: [],
        });
      }
    }, 60_000);

    it('7. cannot mark another team’s resource deleted', async () => {
      const run = await runTask(ctx, 's3-bucket', {
        name: `platform-files-${slug}`,
        owner: 'group:default/platform',
        environment: 'dev',
        expectedStorageGb: 5,
      });
      expect(run.status).toBe('completed');
      const row = await eventually(async () => {
        const body = await resources(`?taskId=${run.id}`);
        return body.totalCount === 1 ? body.items[0] : undefined;
      });
      expect(row.status).toBe('active');
      const target = `/api/golden-path/resources/${run.id}/${
        row.kind
      }/${encodeURIComponent(row.name)}`;

      const attempts: Array<[string, string]> = [
        [
          'paula (payments, not platform)',
          mockCredentials.user.header('user:default/paula.payments'),
        ],
        [
          'chris (checkout)',
          mockCredentials.user.header('user:default/chris.checkout'),
        ],
        ['an external service', mockCredentials.service.header()],
        [
          'the catalog plugin',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:catalog'),
            targetPluginId: 'golden-path',
          }),
        ],
      ];
      for (const [who, header] of attempts) {
        const res = await ctx
          .request()
          .patch(target)
          .set('Authorization', header)
          .send({ status: 'deleted' });
        expect({ who, status: res.status }).toEqual({ who, status: 403 });
        const namesRule = String(res.body.error?.message).includes(
          'GP-RESOURCE-OWNER',
        );
        expect({
          who,
          namesRule:
            namesRule || !(who.startsWith('paula') || who.startsWith('chris')),
        }).toEqual({ who, namesRule: true });
      }
      // Under the permission framework the policy's own answer for this record agrees with the floor
      // (CONDITIONAL on owner or platform membership, applied by the permission backend).
      const policyAnswers = await Promise.all(
        ['paula.payments', 'chris.checkout', 'pat.platform'].map(async who => {
          const res = await ctx
            .request()
            .post('/api/permission/authorize')
            .set(
              'Authorization',
              mockCredentials.user.header(`user:default/${who}`),
            )
            .send({
              items: [
                {
                  id: '0',
                  permission: resourcesUpdatePermission,
                  resourceRef: `${run.id}/${row.kind}/${row.name}`,
                },
              ],
            });
          return res.status === 200 ? res.body.items[0].result : res.status;
        }),
      );
      expect(policyAnswers).toEqual(
        withPermissions ? ['DENY', 'DENY', 'ALLOW'] : [404, 404, 404],
      );
      const after = await resources(`?taskId=${run.id}`);
      expect(after.items[0].status).toBe('active');
      expect(after.items[0]).toEqual(row);

      // The same request by a trusted platform member works: the refusals above were the ownership floor.
      const pat = await ctx
        .request()
        .patch(target)
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/pat.platform'),
        )
        .send({ status: 'deleted' });
      expect(pat.status).toBe(200);
      expect((await resources(`?taskId=${run.id}`)).items[0].status).toBe(
        'deleted',
      );
    }, 90_000);
  });
}
