import type { KindPrices } from '../types';

/**
 * On-demand Linux EC2 prices (USD per hour) and EBS gp3 storage (USD per GB-month), by region.
 * Instances: skypilot-org/skypilot-catalog `catalogs/v8/aws/vms.csv` (AWS Price List API,
 * 2025-26); us-east-1 also aws/karpenter-provider-aws generated pricing (2026-07-20), which agrees.
 * EBS gp3: us-east-1 from Infracost's golden test files (2024-07); eu-west-1 and eu-central-1 are
 * AWS's published list prices as quoted by third parties (confirm with GetProducts).
 */
export const EC2_PRICES: KindPrices = {
  'us-east-1': {
    't3.nano': 0.0052,
    't3.micro': 0.0104,
    't3.small': 0.0208,
    't3.medium': 0.0416,
    't3.large': 0.0832,
    't4g.nano': 0.0042,
    't4g.micro': 0.0084,
    't4g.small': 0.0168,
    't4g.medium': 0.0336,
    't4g.large': 0.0672,
    'm7g.large': 0.0816,
    'm6i.large': 0.096,
    'm5.large': 0.096,
    'ebs:gp3': 0.08,
  },
  'eu-west-1': {
    't3.nano': 0.0057,
    't3.micro': 0.0114,
    't3.small': 0.0228,
    't3.medium': 0.0456,
    't3.large': 0.0912,
    't4g.nano': 0.0046,
    't4g.micro': 0.0092,
    't4g.small': 0.0184,
    't4g.medium': 0.0368,
    't4g.large': 0.0736,
    'm7g.large': 0.091,
    'm6i.large': 0.107,
    'm5.large': 0.107,
    'ebs:gp3': 0.088,
  },
  'eu-central-1': {
    't3.nano': 0.006,
    't3.micro': 0.012,
    't3.small': 0.024,
    't3.medium': 0.048,
    't3.large': 0.096,
    't4g.nano': 0.0048,
    't4g.micro': 0.0096,
    't4g.small': 0.0192,
    't4g.medium': 0.0384,
    't4g.large': 0.0768,
    'm7g.large': 0.0978,
    'm6i.large': 0.115,
    'm5.large': 0.115,
    'ebs:gp3': 0.0952,
  },
};
