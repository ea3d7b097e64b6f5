import { quantity } from '../../own';
import { PriceTable } from '../../policy/types';
import {
  CostEstimate,
  estimate,
  priceIn,
  unknownCost,
} from '../../cost/helpers';
import { S3BucketRequest } from './request';

/** The price-table item for S3 Standard storage (first 50 TB), per GB-month. */
export const S3_STORAGE_PRICE = 's3:standard';

/** S3 Standard storage for the expected size in its region (requests and transfer are not estimated). */
export function estimateS3BucketCost(
  request: S3BucketRequest,
  prices: PriceTable,
): CostEstimate {
  const gbPrice = priceIn(prices, request.region, S3_STORAGE_PRICE);
  const gb = quantity(request.expectedStorageGb ?? 0);
  if (gbPrice === undefined || gb === undefined)
    return unknownCost(`no valid storage size or price in ${request.region}`);
  return estimate(
    gb * gbPrice,
    `${gb} GB x $${gbPrice} (S3 Standard in ${request.region})`,
  );
}
