import { planPeriod } from './periods';
import { DAY_MS, monthOfDay, monthStartDay } from './sql';

const day = (iso: string) => Date.parse(iso) / DAY_MS;

describe('planPeriod', () => {
  it('converts between days and months', () => {
    expect(monthOfDay(day('2026-02-28'))).toBe((2026 - 1970) * 12 + 1);
    expect(monthStartDay(monthOfDay(day('2024-02-29')))).toBe(
      day('2024-02-01'),
    );
    expect(monthStartDay(monthOfDay(day('2026-12-31')) + 1)).toBe(
      day('2027-01-01'),
    );
  });

  it('uses whole months, then days, then raw runs for partial days', () => {
    const from = Date.parse('2026-01-15T06:00:00Z');
    const to = Date.parse('2026-04-03T12:00:00Z');
    const plan = planPeriod(from, to, { days: [], months: [] }, true);
    expect(plan.months.map(monthStartDay)).toEqual([
      day('2026-02-01'),
      day('2026-03-01'),
    ]);
    expect(plan.dayRanges).toEqual([
      [day('2026-01-16'), day('2026-02-01')],
      [day('2026-04-01'), day('2026-04-03')],
    ]);
    expect(plan.rawRanges).toEqual([
      [from, Date.parse('2026-01-16')],
      [Date.parse('2026-04-03'), to],
    ]);
  });

  it('reads stale days raw and falls back to days for a month with a stale day or roll-up', () => {
    const from = Date.parse('2026-01-01');
    const to = Date.parse('2026-04-01');
    const plan = planPeriod(
      from,
      to,
      { days: [day('2026-02-10')], months: [monthOfDay(day('2026-03-01'))] },
      true,
    );
    expect(plan.months.map(monthStartDay)).toEqual([day('2026-01-01')]);
    expect(plan.dayRanges).toEqual([
      [day('2026-02-01'), day('2026-02-10')],
      [day('2026-02-11'), day('2026-04-01')],
    ]);
    expect(plan.rawRanges).toEqual([
      [Date.parse('2026-02-10'), Date.parse('2026-02-11')],
    ]);
  });

  it('covers every millisecond exactly once', () => {
    for (let i = 0; i < 200; i++) {
      const from =
        Date.parse('2025-11-01') + Math.floor(Math.random() * 400 * DAY_MS);
      const to = from + 1 + Math.floor(Math.random() * 200 * DAY_MS);
      const stale = Array.from(
        { length: 5 },
        () => Math.floor(from / DAY_MS) + Math.floor(Math.random() * 200),
      );
      const plan = planPeriod(
        from,
        to,
        { days: stale, months: [monthOfDay(stale[0])] },
        i % 2 === 0,
      );
      const pieces = [
        ...plan.months.map(m => [
          monthStartDay(m) * DAY_MS,
          monthStartDay(m + 1) * DAY_MS,
        ]),
        ...plan.dayRanges.map(([s, e]) => [s * DAY_MS, e * DAY_MS]),
        ...plan.rawRanges,
      ].sort((a, b) => a[0] - b[0]);
      expect(pieces[0][0]).toBe(from);
      expect(pieces.at(-1)![1]).toBe(to);
      for (let p = 1; p < pieces.length; p++)
        expect(pieces[p][0]).toBe(pieces[p - 1][1]);
    }
  });
});
