import { ownList } from '../../own';
import { EnvironmentPolicy } from '../../policy/types';
import { newestVersion } from '../../versions';
import { ElastiCacheRequest } from './request';

/** The ElastiCache baseline: encrypted both ways, RBAC, snapshots, failover from 2 nodes. */
export function normaliseElastiCache(
  request: ElastiCacheRequest,
  env: EnvironmentPolicy,
): ElastiCacheRequest {
  const engine = request.engine ?? env.elasticache.defaultEngine;
  const nodes =
    request.nodes ?? (env.elasticache.requireAutomaticFailover ? 2 : 1);
  return {
    region: env.defaultRegion,
    engine,
    engineVersion: newestVersion(ownList(env.elasticache.engines, engine)),
    nodeType: env.elasticache.defaultNodeType,
    nodes,
    atRestEncryption: true,
    transitEncryption: true,
    auth: 'rbac',
    snapshotRetentionDays: Math.max(
      1,
      env.elasticache.minSnapshotRetentionDays,
    ),
    automaticFailover: nodes >= 2,
    multiAz: nodes >= 2,
    subnetGroup: env.elasticache.subnetGroup,
    ...request,
  };
}
