import type { KindPrices } from '../types';

/**
 * S3 Standard storage, first 50 TB (USD per GB-month), by region: us-east-1 from Infracost's golden
 * test files (2024-07); eu-west-1 and eu-central-1 are AWS's published list prices as quoted by
 * third parties (confirm with GetProducts).
 */
export const S3_PRICES: KindPrices = {
  'us-east-1': {
    's3:standard': 0.023,
  },
  'eu-west-1': {
    's3:standard': 0.023,
  },
  'eu-central-1': {
    's3:standard': 0.0245,
  },
};
