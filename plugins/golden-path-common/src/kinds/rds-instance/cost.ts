import { quantity } from '../../own';
import { PriceTable } from '../../policy/types';
import {
  CostEstimate,
  estimate,
  hourly,
  unknownCost,
} from '../../cost/helpers';
import { RdsInstanceRequest } from './request';

/** Instance hours (x2 for Multi-AZ) plus allocated storage. */
export function estimateRdsInstanceCost(
  request: RdsInstanceRequest,
  prices: PriceTable,
  hoursPerMonth: number,
): CostEstimate {
  const h = hoursPerMonth;
  const price = hourly(
    prices.rds,
    String(request.region),
    String(request.instanceClass),
  );
  if (!price)
    return unknownCost(
      `no price for ${request.instanceClass} in ${request.region}`,
    );
  const gbPrice = quantity(prices.rdsStorageGbMonth);
  const gb = quantity(request.allocatedStorageGb ?? 0);
  if (gbPrice === undefined || gb === undefined)
    return unknownCost('no valid storage size or price');
  const azs = request.multiAz ? 2 : 1;
  return estimate(
    price.rate * h * azs + gb * gbPrice,
    `${request.instanceClass} $${price.rate}/h (${price.region}) x ${h} h${
      azs > 1 ? ' x 2 (Multi-AZ)' : ''
    } + ${gb} GB x $${gbPrice}`,
  );
}
