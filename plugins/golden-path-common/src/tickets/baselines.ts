import { percentile } from '../metrics/summary';
import {
  BusinessCalendar,
  DEFAULT_BUSINESS_CALENDAR,
  workingSecondsBetween,
} from './calendar';
import {
  LeakedTicket,
  RetireCandidate,
  Spread,
  TicketBaseline,
  TicketFacts,
  TicketMonth,
} from './types';

/** Median and p90 (nearest rank) of working-seconds figures; null when there are none. @public */
export function spreadOf(values: number[]): Spread | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50)!,
    p90: percentile(sorted, 90)!,
    tickets: sorted.length,
  };
}

/** Working seconds a ticket waited until work started and until resolved (undefined when not yet). @public */
export function ticketWaits(
  ticket: Pick<TicketFacts, 'createdAt' | 'startedAt' | 'resolvedAt'>,
  calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR,
) {
  const upTo = (t?: number) =>
    t === undefined
      ? undefined
      : workingSecondsBetween(ticket.createdAt, t, calendar);
  return {
    toStart: upTo(ticket.startedAt),
    toResolve: upTo(ticket.resolvedAt),
  };
}

/** Mean logged work of the tickets that logged any. */
function opsEffortOf(tickets: TicketFacts[]) {
  const logged = tickets
    .map(t => t.timeSpentSeconds)
    .filter((s): s is number => typeof s === 'number' && s > 0);
  if (!logged.length) return null;
  return {
    meanSeconds: Math.round(logged.reduce((a, b) => a + b, 0) / logged.length),
    tickets: logged.length,
  };
}

/**
 * A ticket type's baseline: its tickets created before the path went live (`liveSince`, epoch ms;
 * all of them when it has not), their waits in working time and their logged effort.
 * @public
 */
export function measureBaseline(
  ticketType: string,
  tickets: TicketFacts[],
  liveSince: number | undefined,
  calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR,
): TicketBaseline {
  const before = tickets.filter(
    t =>
      t.ticketType === ticketType &&
      (liveSince === undefined || t.createdAt < liveSince),
  );
  const toStart: number[] = [];
  const toResolve: number[] = [];
  for (const t of before) {
    const w = ticketWaits(t, calendar);
    if (w.toStart !== undefined) toStart.push(w.toStart);
    if (w.toResolve !== undefined) toResolve.push(w.toResolve);
  }
  return {
    ticketType,
    liveSince:
      liveSince === undefined ? null : new Date(liveSince).toISOString(),
    tickets: before.length,
    waitToStart: spreadOf(toStart),
    waitToResolve: spreadOf(toResolve),
    opsEffort: opsEffortOf(before),
  };
}

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** The months from the first to the last, `YYYY-MM`. */
function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) return months;
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
}

/**
 * Per month (UTC) of one type's tickets, from its first ticket to `now`: opened, resolved, backlog
 * at the month's end, and the waits and logged effort of the tickets opened in it.
 * @public
 */
export function monthlyTicketStats(
  tickets: TicketFacts[],
  now: number,
  calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR,
): TicketMonth[] {
  if (!tickets.length) return [];
  const first = monthOf(Math.min(...tickets.map(t => t.createdAt)));
  return monthsBetween(first, monthOf(now)).map(month => {
    const opened = tickets.filter(t => monthOf(t.createdAt) === month);
    const [y, m] = month.split('-').map(Number);
    const end = Date.UTC(y, m, 1);
    const toStart: number[] = [];
    const toResolve: number[] = [];
    for (const t of opened) {
      const w = ticketWaits(t, calendar);
      if (w.toStart !== undefined) toStart.push(w.toStart);
      if (w.toResolve !== undefined) toResolve.push(w.toResolve);
    }
    return {
      month,
      opened: opened.length,
      resolved: tickets.filter(
        t => t.resolvedAt !== undefined && monthOf(t.resolvedAt) === month,
      ).length,
      backlog: tickets.filter(
        t =>
          t.createdAt < end &&
          (t.resolvedAt === undefined || t.resolvedAt >= end),
      ).length,
      waitToStart: spreadOf(toStart),
      waitToResolve: spreadOf(toResolve),
      opsEffortSeconds: opened.reduce(
        (s, t) => s + (t.timeSpentSeconds ?? 0),
        0,
      ),
    };
  });
}

/** Tickets opened for a type on or after its path went live, newest first. @public */
export function leakedTickets(
  tickets: TicketFacts[],
  liveSince: number | undefined,
): LeakedTicket[] {
  if (liveSince === undefined) return [];
  return tickets
    .filter(t => t.createdAt >= liveSince)
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(t => ({
      ticketType: t.ticketType,
      source: t.source,
      externalId: t.externalId,
      createdAt: new Date(t.createdAt).toISOString(),
      reporterTeam: t.reporterTeam,
    }));
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Ticket types without a path, ranked by what retiring them would remove: tickets per month (last
 * twelve months) × ops hours per ticket × median working hours waited. Types with no ticket in
 * the window are left out.
 * @public
 */
export function rankNextToRetire(
  types: Array<{ name: string; title: string; tickets: TicketFacts[] }>,
  now: number,
  defaultOpsSeconds: number,
  calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR,
): RetireCandidate[] {
  const since = now - 365 * 86400_000;
  return types
    .map(type => {
      const recent = type.tickets.filter(t => t.createdAt >= since);
      const baseline = measureBaseline(type.name, recent, undefined, calendar);
      const opsSeconds = baseline.opsEffort?.meanSeconds ?? defaultOpsSeconds;
      const monthlyVolume = recent.length / 12;
      const opsHoursPerTicket = opsSeconds / 3600;
      const waitHours = (baseline.waitToResolve?.median ?? 0) / 3600;
      return {
        ticketType: type.name,
        title: type.title,
        monthlyVolume: round2(monthlyVolume),
        opsHoursPerTicket: round2(opsHoursPerTicket),
        opsEffortSource: baseline.opsEffort ? 'measured' : 'defaults',
        waitHours: round2(waitHours),
        score: round2(monthlyVolume * opsHoursPerTicket * waitHours),
        tickets: recent.length,
      } as RetireCandidate;
    })
    .filter(c => c.tickets > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.tickets - a.tickets ||
        a.ticketType.localeCompare(b.ticketType),
    );
}
