import {
  CreateReplicationGroupCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockServices } from '@backstage/backend-test-utils';
import { EventsService } from '@backstage/plugin-events-node';
import {
  ResourceKind,
  ResourceRecordState,
} from '@golden-path/plugin-golden-path-common';
import {
  StartedFakeAws,
  startFakeAws,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import knexFactory, { Knex } from 'knex';
import { Ledger } from '../ledger/Ledger';
import { migratedClient, ResourceStore, TABLE } from '../service/ResourceStore';
import { CreatingRecords } from './CreatingRecords';
import { ProvisioningReconciler } from './ProvisioningReconciler';

const REGION = 'eu-west-1';
const OWNER = 'group:default/payments';
const NOW = new Date('2026-11-30T12:00:00Z');
/** Past the grace in which a resource the provider does not hold yet is still waited for. */
const LATER = new Date(NOW.getTime() + 10 * 60_000);
const ACTIONS: Record<string, string> = {
  'rds-instance': 'golden-path:aws:rds:create',
  'elasticache-redis': 'golden-path:aws:elasticache:create',
};

describe.each(['mock', 'wire'] as const)(
  'ProvisioningReconciler (%s)',
  transport => {
    let aws: StartedFakeAws;
    let knex: Knex;
    let ledger: Ledger;
    let store: ResourceStore;
    let published: unknown[];
    let reconciler: ProvisioningReconciler;

    beforeEach(async () => {
      // Each describe answers `creating` once before `available`, as a real creation takes a while.
      aws = await startFakeAws({ transport, creatingPolls: 1 });
      const client = knexFactory({
        client: 'better-sqlite3',
        connection: ':memory:',
        useNullAsDefault: true,
      });
      knex = await migratedClient({ getClient: async () => client } as any);
      ledger = new Ledger(knex, {
        currency: 'USD',
        maxMonthlyPerRequest: 1000,
        teamMonthly: { default: 1000 },
        reservationTtlMs: 60 * 60_000,
      });
      store = new ResourceStore(knex);
      published = [];
      reconciler = new ProvisioningReconciler({
        records: new CreatingRecords(knex),
        aws: aws.access,
        logger: mockServices.logger.mock(),
        events: {
          publish: async ({ eventPayload }: { eventPayload: unknown }) => {
            published.push(eventPayload);
          },
        } as unknown as EventsService,
      });
    });
    afterEach(async () => {
      await aws.stop();
      await knex.destroy();
    });

    /** What the action records through the ledger, up to a state. */
    const record = async (
      kind: ResourceKind,
      name: string,
      taskId: string,
      states: ResourceRecordState[],
    ) => {
      for (const state of states)
        await ledger.write(
          { taskId, stepId: 'step', actionId: ACTIONS[kind] },
          {
            state,
            kind,
            name,
            owner: OWNER,
            environment: 'dev',
            region: REGION,
            monthlyCost: 50,
          },
          { requester: 'user:default/jane', templateRef: 'template:default/x' },
          NOW,
        );
    };
    /** The provider accepts the create request of a task, as the action sends it. */
    const accept = async (kind: ResourceKind, name: string, taskId: string) => {
      const { clients } = await aws.access();
      const Tags = [
        { Key: 'golden-path:task-id', Value: taskId },
        { Key: 'golden-path:owner', Value: OWNER },
      ];
      if (kind === 'rds-instance')
        await clients!.get(RDSClient, REGION).send(
          new CreateDBInstanceCommand({
            DBInstanceIdentifier: name,
            Engine: 'postgres',
            DBInstanceClass: 'db.t4g.micro',
            StorageEncrypted: true,
            Port: 5433,
            MasterUsername: 'gp_admin',
            ManageMasterUserPassword: true,
            BackupRetentionPeriod: 7,
            Tags,
          }),
        );
      else
        await clients!.get(ElastiCacheClient, REGION).send(
          new CreateReplicationGroupCommand({
            ReplicationGroupId: name,
            ReplicationGroupDescription: name,
            Engine: 'valkey',
            AtRestEncryptionEnabled: true,
            TransitEncryptionEnabled: true,
            TransitEncryptionMode: 'required',
            UserGroupIds: ['acme-dev-users'],
            SnapshotRetentionLimit: 1,
            Tags,
          }),
        );
      await record(kind, name, taskId, ['requested', 'creating']);
    };
    const row = async (taskId: string, kind: ResourceKind, name: string) =>
      (await store.ofTasks([taskId])).find(
        i => i.kind === kind && i.name === name,
      );
    const spend = async () =>
      (await store.monthlySpendByOwner([OWNER], LATER))[OWNER] ?? 0;
    const endpointAt = (name: string) => {
      const s = aws.resource(name)!.settings;
      const e = s.Endpoint ?? s.NodeGroups[0].PrimaryEndpoint;
      return `${e.Address}:${e.Port}`;
    };

    it.each([
      ['rds-instance', 'payments-db', 'DescribeDBInstances'],
      ['elasticache-redis', 'payments-cache', 'DescribeReplicationGroups'],
    ] as const)(
      '%s: creating → active with the endpoint the provider describes, once it says available',
      async (kind, name, describe) => {
        await accept(kind, name, 't1');
        aws.resetHistory();

        // The provider still says creating: nothing moves.
        expect(await reconciler.run(NOW)).toMatchObject({
          checked: 1,
          available: 0,
          waiting: 1,
        });
        expect(aws.resource(name)!.status).toBe('creating');
        expect(await row('t1', kind, name)).toMatchObject({
          status: 'creating',
        });
        expect((await row('t1', kind, name))!.endpoint).toBeUndefined();
        expect(published).toEqual([]);

        expect(await reconciler.run(NOW)).toMatchObject({
          available: 1,
          waiting: 0,
        });
        expect(aws.resource(name)!.status).toBe('available');
        const active = await row('t1', kind, name);
        expect(active).toMatchObject({
          status: 'active',
          endpoint: endpointAt(name),
        });
        expect(published).toEqual([{ items: [active] }]);
        // It costs the same before and after: it existed all along.
        expect(await spend()).toBe(50);
        // Only reads were sent; the tags are read where the describe carries none.
        expect(new Set(aws.sent())).toEqual(
          new Set(
            kind === 'rds-instance'
              ? [describe]
              : [describe, 'ListTagsForResource'],
          ),
        );

        // Settled: a later pass asks nothing.
        aws.resetHistory();
        expect(await reconciler.run(NOW)).toMatchObject({ checked: 0 });
        expect(aws.sent()).toEqual([]);
      },
    );

    it.each([
      ['rds-instance', 'payments-db', { DBInstanceStatus: 'failed' }],
      [
        'rds-instance',
        'payments-db',
        { DBInstanceStatus: 'incompatible-network' },
      ],
      ['elasticache-redis', 'payments-cache', { Status: 'create-failed' }],
    ] as const)(
      '%s: creating → failed when the provider says %j, releasing its budget',
      async (kind, name, status) => {
        await accept(kind, name, 't1');
        aws.drift(name, status);
        expect(await reconciler.run(NOW)).toMatchObject({ failed: 1 });
        const failed = await row('t1', kind, name);
        expect(failed).toMatchObject({ status: 'failed' });
        expect(failed!.endpoint).toBeUndefined();
        expect(await spend()).toBe(0);
      },
    );

    it.each([
      ['rds-instance', 'gone-db'],
      ['elasticache-redis', 'gone-cache'],
    ] as const)(
      '%s: a record the provider no longer knows fails, after a grace for read-after-write lag',
      async (kind, name) => {
        await accept(kind, name, 't1');
        aws.reset(); // AWS holds nothing of that name any more
        expect(await reconciler.run(NOW)).toMatchObject({
          checked: 1,
          failed: 0,
        });
        expect(await row('t1', kind, name)).toMatchObject({
          status: 'creating',
        });
        expect(await reconciler.run(LATER)).toMatchObject({ failed: 1 });
        expect(await row('t1', kind, name)).toMatchObject({ status: 'failed' });
        expect(await spend()).toBe(0);
      },
    );

    describe('nothing but the provider’s answer about the record’s own resource moves it', () => {
      it('leaves every record that is not creating as it is, whatever the provider says of its name', async () => {
        // The provider holds all of these names, one failed, the others available.
        for (const name of [
          'planned-db',
          'pending-db',
          'active-db',
          'failed-db',
          'deleted-db',
          'broken-db',
        ])
          await accept('rds-instance', name, 'other');
        aws.drift('broken-db', { DBInstanceStatus: 'failed' });
        await knex(TABLE).delete();
        await record('rds-instance', 'planned-db', 't1', ['planned']);
        await record('rds-instance', 'pending-db', 't1', ['requested']);
        await record('rds-instance', 'active-db', 't1', [
          'requested',
          'created',
        ]);
        await record('rds-instance', 'failed-db', 't1', [
          'requested',
          'failed',
        ]);
        await record('rds-instance', 'broken-db', 't1', [
          'requested',
          'created',
        ]);
        await record('rds-instance', 'deleted-db', 't1', [
          'requested',
          'creating',
        ]);
        await store.markDeleted({
          taskId: 't1',
          kind: 'rds-instance',
          name: 'deleted-db',
        });
        const before = await knex(TABLE).select().orderBy('resource_key');
        aws.resetHistory();
        for (let i = 0; i < 3; i++)
          expect(await reconciler.run(LATER)).toMatchObject({ checked: 0 });
        expect(await knex(TABLE).select().orderBy('resource_key')).toEqual(
          before,
        );
        expect(aws.sent()).toEqual([]);
      });

      it.each([
        ['rds-instance', 'shared-db'],
        ['elasticache-redis', 'shared-cache'],
      ] as const)(
        '%s: a same-named resource another task created never lends the record its endpoint',
        async (kind, name) => {
          await accept(kind, name, 'other-task');
          await record(kind, name, 't1', ['requested', 'creating']);
          for (let i = 0; i < 3; i++) await reconciler.run(LATER);
          expect(aws.resource(name)!.status).toBe('available');
          const mine = await row('t1', kind, name);
          expect(mine).toMatchObject({ status: 'failed' });
          expect(mine!.endpoint).toBeUndefined();
          // The other task's own record is settled by the same answer.
          expect(await row('other-task', kind, name)).toMatchObject({
            status: 'active',
            endpoint: endpointAt(name),
          });
        },
      );

      it('a provider that does not answer moves nothing, and the next answer does', async () => {
        await accept('rds-instance', 'payments-db', 't1');
        aws.fail('DescribeDBInstances', 'AccessDenied', { times: 'always' });
        for (let i = 0; i < 3; i++)
          expect(await reconciler.run(LATER)).toMatchObject({
            checked: 1,
            waiting: 1,
          });
        expect(await row('t1', 'rds-instance', 'payments-db')).toMatchObject({
          status: 'creating',
        });
        aws.reset();
        await accept('rds-instance', 'payments-db', 't1');
        await reconciler.run(LATER);
        await reconciler.run(LATER);
        expect(await row('t1', 'rds-instance', 'payments-db')).toMatchObject({
          status: 'active',
        });
      });

      it('without AWS credentials nothing is asked and nothing moves', async () => {
        await accept('rds-instance', 'payments-db', 't1');
        aws.resetHistory();
        const blind = new ProvisioningReconciler({
          records: new CreatingRecords(knex),
          aws: async () => ({ accountId: aws.accountId }),
          logger: mockServices.logger.mock(),
        });
        expect(await blind.run(LATER)).toEqual({
          checked: 0,
          available: 0,
          failed: 0,
          waiting: 1,
        });
        expect(aws.sent()).toEqual([]);
      });

      it('a record marked deleted while the provider was asked stays deleted', async () => {
        await accept('rds-instance', 'payments-db', 't1');
        const records = new CreatingRecords(knex);
        const [listed] = await records.list();
        await store.markDeleted({
          taskId: 't1',
          kind: 'rds-instance',
          name: 'payments-db',
        });
        expect(
          await records.settle(listed.item, {
            status: 'active',
            endpoint: 'x:1',
          }),
        ).toBeUndefined();
        expect(await row('t1', 'rds-instance', 'payments-db')).toMatchObject({
          status: 'deleted',
        });
      });
    });
  },
);
