import { PRICE_FALLBACK_REGION } from './prices';
import { own, quantity } from '../own';
import { PriceTable } from '../policy/types';

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
export function hourly(table: Rates, region: string, type: string) {
  for (const where of [region, PRICE_FALLBACK_REGION]) {
    const rate = quantity(own(own(table, where), type));
    if (rate !== undefined) return { rate, region: where };
  }
  return undefined;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A finished estimate: NaN unless the figure is a finite amount of 0 or more. */
export function estimate(monthly: number, basis: string): CostEstimate {
  return Number.isFinite(monthly) && monthly >= 0
    ? { monthly: round(monthly), basis }
    : { monthly: NaN, basis: `cannot be estimated (${basis})` };
}

/** An estimate that cannot be made: NaN, so the budget rule refuses rather than guesses. */
export const unknownCost = (basis: string): CostEstimate => ({
  monthly: NaN,
  basis,
});

/** Whether the price table knows a class / node type in a region (or through the fallback). */
export function hasPrice(
  prices: PriceTable,
  service: 'rds' | 'elasticache',
  region: string,
  type: string,
): boolean {
  return hourly(prices[service], region, type) !== undefined;
}

/** Problems for every type of a section without a price in one of the environment's regions. */
export function missingPrices(
  prices: PriceTable,
  service: 'rds' | 'elasticache',
  regions: readonly string[],
  types: readonly string[],
  path: string,
): string[] {
  return regions.flatMap(region =>
    types
      .filter(type => !hasPrice(prices, service, region, type))
      .map(
        type =>
          `${path}: no price for ${type} in ${region}; add it under goldenPath.prices.${service}`,
      ),
  );
}
