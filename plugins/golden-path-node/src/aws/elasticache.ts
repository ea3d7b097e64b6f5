import {
  DescribeReplicationGroupsCommand,
  ListTagsForResourceCommand,
  ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import type { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import {
  ProviderAvailability,
  stateOf,
  tagValue,
  TASK_ID_TAG,
} from './availability';
import { awsErrorName } from './errors';

/**
 * The replication group of that id as `DescribeReplicationGroups` answers, or undefined when
 * ElastiCache holds none.
 * @public
 */
export async function describeReplicationGroup(
  ec: ElastiCacheClient,
  id: string,
): Promise<ReplicationGroup | undefined> {
  return ec
    .send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))
    .then(
      r => r.ReplicationGroups?.[0],
      e =>
        awsErrorName(e) === 'ReplicationGroupNotFoundFault'
          ? undefined
          : Promise.reject(e),
    );
}

/**
 * The tags of a replication group (`DescribeReplicationGroups` carries none).
 * @public
 */
export async function replicationGroupTags(
  ec: ElastiCacheClient,
  arn: string,
): Promise<Array<{ Key?: string; Value?: string }>> {
  const { TagList } = await ec.send(
    new ListTagsForResourceCommand({ ResourceName: arn }),
  );
  return TagList ?? [];
}

/**
 * Where a replication group stands, from what ElastiCache described; `tags` when they were read.
 * The endpoint is the configuration endpoint (cluster mode) or the primary endpoint.
 * @public
 */
export function replicationGroupAvailability(
  group: ReplicationGroup | undefined,
  tags?: Array<{ Key?: string; Value?: string }>,
): ProviderAvailability {
  if (!group) return { state: 'missing' };
  const status = group.Status ?? 'unknown';
  const state = stateOf(status, {
    available: ['available'],
    failed: ['create-failed'],
  });
  const e =
    group.ConfigurationEndpoint ?? group.NodeGroups?.[0]?.PrimaryEndpoint;
  return {
    state,
    status,
    ...(state === 'available' &&
      e?.Address && { endpoint: `${e.Address}:${e.Port}` }),
    ...(tags && { taskId: tagValue(tags, TASK_ID_TAG) }),
  };
}
