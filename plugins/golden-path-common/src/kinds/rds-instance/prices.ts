import type { KindPrices } from '../types';

/**
 * RDS for PostgreSQL single-AZ on-demand prices (USD per hour) and General Purpose (gp3) storage
 * (USD per GB-month, single-AZ), by region. Instances: coroot/cloud-pricing (built from
 * Infracost's pricing data, 2024-08-09), matching vantage-sh/ec2instances.info for the classes it
 * has. Storage: us-east-1 from Infracost's golden test files (2026-05); eu-west-1 and eu-central-1
 * are AWS's published list prices as quoted by third parties (confirm with GetProducts).
 */
export const RDS_PRICES: KindPrices = {
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
    'rds:gp3': 0.115,
  },
  'eu-west-1': {
    'db.t3.micro': 0.02,
    'db.t3.small': 0.039,
    'db.t3.medium': 0.078,
    'db.t4g.micro': 0.017,
    'db.t4g.small': 0.035,
    'db.t4g.medium': 0.069,
    'db.m6g.large': 0.176,
    'db.m7g.large': 0.186,
    'db.r6g.large': 0.252,
    'rds:gp3': 0.127,
  },
  'eu-central-1': {
    'db.t3.micro': 0.021,
    'db.t3.small': 0.042,
    'db.t3.medium': 0.084,
    'db.t4g.micro': 0.019,
    'db.t4g.small': 0.037,
    'db.t4g.medium': 0.074,
    'db.m6g.large': 0.189,
    'db.m7g.large': 0.2,
    'db.r6g.large': 0.274,
    'rds:gp3': 0.137,
  },
};
