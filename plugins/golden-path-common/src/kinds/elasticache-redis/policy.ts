import { missingPrices } from '../../cost/helpers';
import { notAllowedDefault } from '../policyChecks';
import { PolicySection } from '../types';

/** What an ElastiCache (Redis OSS or Valkey) cluster may look like in an environment. @public */
export interface ElastiCachePolicy {
  /** Allowed engines and, for each, the allowed versions (major.minor or major). */
  engines: Record<string, string[]>;
  defaultEngine: 'redis' | 'valkey';
  nodeTypes: string[];
  defaultNodeType: string;
  minSnapshotRetentionDays: number;
  requireAutomaticFailover: boolean;
  maxNodes: number;
  subnetGroup: string;
  securityGroupIds: string[];
  /** RBAC user group attached to new replication groups. */
  userGroupId?: string;
}

export const ELASTICACHE_POLICY: PolicySection<'elasticache'> = {
  name: 'elasticache',
  defaults: () => ({
    engines: { valkey: ['8.0', '7.2'], redis: ['7.1'] },
    defaultEngine: 'valkey',
    nodeTypes: ['cache.t4g.micro', 'cache.t4g.small', 'cache.t4g.medium'],
    defaultNodeType: 'cache.t4g.micro',
    minSnapshotRetentionDays: 1,
    requireAutomaticFailover: false,
    maxNodes: 3,
    subnetGroup: 'golden-path-private',
    securityGroupIds: [],
  }),
  optional: ['userGroupId'],
  problems: ({ elasticache, allowedRegions }, prices, path) => [
    ...notAllowedDefault(
      path,
      'elasticache.defaultEngine',
      elasticache.defaultEngine,
      Object.keys(elasticache.engines),
    ),
    ...notAllowedDefault(
      path,
      'elasticache.defaultNodeType',
      elasticache.defaultNodeType,
      elasticache.nodeTypes,
    ),
    // Without a price the budget rule would refuse every request for the node type.
    ...missingPrices(prices, allowedRegions, elasticache.nodeTypes, path),
  ],
};
