import { estimateMonthlyCost } from '../cost/estimate';
import { priceIn } from '../cost/helpers';
import { DEFAULT_PRICES } from '../cost/prices';
import { KIND_DEFINITIONS } from '../kinds/registry';
import { ResourceRequest } from '../requests';
import { PolicyConfigError, resolvePolicy } from './resolve';

const problemsOf = (config: Parameters<typeof resolvePolicy>[0]) => {
  try {
    resolvePolicy(config);
    return [];
  } catch (e) {
    return (e as PolicyConfigError).problems;
  }
};

describe('prices by region', () => {
  it('merges every kind’s default table, and covers each region the example policy allows', () => {
    for (const kind of KIND_DEFINITIONS)
      for (const [region, items] of Object.entries(kind.defaultPrices))
        for (const [item, price] of Object.entries(items))
          expect(priceIn(DEFAULT_PRICES, region, item)).toBe(price);
    for (const region of ['us-east-1', 'eu-west-1', 'eu-central-1'])
      expect(
        problemsOf({
          aws: { region },
          environments: { dev: { regions: [region] } },
        }),
      ).toEqual([]);
  });

  it('prices a request in its own region, and refuses a region without prices', () => {
    const { prices, environments } = resolvePolicy({
      aws: { region: 'eu-west-1' },
    });
    const bucket = (region: string) =>
      ({
        kind: 's3-bucket',
        name: 'b',
        environment: 'default',
        owner: 'group:default/a',
        region,
        expectedStorageGb: 1000,
      } as ResourceRequest);
    expect(estimateMonthlyCost(bucket('eu-west-1'), prices).monthly).toBe(23);
    expect(estimateMonthlyCost(bucket('eu-central-1'), prices).monthly).toBe(
      24.5,
    );
    expect(estimateMonthlyCost(bucket('ap-south-2'), prices)).toEqual({
      monthly: NaN,
      basis: 'no valid storage size or price in ap-south-2',
    });
    expect(environments.default.allowedRegions).toEqual(['eu-west-1']);
  });

  it('stops start-up when an allowed region has no prices, naming what to add', () => {
    expect(
      problemsOf({ environments: { dev: { regions: ['eu-north-1'] } } }),
    ).toContain(
      'goldenPath.environments.dev: no price for db.t4g.micro in eu-north-1; add it under goldenPath.prices.regions.eu-north-1',
    );
  });

  it('takes configured regions and items on top of the defaults', () => {
    const { prices } = resolvePolicy({
      prices: {
        regions: {
          'eu-west-1': { 'db.t4g.micro': 0.02 },
          'eu-north-1': { 's3:standard': 0.022 },
        },
      },
    });
    expect(priceIn(prices, 'eu-west-1', 'db.t4g.micro')).toBe(0.02);
    expect(priceIn(prices, 'eu-west-1', 'db.t4g.small')).toBe(0.035);
    expect(priceIn(prices, 'eu-north-1', 's3:standard')).toBe(0.022);
    expect(priceIn(DEFAULT_PRICES, 'eu-west-1', 'db.t4g.micro')).toBe(0.017);
  });

  it('refuses malformed prices and says where the old keys moved', () => {
    expect(
      problemsOf({
        prices: {
          rdsStorageGbMonth: 0.1,
          regions: {
            __proto__: { x: 1 },
            constructor: { x: 1 },
            'eu-west-1': { 't3.micro': -1, 'bad item!': 1 },
          },
        } as any,
      }),
    ).toEqual([
      'goldenPath.prices.rdsStorageGbMonth is no longer read: prices are per region, under goldenPath.prices.regions.<region>["rds:gp3"]',
      'goldenPath.prices.regions.constructor is not an AWS region name',
      'goldenPath.prices.regions.eu-west-1.t3.micro must be a number, 0 or more',
      'goldenPath.prices.regions.eu-west-1.bad item! is not a price item name',
    ]);
    expect(Object.prototype).not.toHaveProperty('x');
  });
});
