import type { Spread } from '@golden-path/plugin-golden-path-common';
import {
  BreakdownItem,
  TicketTypeItem,
} from '@golden-path/plugin-golden-path-common/client';

const DAYS_PER_MONTH = 365.25 / 12;

/** One ticket type before its path went live and after. Waits in working seconds. */
export interface BeforeAfter {
  /** Month the path went live (`YYYY-MM`), or null without a path. */
  liveMonth: string | null;
  /** Mean tickets opened per month before the path, over the months stored. */
  openedPerMonthBefore: number | null;
  /** Mean tickets still opened per month since (leakage). */
  openedPerMonthAfter: number | null;
  /** The path's runs per month in the period shown. */
  runsPerMonth: number | null;
  waitToStart: Spread | null;
  waitToResolve: Spread | null;
  /** Median time to provision of the path (its busiest template when several). */
  provisionMedianSeconds: number | null;
  provisionTemplate?: string;
}

const mean = (values: number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

/**
 * Before and after for one ticket type: tickets per month from its stored months (before the month
 * its path went live; from that month on, what still leaked), its runs per month and median
 * provisioning from the period's template rows.
 */
export function beforeAfter(
  item: TicketTypeItem,
  templates: BreakdownItem[] | undefined,
  periodDays: number,
): BeforeAfter {
  const liveMonth = item.baseline.liveSince?.slice(0, 7) ?? null;
  const before = item.months.filter(m => !liveMonth || m.month < liveMonth);
  const after = liveMonth ? item.months.filter(m => m.month >= liveMonth) : [];
  const rows = (templates ?? []).filter(
    t =>
      t.ticketType === item.name ||
      (!!t.template && item.templates.includes(t.template)),
  );
  const runs = rows.reduce((n, t) => n + t.runs, 0);
  const busiest = rows
    .filter(t => t.medianProvisionSeconds !== null)
    .sort((a, b) => b.runs - a.runs)[0];
  return {
    liveMonth,
    openedPerMonthBefore: mean(before.map(m => m.opened)),
    openedPerMonthAfter: liveMonth ? mean(after.map(m => m.opened)) : null,
    runsPerMonth:
      templates && periodDays > 0 ? runs / (periodDays / DAYS_PER_MONTH) : null,
    waitToStart: item.baseline.waitToStart,
    waitToResolve: item.baseline.waitToResolve,
    provisionMedianSeconds: busiest?.medianProvisionSeconds ?? null,
    provisionTemplate: rows.length > 1 ? busiest?.template : undefined,
  };
}
