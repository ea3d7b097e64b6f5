import { KIND_DEFINITIONS } from '../kinds/registry';
import { PriceTable } from '../policy/types';

/**
 * Default on-demand list prices in USD for every region the example policy allows (us-east-1, the
 * default region, eu-west-1 and eu-central-1), merged from each kind's own table
 * (kinds/<kind>/prices.ts, which cites its sources). Override or add regions in app-config under
 * `goldenPath.prices.regions`; a region or type missing here has no price and is refused.
 * @public
 */
export const DEFAULT_PRICES: PriceTable = {
  hoursPerMonth: 730,
  valkeyFactor: 0.8,
  regions: KIND_DEFINITIONS.reduce<PriceTable['regions']>((merged, kind) => {
    for (const [region, items] of Object.entries(kind.defaultPrices))
      merged[region] = { ...merged[region], ...items };
    return merged;
  }, {}),
};
