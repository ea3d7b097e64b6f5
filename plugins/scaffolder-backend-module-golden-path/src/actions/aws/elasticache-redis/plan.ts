import { CreateReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import {
  ElastiCacheRequest,
  EnvironmentPolicy,
} from '@golden-path/plugin-golden-path-common';
import { PlannedCommand } from '../../../aws/commands';

/** The one request that creates a compliant replication group: every baseline setting is in it. */
export function planReplicationGroup(
  request: ElastiCacheRequest,
  env: EnvironmentPolicy,
  tags: Array<{ Key: string; Value: string }>,
): PlannedCommand<CreateReplicationGroupCommand> {
  const nodes = request.nodes ?? 1;
  return {
    id: 'create',
    purpose: 'create the replication group with the baseline',
    command: new CreateReplicationGroupCommand({
      ReplicationGroupId: request.name,
      ReplicationGroupDescription:
        `Golden Path ${request.engine} for ${request.owner}`.slice(0, 255),
      Engine: request.engine,
      EngineVersion: request.engineVersion,
      CacheNodeType: request.nodeType,
      NumCacheClusters: nodes,
      AutomaticFailoverEnabled: request.automaticFailover && nodes >= 2,
      MultiAZEnabled: request.multiAz && nodes >= 2,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      UserGroupIds: env.elasticache.userGroupId
        ? [env.elasticache.userGroupId]
        : [],
      SnapshotRetentionLimit: request.snapshotRetentionDays,
      CacheSubnetGroupName: env.elasticache.subnetGroup,
      SecurityGroupIds: env.elasticache.securityGroupIds,
      AutoMinorVersionUpgrade: true,
      Tags: tags,
    }),
  };
}
