import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  spreadOf,
  workingSecondsBetween,
} from '@golden-path/plugin-golden-path-common';
import { GoldenPathClient } from '@golden-path/plugin-golden-path-common/client';
import knexFactory from 'knex';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { goldenPathPlugin } from '../plugin';
import { SERVICENOW_CSV } from './__testUtils__/samples';
import { ticketOrg, trustConfig, USER_ORIGIN } from './__testUtils__/org';
import { IMPORTS, TICKETS } from './TicketStore';

const as = (user: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${user}`),
});
const csv = { 'content-type': 'text/csv' };

/** One database request per row, with what a recount needs; rows 7 and 8 came after the path. */
const RAW = [
  // key, created, resolved, time spent, reporter
  [
    'OPS-1',
    '2026-03-02T09:00:00Z',
    '2026-03-04T15:00:00Z',
    3600,
    'alice@acme.test',
  ],
  ['OPS-2', '2026-03-05T14:00:00Z', '2026-03-10T12:00:00Z', 5400, 'Bob Baker'],
  ['OPS-3', '2026-03-20T16:30:00Z', '2026-03-23T10:00:00Z', '', 'Dana Doe'],
  ['OPS-4', '2026-04-01T08:00:00Z', '', '', 'carol@acme.test'],
  [
    'OPS-5',
    '2026-04-13T11:15:00Z',
    '2026-04-13T16:45:00Z',
    900,
    'alice@acme.test',
  ],
  [
    'OPS-6',
    '2026-05-29T17:00:00Z',
    '2026-06-02T09:30:00Z',
    2700,
    'bob@acme.test',
  ],
  [
    'OPS-7',
    '2026-06-15T09:00:00Z',
    '2026-06-16T09:00:00Z',
    '',
    'alice@acme.test',
  ],
  ['OPS-8', '2026-06-20T09:00:00Z', '', '', 'alice@acme.test'],
] as const;

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
/** Jira's default export format, `12/Nov/25 3:05 PM` (UTC here). */
function jiraDate(iso: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  const h = d.getUTCHours();
  return `${d.getUTCDate()}/${MONTHS[d.getUTCMonth()]}/${String(
    d.getUTCFullYear(),
  ).slice(2)} ${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${
    h < 12 ? 'AM' : 'PM'
  }`;
}

function jiraExport(rows: ReadonlyArray<(typeof RAW)[number]>) {
  return [
    'Summary,Issue key,Issue Type,Status,Reporter,Created,Updated,Resolved,Time Spent,Description',
    ...rows.map(
      ([key, created, resolved, spent, reporter]) =>
        `"TICKET-TEXT ${key} for the ledger",${key},Database request,Done,${reporter},${jiraDate(
          created,
        )},${jiraDate(resolved || created)},${jiraDate(
          resolved,
        )},${spent},"TICKET-BODY ${key}, password hunter2"`,
    ),
  ].join('\n');
}

/** The baseline recounted straight from RAW: working seconds (09:00–17:00 UTC, Mon–Fri), median, p90. */
function recount() {
  const before = RAW.filter(r => Date.parse(r[1]) < Date.parse('2026-06-01'));
  const toResolve = before
    .filter(r => r[2])
    .map(r => workingSecondsBetween(Date.parse(r[1]), Date.parse(r[2])));
  const spent = before.filter(r => r[3]).map(r => Number(r[3]));
  return {
    ticketType: 'provision-database',
    liveSince: '2026-06-01T00:00:00.000Z',
    tickets: before.length,
    waitToStart: null,
    waitToResolve: spreadOf(toResolve),
    opsEffort: {
      meanSeconds: Math.round(spent.reduce((a, b) => a + b, 0) / spent.length),
      tickets: spent.length,
    },
  };
}

async function start(
  options: {
    read?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    maxUploadMb?: number;
  } = {},
) {
  const knex = knexFactory({
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
            github: { org: 'acme' },
            aws: { region: 'eu-west-1' },
            trust: trustConfig,
            environments: { dev: {} },
            tickets: {
              importers: 'group:default/platform',
              csv: { maxUploadMb: options.maxUploadMb ?? 1 },
              types: [
                {
                  name: 'provision-database',
                  title: 'Provision a PostgreSQL database',
                  templates: ['template:default/postgres-database'],
                  liveSince: '2026-06-01',
                  csv: { values: ['Database request', 'Database'] },
                },
                {
                  name: 'add-ci-secret',
                  title: 'Add a CI secret',
                  csv: { values: ['CI secret'] },
                },
              ],
            },
          },
        },
      }),
      mockServices.database.factory({ knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.permissions.factory({
        result: options.read ?? AuthorizeResult.ALLOW,
      }),
      catalogServiceMock.factory({
        entities: ticketOrg([
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            // trudy registered a user entity that says she is in platform.
            metadata: {
              name: 'trudy',
              namespace: 'default',
              annotations: {
                'backstage.io/managed-by-origin-location': USER_ORIGIN,
                'backstage.io/managed-by-location': USER_ORIGIN,
              },
            },
            spec: { memberOf: ['platform'] },
            relations: [
              { type: 'memberOf', targetRef: 'group:default/platform' },
            ],
          },
        ]),
      }),
    ],
  });
  const api = () => request(backend.server);
  const upload = (user: string, body: string, format = 'jira') =>
    api()
      .post(`/api/golden-path/tickets/imports?format=${format}`)
      .set(as(user))
      .set(csv)
      .send(body);
  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }))[0].n);
  /** The typed client of -common, as user `user` calls the API. */
  const client = (user: string) => {
    const { port } = backend.server.address() as AddressInfo;
    return new GoldenPathClient({
      discoveryApi: {
        getBaseUrl: async () => `http://localhost:${port}/api/golden-path`,
      },
      fetchApi: {
        fetch: (url, init) =>
          fetch(url, {
            ...init,
            headers: { ...(init?.headers as object), ...as(user) },
          }),
      },
    });
  };
  return {
    api,
    upload,
    count,
    client,
    knex,
    stop: async () => {
      await backend.stop();
      await knex.destroy();
    },
  };
}

describe('/tickets', () => {
  let b: Awaited<ReturnType<typeof start>>;
  afterEach(() => b.stop());

  it('refuses uploads and syncs by anyone outside the importers group by trusted sources, and stores nothing', async () => {
    b = await start();
    for (const user of ['alice', 'trudy']) {
      const refused = await b.upload(user, jiraExport(RAW)).expect(403);
      expect(refused.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: `Only members of group:default/platform (by trusted catalog sources) import tickets; user:default/${user} is not one`,
      });
      await b
        .api()
        .post('/api/golden-path/tickets/sync')
        .set(as(user))
        .expect(403);
    }
    // A service, or nobody, is no importer either.
    await b
      .api()
      .post('/api/golden-path/tickets/imports?format=jira')
      .set({ Authorization: mockCredentials.service.header() })
      .set(csv)
      .send(jiraExport(RAW))
      .expect(403);
    await b
      .api()
      .post('/api/golden-path/tickets/imports?format=jira')
      .set(csv)
      .send(jiraExport(RAW))
      .expect(401);
    expect(await b.count(TICKETS)).toBe(0);
    expect(await b.count(IMPORTS)).toBe(0);
  });

  it('imports a Jira export: counts, baseline equal to a recount, no duplicates on re-upload, edits updated, no ticket text stored', async () => {
    b = await start();
    const first = await b.upload('pat', jiraExport(RAW)).expect(200);
    expect(first.body).toMatchObject({
      source: 'csv-jira',
      status: 'succeeded',
      by: 'user:default/pat',
      read: 8,
      created: 8,
      updated: 0,
      unchanged: 0,
      skipped: [],
    });
    const again = await b.upload('pat', jiraExport(RAW)).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 8 });
    expect(await b.count(TICKETS)).toBe(8);

    // OPS-4 was resolved since: a later export says so.
    const edited = RAW.map(r =>
      r[0] === 'OPS-4'
        ? (['OPS-4', r[1], '2026-04-03T12:00:00Z', 1200, r[4]] as const)
        : r,
    );
    const third = await b.upload('pat', jiraExport(edited as any)).expect(200);
    expect(third.body).toMatchObject({ created: 0, updated: 1, unchanged: 7 });
    const ops4 = await b.knex(TICKETS).where({ external_id: 'OPS-4' }).first();
    expect(Number(ops4.resolved_at)).toBe(Date.parse('2026-04-03T12:00:00Z'));

    const types = await b
      .api()
      .get('/api/golden-path/tickets/types')
      .set(as('alice'))
      .expect(200);
    const db = types.body.items.find(
      (i: any) => i.name === 'provision-database',
    );
    expect(db).toMatchObject({
      title: 'Provision a PostgreSQL database',
      templates: ['template:default/postgres-database'],
      sources: ['csv-jira'],
      hasPath: false,
      tickets: 8,
      leaked: 2,
    });
    // The recount uses the edited export.
    RAW.forEach((r, i) => expect(edited[i][0]).toBe(r[0]));
    const expected = recount();
    expected.waitToResolve = spreadOf(
      edited
        .filter(r => Date.parse(r[1]) < Date.parse('2026-06-01') && r[2])
        .map(r => workingSecondsBetween(Date.parse(r[1]), Date.parse(r[2]))),
    );
    const spent = edited
      .filter(r => Date.parse(r[1]) < Date.parse('2026-06-01') && r[3])
      .map(r => Number(r[3]));
    expected.opsEffort = {
      meanSeconds: Math.round(
        spent.reduce((a, b2) => a + b2, 0) / spent.length,
      ),
      tickets: spent.length,
    };
    expect(db.baseline).toEqual(expected);
    expect(db.baseline.waitToResolve.tickets).toBe(6);
    expect(types.body.calendar).toMatchObject({ timeZone: 'UTC' });

    const imports = await b
      .api()
      .get('/api/golden-path/tickets/imports')
      .set(as('alice'))
      .expect(200);
    expect(imports.body.items.map((i: any) => [i.by, i.status])).toEqual([
      ['user:default/pat', 'succeeded'],
      ['user:default/pat', 'succeeded'],
      ['user:default/pat', 'succeeded'],
    ]);

    const stored = JSON.stringify([
      await b.knex(TICKETS),
      await b.knex(IMPORTS),
    ]);
    for (const text of [
      'TICKET-TEXT',
      'TICKET-BODY',
      'hunter2',
      'alice@acme.test',
      'Bob Baker',
      'Dana Doe',
      'Database request',
    ])
      expect(stored).not.toContain(text);
  });

  it('shows leakage by team after the path went live, and ranks types without a path', async () => {
    b = await start();
    await b.upload('pat', jiraExport(RAW)).expect(200);
    const leakage = await b
      .api()
      .get('/api/golden-path/tickets/leakage?from=2026-06-01&to=2026-07-01')
      .set(as('alice'))
      .expect(200);
    expect(leakage.body.items.map((i: any) => i.externalId)).toEqual([
      'OPS-8',
      'OPS-7',
    ]);
    expect(leakage.body.byTeam).toEqual([
      {
        team: 'group:default/checkout',
        ticketType: 'provision-database',
        tickets: 2,
      },
    ]);
    // Three CI-secret requests in the last weeks: the one type without a path.
    const day = (n: number) =>
      new Date(
        Math.floor(Date.now() / 86400_000 - n) * 86400_000 + 10 * 3600_000,
      ).toISOString();
    const secrets = [
      ['SEC-1', day(40), day(38), 1800],
      ['SEC-2', day(30), day(29), 3600],
      ['SEC-3', day(20), '', ''],
    ];
    await b
      .upload(
        'pat',
        [
          'Issue key,Issue Type,Created,Resolved,Time Spent',
          ...secrets.map(([k, c, r, t]) => `${k},CI secret,${c},${r},${t}`),
        ].join('\n'),
      )
      .expect(200);
    const next = await b
      .api()
      .get('/api/golden-path/tickets/next')
      .set(as('alice'))
      .expect(200);
    const waits = secrets
      .filter(r => r[2])
      .map(r =>
        workingSecondsBetween(
          Date.parse(r[1] as string),
          Date.parse(r[2] as string),
        ),
      );
    expect(next.body.items).toEqual([
      {
        ticketType: 'add-ci-secret',
        title: 'Add a CI secret',
        tickets: 3,
        monthlyVolume: 0.25,
        // The mean of the two logged efforts, 30 and 60 minutes.
        opsHoursPerTicket: 0.75,
        opsEffortSource: 'measured',
        waitHours: Math.round((spreadOf(waits)!.median / 3600) * 100) / 100,
        score: expect.any(Number),
      },
    ]);
    const [candidate] = next.body.items;
    expect(candidate.score).toBeCloseTo(0.25 * 0.75 * candidate.waitHours, 1);
    await b
      .api()
      .get('/api/golden-path/tickets/leakage?from=2026-07-01&to=2026-06-01')
      .set(as('alice'))
      .expect(400);
  });

  it('imports a ServiceNow export, and refuses a wrong format, an empty body and a file over the limit (413) with nothing stored', async () => {
    b = await start({ maxUploadMb: 0.01 });
    const sn = await b.upload('pat', SERVICENOW_CSV, 'servicenow').expect(200);
    expect(sn.body).toMatchObject({
      source: 'csv-servicenow',
      created: 2,
      skipped: [{ row: 4 }],
    });
    const stored = await b.count(TICKETS);
    const imports = await b.count(IMPORTS);
    await b.upload('pat', SERVICENOW_CSV, 'excel').expect(400);
    await b.upload('pat', '', 'jira').expect(400);
    await b.upload('pat', SERVICENOW_CSV, 'jira').expect(400);
    const big = jiraExport(Array.from({ length: 200 }, () => RAW[0]));
    expect(big.length).toBeGreaterThan(0.01 * 1024 * 1024);
    const tooBig = await b.upload('pat', big).expect(413);
    expect(tooBig.body.error.name).toBe('PayloadTooLargeError');
    expect(await b.count(TICKETS)).toBe(stored);
    expect(await b.count(IMPORTS)).toBe(imports);
  });

  it("speaks the typed client's ticket methods", async () => {
    b = await start();
    const pat = b.client('pat');
    const imported = await pat.importTicketsCsv('jira', jiraExport(RAW));
    expect(imported).toMatchObject({ source: 'csv-jira', created: 8 });
    const { items } = await pat.getTicketTypes();
    expect(items.map(i => [i.name, i.tickets])).toEqual([
      ['provision-database', 8],
      ['add-ci-secret', 0],
    ]);
    const leakage = await pat.getTicketLeakage({
      from: '2026-01-01',
      to: '2026-12-31',
    });
    expect(leakage.items).toHaveLength(2);
    expect((await pat.getRetireCandidates()).items).toEqual([]);
    expect((await pat.listTicketImports()).items).toHaveLength(1);
    expect(await pat.syncTickets()).toEqual({ items: [] });
    await expect(
      b.client('alice').importTicketsCsv('jira', jiraExport(RAW)),
    ).rejects.toMatchObject({ response: { status: 403 } });
  });

  it('needs golden-path.metrics.read to read, and a sync with no source configured reads nothing', async () => {
    b = await start({ read: AuthorizeResult.DENY });
    for (const path of ['types', 'leakage', 'next', 'imports'])
      await b
        .api()
        .get(`/api/golden-path/tickets/${path}`)
        .set(as('pat'))
        .expect(403);
    await b.api().get('/api/golden-path/tickets/types').expect(401);
    const sync = await b
      .api()
      .post('/api/golden-path/tickets/sync')
      .set(as('pat'))
      .expect(200);
    expect(sync.body).toEqual({ items: [] });
  });
});
