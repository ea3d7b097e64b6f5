import { DAY_MS, monthOfDay, monthStartDay } from './sql';

/** A half-open range [start, end). */
export type Range = [number, number];

/** Where each part of a period is read from, so every run is counted exactly once. */
export interface PeriodPlan {
  /** Whole months whose monthly roll-up is fresh. */
  months: number[];
  /** Day ranges read from fresh daily roll-ups. */
  dayRanges: Range[];
  /** Millisecond ranges read from the runs: partial edge days and days changed since their roll-up. */
  rawRanges: Range[];
}

/** `outer` minus the (sorted, disjoint) `holes`. */
function subtract(outer: Range, holes: Range[]): Range[] {
  const out: Range[] = [];
  let at = outer[0];
  for (const [s, e] of holes) {
    if (s > at) out.push([at, Math.min(s, outer[1])]);
    at = Math.max(at, e);
  }
  if (at < outer[1]) out.push([at, outer[1]]);
  return out.filter(([s, e]) => s < e);
}

/**
 * Splits [from, to) into fresh monthly roll-ups (when `useMonths`), fresh daily roll-ups and raw
 * runs. A month is used only when it lies wholly inside the period, has no stale day and its own
 * roll-up is fresh.
 */
export function planPeriod(
  from: number,
  to: number,
  stale: { days: number[]; months: number[] },
  useMonths: boolean,
): PeriodPlan {
  const firstDay = Math.ceil(from / DAY_MS);
  const endDay = Math.floor(to / DAY_MS);
  if (firstDay >= endDay)
    return { months: [], dayRanges: [], rawRanges: [[from, to]] };
  const staleDays = [...new Set(stale.days)]
    .filter(d => d >= firstDay && d < endDay)
    .sort((a, b) => a - b);
  const staleMonths = new Set([...stale.months, ...staleDays.map(monthOfDay)]);

  const months: number[] = [];
  if (useMonths) {
    for (let m = monthOfDay(firstDay); m <= monthOfDay(endDay - 1); m++) {
      if (
        monthStartDay(m) >= firstDay &&
        monthStartDay(m + 1) <= endDay &&
        !staleMonths.has(m)
      )
        months.push(m);
    }
  }
  const holes: Range[] = [
    ...months.map((m): Range => [monthStartDay(m), monthStartDay(m + 1)]),
    ...staleDays.map((d): Range => [d, d + 1]),
  ];
  holes.sort((a, b) => a[0] - b[0]);
  const rawRanges: Range[] = [
    [from, firstDay * DAY_MS],
    ...staleDays.map((d): Range => [d * DAY_MS, (d + 1) * DAY_MS]),
    [endDay * DAY_MS, to],
  ];
  return {
    months,
    dayRanges: subtract([firstDay, endDay], holes),
    rawRanges: rawRanges.filter(([s, e]) => s < e),
  };
}
