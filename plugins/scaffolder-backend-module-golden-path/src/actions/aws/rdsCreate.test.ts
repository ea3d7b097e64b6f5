import { isGuardrailViolation } from '@golden-path/plugin-golden-path-common';
import yaml from 'yaml';
import {
  actionContext,
  memoryCheckpoints,
  recordsOf,
  testGuardDeps,
  testPolicyService,
} from '../../__testUtils__/context';
import { fakeRds, testAws } from '../../__testUtils__/awsFakes';
import { createRdsInstanceAction } from './rdsCreate';
import { examples } from './rdsCreate.examples';

const input = {
  name: 'payments-db',
  owner: 'group:default/payments',
  environment: 'dev',
};
const action = (aws = testAws) =>
  createRdsInstanceAction({
    policy: testPolicyService('live'),
    ...testGuardDeps,
    aws,
    pollMs: 1,
  });

describe('golden-path:aws:rds:create', () => {
  let rds: ReturnType<typeof fakeRds>;
  beforeEach(() => {
    rds = fakeRds(2);
  });
  afterEach(() => rds.mock.restore());

  it('sends one CreateDBInstance with the whole baseline (dev profile)', async () => {
    const ctx = actionContext(input);
    await action().handler(ctx);
    expect(rds.sent()).toEqual(['CreateDBInstance']);
    expect(rds.mock.call(0).args[0].input).toEqual({
      DBInstanceIdentifier: 'payments-db',
      Engine: 'postgres',
      EngineVersion: '17',
      DBInstanceClass: 'db.t4g.micro',
      AllocatedStorage: 20,
      MaxAllocatedStorage: 200,
      StorageType: 'gp3',
      StorageEncrypted: true,
      PubliclyAccessible: false,
      DBSubnetGroupName: 'acme-dev-private',
      VpcSecurityGroupIds: ['sg-dev'],
      MultiAZ: false,
      DeletionProtection: false,
      BackupRetentionPeriod: 7,
      AutoMinorVersionUpgrade: true,
      CopyTagsToSnapshot: true,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      EnableIAMDatabaseAuthentication: true,
      Port: 5433,
      MasterUsername: 'gp_admin',
      ManageMasterUserPassword: true,
      Tags: expect.arrayContaining([
        { Key: 'golden-path:task-id', Value: 'task-1' },
        { Key: 'golden-path:owner', Value: 'group:default/payments' },
      ]),
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'masterSecretArn',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-payments-db',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'arn',
      'arn:aws:rds:eu-west-1:123456789012:db:payments-db',
    );
    expect(ctx.output).not.toHaveBeenCalledWith('endpoint', expect.anything());
  });

  it('in prod: Multi-AZ, deletion protection, 14-day backups; waits for the endpoint with progress', async () => {
    const ctx = actionContext({
      ...input,
      name: 'payments-db-prod',
      environment: 'prod',
      costCenter: 'cc-1',
      waitForAvailable: true,
    });
    await action().handler(ctx);
    expect(rds.mock.call(0).args[0].input).toMatchObject({
      DBInstanceClass: 'db.t4g.medium',
      MultiAZ: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
      DBSubnetGroupName: 'acme-prod-private',
    });
    expect(rds.sent()).toEqual([
      'CreateDBInstance',
      'DescribeDBInstances',
      'DescribeDBInstances',
      'DescribeDBInstances',
    ]);
    expect(ctx.lines.join('\n')).toMatch(
      /DB instance payments-db-prod: creating \(\d+s\)[\s\S]*DB instance payments-db-prod: available/,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'endpoint',
      'payments-db-prod.abc.eu-west-1.rds.amazonaws.com:5433',
    );
  });

  it.each([
    [
      'a master password',
      { masterPassword: 'hunter2hunter2' },
      'GP-RDS-MANAGED-PASSWORD',
    ],
    ['a public endpoint', { publiclyAccessible: true }, 'GP-RDS-NOT-PUBLIC'],
    [
      'an instance class off the list',
      { instanceClass: 'db.r6g.large' },
      'GP-RDS-INSTANCE-CLASS',
    ],
    ['too much storage', { allocatedStorageGb: 5000 }, 'GP-RDS-STORAGE'],
    [
      'one day of backups',
      { backupRetentionDays: 1 },
      'GP-RDS-BACKUP-RETENTION',
    ],
    [
      'no deletion protection in prod',
      { environment: 'prod', costCenter: 'x', deletionProtection: false },
      'GP-RDS-DELETION-PROTECTION',
    ],
    ['another team', { owner: 'group:default/checkout' }, 'GP-OWNERSHIP'],
  ])('refuses %s and sends no command', async (_label, change, rule) => {
    const error = await action()
      .handler(actionContext({ ...input, ...change }))
      .catch(e => e);
    expect(isGuardrailViolation(error) || error.name === 'InputError').toBe(
      true,
    );
    expect(error.message).toContain(rule);
    expect(rds.mock.calls()).toHaveLength(0);
  });

  it.each([
    ['CreateDBInstance', 'ThrottlingException'],
    ['CreateDBInstance', 'AccessDenied'],
    ['CreateDBInstance', 'DBInstanceAlreadyExistsFault'],
    ['DescribeDBInstances', 'ThrottlingException'],
    ['DescribeDBInstances', 'AccessDenied'],
  ])(
    'after %s fails with %s: nothing non-compliant exists and a retry converges',
    async (step, error) => {
      const checkpoints = memoryCheckpoints();
      rds.faults.set(step, error);
      const failed = actionContext(
        { ...input, waitForAvailable: true },
        { checkpoints },
      );
      await expect(action().handler(failed)).rejects.toThrow();
      expect(rds.compliant()).toBe(true);
      // Created only when the instance exists: a failed create is never reported as one.
      expect(recordsOf(failed).map(r => r.state)).toEqual(
        step === 'CreateDBInstance'
          ? ['requested', 'failed']
          : ['requested', 'created'],
      );
      const ctx = actionContext(
        { ...input, waitForAvailable: true },
        { checkpoints },
      );
      await action().handler(ctx);
      expect(rds.db.DBInstanceStatus).toBe('available');
      expect(
        rds.sent().filter(c => c === 'CreateDBInstance').length,
      ).toBeLessThanOrEqual(2);
      expect(ctx.output).toHaveBeenCalledWith(
        'endpoint',
        expect.stringContaining('payments-db'),
      );
    },
  );

  it('refuses an instance of the same name that this task did not create', async () => {
    await action().handler(actionContext(input, { taskId: 'someone-else' }));
    await expect(action().handler(actionContext(input))).rejects.toThrow(
      /already exists and was not created by this run/,
    );
  });

  it('fails with a clear message when the wait times out, leaving a compliant instance', async () => {
    rds = (rds.mock.restore(), fakeRds(1000));
    const ctx = actionContext({
      ...input,
      waitForAvailable: true,
      timeoutMinutes: 0.0001,
    });
    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error.message).toMatch(
      /is not available after .* min \(status creating\); it exists and meets the baseline, retry the task to keep waiting/,
    );
    expect(rds.compliant()).toBe(true);
    // It exists and meets the baseline: the inventory hears it was created, with its ARN.
    expect(recordsOf(ctx).map(r => [r.state, r.externalId])).toEqual([
      ['requested', undefined],
      ['created', 'arn:aws:rds:eu-west-1:123456789012:db:payments-db'],
    ]);
  });

  it('plans without credentials', async () => {
    const ctx = actionContext(input);
    await action(async () => ({ accountId: '123456789012' })).handler(ctx);
    expect(rds.mock.calls()).toHaveLength(0);
    expect(ctx.lines.join('\n')).toContain(
      'CreateDBInstance {"DBInstanceIdentifier":"payments-db"',
    );
    expect(ctx.output).toHaveBeenCalledWith('planned', true);
    expect(recordsOf(ctx)).toMatchObject([
      {
        state: 'planned',
        kind: 'rds-instance',
        name: 'payments-db',
        externalId: 'arn:aws:rds:eu-west-1:123456789012:db:payments-db',
        monthlyCost: expect.any(Number),
      },
    ]);
  });

  it.each(examples.map((e, i) => [e.description, i] as const))(
    'runs the example "%s"',
    async (_d, i) => {
      await action().handler(
        actionContext(yaml.parse(examples[i].example).steps[0].input),
      );
      expect(rds.compliant()).toBe(true);
    },
  );
});
