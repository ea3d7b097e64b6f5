import { quantity } from '../own';
import { PriceTable } from '../policy/types';
import { ResourceRequest } from '../requests';
import { findKindDefinition } from '../kinds/registry';
import { CostEstimate, unknownCost } from './helpers';

export type { CostEstimate } from './helpers';

/**
 * Monthly cost of one normalised request: hourly price x 730 h (x2 for Multi-AZ RDS, x nodes for
 * ElastiCache) plus storage. Unknown prices, negative or non-finite quantities give
 * `monthly: NaN` so budget rules fail closed; a cost is never negative.
 * @public
 */
export function estimateMonthlyCost(
  request: ResourceRequest,
  prices: PriceTable,
): CostEstimate {
  const h = quantity(prices.hoursPerMonth);
  if (h === undefined)
    return unknownCost('no hours per month in the price table');
  // An unregistered kind has no price: NaN refuses it, where 0 would pass every budget.
  const definition = findKindDefinition(request.kind);
  if (!definition)
    return unknownCost(`no price for kind ${String(request.kind)}`);
  return definition.estimateCost(request, prices, h);
}
