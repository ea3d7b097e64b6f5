import { KindDefinition } from '../types';
import { estimateElastiCacheCost } from './cost';
import { normaliseElastiCache } from './normalise';
import { ELASTICACHE_REDIS_FIELDS } from './request';
import { ELASTICACHE_RULES } from './rules';

export const ELASTICACHE_REDIS: KindDefinition<'elasticache-redis'> = {
  kind: 'elasticache-redis',
  provider: 'aws',
  label: 'ElastiCache cache',
  catalogType: 'cache',
  refPrefix: 'cache',
  creatingAction: {
    id: 'golden-path:aws:elasticache:create',
    policyFields: [
      'region',
      'engine',
      'engineVersion',
      'nodeType',
      'nodes',
      'snapshotRetentionDays',
    ],
  },
  costed: true,
  policySection: 'elasticache',
  fields: ELASTICACHE_REDIS_FIELDS,
  normalise: normaliseElastiCache,
  rules: ELASTICACHE_RULES,
  estimateCost: estimateElastiCacheCost,
};
