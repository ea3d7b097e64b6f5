import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { classifyRun } from '@golden-path/plugin-golden-path-common';
import {
  makeEvents,
  makeTask,
} from '@golden-path/plugin-golden-path-common/testUtils';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { goldenPathPlugin } from '../plugin';
import { migratedClient } from '../service/ResourceStore';
import { ticketOrg, trustConfig } from '../tickets/__testUtils__/org';
import { RunStore } from './RunStore';

/**
 * The summary of a template whose ticket type has imported tickets uses the baseline measured from
 * them (checked against a hand calculation), one without tickets falls back to its annotations and
 * says why, and waits count in working hours of the default calendar (09:00–17:00 UTC, Mon–Fri).
 */
const H = 3600;
const metrics = {
  hourlyRate: 100,
  developerHourlyRate: 50,
  defaultTicketQueue: 'P3D',
  defaultOpsEffort: 'PT1H',
  opsTeamSize: 1,
};
const pat = {
  Authorization: mockCredentials.user.header('user:default/pat'),
};

// Jira's export: created, resolved, time spent (seconds). All before the path went live (1 June).
//   OPS-1 Monday 09:00 → Wednesday 09:00: two working days = 16 working hours; 1 h logged.
//   OPS-2 Friday 13:00 → Monday 13:00: 4 h + 4 h = 8 working hours; 3 h logged.
//   OPS-3 Tuesday 09:00 → the next Tuesday 09:00: five working days = 40 working hours; none logged.
//   OPS-4 after the path went live: leakage, not baseline.
const JIRA = `Issue key,Issue Type,Status,Reporter,Created,Updated,Resolved,Time Spent
OPS-1,Database request,Done,alice@acme.test,2026-05-04 09:00,2026-05-06 09:00,2026-05-06 09:00,3600
OPS-2,Database request,Done,bob@acme.test,2026-05-08 13:00,2026-05-11 13:00,2026-05-11 13:00,10800
OPS-3,Database request,Done,alice@acme.test,2026-05-12 09:00,2026-05-19 09:00,2026-05-19 09:00,
OPS-4,Database request,Done,alice@acme.test,2026-06-09 09:00,2026-06-10 09:00,2026-06-10 09:00,600
`;

describe('summary with a measured baseline', () => {
  let knex: Knex;
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const backend = await startTestBackend({
      features: [
        goldenPathPlugin,
        mockServices.rootConfig.factory({
          data: {
            goldenPath: {
              metrics,
              budget: { currency: 'EUR' },
              trust: trustConfig,
              tickets: {
                importers: 'group:default/platform',
                types: [
                  {
                    name: 'provision-database',
                    title: 'Provision a PostgreSQL database',
                    templates: ['template:default/postgres-database'],
                    liveSince: '2026-06-01',
                    csv: { values: ['Database request'] },
                  },
                ],
              },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: ticketOrg() }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    // Two completed runs of the database path (600 s and 1200 s), and one of a bucket template
    // whose snapshot claims the same ticket type (the fixture's annotations: P3D, PT1H).
    const runs = new RunStore(
      await migratedClient({ getClient: async () => knex } as any),
    );
    await runs.upsert(
      (
        [
          ['d1', 'postgres-database', 600],
          ['d2', 'postgres-database', 1200],
          ['b1', 's3-bucket', 300],
        ] as const
      ).map(([id, template, seconds]) => {
        const task = makeTask({
          id,
          status: 'completed',
          createdAt: '2026-06-15T10:00:00.000Z',
          template,
          seconds,
        });
        return classifyRun(task, makeEvents(task), metrics)!;
      }),
    );
  });
  afterAll(async () => {
    await stop();
    await knex.destroy();
  });

  const summary = async (template: string) =>
    (
      await request(server)
        .get(
          `/api/golden-path/metrics/summary?from=2026-06-01&to=2026-07-01&template=template:default/${template}`,
        )
        .set(pat)
        .expect(200)
    ).body;

  it('falls back to the annotations before any ticket is imported, and says so', async () => {
    const before = await summary('postgres-database');
    expect(before.baselines).toEqual([
      expect.objectContaining({
        source: 'annotations',
        tickets: 0,
        // P3D: three working days of 8 h.
        waitWorkingHours: 24,
        fallbackReason: 'no tickets imported from before the path went live',
      }),
    ]);
  });

  it('uses the measured baseline once tickets are imported: equal to a hand calculation', async () => {
    const res = await request(server)
      .post('/api/golden-path/tickets/imports?format=jira')
      .set(pat)
      .set('content-type', 'text/csv')
      .send(JIRA)
      .expect(200);
    expect(res.body).toMatchObject({ created: 4, skipped: [] });

    const s = await summary('postgres-database');
    // Wait: median of 16, 8 and 40 working hours = 16 h. Effort: mean of 1 h and 3 h = 2 h.
    expect(s.baselines).toEqual([
      {
        ticketType: 'provision-database',
        templates: ['template:default/postgres-database'],
        source: 'measured',
        tickets: 3,
        waitWorkingHours: 16,
        opsHours: 2,
      },
    ]);
    // Saved: (16 h − 600 s) + (16 h − 1200 s) of wait, 2 × 2 h of effort.
    const wait = (16 * H - 600 + 16 * H - 1200) / H;
    expect(s).toMatchObject({
      completed: 2,
      developerWaitHoursSaved: wait,
      opsHoursSaved: 4,
      developerWaitMoney: wait * 50,
      opsEffortMoney: 400,
      moneySaved: wait * 50 + 400,
    });

    // A template that claims the type but is not configured for it keeps its own annotations.
    const bucket = await summary('s3-bucket');
    expect(bucket.baselines).toEqual([
      expect.objectContaining({
        source: 'annotations',
        tickets: 0,
        waitWorkingHours: 24,
        fallbackReason:
          "template:default/s3-bucket is not one of the type's templates in goldenPath.tickets.types",
      }),
    ]);
    expect(bucket.developerWaitHoursSaved).toBe(
      Math.round(((24 * H - 300) / H) * 100) / 100,
    );
  });
});
