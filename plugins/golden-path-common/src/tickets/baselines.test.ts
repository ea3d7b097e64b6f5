import {
  leakedTickets,
  measureBaseline,
  monthlyTicketStats,
  rankNextToRetire,
  spreadOf,
} from './baselines';
import { TicketFacts } from './types';

const at = (iso: string) => Date.parse(iso);
const H = 3600;

function ticket(
  id: string,
  created: string,
  resolved?: string,
  extra: Partial<TicketFacts> = {},
): TicketFacts {
  return {
    source: 'jira',
    externalId: id,
    ticketType: 'provision-database',
    createdAt: at(created),
    ...(resolved && { resolvedAt: at(resolved) }),
    reporterTeam: 'group:default/payments',
    updatedAt: at(resolved ?? created),
    ...extra,
  };
}

// Mondays to Fridays of November/December 2026, 09:00–17:00 UTC.
const tickets = [
  // 16 working hours (Monday 09:00 → Wednesday 09:00), started after 2 h, 1 h logged.
  ticket('OPS-1', '2026-11-02T09:00:00Z', '2026-11-04T09:00:00Z', {
    startedAt: at('2026-11-02T11:00:00Z'),
    timeSpentSeconds: H,
  }),
  // 8 working hours (Friday 13:00 → Monday 13:00), 3 h logged.
  ticket('OPS-2', '2026-11-06T13:00:00Z', '2026-11-09T13:00:00Z', {
    timeSpentSeconds: 3 * H,
  }),
  // 4 working hours.
  ticket('OPS-3', '2026-11-10T09:00:00Z', '2026-11-10T13:00:00Z'),
  // Still open.
  ticket('OPS-4', '2026-11-20T09:00:00Z'),
  // After the path went live (1 December): leakage, not baseline.
  ticket('OPS-5', '2026-12-02T09:00:00Z', '2026-12-03T09:00:00Z', {
    reporterTeam: 'group:default/checkout',
  }),
  // Another type: never in this type's figures.
  ticket('OPS-9', '2026-11-03T09:00:00Z', '2026-11-30T09:00:00Z', {
    ticketType: 'create-repo',
    timeSpentSeconds: 10 * H,
  }),
];
const live = at('2026-12-01T00:00:00Z');

describe('measureBaseline', () => {
  it('measures the tickets from before the path went live, in working time', () => {
    expect(measureBaseline('provision-database', tickets, live)).toEqual({
      ticketType: 'provision-database',
      liveSince: '2026-12-01T00:00:00.000Z',
      tickets: 4,
      waitToStart: { median: 2 * H, p90: 2 * H, tickets: 1 },
      // 4, 8, 16 working hours: median 8, p90 (nearest rank) 16.
      waitToResolve: { median: 8 * H, p90: 16 * H, tickets: 3 },
      // (1 h + 3 h) / 2 tickets that logged work.
      opsEffort: { meanSeconds: 2 * H, tickets: 2 },
    });
  });

  it('takes every ticket when the path has not gone live, and says when nothing is measurable', () => {
    expect(
      measureBaseline('provision-database', tickets, undefined),
    ).toMatchObject({
      liveSince: null,
      tickets: 5,
      waitToResolve: { median: 8 * H, tickets: 4 },
    });
    expect(measureBaseline('rotate-certificate', tickets, live)).toEqual({
      ticketType: 'rotate-certificate',
      liveSince: '2026-12-01T00:00:00.000Z',
      tickets: 0,
      waitToStart: null,
      waitToResolve: null,
      opsEffort: null,
    });
  });
});

describe('spreadOf', () => {
  it('takes the nearest-rank median and p90', () => {
    expect(spreadOf([5, 1, 3, 2, 4, 6, 7, 8, 9, 10])).toEqual({
      median: 5,
      p90: 9,
      tickets: 10,
    });
    expect(spreadOf([])).toBeNull();
  });
});

describe('monthlyTicketStats', () => {
  it('counts opened, resolved and the backlog at each month end', () => {
    const own = tickets.filter(t => t.ticketType === 'provision-database');
    const months = monthlyTicketStats(own, at('2026-12-15T00:00:00Z'));
    expect(months.map(m => [m.month, m.opened, m.resolved, m.backlog])).toEqual(
      [
        ['2026-11', 4, 3, 1],
        ['2026-12', 1, 1, 1],
      ],
    );
    expect(months[0].waitToResolve).toEqual({
      median: 8 * H,
      p90: 16 * H,
      tickets: 3,
    });
    expect(months[0].opsEffortSeconds).toBe(4 * H);
  });
});

describe('leakedTickets', () => {
  it('lists tickets opened after the path went live, with the reporter team', () => {
    const own = tickets.filter(t => t.ticketType === 'provision-database');
    expect(leakedTickets(own, live)).toEqual([
      {
        ticketType: 'provision-database',
        source: 'jira',
        externalId: 'OPS-5',
        createdAt: '2026-12-02T09:00:00.000Z',
        reporterTeam: 'group:default/checkout',
      },
    ]);
    expect(leakedTickets(own, undefined)).toEqual([]);
  });
});

describe('rankNextToRetire', () => {
  it('ranks by monthly volume × ops hours × working hours waited', () => {
    const now = at('2026-12-15T00:00:00Z');
    const ranked = rankNextToRetire(
      [
        {
          name: 'provision-database',
          title: 'Database',
          tickets: tickets.filter(t => t.ticketType === 'provision-database'),
        },
        {
          name: 'create-repo',
          title: 'Repository',
          tickets: tickets.filter(t => t.ticketType === 'create-repo'),
        },
        { name: 'quiet', title: 'Nobody asks', tickets: [] },
      ],
      now,
      0.75 * H,
    );
    // create-repo: 1/12 per month × 10 h × 152 working hours (3 Nov → 30 Nov: 19 days × 8 h).
    expect(ranked[0]).toEqual({
      ticketType: 'create-repo',
      title: 'Repository',
      monthlyVolume: 0.08,
      opsHoursPerTicket: 10,
      opsEffortSource: 'measured',
      waitHours: 152,
      score: Math.round((1 / 12) * 10 * 152 * 100) / 100,
      tickets: 1,
    });
    // provision-database: 5/12 × mean 2 h × median of 16, 8, 4, 8 → 8 h.
    expect(ranked[1]).toMatchObject({
      ticketType: 'provision-database',
      opsHoursPerTicket: 2,
      waitHours: 8,
      score: Math.round((5 / 12) * 2 * 8 * 100) / 100,
    });
    expect(ranked).toHaveLength(2);
  });
});
