import { isGuardrailViolation } from '@golden-path/plugin-golden-path-common';
import yaml from 'yaml';
import {
  actionContext,
  memoryCheckpoints,
  recordsOf,
  testGuardDeps,
  testPolicyService,
} from '../../../__testUtils__/context';
import { AwsAccessProvider } from '../../../aws/access';
import { StartedFakeAws, startFakeAws } from '../../../testUtils';
import {
  attemptsToFail,
  TRANSPORTS,
} from '../../../testUtils/awsWire/transports';
import { createRdsInstanceAction } from './action';
import { examples } from './examples';

const input = {
  name: 'payments-db',
  owner: 'group:default/payments',
  environment: 'dev',
};
let aws: StartedFakeAws;
const action = (access?: AwsAccessProvider) =>
  createRdsInstanceAction({
    policy: testPolicyService('live'),
    ...testGuardDeps,
    aws: access ?? aws.access,
    pollMs: 1,
  });

describe.each(TRANSPORTS)('golden-path:aws:rds:create (%s)', transport => {
  beforeEach(async () => {
    aws = await startFakeAws({ transport, creatingPolls: 2 });
  });
  afterEach(() => aws.stop());

  it('sends one CreateDBInstance with the whole baseline (dev profile)', async () => {
    const ctx = actionContext(input);
    await action().handler(ctx);
    expect(aws.sent()).toEqual(['CreateDBInstance']);
    expect(aws.calls()[0].input).toEqual({
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
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-payments-db-AbCdEf',
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
    expect(aws.calls()[0].input).toMatchObject({
      DBInstanceClass: 'db.t4g.medium',
      MultiAZ: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
      DBSubnetGroupName: 'acme-prod-private',
    });
    expect(aws.sent()).toEqual([
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
      'payments-db-prod.c9akciq32.eu-west-1.rds.amazonaws.com:5433',
    );
    // Having waited, the action confirms it with the endpoint itself.
    expect(recordsOf(ctx).map(r => [r.state, r.endpoint])).toEqual([
      ['requested', undefined],
      ['creating', undefined],
      [
        'created',
        'payments-db-prod.c9akciq32.eu-west-1.rds.amazonaws.com:5433',
      ],
    ]);
  });

  it('by default returns once RDS accepted the request: the record says creating, no endpoint yet', async () => {
    const ctx = actionContext(input);
    await action().handler(ctx);
    expect(aws.sent()).toEqual(['CreateDBInstance']);
    expect(aws.resource('payments-db')?.status).toBe('creating');
    expect(recordsOf(ctx).map(r => [r.state, r.externalId])).toEqual([
      ['requested', undefined],
      ['creating', 'arn:aws:rds:eu-west-1:123456789012:db:payments-db'],
    ]);
    expect(ctx.output).toHaveBeenCalledWith('planned', false);
  });

  it('waiting: an instance RDS fails to create fails the step, the record left to the reconciler', async () => {
    aws.drift(input.name, { DBInstanceStatus: 'incompatible-network' });
    const ctx = actionContext({ ...input, waitForAvailable: true });
    await expect(action().handler(ctx)).rejects.toThrow(
      'DB instance payments-db ended in status incompatible-network',
    );
    expect(recordsOf(ctx).map(r => r.state)).toEqual(['requested', 'creating']);
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
    expect(aws.calls()).toHaveLength(0);
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
      aws.fail(step, error, { times: attemptsToFail(transport, error) });
      const failed = actionContext(
        { ...input, waitForAvailable: true },
        { checkpoints },
      );
      await expect(action().handler(failed)).rejects.toThrow();
      expect(aws.nonCompliant()).toEqual([]);
      expect(aws.resources()).toHaveLength(step === 'CreateDBInstance' ? 0 : 1);
      // Creating only when the instance exists: a failed create is never reported as one.
      expect(recordsOf(failed).map(r => r.state)).toEqual(
        step === 'CreateDBInstance'
          ? ['requested', 'failed']
          : ['requested', 'creating'],
      );
      const ctx = actionContext(
        { ...input, waitForAvailable: true },
        { checkpoints },
      );
      await action().handler(ctx);
      expect(aws.resource('payments-db')?.status).toBe('available');
      // One create succeeds; beside it only the failed attempts (on the wire the SDK's own
      // retries of a throttle are attempts too).
      const creates = aws.calls().filter(c => c.command === 'CreateDBInstance');
      expect(creates.filter(c => !c.error)).toHaveLength(1);
      expect(creates.length).toBeLessThanOrEqual(
        1 + attemptsToFail(transport, error),
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'endpoint',
        expect.stringContaining('payments-db'),
      );
    },
  );

  it('a single throttle fails the step through the mock, and is retried by the SDK on the wire', async () => {
    aws.fail('CreateDBInstance', 'ThrottlingException');
    const outcome = await action()
      .handler(actionContext(input))
      .then(
        () => 'completed',
        (e: Error) =>
          /ThrottlingException/.test(e.message) ? 'throttled' : e.message,
      );
    // Through the mock `send` is replaced, so no SDK retry runs and the action sees the throttle;
    // the real client retries it itself, so the action never sees it.
    expect({
      outcome,
      calls: aws.calls().map(c => [c.command, c.error]),
      instances: aws.resources().length,
    }).toEqual(
      transport === 'mock'
        ? {
            outcome: 'throttled',
            calls: [['CreateDBInstance', 'ThrottlingException']],
            instances: 0,
          }
        : {
            outcome: 'completed',
            calls: [
              ['CreateDBInstance', 'ThrottlingException'],
              ['CreateDBInstance', undefined],
            ],
            instances: 1,
          },
    );
    expect(aws.nonCompliant()).toEqual([]);
  });

  it('refuses an instance of the same name that this task did not create', async () => {
    await action().handler(actionContext(input, { taskId: 'someone-else' }));
    await expect(action().handler(actionContext(input))).rejects.toThrow(
      /already exists and was not created by this run/,
    );
  });

  it('fails with a clear message when the wait times out, leaving a compliant instance', async () => {
    await aws.stop();
    aws = await startFakeAws({ transport, creatingPolls: 1000 });
    const ctx = actionContext({
      ...input,
      waitForAvailable: true,
      timeoutMinutes: 0.0001,
    });
    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error.message).toMatch(
      /is not available after .* min \(status creating\); it exists and meets the baseline, and the inventory shows its endpoint once RDS says it is available/,
    );
    expect(aws.nonCompliant()).toEqual([]);
    expect(aws.resource('payments-db')?.status).toBe('creating');
    // It exists and meets the baseline: the inventory hears it is creating, with its ARN.
    expect(recordsOf(ctx).map(r => [r.state, r.externalId])).toEqual([
      ['requested', undefined],
      ['creating', 'arn:aws:rds:eu-west-1:123456789012:db:payments-db'],
    ]);
  });

  it('plans without credentials', async () => {
    const ctx = actionContext(input);
    await action(async () => ({ accountId: '123456789012' })).handler(ctx);
    expect(aws.calls()).toHaveLength(0);
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

  it.each([
    [
      'storage encryption',
      { StorageEncrypted: false },
      'storage is not encrypted',
    ],
    [
      'public access',
      { PubliclyAccessible: true },
      'it is publicly accessible',
    ],
    [
      'the managed master password',
      { MasterUserSecret: undefined },
      'the master password is not managed by Secrets Manager',
    ],
    [
      'backup retention',
      { BackupRetentionPeriod: 1 },
      'backup retention is 1 days, not 7',
    ],
  ])(
    'when AWS answers with %s other than requested: fails naming the check, deletes the instance, and a retry converges',
    async (_check, change, problem) => {
      const checkpoints = memoryCheckpoints();
      aws.drift(input.name, change);
      const ctx = actionContext(input, { checkpoints });
      await expect(action().handler(ctx)).rejects.toThrow(
        `DB instance payments-db was created without the baseline: ${problem}`,
      );
      expect(aws.sent()).toEqual(['CreateDBInstance', 'DeleteDBInstance']);
      expect(aws.calls()[1].input).toEqual({
        DBInstanceIdentifier: 'payments-db',
        SkipFinalSnapshot: true,
        DeleteAutomatedBackups: true,
      });
      expect(aws.resources()).toEqual([]);
      expect(recordsOf(ctx).map(r => r.state)).toEqual(['requested', 'failed']);
      await action().handler(actionContext(input, { checkpoints }));
      expect(aws.resources()).toEqual([
        expect.objectContaining({ name: 'payments-db', problems: [] }),
      ]);
    },
  );

  it('in prod: deletes an instance AWS created without the deletion protection it was asked for', async () => {
    aws.drift('payments-db-prod', { DeletionProtection: false });
    await expect(
      action().handler(
        actionContext({
          ...input,
          name: 'payments-db-prod',
          environment: 'prod',
          costCenter: 'cc-1',
        }),
      ),
    ).rejects.toThrow(
      /created without the baseline: deletion protection is off/,
    );
    expect(aws.resources()).toEqual([]);
  });

  it('verifies an adopted instance too', async () => {
    // An earlier attempt of this task created it; since then it was made public.
    await action().handler(actionContext(input));
    aws.drift(input.name, { PubliclyAccessible: true });
    await expect(action().handler(actionContext(input))).rejects.toThrow(
      /created without the baseline: it is publicly accessible/,
    );
    expect(aws.resources()).toEqual([]);
  });

  it.each(examples.map((e, i) => [e.description, i] as const))(
    'runs the example "%s": one instance with the whole baseline',
    async (_d, i) => {
      const exampleInput = yaml.parse(examples[i].example).steps[0].input;
      const ctx = actionContext(exampleInput);
      await action().handler(ctx);
      const prod = exampleInput.environment === 'prod';
      expect(aws.nonCompliant()).toEqual([]);
      const db = aws.resources();
      expect(db).toEqual([
        expect.objectContaining({
          service: 'rds',
          name: exampleInput.name,
          arn: `arn:aws:rds:eu-west-1:123456789012:db:${exampleInput.name}`,
          status: exampleInput.waitForAvailable ? 'available' : 'creating',
          tags: expect.objectContaining({
            'golden-path:owner': exampleInput.owner,
            'golden-path:task-id': 'task-1',
            'golden-path:requester': 'user:default/jane',
          }),
          problems: [],
        }),
      ]);
      expect(db[0].settings).toMatchObject({
        StorageEncrypted: true,
        PubliclyAccessible: false,
        DeletionProtection: prod,
        MultiAZ: prod,
        BackupRetentionPeriod: prod ? 14 : 7,
        DBSubnetGroup: {
          DBSubnetGroupName: prod ? 'acme-prod-private' : 'acme-dev-private',
        },
        DbInstancePort: 5433,
        MasterUsername: 'gp_admin',
        MasterUserSecret: {
          SecretArn: expect.stringContaining('secretsmanager'),
        },
        IAMDatabaseAuthenticationEnabled: true,
      });
      expect(db[0].settings.MasterUserPassword).toBeUndefined();
      expect(ctx.output).toHaveBeenCalledWith(
        'masterSecretArn',
        db[0].settings.MasterUserSecret.SecretArn,
      );
      // The endpoint output is what AWS describes, once the instance is available.
      expect(
        (ctx.output as jest.Mock).mock.calls.filter(([k]) => k === 'endpoint'),
      ).toEqual(
        exampleInput.waitForAvailable
          ? [['endpoint', `${db[0].settings.Endpoint.Address}:5433`]]
          : [],
      );
    },
  );
});
