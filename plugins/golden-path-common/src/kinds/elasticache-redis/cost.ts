import { quantity } from '../../own';
import { PriceTable } from '../../policy/types';
import {
  CostEstimate,
  estimate,
  hourly,
  unknownCost,
} from '../../cost/helpers';
import { ElastiCacheRequest } from './request';

/** Node hours x nodes (Valkey at its discount factor). */
export function estimateElastiCacheCost(
  request: ElastiCacheRequest,
  prices: PriceTable,
  hoursPerMonth: number,
): CostEstimate {
  const h = hoursPerMonth;
  const price = hourly(
    prices.elasticache,
    String(request.region),
    String(request.nodeType),
  );
  if (!price)
    return unknownCost(`no price for ${request.nodeType} in ${request.region}`);
  const factor =
    request.engine === 'valkey' ? quantity(prices.valkeyFactor) : 1;
  const nodes = quantity(request.nodes ?? 1);
  if (factor === undefined || nodes === undefined)
    return unknownCost('no valid node count or Valkey factor');
  return estimate(
    price.rate * factor * h * nodes,
    `${request.nodeType} $${price.rate}/h (${price.region})${
      factor !== 1 ? ` x ${factor} (Valkey)` : ''
    } x ${h} h x ${nodes} node(s)`,
  );
}
