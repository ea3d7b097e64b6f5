import { templates, ticketTypes } from '../../../__fixtures__/fakeApi';
import { beforeAfter } from './beforeAfter';

const [database, bucket, certificate] = ticketTypes.items;

describe('beforeAfter', () => {
  it('splits the months at the month the path went live', () => {
    const f = beforeAfter(database, templates, 91.3125);
    expect(f.liveMonth).toBe('2026-06');
    // Six months of 8 before; 2, 1, 1, 0, 1, 1 since June.
    expect(f.openedPerMonthBefore).toBe(8);
    expect(f.openedPerMonthAfter).toBe(1);
    expect(f.waitToResolve).toEqual({
      median: 26 * 3600,
      p90: 60 * 3600,
      tickets: 40,
    });
  });

  it('takes runs per month and the median provisioning from the period’s template rows', () => {
    // 40 runs of postgres-database over three months.
    const f = beforeAfter(database, templates, 91.3125);
    expect(f.runsPerMonth).toBeCloseTo(40 / 3, 5);
    expect(f.provisionMedianSeconds).toBe(300);
    expect(f.provisionTemplate).toBeUndefined();
  });

  it('names the busiest template when several replace the type', () => {
    const f = beforeAfter(
      database,
      [
        { ...templates[0], runs: 5, medianProvisionSeconds: 900 },
        {
          ...templates[0],
          template: 'template:default/new-service',
          runs: 9,
          medianProvisionSeconds: 120,
        },
      ],
      30.4375,
    );
    expect(f.runsPerMonth).toBe(14);
    expect(f.provisionMedianSeconds).toBe(120);
    expect(f.provisionTemplate).toBe('template:default/new-service');
  });

  it('has no after without a path, and no runs before the rows load', () => {
    const f = beforeAfter(certificate, undefined, 90);
    expect(f.liveMonth).toBeNull();
    expect(f.openedPerMonthBefore).toBe(12);
    expect(f.openedPerMonthAfter).toBeNull();
    expect(f.runsPerMonth).toBeNull();
    expect(f.provisionMedianSeconds).toBeNull();
    expect(beforeAfter(bucket, [], 90).openedPerMonthBefore).toBe(1);
  });
});
