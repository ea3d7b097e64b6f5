import * as RDS from '@aws-sdk/client-rds';
import {
  DEFAULT_PRICES,
  estimateMonthlyCost,
  ResourceRequest,
} from '@golden-path/plugin-golden-path-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  FakeAws,
  fakeAws,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import YAML from 'yaml';
import {
  dropEarlierDatabases,
  postgresConnection,
  startGoldenPathBackend,
} from '../integration/backend';
import { runTask, taskResources, waitForTemplates } from '../templates/helpers';

/**
 * The spend ledger through the real scaffolder: two backend instances (replicas) on one PostgreSQL
 * database, live mode, AWS mocked (the mock patches the SDK classes, so both replicas share it).
 */
type Ctx = Awaited<ReturnType<typeof startGoldenPathBackend>>;

const REGION = 'eu-west-1';
const costOf = (instanceClass: string, allocatedStorageGb = 50) =>
  estimateMonthlyCost(
    {
      kind: 'rds-instance',
      name: 'x',
      owner: 'x',
      environment: 'prod',
      region: REGION,
      instanceClass,
      allocatedStorageGb,
      multiAz: true,
    } as ResourceRequest,
    DEFAULT_PRICES,
  ).monthly;

// Prod databases are Multi-AZ: db.t4g.medium ~ USD 100/month, db.m7g.large ~ USD 250/month.
const MEDIUM = costOf('db.t4g.medium');
const LARGE = costOf('db.m7g.large');
const CAP = 300;
// payments (the default budget) fits one medium database, not two; platform has room for the rest.
const PAYMENTS_BUDGET = Math.round(MEDIUM * 1.5 * 100) / 100;

const prodDb = {
  environment: 'prod',
  instanceClass: 'db.t4g.medium',
  allocatedStorageGb: 50,
  dbName: 'app',
  costCenter: 'cc-7',
  waitForAvailable: false,
};

/** Two templates without `golden-path.io/replaces-ticket` and without a guardrails:check step. */
function writeTemplates(dir: string) {
  const step = (id: string, name: string, instanceClass: string) => ({
    id,
    name: `Create ${id}`,
    action: 'golden-path:aws:rds:create',
    input: {
      name,
      owner: '${{ parameters.owner }}',
      environment: 'prod',
      instanceClass,
      allocatedStorageGb: 50,
      dbName: 'app',
      costCenter: 'cc-7',
      waitForAvailable: false,
    },
  });
  const template = (name: string, steps: unknown[]) => ({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, title: name },
    spec: {
      owner: 'group:default/platform',
      type: 'resource',
      parameters: [
        {
          required: ['prefix', 'owner'],
          properties: { prefix: { type: 'string' }, owner: { type: 'string' } },
        },
      ],
      steps,
    },
  });
  const docs = [
    template('budget-two-large-dbs', [
      step('db1', '${{ parameters.prefix }}-1', 'db.m7g.large'),
      step('db2', '${{ parameters.prefix }}-2', 'db.m7g.large'),
    ]),
    template('budget-plain-db', [
      step('db', '${{ parameters.prefix }}', 'db.t4g.medium'),
    ]),
  ];
  const file = path.join(dir, 'templates.yaml');
  fs.writeFileSync(file, docs.map(d => YAML.stringify(d)).join('---\n'));
  return file;
}

describe('the spend ledger across two backend replicas on PostgreSQL', () => {
  const url = postgresConnection();
  const prefix = `gp_budget_${Date.now().toString(36)}_${Math.floor(
    Math.random() * 1e6,
  )}_`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-budget-'));
  let a: Ctx;
  let b: Ctx;
  let aws: FakeAws;

  const budget = async (owner: string) =>
    (
      await a
        .request()
        .get(`/api/golden-path/budget?owner=${owner}`)
        .set(a.auth)
        .expect(200)
    ).body;
  const rowsOf = (taskId: string) => taskResources(b, taskId);
  const creates = () => aws.sent().filter(c => c === 'CreateDBInstance').length;

  beforeAll(async () => {
    await dropEarlierDatabases(url, 'gp_budget_', prefix);
    // The cases below rest on these prices: one fits, two do not.
    if (
      !(
        MEDIUM < PAYMENTS_BUDGET &&
        2 * MEDIUM > PAYMENTS_BUDGET &&
        LARGE < CAP &&
        2 * LARGE > CAP
      )
    ) {
      throw new Error(
        `price assumptions changed: medium ${MEDIUM}, large ${LARGE}`,
      );
    }
    aws = fakeAws();
    const file = writeTemplates(dir);
    const options = {
      postgres: url,
      databasePrefix: prefix,
      catalogFiles: [file],
      config: {
        aws: aws.accountsConfig,
      },
      goldenPath: {
        mode: 'live',
        budget: {
          currency: 'USD',
          maxMonthlyPerRequest: CAP,
          teamMonthly: { default: PAYMENTS_BUDGET, platform: 5000 },
        },
      },
    };
    // One after the other: the first creates and migrates the shared databases. Replica a's
    // scaffolder writes records in-process, b's over HTTP (as a scaffolder in its own backend
    // would): whichever replica claims a task, both doors take from the same budgets.
    a = await startGoldenPathBackend(options);
    b = await startGoldenPathBackend({ ...options, recordsOverHttp: true });
    await Promise.all(
      [a, b].map(ctx =>
        waitForTemplates(ctx, [
          'postgres-database',
          'budget-two-large-dbs',
          'budget-plain-db',
        ]),
      ),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([a?.backend.stop(), b?.backend.stop()]);
    aws?.restore();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  beforeEach(() => aws.reset());

  it('(a) two concurrent runs on two replicas that together exceed the team budget: exactly one creates', async () => {
    const [one, two] = await Promise.all([
      runTask(a, 'postgres-database', {
        name: 'race-db-a',
        owner: 'group:default/payments',
        ...prodDb,
      }),
      runTask(b, 'postgres-database', {
        name: 'race-db-b',
        owner: 'group:default/payments',
        ...prodDb,
      }),
    ]);
    const runs = [one, two];
    expect(runs.map(r => r.status).sort()).toEqual(['completed', 'failed']);
    const failed = runs.find(r => r.status === 'failed')!;
    expect(failed.log.join('\n')).toContain('GP-BUDGET-TEAM-MONTHLY');
    expect(creates()).toBe(1);
    const created = aws.rds
      .commandCalls(RDS.CreateDBInstanceCommand)
      .map(c => c.args[0].input.DBInstanceIdentifier);
    expect(created).toEqual([
      runs.find(r => r.status === 'completed') === one
        ? 'race-db-a'
        : 'race-db-b',
    ]);
    // AWS holds that one database, with its baseline, and nothing else.
    expect(aws.resources().map(r => r.name)).toEqual(created);
    expect(aws.nonCompliant()).toEqual([]);
    expect((await budget('payments')).monthlySpend).toBeCloseTo(MEDIUM, 2);
    expect(
      (await rowsOf(failed.id)).filter(i =>
        ['active', 'creating', 'pending'].includes(i.status),
      ),
    ).toEqual([]);
  }, 90_000);

  it('(b) one run with two production databases over the per-run cap: the second is refused before its create', async () => {
    const run = await runTask(a, 'budget-two-large-dbs', {
      prefix: 'cap-db',
      owner: 'group:default/platform',
    });
    expect(run.status).toBe('failed');
    expect(run.log.join('\n')).toContain('GP-BUDGET-PER-REQUEST');
    expect(
      aws.rds
        .commandCalls(RDS.CreateDBInstanceCommand)
        .map(c => c.args[0].input.DBInstanceIdentifier),
    ).toEqual(['cap-db-1']);
    expect(aws.resources().map(r => r.name)).toEqual(['cap-db-1']);
    const rows = await rowsOf(run.id);
    // Accepted by RDS and still being created: it holds its cost like an active one.
    expect(rows.map(i => [i.name, i.status])).toEqual([
      ['cap-db-1', 'creating'],
    ]);
    expect(rows[0].monthlyCost).toBeCloseTo(LARGE, 2);
  }, 90_000);

  it('(c) a run that fails after reserving releases its reservation', async () => {
    const before = (await budget('platform')).monthlySpend;
    aws.fail('CreateDBInstance', 'InsufficientDBInstanceCapacityFault', {
      when: input => input.DBInstanceIdentifier === 'broken-db',
    });
    const run = await runTask(b, 'postgres-database', {
      name: 'broken-db',
      owner: 'group:default/platform',
      ...prodDb,
    });
    expect(run.status).toBe('failed');
    expect(run.log.join('\n')).toContain('InsufficientDBInstanceCapacity');
    expect(creates()).toBe(1);
    expect(aws.resources()).toEqual([]);
    expect((await budget('platform')).monthlySpend).toBeCloseTo(before, 2);
    expect((await rowsOf(run.id)).map(i => [i.name, i.status])).toEqual([
      ['broken-db', 'failed'],
    ]);
  }, 90_000);

  it('(d) a run of a template without golden-path.io/replaces-ticket counts against the budget', async () => {
    const before = (await budget('platform')).monthlySpend;
    const run = await runTask(b, 'budget-plain-db', {
      prefix: 'plain-db',
      owner: 'group:default/platform',
    });
    expect(run.status).toBe('completed');
    expect(creates()).toBe(1);
    expect((await budget('platform')).monthlySpend).toBeCloseTo(
      before + MEDIUM,
      2,
    );
    // Read through the other replica: the same ledger.
    expect(
      (await rowsOf(run.id)).map(i => [i.name, i.status, i.monthlyCost]),
    ).toEqual([['plain-db', 'creating', MEDIUM]]);
  }, 90_000);
});
