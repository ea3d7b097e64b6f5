import type { KindPrices } from '../types';

/**
 * ElastiCache Redis OSS on-demand prices per node (USD per hour), by region: LeanerCloud/ec2-instances-info
 * `data/elasticache-instances.json` (2025-04-24) and coroot/cloud-pricing (2024-08-09) agree on
 * every figure. Valkey is priced at `valkeyFactor` (0.8) of these.
 */
export const ELASTICACHE_PRICES: KindPrices = {
  'us-east-1': {
    'cache.t3.micro': 0.017,
    'cache.t3.small': 0.034,
    'cache.t3.medium': 0.068,
    'cache.t4g.micro': 0.016,
    'cache.t4g.small': 0.032,
    'cache.t4g.medium': 0.065,
    'cache.m7g.large': 0.158,
    'cache.r7g.large': 0.219,
  },
  'eu-west-1': {
    'cache.t3.micro': 0.018,
    'cache.t3.small': 0.036,
    'cache.t3.medium': 0.072,
    'cache.t4g.micro': 0.017,
    'cache.t4g.small': 0.034,
    'cache.t4g.medium': 0.068,
    'cache.m7g.large': 0.174,
    'cache.r7g.large': 0.243,
  },
  'eu-central-1': {
    'cache.t3.micro': 0.019,
    'cache.t3.small': 0.038,
    'cache.t3.medium': 0.076,
    'cache.t4g.micro': 0.018,
    'cache.t4g.small': 0.036,
    'cache.t4g.medium': 0.072,
    'cache.m7g.large': 0.188,
    'cache.r7g.large': 0.263,
  },
};
