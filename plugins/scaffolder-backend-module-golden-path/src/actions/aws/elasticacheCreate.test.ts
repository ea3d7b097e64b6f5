import { isGuardrailViolation } from '@golden-path/plugin-golden-path-common';
import yaml from 'yaml';
import {
  actionContext,
  memoryCheckpoints,
  recordsOf,
  testGuardDeps,
  testPolicyService,
} from '../../__testUtils__/context';
import { fakeElastiCache, testAws } from '../../__testUtils__/awsFakes';
import { createElastiCacheAction } from './elasticacheCreate';
import { examples } from './elasticacheCreate.examples';

const input = {
  name: 'payments-cache',
  owner: 'group:default/payments',
  environment: 'dev',
};
const action = (aws = testAws) =>
  createElastiCacheAction({
    policy: testPolicyService('live'),
    ...testGuardDeps,
    aws,
    pollMs: 1,
  });

describe('golden-path:aws:elasticache:create', () => {
  let ec: ReturnType<typeof fakeElastiCache>;
  beforeEach(() => {
    ec = fakeElastiCache();
  });
  afterEach(() => ec.mock.restore());

  it('sends one CreateReplicationGroup with the whole baseline (dev profile)', async () => {
    await action().handler(actionContext(input));
    expect(ec.sent()).toEqual(['CreateReplicationGroup']);
    expect(ec.mock.call(0).args[0].input).toEqual({
      ReplicationGroupId: 'payments-cache',
      ReplicationGroupDescription:
        'Golden Path valkey for group:default/payments',
      Engine: 'valkey',
      EngineVersion: '8.0',
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: 1,
      AutomaticFailoverEnabled: false,
      MultiAZEnabled: false,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      UserGroupIds: ['acme-dev-users'],
      SnapshotRetentionLimit: 1,
      CacheSubnetGroupName: 'acme-dev-private',
      SecurityGroupIds: ['sg-dev-cache'],
      AutoMinorVersionUpgrade: true,
      Tags: expect.arrayContaining([
        { Key: 'golden-path:task-id', Value: 'task-1' },
      ]),
    });
  });

  it('in prod: two nodes with failover and Multi-AZ, 7-day snapshots; waits for the endpoint', async () => {
    const ctx = actionContext({
      ...input,
      environment: 'prod',
      costCenter: 'cc-1',
      waitForAvailable: true,
    });
    await action().handler(ctx);
    expect(ec.mock.call(0).args[0].input).toMatchObject({
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      SnapshotRetentionLimit: 7,
      CacheNodeType: 'cache.t4g.small',
      UserGroupIds: ['acme-prod-users'],
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'endpoint',
      'master.payments-cache.cache.amazonaws.com:6379',
    );
  });

  it('reports the verified group to the inventory with its ARN, console page and component', async () => {
    const ctx = actionContext({
      ...input,
      component: 'component:default/payments-api',
    });
    await action().handler(ctx);
    const created = recordsOf(ctx).find(r => r.state === 'created');
    expect(created).toMatchObject({
      kind: 'elasticache-redis',
      externalId: expect.stringMatching(/^arn:aws:elasticache:/),
      url: expect.stringContaining('console.aws.amazon.com/elasticache'),
      component: 'component:default/payments-api',
    });
  });

  it('deletes a group AWS created with transit encryption only "preferred"', async () => {
    ec = (ec.mock.restore(), fakeElastiCache({ transitMode: 'preferred' }));
    const ctx = actionContext(input);
    await expect(action().handler(ctx)).rejects.toThrow(
      /created without the baseline: transit encryption mode is preferred, not required/,
    );
    expect(ec.sent()).toEqual([
      'CreateReplicationGroup',
      'DeleteReplicationGroup',
    ]);
    expect(ec.group).toBeUndefined();
    expect(recordsOf(ctx).map(r => r.state)).toEqual(['requested', 'failed']);
  });

  it.each([
    ['no authentication', { auth: 'none' }, 'GP-EC-AUTH'],
    [
      'no transit encryption',
      { transitEncryption: false },
      'GP-EC-ENCRYPTION-IN-TRANSIT',
    ],
    [
      'Redis 6',
      { engine: 'redis', engineVersion: '6.2' },
      'GP-EC-ENGINE-VERSION',
    ],
    [
      'one node in prod',
      { environment: 'prod', costCenter: 'x', nodes: 1 },
      'GP-EC-FAILOVER',
    ],
    [
      'a node type off the list',
      { nodeType: 'cache.r7g.large' },
      'GP-EC-NODE-TYPE',
    ],
    ['no snapshots', { snapshotRetentionDays: 0 }, 'GP-EC-BACKUPS'],
  ])('refuses %s and sends no command', async (_label, change, rule) => {
    const error = await action()
      .handler(actionContext({ ...input, ...change }))
      .catch(e => e);
    expect(isGuardrailViolation(error) || error.name === 'InputError').toBe(
      true,
    );
    expect(error.message).toContain(rule);
    expect(ec.mock.calls()).toHaveLength(0);
  });

  it.each([
    ['CreateReplicationGroup', 'ThrottlingException'],
    ['CreateReplicationGroup', 'AccessDenied'],
    ['CreateReplicationGroup', 'ReplicationGroupAlreadyExistsFault'],
    ['DescribeReplicationGroups', 'ThrottlingException'],
    ['DescribeReplicationGroups', 'AccessDenied'],
  ])(
    'after %s fails with %s: nothing non-compliant exists and a retry converges',
    async (step, error) => {
      const checkpoints = memoryCheckpoints();
      ec.faults.set(step, error);
      await expect(
        action().handler(
          actionContext({ ...input, waitForAvailable: true }, { checkpoints }),
        ),
      ).rejects.toThrow();
      expect(ec.compliant()).toBe(true);
      const ctx = actionContext(
        { ...input, waitForAvailable: true },
        { checkpoints },
      );
      await action().handler(ctx);
      expect(ec.group.Status).toBe('available');
      expect(ctx.output).toHaveBeenCalledWith(
        'endpoint',
        expect.stringContaining('payments-cache'),
      );
    },
  );

  it('refuses a group of the same name that this task did not create', async () => {
    await action().handler(actionContext(input, { taskId: 'someone-else' }));
    await expect(action().handler(actionContext(input))).rejects.toThrow(
      /already exists and was not created by this run/,
    );
  });

  it('plans without credentials', async () => {
    const ctx = actionContext(input);
    await action(async () => ({ accountId: '123456789012' })).handler(ctx);
    expect(ec.mock.calls()).toHaveLength(0);
    expect(ctx.output).toHaveBeenCalledWith('planned', true);
    expect(recordsOf(ctx)).toMatchObject([
      {
        state: 'planned',
        kind: 'elasticache-redis',
        name: input.name,
        region: 'eu-west-1',
      },
    ]);
  });

  it.each(examples.map((e, i) => [e.description, i] as const))(
    'runs the example "%s"',
    async (_d, i) => {
      await action().handler(
        actionContext(yaml.parse(examples[i].example).steps[0].input),
      );
      expect(ec.compliant()).toBe(true);
    },
  );
});
