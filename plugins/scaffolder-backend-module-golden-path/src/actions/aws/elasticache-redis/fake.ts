import * as EC from '@aws-sdk/client-elasticache';
import { clone } from '../../../testUtils/awsFake/clone';
import type {
  FakeAwsServiceDefinition,
  FakeHeld,
  FakeServiceContext,
} from '../../../testUtils/awsFake/service';

function install(ctx: FakeServiceContext) {
  const { accountId, creatingPolls } = ctx;
  const group = (id: string | undefined) => {
    const g = ctx.find(id);
    if (!g)
      throw ctx.error(
        'ReplicationGroupNotFoundFault',
        `ReplicationGroup ${id} not found.`,
      );
    return g;
  };
  const describedGroup = (g: FakeHeld, poll: boolean) => {
    if (poll && g.settings.Status === 'creating') {
      if (++g.polls > creatingPolls) {
        g.settings.Status = 'available';
        g.settings.NodeGroups = [
          {
            NodeGroupId: '0001',
            Status: 'available',
            PrimaryEndpoint: {
              Address: `master.${g.name}.x1y2z3.${g.region}.cache.amazonaws.com`,
              Port: 6379,
            },
          },
        ];
      }
    }
    return clone(g.settings);
  };
  ctx.handle<EC.CreateReplicationGroupCommandInput>(
    EC.CreateReplicationGroupCommand,
    i => i.ReplicationGroupId,
    (i, region) => {
      const id = i.ReplicationGroupId!;
      if (ctx.find(id))
        throw ctx.error(
          'ReplicationGroupAlreadyExistsFault',
          `Replication group ${id} already exists.`,
        );
      if (i.TransitEncryptionMode && !i.TransitEncryptionEnabled)
        throw ctx.error(
          'InvalidParameterCombination',
          'TransitEncryptionMode requires TransitEncryptionEnabled.',
        );
      const arn = `arn:aws:elasticache:${region}:${accountId}:replicationgroup:${id}`;
      const nodes = i.NumCacheClusters ?? 1;
      const g = ctx.create({
        name: id,
        region,
        arn,
        tags: clone(i.Tags ?? []) as any,
        settings: {
          ReplicationGroupId: id,
          Description: i.ReplicationGroupDescription,
          Status: 'creating',
          ARN: arn,
          Engine: i.Engine ?? 'redis',
          CacheNodeType: i.CacheNodeType,
          MemberClusters: Array.from(
            { length: nodes },
            (_, n) => `${id}-${String(n + 1).padStart(3, '0')}`,
          ),
          AutomaticFailover: i.AutomaticFailoverEnabled
            ? 'enabled'
            : 'disabled',
          MultiAZ: i.MultiAZEnabled ? 'enabled' : 'disabled',
          SnapshotRetentionLimit: i.SnapshotRetentionLimit ?? 0,
          AtRestEncryptionEnabled: !!i.AtRestEncryptionEnabled,
          TransitEncryptionEnabled: !!i.TransitEncryptionEnabled,
          ...(i.TransitEncryptionEnabled && {
            TransitEncryptionMode: i.TransitEncryptionMode ?? 'required',
          }),
          AuthTokenEnabled: !!i.AuthToken,
          UserGroupIds: i.UserGroupIds ?? [],
          CacheSubnetGroupName: i.CacheSubnetGroupName,
          SecurityGroupIds: i.SecurityGroupIds ?? [],
          AutoMinorVersionUpgrade: i.AutoMinorVersionUpgrade ?? true,
        },
      });
      return { ReplicationGroup: describedGroup(g, false) };
    },
  );
  ctx.handle<EC.DescribeReplicationGroupsCommandInput>(
    EC.DescribeReplicationGroupsCommand,
    i => i.ReplicationGroupId,
    i => {
      if (i.ReplicationGroupId)
        return {
          ReplicationGroups: [
            describedGroup(group(i.ReplicationGroupId), true),
          ],
        };
      return {
        ReplicationGroups: ctx.all().map(g => describedGroup(g, true)),
      };
    },
  );
  ctx.handle<EC.ListTagsForResourceCommandInput>(
    EC.ListTagsForResourceCommand,
    () => undefined,
    i => {
      const g = ctx.all().find(r => r.arn === i.ResourceName);
      if (!g)
        throw ctx.error(
          'ReplicationGroupNotFoundFault',
          `ReplicationGroup for ${i.ResourceName} not found.`,
        );
      return { TagList: clone(g.tags) };
    },
  );
  ctx.handle<EC.DeleteReplicationGroupCommandInput>(
    EC.DeleteReplicationGroupCommand,
    () => undefined,
    i => {
      const g = group(i.ReplicationGroupId);
      ctx.remove(g.name);
      return {
        ReplicationGroup: { ...describedGroup(g, false), Status: 'deleting' },
      };
    },
  );
}

/** Encrypted at rest and in transit (mode `required`), an RBAC user group, snapshots. */
function problemsOf(r: FakeHeld): string[] {
  const s = r.settings;
  const problems: string[] = [];
  if (s.AtRestEncryptionEnabled !== true)
    problems.push('not encrypted at rest');
  if (
    s.TransitEncryptionEnabled !== true ||
    s.TransitEncryptionMode !== 'required'
  )
    problems.push(
      `transit encryption mode is ${s.TransitEncryptionMode ?? 'off'}`,
    );
  if (!s.UserGroupIds?.length) problems.push('no RBAC user group');
  if (!(s.SnapshotRetentionLimit >= 1)) problems.push('no snapshots');
  return problems;
}

/** ElastiCache (Redis) replication groups in the AWS fake, by id; deleting one removes it. */
export const ELASTICACHE_FAKE: FakeAwsServiceDefinition<'elasticache'> = {
  service: 'elasticache',
  client: EC.ElastiCacheClient,
  exceptions: { base: EC.ElastiCacheServiceException, modelled: EC },
  statuses: { ReplicationGroupNotFoundFault: 404 },
  install,
  status: r => r.settings.Status,
  problems: problemsOf,
};
