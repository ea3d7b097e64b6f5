import type { BaselineUse } from '@golden-path/plugin-golden-path-common';
import { baselineLabel, baselineOf } from './baselines';

const use = (overrides: Partial<BaselineUse>): BaselineUse => ({
  ticketType: 'provision-database',
  templates: [],
  source: 'annotations',
  tickets: 0,
  waitWorkingHours: 24,
  opsHours: 1,
  ...overrides,
});

describe('baselineOf', () => {
  const measured = use({
    source: 'measured',
    tickets: 42,
    templates: ['template:default/postgres-database'],
  });
  const claimed = use({ templates: ['template:default/my-own-database'] });

  it("gives a template row its own runs' baseline", () => {
    const both = [claimed, measured];
    expect(
      baselineOf(
        both,
        'provision-database',
        'template:default/my-own-database',
      ),
    ).toBe(claimed);
    expect(
      baselineOf(
        both,
        'provision-database',
        'template:default/postgres-database',
      ),
    ).toBe(measured);
  });

  it('prefers the measured baseline for the ticket type as a whole', () => {
    expect(baselineOf([claimed, measured], 'provision-database')).toBe(
      measured,
    );
    expect(baselineOf([claimed], 'provision-database')).toBe(claimed);
    expect(baselineOf([claimed], 'create-repo')).toBeUndefined();
  });
});

describe('baselineLabel', () => {
  it('says how many tickets measured it, and where the effort came from when elsewhere', () => {
    expect(baselineLabel(use({ source: 'measured', tickets: 1 }))).toBe(
      'measured from 1 ticket',
    );
    expect(
      baselineLabel(
        use({ source: 'measured', tickets: 1200, opsSource: 'annotations' }),
      ),
    ).toBe('measured from 1,200 tickets (ops effort: template annotations)');
    expect(baselineLabel(use({ source: 'defaults' }))).toBe(
      'goldenPath.metrics defaults',
    );
  });
});
