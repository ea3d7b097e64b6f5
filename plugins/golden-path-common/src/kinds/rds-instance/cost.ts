import { quantity } from '../../own';
import { PriceTable } from '../../policy/types';
import {
  CostEstimate,
  estimate,
  priceIn,
  unknownCost,
} from '../../cost/helpers';
import { RdsInstanceRequest } from './request';

/** The price-table item for RDS General Purpose (gp3) storage, per GB-month, single-AZ. */
export const RDS_STORAGE_PRICE = 'rds:gp3';

/** Instance hours (x2 for Multi-AZ) plus allocated storage (x2 for Multi-AZ), in its region. */
export function estimateRdsInstanceCost(
  request: RdsInstanceRequest,
  prices: PriceTable,
  hoursPerMonth: number,
): CostEstimate {
  const { region, instanceClass } = request;
  const rate = priceIn(prices, region, instanceClass);
  if (rate === undefined)
    return unknownCost(`no price for ${instanceClass} in ${region}`);
  const gbPrice = priceIn(prices, region, RDS_STORAGE_PRICE);
  const gb = quantity(request.allocatedStorageGb ?? 0);
  if (gbPrice === undefined || gb === undefined)
    return unknownCost(`no valid storage size or price in ${region}`);
  const azs = request.multiAz ? 2 : 1;
  return estimate(
    (rate * hoursPerMonth + gb * gbPrice) * azs,
    `${instanceClass} $${rate}/h x ${hoursPerMonth} h + ${gb} GB x $${gbPrice}${
      azs > 1 ? ', all x 2 for Multi-AZ,' : ''
    } in ${region}`,
  );
}
