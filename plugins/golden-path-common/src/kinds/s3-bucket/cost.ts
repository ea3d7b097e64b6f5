import { quantity } from '../../own';
import { PriceTable } from '../../policy/types';
import { CostEstimate, estimate, unknownCost } from '../../cost/helpers';
import { S3BucketRequest } from './request';

/** S3 Standard storage for the expected size (requests and transfer are not estimated). */
export function estimateS3BucketCost(
  request: S3BucketRequest,
  prices: PriceTable,
): CostEstimate {
  const gbPrice = quantity(prices.s3StorageGbMonth);
  const gb = quantity(request.expectedStorageGb ?? 0);
  if (gbPrice === undefined || gb === undefined)
    return unknownCost('no valid storage size or price');
  return estimate(gb * gbPrice, `${gb} GB x $${gbPrice} (S3 Standard)`);
}
