import { PRICE_FALLBACK_REGION } from './prices';
import { own, quantity } from '../own';
import { PriceTable } from '../policy/types';
import { ResourceRequest } from '../requests';

/** The estimated monthly cost of one request, and how it was estimated. @public */
export interface CostEstimate {
  /**
   * Estimated monthly cost in USD (list prices, on-demand, excluding data transfer): a finite
   * number, 0 or more, or NaN when it cannot be estimated (the budget rule then refuses).
   */
  monthly: number;
  /** How the number was made, for the form and the docs. */
  basis: string;
}

type Rates = Record<string, Record<string, number>>;

/** The hourly rate of a type in a region (or the fallback region); only own, valid entries count. */
function hourly(table: Rates, region: string, type: string) {
  for (const where of [region, PRICE_FALLBACK_REGION]) {
    const rate = quantity(own(own(table, where), type));
    if (rate !== undefined) return { rate, region: where };
  }
  return undefined;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A finished estimate: NaN unless the figure is a finite amount of 0 or more. */
function estimate(monthly: number, basis: string): CostEstimate {
  return Number.isFinite(monthly) && monthly >= 0
    ? { monthly: round(monthly), basis }
    : { monthly: NaN, basis: `cannot be estimated (${basis})` };
}

const unknown = (basis: string): CostEstimate => ({ monthly: NaN, basis });

/** Whether the price table knows a class / node type in a region (or through the fallback). */
export function hasPrice(
  prices: PriceTable,
  service: 'rds' | 'elasticache',
  region: string,
  type: string,
): boolean {
  return hourly(prices[service], region, type) !== undefined;
}

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
  if (h === undefined) return unknown('no hours per month in the price table');
  switch (request.kind) {
    case 'rds-instance': {
      const price = hourly(
        prices.rds,
        String(request.region),
        String(request.instanceClass),
      );
      if (!price)
        return unknown(
          `no price for ${request.instanceClass} in ${request.region}`,
        );
      const gbPrice = quantity(prices.rdsStorageGbMonth);
      const gb = quantity(request.allocatedStorageGb ?? 0);
      if (gbPrice === undefined || gb === undefined)
        return unknown('no valid storage size or price');
      const azs = request.multiAz ? 2 : 1;
      return estimate(
        price.rate * h * azs + gb * gbPrice,
        `${request.instanceClass} $${price.rate}/h (${price.region}) x ${h} h${
          azs > 1 ? ' x 2 (Multi-AZ)' : ''
        } + ${gb} GB x $${gbPrice}`,
      );
    }
    case 'elasticache-redis': {
      const price = hourly(
        prices.elasticache,
        String(request.region),
        String(request.nodeType),
      );
      if (!price)
        return unknown(`no price for ${request.nodeType} in ${request.region}`);
      const factor =
        request.engine === 'valkey' ? quantity(prices.valkeyFactor) : 1;
      const nodes = quantity(request.nodes ?? 1);
      if (factor === undefined || nodes === undefined)
        return unknown('no valid node count or Valkey factor');
      return estimate(
        price.rate * factor * h * nodes,
        `${request.nodeType} $${price.rate}/h (${price.region})${
          factor !== 1 ? ` x ${factor} (Valkey)` : ''
        } x ${h} h x ${nodes} node(s)`,
      );
    }
    case 's3-bucket': {
      const gbPrice = quantity(prices.s3StorageGbMonth);
      const gb = quantity(request.expectedStorageGb ?? 0);
      if (gbPrice === undefined || gb === undefined)
        return unknown('no valid storage size or price');
      return estimate(gb * gbPrice, `${gb} GB x $${gbPrice} (S3 Standard)`);
    }
    case 'github-repo':
    case 'github-secret':
      return { monthly: 0, basis: 'no AWS cost' };
    default: {
      // A new kind must get a price above: this line stops compiling until it does.
      const unpriced: never = request;
      return unknown(
        `no price for kind ${String((unpriced as { kind?: unknown }).kind)}`,
      );
    }
  }
}
