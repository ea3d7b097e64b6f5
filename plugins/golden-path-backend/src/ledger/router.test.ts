import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { migratedClient } from '../service/ResourceStore';
import { Ledger } from './Ledger';
import { StepFailures } from './StepFailures';
import { ClaimedTasks } from '../metrics/ClaimedTasks';
import { createRecordWriter } from './recordWriter';
import { createRecordsRouter } from './router';
import { TaskLookup } from './steps';

const scaffolder = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:scaffolder'),
  targetPluginId: 'golden-path',
});
const catalog = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:catalog'),
  targetPluginId: 'golden-path',
});
const record = {
  state: 'requested',
  kind: 'rds-instance',
  name: 'db-1',
  owner: 'group:default/payments',
  environment: 'dev',
  monthlyCost: 40,
};
const body = {
  taskId: 't-1',
  stepId: 'db',
  actionId: 'golden-path:aws:rds:create',
  record,
};

/** The scaffolder's view of tasks: one running with an rds step, one finished. */
const tasks: TaskLookup = {
  async task(id) {
    const spec = {
      steps: [
        { id: 'db', action: 'golden-path:aws:rds:create' },
        { id: 'log', action: 'debug:log' },
      ],
      templateInfo: { entityRef: 'template:default/db' },
    };
    if (id === 't-1')
      return { status: 'processing', createdBy: 'user:default/jane', spec };
    if (id === 't-done')
      return { status: 'completed', createdBy: 'user:default/jane', spec };
    throw new Error('not found');
  },
};

/** The records door on `knex`, with `lookup` as the scaffolder's view of tasks. */
async function recordsApp(knex: Knex, lookup: TaskLookup) {
  const ledger = new Ledger(
    await migratedClient({ getClient: async () => knex } as any),
    {
      currency: 'USD',
      maxMonthlyPerRequest: 300,
      teamMonthly: { default: 100 },
      reservationTtlMs: 60_000,
    },
  );
  const stepFailures = new StepFailures(knex);
  const app = express();
  app.use(
    createRecordsRouter({
      writeRecord: createRecordWriter({
        ledger,
        stepFailures,
        tasks: lookup,
        logger: mockServices.logger.mock(),
      }),
      stepFailures,
      tasks: lookup,
      httpAuth: mockServices.httpAuth({ pluginId: 'golden-path' }),
    }),
  );
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return app;
}

const sqlite = () =>
  knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });

describe('POST /records', () => {
  let knex: Knex;
  let app: express.Express;

  beforeEach(async () => {
    knex = sqlite();
    app = await recordsApp(knex, tasks);
  });
  afterEach(() => knex.destroy());

  const post = (payload: unknown, auth = scaffolder) =>
    request(app)
      .post('/records')
      .set('Authorization', auth)
      .send(payload as object);
  const rows = () => knex('golden_path_resources').select();
  const stepFailures = () =>
    knex('golden_path_step_failures').select(
      'task_id',
      'step_id',
      'refused_by',
    );

  it('records a running task step’s reservation with the requester and template from the task', async () => {
    const res = await post(body).expect(200);
    expect(res.body.item).toMatchObject({
      status: 'pending',
      requester: 'user:default/jane',
      templateRef: 'template:default/db',
      monthlyCost: 40,
    });
  });

  it.each([
    [
      'a user',
      { ...body },
      mockCredentials.user.header('user:default/jane'),
      403,
    ],
    ['another plugin', { ...body }, catalog, 403],
    [
      'a step that does not exist',
      { ...body, stepId: 'nope' },
      scaffolder,
      403,
    ],
    [
      'a step running another action',
      { ...body, stepId: 'log' },
      scaffolder,
      403,
    ],
    [
      'an action that does not make that kind',
      { ...body, actionId: 'golden-path:aws:s3:create' },
      scaffolder,
      403,
    ],
    ['a finished task', { ...body, taskId: 't-done' }, scaffolder, 403],
    ['an unknown task', { ...body, taskId: 't-x' }, scaffolder, 403],
    [
      'a negative cost',
      { ...body, record: { ...record, monthlyCost: -1 } },
      scaffolder,
      400,
    ],
    [
      'a record that is not one',
      { ...body, record: 'created' },
      scaffolder,
      400,
    ],
  ])('refuses %s and writes nothing', async (_name, payload, auth, status) => {
    await post(payload, auth).expect(status);
    expect(await rows()).toEqual([]);
  });

  it('answers a budget refusal with 409 and the violation, and writes nothing', async () => {
    const res = await post({
      ...body,
      record: { ...record, monthlyCost: 150 },
    }).expect(409);
    expect(res.body.violations).toMatchObject([
      {
        ruleId: 'GP-BUDGET-TEAM-MONTHLY',
        kind: 'rds-instance',
        resource: 'db-1',
        fix: expect.any(String),
      },
    ]);
    expect(await rows()).toEqual([]);
    // The refusal is kept, so the metrics can tell it from a failure without the task's log.
    expect(await stepFailures()).toEqual([
      {
        task_id: 't-1',
        step_id: 'db',
        refused_by: '["GP-BUDGET-TEAM-MONTHLY"]',
      },
    ]);
  });

  describe('POST /records/step-failures', () => {
    const refusal = {
      taskId: 't-1',
      stepId: 'db',
      refusedBy: ['GP-OWNERSHIP'],
    };
    const postFailure = (payload: unknown, auth = scaffolder) =>
      request(app)
        .post('/records/step-failures')
        .set('Authorization', auth)
        .send(payload as object);

    it('records how a running task’s golden-path step failed, once per step', async () => {
      await postFailure(refusal).expect(204);
      await postFailure({ ...refusal, refusedBy: [] }).expect(204);
      expect(await stepFailures()).toEqual([
        { task_id: 't-1', step_id: 'db', refused_by: '["GP-OWNERSHIP"]' },
      ]);
      expect(await new StepFailures(knex).of(['t-1', 't-done'])).toEqual(
        new Map([['t-1', { refusedBy: ['GP-OWNERSHIP'] }]]),
      );
    });

    it('records a failure that was not a refusal', async () => {
      await postFailure({ ...refusal, refusedBy: [] }).expect(204);
      expect(await new StepFailures(knex).of(['t-1'])).toEqual(
        new Map([['t-1', { refusedBy: [] }]]),
      );
    });

    it.each([
      [
        'a user',
        refusal,
        mockCredentials.user.header('user:default/jane'),
        403,
      ],
      ['another plugin', refusal, catalog, 403],
      [
        'a step running another action',
        { ...refusal, stepId: 'log' },
        scaffolder,
        403,
      ],
      ['a finished task', { ...refusal, taskId: 't-done' }, scaffolder, 403],
      ['an unknown task', { ...refusal, taskId: 't-x' }, scaffolder, 403],
      [
        'an unknown rule',
        { ...refusal, refusedBy: ['GP-MADE-UP'] },
        scaffolder,
        400,
      ],
      ['no list of rules', { ...refusal, refusedBy: 'x' }, scaffolder, 400],
    ])(
      'refuses %s and records nothing',
      async (_name, payload, auth, status) => {
        await postFailure(payload, auth).expect(status);
        expect(await stepFailures()).toEqual([]);
      },
    );
  });
});

describe('POST /records, bound by the claims the scaffolder announced', () => {
  let knex: Knex;
  let app: express.Express;
  let asked: string[];
  const claimed = new ClaimedTasks();

  beforeEach(async () => {
    knex = sqlite();
    asked = [];
    // The scaffolder, asked only about tasks whose claim was not seen: it knows t-1 as finished.
    const scaffolderTasks = {
      async task(id: string) {
        asked.push(id);
        return {
          id,
          status: 'completed',
          createdAt: '2026-12-01T10:00:00Z',
          spec: { steps: [{ id: 'db', action: 'golden-path:aws:rds:create' }] },
        };
      },
    };
    app = await recordsApp(knex, claimed.lookup(scaffolderTasks));
    claimed.observe({
      id: 't-1',
      status: 'processing',
      createdAt: new Date('2026-12-01T10:00:00Z'),
      createdBy: 'user:default/jane',
      spec: {
        templateInfo: { entityRef: 'template:default/db' },
        steps: [
          { id: 'db', action: 'golden-path:aws:rds:create' },
          { id: 'log', action: 'debug:log' },
        ],
      },
    });
  });
  afterEach(() => knex.destroy());

  const post = (payload: unknown) =>
    request(app)
      .post('/records')
      .set('Authorization', scaffolder)
      .send(payload as object);

  it('binds a record to the claimed task’s step without asking the scaffolder', async () => {
    const res = await post(body).expect(200);
    expect(res.body.item).toMatchObject({
      requester: 'user:default/jane',
      templateRef: 'template:default/db',
    });
    expect(asked).toEqual([]);
  });

  it('refuses a step of the claimed task that runs another action', async () => {
    await post({ ...body, stepId: 'log' }).expect(403);
    expect(await knex('golden_path_resources').select()).toEqual([]);
  });

  it('asks the scaffolder once the task ended, and refuses (it is finished)', async () => {
    claimed.observe({
      id: 't-1',
      status: 'completed',
      createdAt: new Date('2026-12-01T10:00:00Z'),
      lastHeartbeatAt: new Date('2026-12-01T10:00:01Z'),
    });
    await post(body).expect(403);
    expect(asked).toEqual(['t-1']);
    expect(await knex('golden_path_resources').select()).toEqual([]);
  });
});
