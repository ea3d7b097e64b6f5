import { PRICE_FALLBACK_REGION } from './prices';
import { PriceTable } from '../policy/types';
import { ResourceRequest } from '../requests';

/** @public */
export interface CostEstimate {
  /** Estimated monthly cost in USD (list prices, on-demand, excluding data transfer). */
  monthly: number;
  /** How the number was made, for the form and the docs. */
  basis: string;
}

function hourly(table: Record<string, Record<string, number>>, region: string, type: string) {
  const own = table[region]?.[type];
  if (own !== undefined) return { rate: own, region };
  const fallback = table[PRICE_FALLBACK_REGION]?.[type];
  return fallback === undefined ? undefined : { rate: fallback, region: PRICE_FALLBACK_REGION };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Whether the price table knows a class / node type in a region (or through the fallback). */
export function hasPrice(prices: PriceTable, service: 'rds' | 'elasticache', region: string, type: string): boolean {
  return hourly(prices[service], region, type) !== undefined;
}

/**
 * Monthly cost of one normalised request: hourly price x 730 h (x2 for Multi-AZ RDS, x nodes for
 * ElastiCache) plus storage. Unknown prices give `monthly: NaN` so budget rules fail closed.
 */
export function estimateMonthlyCost(request: ResourceRequest, prices: PriceTable): CostEstimate {
  const h = prices.hoursPerMonth;
  switch (request.kind) {
    case 'rds-instance': {
      const price = hourly(prices.rds, request.region ?? '', request.instanceClass ?? '');
      if (!price) return { monthly: NaN, basis: `no price for ${request.instanceClass} in ${request.region}` };
      const azs = request.multiAz ? 2 : 1;
      const storage = (request.allocatedStorageGb ?? 0) * prices.rdsStorageGbMonth;
      return {
        monthly: round(price.rate * h * azs + storage),
        basis: `${request.instanceClass} $${price.rate}/h (${price.region}) x ${h} h${azs > 1 ? ' x 2 (Multi-AZ)' : ''} + ${request.allocatedStorageGb ?? 0} GB x $${prices.rdsStorageGbMonth}`,
      };
    }
    case 'elasticache-redis': {
      const price = hourly(prices.elasticache, request.region ?? '', request.nodeType ?? '');
      if (!price) return { monthly: NaN, basis: `no price for ${request.nodeType} in ${request.region}` };
      const factor = request.engine === 'valkey' ? prices.valkeyFactor : 1;
      const nodes = request.nodes ?? 1;
      return {
        monthly: round(price.rate * factor * h * nodes),
        basis: `${request.nodeType} $${price.rate}/h (${price.region})${factor !== 1 ? ` x ${factor} (Valkey)` : ''} x ${h} h x ${nodes} node(s)`,
      };
    }
    case 's3-bucket': {
      const gb = request.expectedStorageGb ?? 0;
      return { monthly: round(gb * prices.s3StorageGbMonth), basis: `${gb} GB x $${prices.s3StorageGbMonth} (S3 Standard)` };
    }
    default:
      return { monthly: 0, basis: 'no AWS cost' };
  }
}
