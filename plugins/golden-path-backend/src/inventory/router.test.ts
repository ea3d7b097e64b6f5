import {
  PermissionsService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { resourcesUpdatePermission } from '@golden-path/plugin-golden-path-common';
import knexFactory from 'knex';
import request from 'supertest';
import { goldenPathPlugin } from '../plugin';
import { ResourceRow, ResourceStore } from '../service/ResourceStore';
import {
  createInventoryConditionalDecision,
  inventoryConditions,
  inventoryOwnerOrPlatform,
} from './permissions';
import { orgEntities, trustConfig } from './testOrg';
import { recordingAuditor } from '../testUtils/recordingAuditor';

const user = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};
const service = { Authorization: mockCredentials.service.header() };

/** 30 resources over three days: kinds, owners and environments in turn. */
function seedRows(): ResourceRow[] {
  const kinds = ['s3-bucket', 'rds-instance', 'github-repo'];
  const owners = ['group:default/payments', 'group:default/checkout'];
  return Array.from({ length: 30 }, (_, i) => ({
    taskId: `task-${String(i).padStart(2, '0')}`,
    kind: kinds[i % 3],
    name: `res-${i}`,
    owner: owners[i % 2],
    environment: i % 5 === 0 ? 'prod' : 'dev',
    status: i % 4 === 0 ? 'failed' : 'active',
    monthlyCost: i,
    requester: 'user:default/guest',
    templateRef: 'template:default/s3-bucket',
    createdAt: new Date(
      Date.parse('2026-11-01T00:00:00Z') + i * 3600_000,
    ).toISOString(),
  }));
}

/**
 * The plugin on an in-memory SQLite holding the seeded rows and the org's trusted catalog entities
 * (plus user-registered look-alikes), with permission decisions fixed to `result` or given by `permissions`.
 */
async function backendWith(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  options: {
    permissions?: ServiceFactory<PermissionsService, 'root' | 'plugin'>;
  } = {},
) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const auditor = recordingAuditor();
  const backend = await startTestBackend({
    features: [
      goldenPathPlugin,
      mockServices.rootConfig.factory({
        data: {
          goldenPath: {
            github: { org: 'acme' },
            aws: { region: 'eu-west-1' },
            trust: trustConfig,
          },
        },
      }),
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      options.permissions ?? mockServices.permissions.factory({ result }),
      catalogServiceMock.factory({ entities: orgEntities() }),
      auditor.factory,
    ],
  });
  const store = await ResourceStore.create({
    getClient: async () => knex,
  } as any);
  await store.upsertMany(seedRows());
  return {
    server: backend.server,
    store,
    auditor,
    stop: async () => {
      await backend.stop();
      await knex.destroy();
    },
  };
}

describe('GET /api/golden-path/resources', () => {
  let server: any;
  let stop: () => Promise<void>;
  const get = (query: string, headers: Record<string, string> = user) =>
    request(server).get(`/api/golden-path/resources${query}`).set(headers);

  beforeAll(async () => {
    ({ server, stop } = await backendWith(AuthorizeResult.ALLOW));
  });

  afterAll(() => stop());

  it('needs credentials; users and services may read', async () => {
    expect((await get('', {})).status).toBe(401);
    expect((await get('', service)).body.totalCount).toBe(30);
  });

  it('pages newest first, with the total and the catalog entity ref of each resource', async () => {
    const first = await get('?limit=4').expect(200);
    expect(first.body).toMatchObject({ totalCount: 30, offset: 0, limit: 4 });
    expect(first.body.items.map((i: any) => i.name)).toEqual([
      'res-29',
      'res-28',
      'res-27',
      'res-26',
    ]);
    expect(first.body.items[0]).toEqual({
      taskId: 'task-29',
      kind: 'github-repo',
      name: 'res-29',
      owner: 'group:default/checkout',
      environment: 'dev',
      status: 'active',
      monthlyCost: 29,
      requester: 'user:default/guest',
      templateRef: 'template:default/s3-bucket',
      createdAt: '2026-11-02T05:00:00.000Z',
      entityRef: 'resource:default/repo-res-29',
    });
    const pages = [];
    for (let offset = 0; offset < 30; offset += 7)
      pages.push(
        ...(await get(`?limit=7&offset=${offset}`).expect(200)).body.items,
      );
    expect(new Set(pages.map((i: any) => i.taskId)).size).toBe(30);
    expect((await get('?offset=30').expect(200)).body.items).toEqual([]);
  });

  it('filters by owner (ref or name), kind, environment and status, together', async () => {
    const payments = (await get('?owner=payments&limit=500').expect(200)).body;
    expect(payments.totalCount).toBe(15);
    expect(
      payments.items.every((i: any) => i.owner === 'group:default/payments'),
    ).toBe(true);
    expect(
      (await get('?owner=group:default/payments').expect(200)).body.totalCount,
    ).toBe(15);
    const rows = seedRows();
    const expected = rows.filter(
      r =>
        r.owner === 'group:default/checkout' &&
        r.kind === 'rds-instance' &&
        r.environment === 'dev' &&
        r.status === 'active',
    );
    const res = (
      await get(
        '?owner=checkout&kind=rds-instance&environment=dev&status=active',
      ).expect(200)
    ).body;
    expect(res.items.map((i: any) => i.name).sort()).toEqual(
      expected.map(r => r.name).sort(),
    );
    expect(res.totalCount).toBe(expected.length);
    expect(
      (await get('?taskId=task-03').expect(200)).body.items.map(
        (i: any) => i.name,
      ),
    ).toEqual(['res-3']);
  });

  it.each([
    [
      '?kind=vm',
      /kind must be one of github-repo, github-secret, s3-bucket, rds-instance, elasticache-redis/,
    ],
    [
      '?status=gone',
      /status must be one of planned, pending, creating, active, failed, deleted/,
    ],
    ['?limit=0', /limit must be a whole number from 1 to 500/],
    ['?limit=501', /limit must be a whole number/],
    ['?limit=ten', /limit must be a whole number/],
    ['?offset=-1', /offset must be a whole number/],
    ['?owner=a&owner=b', /owner must be given once/],
    [
      `?environment=${'x'.repeat(65)}`,
      /environment is longer than 64 characters/,
    ],
  ])('answers 400 for %s', async (query, message) => {
    const res = await get(query).expect(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });
});

describe('PATCH /api/golden-path/resources/:taskId/:kind/:name', () => {
  const as = (who: string) => ({
    Authorization: mockCredentials.user.header(`user:default/${who}`),
  });
  const patch = (
    server: any,
    row: { taskId: string; kind: string; name: string } | string,
    body: unknown = { status: 'deleted' },
    headers: Record<string, string> = as('alice'),
  ) =>
    request(server)
      .patch(
        `/api/golden-path/resources/${
          typeof row === 'string'
            ? row
            : `${row.taskId}/${row.kind}/${encodeURIComponent(row.name)}`
        }`,
      )
      .set(headers)
      .send(body as object);
  const rows = seedRows();
  const status = async (b: { store: ResourceStore }, i: number) =>
    (await b.store.ofTasks([rows[i].taskId]))[0].status;
  const refusal = (message: RegExp, owner: string, actor: string) =>
    expect.objectContaining({
      eventId: 'resource-update',
      severityLevel: 'medium',
      status: 'failed',
      error: expect.stringMatching(message),
      meta: expect.objectContaining({
        actor,
        owner,
        statusBefore: 'active',
        refusedBy: 'GP-RESOURCE-OWNER',
      }),
    });

  let b: Awaited<ReturnType<typeof backendWith>>;
  afterEach(async () => {
    await b?.stop();
  });

  it('lets a member of the owning group mark a resource deleted: it leaves the team spend, collecting its run again does not revive it, and the change is audited', async () => {
    b = await backendWith(AuthorizeResult.ALLOW);
    const row = rows[7]; // an active rds-instance of checkout, 7 a month
    const before = (
      await b.store.monthlySpendByOwner(['group:default/checkout'])
    )['group:default/checkout'];
    const res = await patch(b.server, row).expect(200);
    expect(res.body).toMatchObject({
      taskId: row.taskId,
      kind: 'rds-instance',
      name: 'res-7',
      status: 'deleted',
      entityRef: 'resource:default/db-res-7',
    });
    expect(
      (await b.store.monthlySpendByOwner(['group:default/checkout']))[
        'group:default/checkout'
      ],
    ).toBe(before - 7);
    await b.store.upsertMany([row]);
    expect(await status(b, 7)).toBe('deleted');
    expect(b.auditor.events.map(e => e.status)).toEqual([
      'initiated',
      'succeeded',
    ]);
    expect(b.auditor.outcomes()).toEqual([
      {
        eventId: 'resource-update',
        severityLevel: 'medium',
        status: 'succeeded',
        meta: {
          queryType: 'mark-deleted',
          actor: 'user:default/alice',
          taskId: 'task-07',
          kind: 'rds-instance',
          name: 'res-7',
          requestedStatus: 'deleted',
          at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          owner: 'group:default/checkout',
          statusBefore: 'active',
          statusAfter: 'deleted',
          as: 'owner-member',
        },
      },
    ]);
  });

  it('counts a trusted user entity that names the owning group, though the group does not list them', async () => {
    b = await backendWith(AuthorizeResult.ALLOW);
    await patch(b.server, rows[3], undefined, as('carol')).expect(200);
    expect(await status(b, 3)).toBe('deleted');
  });

  it('refuses a member of another team even when the policy allows everything, and changes nothing', async () => {
    b = await backendWith(AuthorizeResult.ALLOW);
    const res = await patch(b.server, rows[7], undefined, as('bob')).expect(
      403,
    );
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'GP-RESOURCE-OWNER: only members of group:default/checkout (by trusted catalog sources) or of the platform groups (group:default/platform, group:default/sre) may change this record; user:default/bob is not one of them',
    });
    expect(await status(b, 7)).toBe('active');
    expect(b.auditor.outcomes()).toEqual([
      refusal(
        /^GP-RESOURCE-OWNER/,
        'group:default/checkout',
        'user:default/bob',
      ),
    ]);
  });

  it('ignores memberships only user-registered entities claim: a user entity naming the team, a look-alike platform group', async () => {
    b = await backendWith(AuthorizeResult.ALLOW);
    // mallory's own user entity says she is in checkout (and the catalog shows her as its member).
    expect(
      (await patch(b.server, rows[7], undefined, as('mallory')).expect(403))
        .body.error.message,
    ).toMatch(/^GP-RESOURCE-OWNER: .*user:default\/mallory is not one of them/);
    // eve registered a group named like a configured platform group, listing herself.
    expect(
      (await patch(b.server, rows[2], undefined, as('eve')).expect(403)).body
        .error.message,
    ).toMatch(/^GP-RESOURCE-OWNER: only members of group:default\/payments/);
    expect([await status(b, 7), await status(b, 2)]).toEqual([
      'active',
      'active',
    ]);
    expect(b.auditor.outcomes()).toEqual([
      refusal(/mallory/, 'group:default/checkout', 'user:default/mallory'),
      refusal(/eve/, 'group:default/payments', 'user:default/eve'),
    ]);
  });

  it("lets a member of a platform group change any team's record", async () => {
    b = await backendWith(AuthorizeResult.ALLOW);
    await patch(b.server, rows[2], undefined, as('pat')).expect(200);
    await patch(b.server, rows[7], undefined, as('pat')).expect(200);
    expect([await status(b, 2), await status(b, 7)]).toEqual([
      'deleted',
      'deleted',
    ]);
    expect(
      b.auditor.outcomes().map(e => [e.status, e.meta.owner, e.meta.as]),
    ).toEqual([
      ['succeeded', 'group:default/payments', 'platform-member'],
      ['succeeded', 'group:default/checkout', 'platform-member'],
    ]);
  });

  it('refuses services: no service belongs to a team', async () => {
    b = await backendWith(AuthorizeResult.ALLOW);
    const res = await patch(b.server, rows[7], undefined, service).expect(403);
    expect(res.body.error.message).toMatch(
      /^GP-RESOURCE-OWNER: .*; a service \(external:test-service\) may not$/,
    );
    expect(await status(b, 7)).toBe('active');
    expect(b.auditor.outcomes()).toEqual([
      expect.objectContaining({
        status: 'failed',
        meta: expect.objectContaining({
          actor: 'external:test-service',
          refusedBy: 'GP-RESOURCE-OWNER',
        }),
      }),
    ]);
  });

  it('answers 404 for an unknown resource and 400 for any other change, both audited', async () => {
    b = await backendWith(AuthorizeResult.ALLOW);
    expect(
      (await patch(b.server, 'task-99/s3-bucket/nope').expect(404)).body.error
        .message,
    ).toMatch(/No resource s3-bucket nope from task task-99/);
    expect(
      (await patch(b.server, rows[1], { status: 'active' }).expect(400)).body
        .error.message,
    ).toMatch(/only marking a resource deleted/);
    expect(await status(b, 1)).toBe('active');
    expect(b.auditor.outcomes().map(e => [e.status, e.meta.refusedBy])).toEqual(
      [
        ['failed', 'not-found'],
        ['failed', 'input'],
      ],
    );
  });

  it('requires golden-path.resources.update: a DENY refuses even the owner', async () => {
    b = await backendWith(AuthorizeResult.DENY);
    const res = await patch(b.server, rows[1]).expect(403);
    expect(res.body.error.message).toBe(
      'Not allowed to change the Golden Path inventory (golden-path.resources.update)',
    );
    expect(await status(b, 1)).toBe('active');
    expect(b.auditor.outcomes()).toEqual([
      expect.objectContaining({
        status: 'failed',
        meta: expect.objectContaining({
          actor: 'user:default/alice',
          refusedBy: 'golden-path.resources.update',
        }),
      }),
    ]);
  });

  describe('with a policy answering CONDITIONAL', () => {
    /** A permissions service whose policy answers `conditionsFor(user)` for golden-path.resources.update. */
    const conditional = (
      conditionsFor: (
        userRef: string,
      ) => Parameters<typeof createInventoryConditionalDecision>[1],
    ) =>
      mockServices.permissions.mock({
        authorizeConditional: async (queries, options) => {
          const userRef =
            (options?.credentials.principal as { userEntityRef?: string })
              .userEntityRef ?? '';
          return queries.map(
            (): PolicyDecision =>
              createInventoryConditionalDecision(
                resourcesUpdatePermission,
                conditionsFor(userRef),
              ),
          );
        },
      }).factory;

    it('applies the conditions to the record: platform-only refuses the owning team', async () => {
      b = await backendWith(AuthorizeResult.ALLOW, {
        permissions: conditional(userRef =>
          inventoryConditions.isPlatformMember({ userRef }),
        ),
      });
      const res = await patch(b.server, rows[1], undefined, as('alice')).expect(
        403,
      );
      expect(res.body.error.message).toBe(
        "Not allowed to change this Golden Path inventory record (golden-path.resources.update: the policy's conditions do not hold)",
      );
      expect(await status(b, 1)).toBe('active');
      await patch(b.server, rows[1], undefined, as('pat')).expect(200);
      expect(await status(b, 1)).toBe('deleted');
      expect(
        b.auditor
          .outcomes()
          .map(e => [e.status, e.meta.actor, e.meta.refusedBy]),
      ).toEqual([
        ['failed', 'user:default/alice', 'golden-path.resources.update'],
        ['succeeded', 'user:default/pat', undefined],
      ]);
    });

    it('owner-or-platform lets the owning team and the platform team through, and the floor still stops the rest', async () => {
      b = await backendWith(AuthorizeResult.ALLOW, {
        permissions: conditional(inventoryOwnerOrPlatform),
      });
      await patch(b.server, rows[1], undefined, as('alice')).expect(200);
      await patch(b.server, rows[3], undefined, as('pat')).expect(200);
      await patch(b.server, rows[5], undefined, as('bob')).expect(403);
      await patch(b.server, rows[5], undefined, as('mallory')).expect(403);
      expect([
        await status(b, 1),
        await status(b, 3),
        await status(b, 5),
      ]).toEqual(['deleted', 'deleted', 'active']);
    });

    it('evaluates a condition about the user it names, with trusted facts loaded for that user', async () => {
      // A policy naming a fixed user: pat passes the floor as a platform member; the condition is
      // about alice, so it holds only on alice's team's records.
      b = await backendWith(AuthorizeResult.ALLOW, {
        permissions: conditional(() =>
          inventoryConditions.isOwnerMember({ userRef: 'user:default/alice' }),
        ),
      });
      expect(
        (await patch(b.server, rows[2], undefined, as('pat'))).status,
      ).toBe(403);
      expect(
        (await patch(b.server, rows[1], undefined, as('pat'))).status,
      ).toBe(200);
      expect([await status(b, 2), await status(b, 1)]).toEqual([
        'active',
        'deleted',
      ]);
    });
  });
});

describe('golden-path-resource in the permission framework', () => {
  let b: Awaited<ReturnType<typeof backendWith>>;
  beforeAll(async () => {
    b = await backendWith(AuthorizeResult.ALLOW);
  });
  afterAll(() => b.stop());

  it('publishes the rules with their parameter schema and the resource permission', async () => {
    const res = await request(b.server)
      .get('/api/golden-path/.well-known/backstage/permissions/metadata')
      .set(service)
      .expect(200);
    expect(res.body.permissions).toEqual(
      expect.arrayContaining([
        {
          type: 'resource',
          name: 'golden-path.resources.update',
          attributes: { action: 'update' },
          resourceType: 'golden-path-resource',
        },
        {
          type: 'basic',
          name: 'golden-path.metrics.read',
          attributes: { action: 'read' },
        },
        {
          type: 'resource',
          name: 'golden-path.exception.approve',
          attributes: { action: 'update' },
          resourceType: 'golden-path-exception',
        },
      ]),
    );
    expect(
      res.body.rules.map((r: any) => [
        r.name,
        r.resourceType,
        r.paramsSchema.required,
      ]),
    ).toEqual([
      ['IS_OWNER_MEMBER', 'golden-path-resource', ['userRef']],
      ['IS_PLATFORM_MEMBER', 'golden-path-resource', ['userRef']],
      ['IS_EXCEPTION_APPROVER', 'golden-path-exception', ['userRef']],
      ['IS_NOT_EXCEPTION_REQUESTER', 'golden-path-exception', ['userRef']],
    ]);
  });

  it('answers the permission backend for records it loads with trusted facts (getResources)', async () => {
    const ask = (userRef: string, resourceRef: string | string[]) => ({
      id: `${userRef}:${resourceRef}`,
      resourceType: 'golden-path-resource',
      resourceRef,
      conditions: inventoryOwnerOrPlatform(userRef),
    });
    const res = await request(b.server)
      .post(
        '/api/golden-path/.well-known/backstage/permissions/apply-conditions',
      )
      .set(service)
      .send({
        items: [
          ask('user:default/alice', 'task-07/rds-instance/res-7'),
          ask('user:default/carol', 'task-07/rds-instance/res-7'),
          ask('user:default/bob', 'task-07/rds-instance/res-7'),
          ask('user:default/mallory', 'task-07/rds-instance/res-7'),
          ask('user:default/eve', 'task-07/rds-instance/res-7'),
          ask('user:default/pat', [
            'task-07/rds-instance/res-7',
            'task-02/github-repo/res-2',
            'task-99/s3-bucket/nope',
          ]),
        ],
      })
      .expect(200);
    expect(res.body.items.map((i: any) => i.result)).toEqual([
      'ALLOW',
      'ALLOW',
      'DENY',
      'DENY',
      'DENY',
      ['ALLOW', 'ALLOW', 'DENY'],
    ]);
  });
});
