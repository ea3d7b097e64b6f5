// Ticket answers for the browser tests, served in place of the backend's where a test needs every
// section of the Impact page filled (types with and without a path, leaked tickets, a ranking).
const H = 3600;
const months = (opened, waitHours) =>
  opened.map((n, i) => ({
    month: `2026-${String(i + 1).padStart(2, '0')}`,
    opened: n,
    resolved: n,
    backlog: 0,
    opsEffortSeconds: n * 1.5 * H,
    waitToStart: null,
    waitToResolve: waitHours
      ? { median: waitHours * H, p90: 2 * waitHours * H, tickets: n }
      : null,
  }));

export const ticketTypes = {
  calendar: {
    timeZone: 'UTC',
    workdayStart: '09:00',
    hoursPerDay: 8,
    workdays: [1, 2, 3, 4, 5],
    holidays: [],
  },
  items: [
    {
      name: 'create-s3-bucket',
      title: 'Create an S3 bucket',
      templates: ['template:default/s3-bucket'],
      sources: ['jira'],
      hasPath: true,
      baseline: {
        ticketType: 'create-s3-bucket',
        liveSince: '2026-06-01T00:00:00.000Z',
        tickets: 42,
        waitToStart: { median: 10 * H, p90: 30 * H, tickets: 42 },
        waitToResolve: { median: 26 * H, p90: 60 * H, tickets: 40 },
        opsEffort: { meanSeconds: 1.5 * H, tickets: 30 },
      },
      months: months([8, 8, 8, 8, 8, 2, 1, 1, 0, 1, 1, 0], 26),
      leaked: 7,
      tickets: 49,
      lastImportAt: '2026-11-28T06:00:00.000Z',
    },
    {
      name: 'rotate-certificate',
      title: 'Rotate a TLS certificate',
      templates: [],
      sources: ['csv-servicenow'],
      hasPath: false,
      baseline: {
        ticketType: 'rotate-certificate',
        liveSince: null,
        tickets: 144,
        waitToStart: null,
        waitToResolve: { median: 16 * H, p90: 40 * H, tickets: 144 },
        opsEffort: null,
      },
      months: months(Array(12).fill(12), 16),
      leaked: 0,
      tickets: 144,
      lastImportAt: null,
    },
  ],
};

export const leakage = {
  items: [
    {
      ticketType: 'create-s3-bucket',
      source: 'jira',
      externalId: 'OPS-107',
      createdAt: '2026-11-12T10:00:00.000Z',
      reporterTeam: 'group:default/payments',
    },
    {
      ticketType: 'create-s3-bucket',
      source: 'csv-servicenow',
      externalId: 'RITM0010042',
      createdAt: '2026-10-20T14:00:00.000Z',
      reporterTeam: 'group:default/checkout',
    },
  ],
  byTeam: [
    {
      team: 'group:default/payments',
      ticketType: 'create-s3-bucket',
      tickets: 1,
    },
    {
      team: 'group:default/checkout',
      ticketType: 'create-s3-bucket',
      tickets: 1,
    },
  ],
};

export const retireCandidates = {
  items: [
    {
      ticketType: 'rotate-certificate',
      title: 'Rotate a TLS certificate',
      monthlyVolume: 12,
      opsHoursPerTicket: 0.75,
      opsEffortSource: 'defaults',
      waitHours: 16,
      score: 144,
      tickets: 144,
    },
  ],
};

/**
 * Serves `/tickets/*` from `answers` (a path → JSON body, or a status for an error) through the
 * backend's own response, so its CORS headers stay; returns a function that stops it.
 */
export async function serveTickets(page, answers) {
  const handler = async route => {
    const path = new URL(route.request().url()).pathname.replace(
      /^.*\/api\/golden-path/,
      '',
    );
    const answer = answers[path];
    if (answer === undefined) return route.fallback();
    const response = await route.fetch();
    if (typeof answer === 'number')
      return route.fulfill({
        response,
        status: answer,
        json: { error: { name: 'NotFoundError', message: 'Not Found' } },
      });
    return route.fulfill({ response, status: 200, json: answer });
  };
  await page.route('**/api/golden-path/tickets/**', handler);
  return () => page.unroute('**/api/golden-path/tickets/**', handler);
}
