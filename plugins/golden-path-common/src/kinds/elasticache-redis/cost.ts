import { quantity } from '../../own';
import { PriceTable } from '../../policy/types';
import {
  CostEstimate,
  estimate,
  priceIn,
  unknownCost,
} from '../../cost/helpers';
import { ElastiCacheRequest } from './request';

/** Node hours x nodes in its region (Valkey at its discount factor). */
export function estimateElastiCacheCost(
  request: ElastiCacheRequest,
  prices: PriceTable,
  hoursPerMonth: number,
): CostEstimate {
  const { region, nodeType } = request;
  const rate = priceIn(prices, region, nodeType);
  if (rate === undefined)
    return unknownCost(`no price for ${nodeType} in ${region}`);
  const factor =
    request.engine === 'valkey' ? quantity(prices.valkeyFactor) : 1;
  const nodes = quantity(request.nodes ?? 1);
  if (factor === undefined || nodes === undefined)
    return unknownCost('no valid node count or Valkey factor');
  return estimate(
    rate * factor * hoursPerMonth * nodes,
    `${nodeType} $${rate}/h in ${region}${
      factor !== 1 ? ` x ${factor} (Valkey)` : ''
    } x ${hoursPerMonth} h x ${nodes} node(s)`,
  );
}
