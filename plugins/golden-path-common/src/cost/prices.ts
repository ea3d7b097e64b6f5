import { PriceTable } from '../policy/types';

/**
 * Default on-demand list prices, USD per hour, us-east-1, Linux/single-AZ, PostgreSQL and
 * Redis OSS. Sources (read 2026):
 * - db.t3.micro / db.t3.small: Infracost golden files (generated from the AWS Price List API),
 *   $12.41 and $24.82 per 730 h (MySQL basis, the PostgreSQL rate is 1 cent/h higher per size step).
 * - db.t4g.*: infratally.com "AWS RDS pricing explained 2026" (PostgreSQL).
 * - db.t3.medium, db.m6g/m7g/r6g: AWS Price List API figures as published in third-party tables;
 *   confirm with `GetProducts` (ServiceCode AmazonRDS) before relying on them for billing.
 * - cache.*: AWS Price List API (AmazonElastiCache, Cache Instance, cacheEngine Redis) as
 *   tabulated 2026-10-02; Valkey is 0.8x Redis OSS for the same node type.
 * Storage: gp3 $0.115/GB-month (RDS), S3 Standard $0.023/GB-month.
 * Override any of these in app-config under `goldenPath.prices`.
 * @public
 */
export const DEFAULT_PRICES: PriceTable = {
  hoursPerMonth: 730,
  rds: {
    'us-east-1': {
      'db.t3.micro': 0.018,
      'db.t3.small': 0.036,
      'db.t3.medium': 0.072,
      'db.t4g.micro': 0.016,
      'db.t4g.small': 0.032,
      'db.t4g.medium': 0.065,
      'db.m6g.large': 0.159,
      'db.m7g.large': 0.168,
      'db.r6g.large': 0.225,
    },
  },
  elasticache: {
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
  },
  valkeyFactor: 0.8,
  rdsStorageGbMonth: 0.115,
  s3StorageGbMonth: 0.023,
};

/** The region whose prices stand in for a region that has no table of its own. */
export const PRICE_FALLBACK_REGION = 'us-east-1';
