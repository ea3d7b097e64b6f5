import {
  createServiceFactory,
  PermissionsService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { canonicalRequest } from '@golden-path/plugin-golden-path-common';
import express from 'express';
import knexFactory from 'knex';
import request from 'supertest';
import { orgEntities, trustConfig } from '../inventory/testOrg';
import { TaskLookup } from '../ledger/steps';
import { goldenPathPlugin } from '../plugin';
import { recordingAuditor } from '../testUtils/recordingAuditor';
import { ExceptionStore } from './ExceptionStore';
import { expireExceptions } from './expiry';
import {
  createExceptionConditionalDecision,
  exceptionApproverNotRequester,
} from './permissions';
import { createRedeemRouter } from './redeemRouter';

const as = (user: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${user}`),
});
const scaffolder = {
  Authorization: mockCredentials.service.header({
    onBehalfOf: mockCredentials.service('plugin:scaffolder'),
    targetPluginId: 'golden-path',
  }),
};
/** bob (payments) asks for a production database of a class prod does not list. */
const bigDb = {
  kind: 'rds-instance',
  name: 'payments-migration-db',
  owner: 'group:default/payments',
  environment: 'prod',
  instanceClass: 'db.r6g.large',
  allocatedStorageGb: 20,
};
const ask = {
  request: bigDb,
  justification: 'Data migration week: the import needs the memory of an r6g.',
  durationDays: 5,
};
const goldenPath = {
  github: { org: 'acme' },
  aws: { region: 'eu-west-1' },
  trust: trustConfig,
  environments: {
    dev: {},
    prod: {
      rds: {
        instanceClasses: ['db.t4g.medium'],
        defaultInstanceClass: 'db.t4g.medium',
        subnetGroup: 'acme-prod-private',
        securityGroupIds: ['sg-prod'],
      },
      exceptions: { rules: ['GP-RDS-INSTANCE-CLASS'], maxDays: 7 },
    },
  },
};

function recordingNotifications() {
  const sent: NotificationSendOptions[] = [];
  return {
    sent,
    factory: createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({
        send: async (o: NotificationSendOptions) => void sent.push(o),
      }),
    }),
  };
}

/** Tasks as the scaffolder knows them: t-bob and t-bob-2 run bob's database step; t-alice runs alice's. */
const tasks: TaskLookup = {
  async task(id) {
    const spec = {
      steps: [{ id: 'db', action: 'golden-path:aws:rds:create' }],
    };
    const owners: Record<string, string> = {
      't-bob': 'user:default/bob',
      't-bob-2': 'user:default/bob',
      't-alice': 'user:default/alice',
    };
    if (owners[id])
      return { status: 'processing', createdBy: owners[id], spec };
    if (id === 't-done')
      return { status: 'completed', createdBy: 'user:default/bob', spec };
    throw new Error('not found');
  },
};

async function start(
  permissions: ServiceFactory<
    PermissionsService,
    'root' | 'plugin'
  > = mockServices.permissions.factory({
    result: AuthorizeResult.ALLOW,
  }),
) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const auditor = recordingAuditor();
  const notifications = recordingNotifications();
  const backend = await startTestBackend({
    features: [
      goldenPathPlugin,
      mockServices.rootConfig.factory({ data: { goldenPath } }),
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      permissions,
      catalogServiceMock.factory({ entities: orgEntities() }),
      auditor.factory,
      notifications.factory,
    ],
  });
  // The records door, on the same database, with a scaffolder whose tasks this test decides.
  const door = express();
  door.use(
    createRedeemRouter({
      store: new ExceptionStore(knex),
      tasks,
      httpAuth: mockServices.httpAuth({ pluginId: 'golden-path' }),
      auditor: auditor.auditor,
      logger: mockServices.logger.mock(),
    }),
  );
  door.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return {
    server: backend.server,
    door,
    knex,
    auditor,
    notifications,
    stop: async () => {
      await backend.stop();
      await knex.destroy();
    },
  };
}

let normalised: Record<string, unknown> | undefined;
const normalisedBigDb = () => normalised!;
type Started = Awaited<ReturnType<typeof start>>;
const api = (b: Started) => ({
  ask: (user: string, body: unknown = ask) =>
    request(b.server)
      .post('/api/golden-path/exceptions')
      .set(as(user))
      .send(body as object),
  list: (user: string, query = '') =>
    request(b.server).get(`/api/golden-path/exceptions${query}`).set(as(user)),
  decide: (
    user: string,
    id: string,
    decision = 'approve',
    comment = 'ok for the migration',
  ) =>
    request(b.server)
      .post(`/api/golden-path/exceptions/${id}/decision`)
      .set(as(user))
      .send({ decision, comment }),
  redeem: (taskId: string, extra: Record<string, unknown> = {}) =>
    request(b.door)
      .post('/records/exceptions')
      .set(scaffolder)
      .send({
        taskId,
        stepId: 'db',
        request: normalisedBigDb(),
        ruleIds: ['GP-RDS-INSTANCE-CLASS'],
        dryRun: false,
        ...extra,
      }),
});

describe('exceptions', () => {
  let b: Started;
  let call: ReturnType<typeof api>;
  beforeEach(async () => {
    b = await start();
    call = api(b);
  });
  afterEach(() => b.stop());

  /** bob asks, pat (platform) approves: the exception as approved. */
  async function approved() {
    const asked = await call.ask('bob').expect(201);
    normalised = asked.body.request;
    const decided = await call.decide('pat', asked.body.id).expect(200);
    return decided.body;
  }

  it('stores the exact canonical request, its cost and the team budget impact, and tells the approvers', async () => {
    const res = await call.ask('bob').expect(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      ruleIds: ['GP-RDS-INSTANCE-CLASS'],
      kind: 'rds-instance',
      name: 'payments-migration-db',
      owner: 'group:default/payments',
      environment: 'prod',
      currency: 'USD',
      teamMonthlySpend: 0,
      teamMonthlyBudget: 1000,
      requester: 'user:default/bob',
      durationDays: 5,
      approvers: 'group:default/platform',
      canDecide: false,
      deviations: [
        expect.objectContaining({
          ruleId: 'GP-RDS-INSTANCE-CLASS',
          field: 'instanceClass',
        }),
      ],
    });
    expect(res.body.monthlyCost).toBeGreaterThan(100);
    // Normalised: the defaults the action will build with are part of what is approved.
    expect(res.body.request).toMatchObject({
      ...bigDb,
      storageEncrypted: true,
      publiclyAccessible: false,
    });
    const row = await b.knex('golden_path_exceptions').first();
    expect(row.request).toBe(canonicalRequest(res.body.request));
    expect(b.notifications.sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: 'group:default/platform',
          excludeEntityRef: 'user:default/bob',
        },
        payload: expect.objectContaining({
          title: expect.stringContaining('payments-migration-db'),
          link: `/golden-path/exceptions/${res.body.id}`,
          topic: 'golden-path.exception',
        }),
      },
    ]);
    expect(b.auditor.outcomes()).toEqual([
      expect.objectContaining({
        eventId: 'exception-request',
        status: 'succeeded',
      }),
    ]);
    // The approver sees it as theirs to decide; the requester and a non-approver do not.
    const forPat = (await call.list('pat', '?status=pending').expect(200)).body
      .items;
    expect(forPat.map((e: any) => [e.id, e.canDecide])).toEqual([
      [res.body.id, true],
    ]);
    expect((await call.list('bob').expect(200)).body.items[0].canDecide).toBe(
      false,
    );
    expect((await call.list('alice').expect(200)).body.items[0].canDecide).toBe(
      false,
    );
  });

  it.each([
    [
      'a public database',
      { ...bigDb, publiclyAccessible: true },
      'GP-RDS-NOT-PUBLIC',
    ],
    [
      'unencrypted storage',
      { ...bigDb, storageEncrypted: false },
      'GP-RDS-ENCRYPTED',
    ],
    [
      'an environment that allows no exceptions',
      { ...bigDb, environment: 'dev' },
      'GP-RDS-INSTANCE-CLASS',
    ],
  ])(
    'offers no exception for %s: 400 naming the rule, nothing stored',
    async (_, requestBody, rule) => {
      const res = await call
        .ask('bob', { ...ask, request: requestBody })
        .expect(400);
      expect(res.body.error.message).toContain(rule);
      expect(res.body.error.message).toContain('cannot be excepted');
      expect(await b.knex('golden_path_exceptions').count({ n: '*' })).toEqual([
        { n: 0 },
      ]);
      expect(b.notifications.sent).toEqual([]);
    },
  );

  it('refuses to ask for what is allowed, for an owner the requester is not in, or for longer than maxDays', async () => {
    await call
      .ask('bob', {
        ...ask,
        request: { ...bigDb, instanceClass: 'db.t4g.medium' },
      })
      .expect(400);
    // alice is not in payments: GP-OWNERSHIP is never exceptable.
    expect((await call.ask('alice').expect(400)).body.error.message).toContain(
      'GP-OWNERSHIP',
    );
    expect(
      (await call.ask('bob', { ...ask, durationDays: 8 }).expect(400)).body
        .error.message,
    ).toContain('at most 7');
    await call.ask('bob', { ...ask, justification: 'short' }).expect(400);
    // services and anonymous callers do not ask
    await request(b.server)
      .post('/api/golden-path/exceptions')
      .set({ Authorization: mockCredentials.service.header() })
      .send(ask)
      .expect(403);
    await request(b.server)
      .post('/api/golden-path/exceptions')
      .send(ask)
      .expect(401);
    // one open exception per exact request
    await call.ask('bob').expect(201);
    await call.ask('bob').expect(409);
  });

  it('refuses self-approval and approvers outside the group (trusted sources only), and never decides twice', async () => {
    const asked = await call.ask('bob').expect(201);
    const id = asked.body.id;
    expect(
      (await call.decide('bob', id).expect(403)).body.error.message,
    ).toContain('GP-EXCEPTION-SELF-APPROVAL');
    // alice is in checkout; eve registered a look-alike platform group of her own: neither approves.
    for (const user of ['alice', 'eve', 'mallory'])
      expect(
        (await call.decide(user, id).expect(403)).body.error.message,
      ).toContain('GP-EXCEPTION-APPROVER');
    await call.decide('pat', id, 'maybe').expect(400);
    await call.decide('pat', id, 'approve', '').expect(400);
    const ok = await call
      .decide('pat', id, 'approve', 'fine for one week')
      .expect(200);
    expect(ok.body).toMatchObject({
      status: 'approved',
      decidedBy: 'user:default/pat',
      comment: 'fine for one week',
    });
    expect(Date.parse(ok.body.expiresAt) - Date.parse(ok.body.decidedAt)).toBe(
      5 * 86_400_000,
    );
    await call.decide('pat', id, 'deny').expect(409);
    expect(b.notifications.sent.at(-1)).toMatchObject({
      recipients: { type: 'entity', entityRef: 'user:default/bob' },
      payload: { title: expect.stringMatching(/^Exception approved/) },
    });
    const decisions = b.auditor
      .outcomes()
      .filter(e => e.eventId === 'exception-decision');
    expect(
      decisions.map(e => [e.status, e.meta.refusedBy ?? e.meta.status]),
    ).toEqual([
      ['failed', 'GP-EXCEPTION-SELF-APPROVAL'],
      ['failed', 'GP-EXCEPTION-APPROVER'],
      ['failed', 'GP-EXCEPTION-APPROVER'],
      ['failed', 'GP-EXCEPTION-APPROVER'],
      ['failed', 'input'],
      ['failed', 'error'],
      ['succeeded', 'approved'],
      ['failed', 'not-pending'],
    ]);
  });

  it('the requester cannot approve their own exception even as an approver', async () => {
    // pat (platform) asks for a platform-owned database, then tries to approve it.
    const asked = await call
      .ask('pat', {
        ...ask,
        request: { ...bigDb, owner: 'group:default/platform' },
      })
      .expect(201);
    expect(
      (await call.decide('pat', asked.body.id).expect(403)).body.error.message,
    ).toContain('GP-EXCEPTION-SELF-APPROVAL');
  });

  it('a run of the requester uses an approved exception once; every other use is refused', async () => {
    const exception = await approved();
    // Not yet approved requests, other requesters, other requests and finished tasks get nothing.
    expect((await call.redeem('t-alice').expect(200)).body).toEqual({});
    expect(
      (
        await call
          .redeem('t-bob', {
            request: { ...normalisedBigDb(), allocatedStorageGb: 21 },
          })
          .expect(200)
      ).body,
    ).toEqual({});
    expect(
      (
        await call
          .redeem('t-bob', {
            ruleIds: ['GP-RDS-INSTANCE-CLASS', 'GP-RDS-STORAGE'],
          })
          .expect(200)
      ).body,
    ).toEqual({});
    await call.redeem('t-done').expect(403);
    await call.redeem('t-nope').expect(403);
    // A dry run looks without taking.
    expect(
      (
        await call
          .redeem('t-x', { dryRun: true, userRef: 'user:default/bob' })
          .expect(200)
      ).body.exception.id,
    ).toBe(exception.id);
    expect(
      (
        await call
          .redeem('t-x', { dryRun: true, userRef: 'user:default/alice' })
          .expect(200)
      ).body,
    ).toEqual({});
    // bob's run takes it; its later steps may read it again; another run of bob's may not.
    const used = await call.redeem('t-bob').expect(200);
    expect(used.body.exception).toMatchObject({
      id: exception.id,
      ruleIds: ['GP-RDS-INSTANCE-CLASS'],
      approvedBy: 'user:default/pat',
      request: canonicalRequest(normalisedBigDb()),
    });
    expect((await call.redeem('t-bob').expect(200)).body.exception.id).toBe(
      exception.id,
    );
    expect((await call.redeem('t-bob-2').expect(200)).body).toEqual({});
    expect(
      (
        await call
          .redeem('t-x', { dryRun: true, userRef: 'user:default/bob' })
          .expect(200)
      ).body,
    ).toEqual({});
    const listed = (await call.list('bob', '?status=used').expect(200)).body
      .items;
    expect(listed.map((e: any) => [e.id, e.usedByTask])).toEqual([
      [exception.id, 't-bob'],
    ]);
    expect(
      b.auditor.outcomes().filter(e => e.eventId === 'exception-use'),
    ).toHaveLength(1);
    // Only the scaffolder's service principal may ask.
    await request(b.door)
      .post('/records/exceptions')
      .set(as('bob'))
      .send({
        taskId: 't-bob-2',
        stepId: 'db',
        request: normalisedBigDb(),
        ruleIds: ['GP-RDS-INSTANCE-CLASS'],
        dryRun: false,
      })
      .expect(403);
  });

  it('POST /policy/evaluate shows a user their approved exception applied, without using it', async () => {
    const evaluate = (user: string) =>
      request(b.server)
        .post('/api/golden-path/policy/evaluate')
        .set(as(user))
        .send({ request: bigDb })
        .expect(200);
    const before = (await evaluate('bob')).body;
    expect(before.allowed).toBe(false);
    expect(before.exceptionOffer).toEqual([
      expect.objectContaining({
        ruleIds: ['GP-RDS-INSTANCE-CLASS'],
        approvers: 'group:default/platform',
      }),
    ]);
    const exception = await approved();
    const after = (await evaluate('bob')).body;
    expect(after.allowed).toBe(true);
    expect(after.exceptionsUsed).toEqual([
      { id: exception.id, index: 0, ruleIds: ['GP-RDS-INSTANCE-CLASS'] },
    ]);
    // Looked at, not taken: a run can still use it.
    expect(
      (await call.list('bob', '?status=approved').expect(200)).body.items,
    ).toHaveLength(1);
    // A service naming bob as the requester is judged without his exceptions.
    const asService = await request(b.server)
      .post('/api/golden-path/policy/evaluate')
      .set({ Authorization: mockCredentials.service.header() })
      .send({
        request: bigDb,
        requester: {
          userRef: 'user:default/bob',
          groups: ['group:default/payments'],
        },
      })
      .expect(200);
    expect(asService.body.allowed).toBe(false);
  });

  it('an expired exception is listed as expired, cannot be used, and its expiry is audited once', async () => {
    const exception = await approved();
    await b
      .knex('golden_path_exceptions')
      .where({ id: exception.id })
      .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
    expect((await call.redeem('t-bob').expect(200)).body).toEqual({});
    const expiredIds = async () =>
      (await call.list('bob', '?status=expired').expect(200)).body.items.map(
        (e: any) => e.id,
      );
    expect(await expiredIds()).toEqual([exception.id]);
    expect(
      (await call.list('bob', '?status=approved').expect(200)).body.items,
    ).toEqual([]);
    // The scheduled pass stores it as expired and audits the change, once.
    const expire = () =>
      expireExceptions({
        store: new ExceptionStore(b.knex),
        auditor: b.auditor.auditor,
        logger: mockServices.logger.mock(),
      });
    expect(await expire()).toBe(1);
    expect(await expire()).toBe(0);
    expect(
      (
        await b
          .knex('golden_path_exceptions')
          .where({ id: exception.id })
          .first()
      ).status,
    ).toBe('expired');
    expect(await expiredIds()).toEqual([exception.id]);
    expect(
      b.auditor.outcomes().filter(e => e.eventId === 'exception-expire'),
    ).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        meta: expect.objectContaining({ exceptionId: exception.id }),
      }),
    ]);
    expect((await call.redeem('t-bob').expect(200)).body).toEqual({});
  });

  it('counts exceptions per rule and the approval wait', async () => {
    await approved();
    const denied = await call
      .ask('bob', { ...ask, request: { ...bigDb, name: 'other-db' } })
      .expect(201);
    await call
      .decide('pat', denied.body.id, 'deny', 'use the replica instead')
      .expect(200);
    const metrics = await request(b.server)
      .get('/api/golden-path/metrics/exceptions')
      .set(as('pat'))
      .expect(200);
    expect(metrics.body).toMatchObject({
      requested: 2,
      approved: 1,
      denied: 1,
      pending: 0,
      byRule: [{ ruleId: 'GP-RDS-INSTANCE-CLASS', requested: 2, approved: 1 }],
      approvalWaitHours: { decided: 2 },
    });
    expect(metrics.body.approvalWaitHours.median).toBeGreaterThanOrEqual(0);
  });
});

describe('golden-path-exception in the permission framework', () => {
  it('answers the permission backend with trusted approver facts (getResources)', async () => {
    const b = await start();
    try {
      const asked = await api(b).ask('bob').expect(201);
      const item = (user: string) => ({
        id: user,
        resourceType: 'golden-path-exception',
        resourceRef: asked.body.id,
        conditions: exceptionApproverNotRequester(`user:default/${user}`),
      });
      const res = await request(b.server)
        .post(
          '/api/golden-path/.well-known/backstage/permissions/apply-conditions',
        )
        .set({ Authorization: mockCredentials.service.header() })
        .send({ items: ['pat', 'bob', 'alice', 'eve'].map(item) })
        .expect(200);
      expect(res.body.items.map((i: any) => [i.id, i.result])).toEqual([
        ['pat', 'ALLOW'],
        ['bob', 'DENY'],
        ['alice', 'DENY'],
        ['eve', 'DENY'],
      ]);
    } finally {
      await b.stop();
    }
  });
});

describe('exceptions under a permission policy', () => {
  it('DENY refuses every decision; CONDITIONAL is applied with trusted facts', async () => {
    let decision: (user: string) => PolicyDecision = () => ({
      result: AuthorizeResult.DENY,
    });
    const permissions = createServiceFactory({
      service: mockServices.permissions.factory().service,
      deps: {},
      factory: () =>
        ({
          authorize: async () => [{ result: AuthorizeResult.ALLOW }],
          authorizeConditional: async (_: unknown, { credentials }: any) => [
            decision(credentials.principal.userEntityRef),
          ],
        } as unknown as PermissionsService),
    });
    const b = await start(permissions as any);
    const call = api(b);
    try {
      const asked = await call.ask('bob').expect(201);
      expect(
        (await call.decide('pat', asked.body.id).expect(403)).body.error
          .message,
      ).toContain('golden-path.exception.approve');
      // The usual conditional rule: approver and not requester. It holds for pat.
      decision = user =>
        createExceptionConditionalDecision(
          {
            type: 'resource',
            name: 'golden-path.exception.approve',
            attributes: { action: 'update' },
            resourceType: 'golden-path-exception',
          },
          exceptionApproverNotRequester(user),
        );
      await call.decide('pat', asked.body.id).expect(200);
      // A policy that only lets bob approve (as if he were an approver): the floor still refuses him.
      const second = await call
        .ask('bob', { ...ask, request: { ...bigDb, name: 'second-db' } })
        .expect(201);
      decision = () => ({ result: AuthorizeResult.ALLOW });
      await call.decide('bob', second.body.id).expect(403);
    } finally {
      await b.stop();
    }
  });
});
