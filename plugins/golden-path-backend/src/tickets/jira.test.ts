import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  spreadOf,
  workingSecondsBetween,
} from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { sqliteDb, Db } from '../testUtils/databases';
import { readTicketsSettings, TicketsSettings } from './config';
import { JiraTickets } from './jira';
import { resolveTicketQueries } from './queries';
import { ReporterTeams } from './reporters';
import {
  FakeJira,
  FakeJiraIssue,
  jiraTime,
  startFakeJira,
} from './__testUtils__/fakeJira';
import { orgServices } from './__testUtils__/org';
import { TicketService } from './TicketService';
import { IMPORTS, TICKETS, TicketStore } from './TicketStore';

const EMAIL = 'reader@acme.test';
const TOKEN = 'atlassian-token-5f1c9e';
const JQL = 'project = OPS AND issuetype = "Database request"';
const LIVE = '2026-06-01';

/** Seven database requests in Berlin (+01:00/+02:00), two opened after the path went live. */
function rawIssues(): FakeJiraIssue[] {
  const t = (iso: string) =>
    jiraTime(
      iso,
      Date.parse(iso) < Date.parse('2026-03-29T01:00:00Z') ? '+0100' : '+0200',
    );
  const issue = (
    key: string,
    created: string,
    updated: string,
    extra: Partial<FakeJiraIssue>,
  ): FakeJiraIssue => ({
    key,
    jql: JQL,
    summary: `SECRET-SUMMARY ${key}: prod database for the ledger`,
    description: `SECRET-DESCRIPTION ${key}: please use password hunter2`,
    issueType: 'Database request',
    status: 'Done',
    ...extra,
    created: t(created),
    updated: t(updated),
    resolutiondate: extra.resolutiondate ? t(extra.resolutiondate) : null,
    transitions: (extra.transitions ?? []).map(x => ({ ...x, at: t(x.at) })),
  });
  const moved = (at: string, to = 'In Progress', from = 'To Do') => ({
    at,
    from,
    to,
  });
  return [
    issue('OPS-1', '2026-03-02T09:00:00Z', '2026-03-04T15:00:00Z', {
      transitions: [moved('2026-03-03T10:00:00Z')],
      resolutiondate: '2026-03-04T15:00:00Z',
      timespent: 3600,
      reporter: {
        displayName: 'Alice Archer',
        emailAddress: 'alice@acme.test',
      },
    }),
    issue('OPS-2', '2026-03-05T14:00:00Z', '2026-03-10T12:00:00Z', {
      transitions: [moved('2026-03-09T09:30:00Z')],
      resolutiondate: '2026-03-10T12:00:00Z',
      timespent: 5400,
      // Jira hides the email of users who chose to: the display name is matched instead.
      reporter: { displayName: 'Bob Baker' },
    }),
    issue('OPS-3', '2026-04-01T08:00:00Z', '2026-04-06T16:00:00Z', {
      transitions: [
        moved('2026-04-02T09:00:00Z'),
        moved('2026-04-02T11:00:00Z', 'Blocked', 'In Progress'),
        moved('2026-04-03T09:00:00Z', 'In Progress', 'Blocked'),
      ],
      resolutiondate: '2026-04-06T16:00:00Z',
      reporter: { displayName: 'Dana Doe', emailAddress: 'dana@acme.test' },
    }),
    issue('OPS-4', '2026-04-20T10:00:00Z', '2026-04-20T10:05:00Z', {
      status: 'To Do',
    }),
    issue('OPS-5', '2026-05-10T10:00:00Z', '2026-05-12T10:00:00Z', {
      transitions: [moved('2026-05-11T13:00:00Z')],
      resolutiondate: '2026-05-12T10:00:00Z',
      timespent: 1800,
      reporter: { displayName: 'Carol Cole', emailAddress: 'carol@acme.test' },
    }),
    issue('OPS-6', '2026-06-15T09:00:00Z', '2026-06-16T09:00:00Z', {
      transitions: [moved('2026-06-15T12:00:00Z')],
      resolutiondate: '2026-06-16T09:00:00Z',
      reporter: {
        displayName: 'Alice Archer',
        emailAddress: 'alice@acme.test',
      },
    }),
    issue('OPS-7', '2026-07-01T09:00:00Z', '2026-07-01T09:30:00Z', {
      status: 'To Do',
      reporter: { displayName: 'Bob Baker' },
    }),
  ];
}

/** The baseline recounted from the raw issues, without the importer's code. */
function recount(issues: FakeJiraIssue[]) {
  const before = issues.filter(i => Date.parse(i.created) < Date.parse(LIVE));
  const toStart: number[] = [];
  const toResolve: number[] = [];
  const logged: number[] = [];
  for (const i of before) {
    const starts = i.transitions
      .filter(x => x.to === 'In Progress')
      .map(x => Date.parse(x.at));
    if (starts.length)
      toStart.push(
        workingSecondsBetween(Date.parse(i.created), Math.min(...starts)),
      );
    if (i.resolutiondate)
      toResolve.push(
        workingSecondsBetween(
          Date.parse(i.created),
          Date.parse(i.resolutiondate),
        ),
      );
    if (i.timespent) logged.push(i.timespent);
  }
  return {
    tickets: before.length,
    waitToStart: spreadOf(toStart),
    waitToResolve: spreadOf(toResolve),
    opsEffort: logged.length
      ? {
          meanSeconds: Math.round(
            logged.reduce((a, b) => a + b, 0) / logged.length,
          ),
          tickets: logged.length,
        }
      : null,
  };
}

function capturingLogger() {
  const lines: string[] = [];
  const logger: any = mockServices.logger.mock();
  for (const level of ['info', 'warn', 'error', 'debug'] as const)
    logger[level].mockImplementation((m: string, meta?: unknown) =>
      lines.push(`${m} ${meta ? JSON.stringify(meta) : ''}`),
    );
  logger.child.mockImplementation(() => logger);
  return { logger, lines };
}

describe('Jira tickets through jira.js against a Jira Cloud stand-in', () => {
  let jira: FakeJira;
  let db: Db;
  let knex: Knex;
  let settings: TicketsSettings;
  let clock = Date.parse('2026-08-01T00:00:00Z');

  const service = (
    options: {
      token?: string;
      pageSize?: number;
      onTicketsChanged?: () => Promise<void>;
      maxPagesPerRun?: number;
    } = {},
  ) => {
    const org = orgServices();
    const s = {
      ...settings,
      maxPagesPerRun: options.maxPagesPerRun ?? settings.maxPagesPerRun,
      jira: { ...settings.jira!, apiToken: options.token ?? TOKEN },
    };
    const log = capturingLogger();
    return {
      log,
      service: new TicketService({
        store: new TicketStore(knex),
        settings: s,
        reporters: new ReporterTeams(org),
        queries: () => resolveTicketQueries(s, org),
        jira: new JiraTickets(s.jira, options.pageSize ?? 2),
        logger: log.logger,
        onTicketsChanged: options.onTicketsChanged,
        // A clock that moves: imports are ordered by when they started.
        now: () => (clock += 1000),
      }),
    };
  };
  const rows = async () =>
    (await knex(TICKETS).orderBy('external_id')).map(r => ({
      ...r,
      created_at: Number(r.created_at),
    }));

  beforeEach(async () => {
    jira = await startFakeJira({
      email: EMAIL,
      apiToken: TOKEN,
      timeZone: 'Europe/Berlin',
    });
    for (const i of rawIssues()) jira.put(i);
    db = sqliteDb();
    knex = await db.client();
    settings = readTicketsSettings(
      new ConfigReader({
        goldenPath: {
          tickets: {
            jira: { baseUrl: jira.url, email: EMAIL, apiToken: TOKEN },
            types: [
              {
                name: 'provision-database',
                title: 'Provision a PostgreSQL database',
                templates: ['template:default/postgres-database'],
                liveSince: LIVE,
                jira: { jql: `${JQL} ORDER BY created DESC` },
              },
            ],
          },
        },
      }),
    );
  });
  afterEach(async () => {
    await jira.close();
    await db.done();
  });

  it('reads every page with Basic auth and stores facts whose baseline equals a recount of the raw issues', async () => {
    const changed = jest.fn(async () => {});
    const { service: tickets } = service({ onTicketsChanged: changed });
    const [result] = await tickets.sync('user:default/pat');
    expect(result).toMatchObject({
      source: 'jira',
      status: 'succeeded',
      read: 7,
      created: 7,
      updated: 0,
      unchanged: 0,
      by: 'user:default/pat',
    });
    expect(changed).toHaveBeenCalledTimes(1);

    const searches = jira.requests.filter(
      r => r.path === '/rest/api/3/search/jql',
    );
    // Seven issues, two per page: four pages, each after the first with the previous page's token.
    expect(searches).toHaveLength(4);
    expect(searches[0].query.nextPageToken).toBeUndefined();
    expect(searches.slice(1).every(r => !!r.query.nextPageToken)).toBe(true);
    expect(jira.requests.every(r => r.authorized)).toBe(true);
    expect(searches[0].query.jql).toBe(`(${JQL}) ORDER BY updated ASC`);
    expect(searches[0].query.expand).toBe('changelog');
    expect(searches[0].query.fields.split(',').sort()).toEqual([
      'created',
      'reporter',
      'resolutiondate',
      'status',
      'timespent',
      'updated',
    ]);

    const stored = await rows();
    expect(stored.map(r => r.external_id)).toEqual([
      'OPS-1',
      'OPS-2',
      'OPS-3',
      'OPS-4',
      'OPS-5',
      'OPS-6',
      'OPS-7',
    ]);
    const ops3 = stored.find(r => r.external_id === 'OPS-3')!;
    // The first move into In Progress, not the later one back from Blocked.
    expect(Number(ops3.started_at)).toBe(Date.parse('2026-04-02T09:00:00Z'));
    expect(
      Object.fromEntries(stored.map(r => [r.external_id, r.reporter_team])),
    ).toEqual({
      'OPS-1': 'group:default/checkout',
      'OPS-2': 'group:default/payments',
      // dana's email is claimed only by a user entity someone registered.
      'OPS-3': 'unknown',
      'OPS-4': 'unknown',
      'OPS-5': 'group:default/data',
      'OPS-6': 'group:default/checkout',
      'OPS-7': 'group:default/payments',
    });

    const { items } = await tickets.types();
    const expected = recount(rawIssues());
    expect(items[0].baseline).toEqual({
      ticketType: 'provision-database',
      liveSince: '2026-06-01T00:00:00.000Z',
      ...expected,
    });
    expect(expected.waitToStart!.tickets).toBe(4);
    expect(items[0]).toMatchObject({
      tickets: 7,
      leaked: 2,
      sources: ['jira'],
    });
  });

  it('re-reads without duplicates, asks only for what changed since (in the API user’s zone), and updates an issue edited upstream', async () => {
    const changed = jest.fn(async () => {});
    const { service: tickets } = service({ onTicketsChanged: changed });
    await tickets.sync('scheduler');
    jira.requests.length = 0;

    const [again] = await tickets.sync('scheduler');
    expect(again).toMatchObject({
      status: 'succeeded',
      created: 0,
      updated: 0,
    });
    expect(again.unchanged).toBe(again.read);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(await knex(TICKETS).count({ n: '*' })).toEqual([{ n: 7 }]);
    // The newest update read was OPS-7's, 09:30Z = 11:30 in Berlin; one minute back.
    const search = jira.requests.find(
      r => r.path === '/rest/api/3/search/jql',
    )!;
    expect(search.query.jql).toBe(
      `(${JQL}) AND updated >= "2026/07/01 11:29" ORDER BY updated ASC`,
    );
    expect(jira.requests.some(r => r.path === '/rest/api/3/myself')).toBe(true);

    // OPS-4 is picked up and resolved upstream.
    const ops4 = rawIssues().find(i => i.key === 'OPS-4')!;
    jira.put({
      ...ops4,
      status: 'Done',
      updated: jiraTime('2026-07-20T10:00:00Z', '+0200'),
      resolutiondate: jiraTime('2026-07-20T10:00:00Z', '+0200'),
      timespent: 900,
      transitions: [
        {
          at: jiraTime('2026-07-19T09:00:00Z', '+0200'),
          from: 'To Do',
          to: 'In Progress',
        },
      ],
    });
    const [edited] = await tickets.sync('scheduler');
    expect(edited).toMatchObject({ created: 0, updated: 1 });
    expect(changed).toHaveBeenCalledTimes(2);
    const row = (await rows()).find(r => r.external_id === 'OPS-4')!;
    expect(Number(row.resolved_at)).toBe(Date.parse('2026-07-20T10:00:00Z'));
    expect(Number(row.started_at)).toBe(Date.parse('2026-07-19T09:00:00Z'));
    expect(row.time_spent_seconds).toBe(900);
    expect(await knex(TICKETS).count({ n: '*' })).toEqual([{ n: 7 }]);
  });

  it('reads a bounded number of pages per sync and the next sync, on another instance, resumes there', async () => {
    const first = service({ maxPagesPerRun: 1 }).service;
    const [one] = await first.sync('scheduler');
    expect(one.read).toBe(2);
    expect(await knex(TICKETS).count({ n: '*' })).toEqual([{ n: 2 }]);
    // Another replica (a new service on the same database) picks up from the stored cursor.
    const second = service({ maxPagesPerRun: 1 }).service;
    for (let i = 0; i < 6; i++) await second.sync('scheduler');
    expect((await rows()).map(r => r.external_id)).toHaveLength(7);
    const cursors = await knex(IMPORTS)
      .whereNotNull('cursor')
      .orderBy('started_at');
    expect(JSON.parse(cursors[cursors.length - 1].cursor)).toEqual({
      'provision-database': Date.parse('2026-07-01T09:30:00Z'),
    });
  });

  it('reads the issue changelog when the search returned only part of a long history', async () => {
    await jira.close();
    jira = await startFakeJira({
      email: EMAIL,
      apiToken: TOKEN,
      timeZone: 'Europe/Berlin',
      inlineHistories: 1,
    });
    for (const i of rawIssues()) jira.put(i);
    settings = { ...settings, jira: { ...settings.jira!, baseUrl: jira.url } };
    await service().service.sync('scheduler');
    const ops3 = (await rows()).find(r => r.external_id === 'OPS-3')!;
    expect(Number(ops3.started_at)).toBe(Date.parse('2026-04-02T09:00:00Z'));
    expect(
      jira.requests.filter(r => r.path === '/rest/api/3/issue/OPS-3/changelog'),
    ).toHaveLength(1);
  });

  it('fails the import on a refused token without the token in the error, the log or the database', async () => {
    const { service: tickets, log } = service({ token: 'wrong-token-9d8e7f' });
    const [result] = await tickets.sync('scheduler');
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(
      /^Jira search failed with 401: You are not authenticated/,
    );
    expect(jira.requests.every(r => !r.authorized)).toBe(true);
    const everything = JSON.stringify([
      await knex(TICKETS),
      await knex(IMPORTS),
      log.lines,
      result,
    ]);
    expect(everything).not.toContain('wrong-token-9d8e7f');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(
      Buffer.from(`${EMAIL}:wrong-token-9d8e7f`).toString('base64'),
    );
    expect(await knex(TICKETS).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('never stores ticket text or reporter identity', async () => {
    await service().service.sync('scheduler');
    const stored = JSON.stringify([await knex(TICKETS), await knex(IMPORTS)]);
    for (const text of [
      'SECRET-SUMMARY',
      'SECRET-DESCRIPTION',
      'hunter2',
      'Alice Archer',
      'alice@acme.test',
      'Bob Baker',
      'dana@acme.test',
      'Database request',
    ])
      expect(stored).not.toContain(text);
    expect(Object.keys((await knex(TICKETS))[0]).sort()).toEqual([
      'created_at',
      'external_id',
      'reporter_team',
      'resolved_at',
      'source',
      'started_at',
      'ticket_type',
      'time_spent_seconds',
      'updated_at',
    ]);
  });
});
