import { KindDefinition } from '../types';
import { ELASTICACHE_PRICES } from './prices';
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
  choices: {
    'elasticache.engine': {
      ruleId: 'GP-EC-ENGINE-VERSION',
      field: 'engine',
      valueType: 'string',
      priced: false,
      choices: env => ({ values: Object.keys(env.elasticache.engines) }),
    },
    'elasticache.nodeType': {
      ruleId: 'GP-EC-NODE-TYPE',
      field: 'nodeType',
      valueType: 'string',
      priced: true,
      choices: env => ({ values: env.elasticache.nodeTypes }),
    },
    'elasticache.nodes': {
      ruleId: 'GP-EC-NODE-COUNT',
      field: 'nodes',
      valueType: 'integer',
      priced: false,
      choices: env => ({
        min: env.elasticache.requireAutomaticFailover ? 2 : 1,
        max: env.elasticache.maxNodes,
      }),
    },
    'elasticache.snapshotRetentionDays': {
      ruleId: 'GP-EC-BACKUPS',
      field: 'snapshotRetentionDays',
      valueType: 'integer',
      priced: false,
      choices: env => ({
        min: env.elasticache.minSnapshotRetentionDays,
        max: 35,
      }),
    },
  },
  fields: ELASTICACHE_REDIS_FIELDS,
  normalise: normaliseElastiCache,
  rules: ELASTICACHE_RULES,
  defaultPrices: ELASTICACHE_PRICES,
  estimateCost: estimateElastiCacheCost,
};
