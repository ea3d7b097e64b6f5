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

/**
 * The price of an item in a region: own, valid entries only, and never another region's, so an
 * unknown price refuses the request instead of guessing.
 */
export function priceIn(
  prices: PriceTable,
  region: unknown,
  item: unknown,
): number | undefined {
  if (typeof region !== 'string' || typeof item !== 'string') return undefined;
  return quantity(own(own(prices.regions, region), item));
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

/** Problems for every item without a price in one of the environment's regions. */
export function missingPrices(
  prices: PriceTable,
  regions: readonly string[],
  items: readonly string[],
  path: string,
): string[] {
  return regions.flatMap(region =>
    items
      .filter(item => priceIn(prices, region, item) === undefined)
      .map(
        item =>
          `${path}: no price for ${item} in ${region}; add it under goldenPath.prices.regions.${region}`,
      ),
  );
}
