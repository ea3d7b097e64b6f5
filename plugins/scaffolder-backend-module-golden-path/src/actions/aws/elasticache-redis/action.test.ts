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
import { createElastiCacheAction } from './action';
import { examples } from './examples';

const input = {
  name: 'payments-cache',
  owner: 'group:default/payments',
  environment: 'dev',
};
let aws: StartedFakeAws;
const action = (access?: AwsAccessProvider) =>
  createElastiCacheAction({
    policy: testPolicyService('live'),
    ...testGuardDeps,
    aws: access ?? aws.access,
    pollMs: 1,
  });

describe.each(TRANSPORTS)(
  'golden-path:aws:elasticache:create (%s)',
  transport => {
    beforeEach(async () => {
      aws = await startFakeAws({ transport, creatingPolls: 1 });
    });
    afterEach(() => aws.stop());

    it('sends one CreateReplicationGroup with the whole baseline (dev profile)', async () => {
      await action().handler(actionContext(input));
      expect(aws.sent()).toEqual(['CreateReplicationGroup']);
      expect(aws.calls()[0].input).toEqual({
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
      expect(aws.calls()[0].input).toMatchObject({
        NumCacheClusters: 2,
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
        SnapshotRetentionLimit: 7,
        CacheNodeType: 'cache.t4g.small',
        UserGroupIds: ['acme-prod-users'],
      });
      expect(ctx.output).toHaveBeenCalledWith(
        'endpoint',
        'master.payments-cache.x1y2z3.eu-west-1.cache.amazonaws.com:6379',
      );
      // Having waited, the action confirms it with the endpoint itself.
      expect(recordsOf(ctx).map(r => [r.state, r.endpoint])).toEqual([
        ['requested', undefined],
        ['creating', undefined],
        [
          'created',
          'master.payments-cache.x1y2z3.eu-west-1.cache.amazonaws.com:6379',
        ],
      ]);
    });

    it('reports the verified group to the inventory as creating, with its ARN, console page and component, and returns without waiting', async () => {
      const ctx = actionContext({
        ...input,
        component: 'component:default/payments-api',
      });
      await action().handler(ctx);
      // The step ended while ElastiCache still creates the group; the backend's reconciler
      // settles the record.
      expect(aws.sent()).toEqual(['CreateReplicationGroup']);
      expect(aws.resource('payments-cache')?.status).toBe('creating');
      expect(recordsOf(ctx).map(r => r.state)).toEqual([
        'requested',
        'creating',
      ]);
      const created = recordsOf(ctx).find(r => r.state === 'creating');
      expect(created).toMatchObject({
        kind: 'elasticache-redis',
        externalId: expect.stringMatching(/^arn:aws:elasticache:/),
        url: expect.stringContaining('console.aws.amazon.com/elasticache'),
        component: 'component:default/payments-api',
      });
    });

    it.each([
      [
        'transit encryption only "preferred"',
        { TransitEncryptionMode: 'preferred' },
        'transit encryption mode is preferred, not required',
      ],
      [
        'no transit encryption',
        { TransitEncryptionEnabled: false, TransitEncryptionMode: undefined },
        'transit encryption mode is off, not required',
      ],
      [
        'no encryption at rest',
        { AtRestEncryptionEnabled: false },
        'not encrypted at rest',
      ],
    ])(
      'deletes a group AWS created with %s, naming the check, and a retry converges',
      async (_label, change, problem) => {
        const checkpoints = memoryCheckpoints();
        aws.drift(input.name, change);
        const ctx = actionContext(input, { checkpoints });
        await expect(action().handler(ctx)).rejects.toThrow(
          `Replication group payments-cache was created without the baseline: ${problem}`,
        );
        expect(aws.sent()).toEqual([
          'CreateReplicationGroup',
          'DeleteReplicationGroup',
        ]);
        expect(aws.resources()).toEqual([]);
        expect(recordsOf(ctx).map(r => r.state)).toEqual([
          'requested',
          'failed',
        ]);
        await action().handler(actionContext(input, { checkpoints }));
        expect(aws.resources()).toEqual([
          expect.objectContaining({ name: 'payments-cache', problems: [] }),
        ]);
      },
    );

    it('verifies an adopted group too', async () => {
      await action().handler(actionContext(input));
      aws.drift(input.name, { TransitEncryptionMode: 'preferred' });
      await expect(action().handler(actionContext(input))).rejects.toThrow(
        /created without the baseline: transit encryption mode is preferred/,
      );
      expect(aws.sent().slice(1)).toEqual([
        'CreateReplicationGroup',
        'DescribeReplicationGroups',
        'ListTagsForResource',
        'DeleteReplicationGroup',
      ]);
      expect(aws.resources()).toEqual([]);
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
      expect(aws.calls()).toHaveLength(0);
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
        aws.fail(step, error, { times: attemptsToFail(transport, error) });
        await expect(
          action().handler(
            actionContext(
              { ...input, waitForAvailable: true },
              { checkpoints },
            ),
          ),
        ).rejects.toThrow();
        expect(aws.nonCompliant()).toEqual([]);
        const ctx = actionContext(
          { ...input, waitForAvailable: true },
          { checkpoints },
        );
        await action().handler(ctx);
        expect(aws.resource('payments-cache')?.status).toBe('available');
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
      expect(aws.calls()).toHaveLength(0);
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
      'runs the example "%s": one replication group with the whole baseline',
      async (_d, i) => {
        const exampleInput = yaml.parse(examples[i].example).steps[0].input;
        const ctx = actionContext(exampleInput);
        await action().handler(ctx);
        const prod = exampleInput.environment === 'prod';
        expect(aws.nonCompliant()).toEqual([]);
        const groups = aws.resources();
        expect(groups).toEqual([
          expect.objectContaining({
            service: 'elasticache',
            name: exampleInput.name,
            arn: `arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:${exampleInput.name}`,
            status: exampleInput.waitForAvailable ? 'available' : 'creating',
            tags: expect.objectContaining({
              'golden-path:owner': exampleInput.owner,
              'golden-path:task-id': 'task-1',
            }),
            problems: [],
          }),
        ]);
        expect(groups[0].settings).toMatchObject({
          Engine: 'valkey',
          AtRestEncryptionEnabled: true,
          TransitEncryptionEnabled: true,
          TransitEncryptionMode: 'required',
          UserGroupIds: [prod ? 'acme-prod-users' : 'acme-dev-users'],
          SnapshotRetentionLimit: prod ? 7 : 1,
          AutomaticFailover: prod ? 'enabled' : 'disabled',
          MultiAZ: prod ? 'enabled' : 'disabled',
          CacheSubnetGroupName: prod ? 'acme-prod-private' : 'acme-dev-private',
        });
        expect(groups[0].settings.MemberClusters).toHaveLength(prod ? 2 : 1);
        // The endpoint output is what AWS describes, once the group is available.
        expect(
          (ctx.output as jest.Mock).mock.calls.filter(
            ([k]) => k === 'endpoint',
          ),
        ).toEqual(
          exampleInput.waitForAvailable
            ? [
                [
                  'endpoint',
                  `${groups[0].settings.NodeGroups[0].PrimaryEndpoint.Address}:6379`,
                ],
              ]
            : [],
        );
      },
    );
  },
);
