import {
  spreadOf,
  workingSecondsBetween,
} from '@golden-path/plugin-golden-path-common';
import {
  FakeGithub,
  FakeGithubIssue,
  startFakeGithub,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, startGoldenPathBackend } from '../integration/backend';

const TOKEN = 'ghp_tickets_5a4b3c2d1e';
const REPO = 'acme/ops-requests';
const DAY = 86400_000;

/** Two trusted users with GitHub logins (org data the operator configured). */
const PEOPLE = `
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: ann
  annotations:
    github.com/user-login: ann-gh
spec:
  profile: { email: ann@example.com }
  memberOf: [checkout]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: ben
  annotations:
    github.com/user-login: ben-gh
spec:
  profile: { email: ben@example.com }
  memberOf: [payments]
`;

/** Answers GitHub's description does not allow, and requests without the API version. */
const contractProblems = (github: FakeGithub) => [
  ...github.contractViolations(),
  ...github.requests
    .filter(r => r.headers['x-github-api-version'] !== '2022-11-28')
    .map(r => `${r.method} ${r.path} without X-GitHub-Api-Version`),
];

const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

/**
 * Database requests in acme/ops-requests: 105 routine ones (so the read pages), a few particular
 * ones, a pull request with the label, and a CI-secret request.
 */
function issues(): FakeGithubIssue[] {
  const t0 = Date.parse('2026-01-05T09:00:00Z');
  const list: FakeGithubIssue[] = [];
  for (let n = 1; n <= 105; n++) {
    const created = t0 + n * DAY + (n % 7) * 3600_000;
    const assigned = created + ((n % 5) + 1) * 3 * 3600_000;
    const closed = assigned + ((n % 4) + 1) * 5 * 3600_000;
    list.push({
      number: n,
      title: `TICKET-TITLE ${n}: a database for team ${n % 3}`,
      body: `TICKET-BODY ${n}: connection string postgres://admin:hunter2@db`,
      user: n % 2 ? 'ann-gh' : 'ben-gh',
      labels: ['database'],
      state: 'closed',
      created_at: iso(created),
      updated_at: iso(closed),
      closed_at: iso(closed),
      events: [
        { event: 'labeled', actor: 'ops-bot', created_at: iso(created) },
        {
          event: 'assigned',
          actor: 'ops-lead',
          assignee: 'ops-1',
          created_at: iso(assigned),
        },
        {
          event: 'assigned',
          actor: 'ops-lead',
          assignee: 'ops-2',
          created_at: iso(assigned + 3600_000),
        },
        { event: 'closed', actor: 'ops-1', created_at: iso(closed) },
      ],
    });
  }
  const late = Date.parse('2026-06-01T10:00:00Z');
  list.push(
    {
      number: 200,
      title: 'TICKET-TITLE stranger',
      user: 'someone-else',
      labels: ['database', 'urgent'],
      state: 'open',
      created_at: iso(late),
      updated_at: iso(late + 600_000),
      events: [],
    },
    {
      number: 201,
      title: 'TICKET-TITLE a pull request',
      user: 'ann-gh',
      labels: ['database'],
      state: 'open',
      pull_request: true,
      created_at: iso(late),
      updated_at: iso(late + 60_000),
      events: [],
    },
    {
      number: 202,
      title: 'TICKET-TITLE secret',
      user: 'ben-gh',
      labels: ['ci-secret'],
      state: 'open',
      created_at: iso(late),
      updated_at: iso(late + 120_000),
      events: [
        {
          event: 'assigned',
          actor: 'ops-lead',
          assignee: 'ops-1',
          created_at: iso(late + 3600_000),
        },
      ],
    },
  );
  return list;
}

/** The database baseline recounted straight from the issues (first assignment, closing). */
function recount(list: FakeGithubIssue[]) {
  const db = list.filter(i => i.labels.includes('database') && !i.pull_request);
  const toStart: number[] = [];
  const toResolve: number[] = [];
  for (const i of db) {
    const assigned = i.events
      .filter(e => e.event === 'assigned')
      .map(e => Date.parse(e.created_at));
    if (assigned.length)
      toStart.push(
        workingSecondsBetween(Date.parse(i.created_at), Math.min(...assigned)),
      );
    if (i.closed_at)
      toResolve.push(
        workingSecondsBetween(
          Date.parse(i.created_at),
          Date.parse(i.closed_at),
        ),
      );
  }
  return {
    ticketType: 'provision-database',
    liveSince: null,
    tickets: db.length,
    waitToStart: spreadOf(toStart),
    waitToResolve: spreadOf(toResolve),
    opsEffort: null,
  };
}

describe('GitHub Issues as a ticket source, through the real backend and the GitHub stand-in', () => {
  let github: FakeGithub;
  let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-tickets-'));
  const sqliteDirectory = path.join(dir, 'db');
  fs.mkdirSync(sqliteDirectory);
  const people = path.join(dir, 'people.yaml');
  fs.writeFileSync(people, PEOPLE);

  const sync = () =>
    ctx.request().post('/api/golden-path/tickets/sync').set(ctx.auth);
  const stored = () => {
    const db = new Database(path.join(sqliteDirectory, 'golden-path.sqlite'), {
      readonly: true,
    });
    try {
      return {
        tickets: db
          .prepare('select * from golden_path_tickets order by external_id')
          .all() as any[],
        imports: db.prepare('select * from golden_path_ticket_imports').all(),
      };
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    github = await startFakeGithub();
    for (const issue of issues()) github.putIssue(REPO, issue);
    ctx = await startGoldenPathBackend({
      sqliteDirectory,
      catalogFiles: [people],
      config: {
        integrations: {
          github: [
            { host: 'github.com', apiBaseUrl: github.url, token: TOKEN },
          ],
        },
      },
      goldenPath: {
        tickets: {
          github: { repo: REPO },
          types: [
            {
              name: 'provision-database',
              title: 'Provision a PostgreSQL database',
              templates: ['template:default/postgres-database'],
              github: { labels: ['database'] },
            },
            {
              name: 'add-ci-secret',
              title: 'Add a secret to CI/CD',
              github: { labels: ['ci-secret'] },
            },
          ],
        },
      },
    });
    // The people file and the repository's catalog-info.yaml are read in.
    await eventually(async () => {
      for (const name of ['user/default/ann', 'user/default/guest']) {
        const res = await ctx
          .request()
          .get(`/api/catalog/entities/by-name/${name}`)
          .set(ctx.auth);
        if (res.status !== 200) return undefined;
      }
      return true;
    }, 60_000);
  }, 120_000);

  afterAll(async () => {
    await ctx?.backend.stop();
    await github?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads every labelled issue (pull requests left out) and measures the baseline a recount of the raw issues gives', async () => {
    const res = await sync().expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      source: 'github',
      status: 'succeeded',
      by: 'user:default/guest',
      // The second page starts at the first page's newest update: that issue is read twice.
      read: 108,
      created: 107,
      updated: 0,
      unchanged: 1,
    });
    expect(contractProblems(github)).toEqual([]);
    const lists = github.requests.filter(
      r => r.operationId === 'issues/list-for-repo',
    );
    // 106 database issues at 100 a page: two pages; then the CI-secret label's one.
    expect(lists).toHaveLength(3);
    const events = github.requests.filter(
      r => r.operationId === 'issues/list-events',
    );
    // Only issues without a known start are asked for their events (pull requests never).
    expect(events).toHaveLength(107);
    expect(
      github.requests.every(r => r.headers.authorization === `token ${TOKEN}`),
    ).toBe(true);

    const { tickets } = stored();
    expect(tickets).toHaveLength(107);
    expect(tickets.some(t => t.external_id === `${REPO}#201`)).toBe(false);
    const team = (n: number) =>
      tickets.find(t => t.external_id === `${REPO}#${n}`)?.reporter_team;
    expect([team(1), team(2), team(200), team(202)]).toEqual([
      'group:default/checkout',
      'group:default/payments',
      'unknown',
      'group:default/payments',
    ]);

    const types = await ctx
      .request()
      .get('/api/golden-path/tickets/types')
      .set(ctx.auth)
      .expect(200);
    const db = types.body.items.find(
      (i: any) => i.name === 'provision-database',
    );
    expect(db.baseline).toEqual(recount(issues()));
    expect(db).toMatchObject({ tickets: 106, sources: ['github'] });
  });

  it('a second sync reads only what changed since, creates no duplicate, and updates an issue edited upstream', async () => {
    github.reset();
    const again = await sync().expect(200);
    expect(again.body.items[0]).toMatchObject({ created: 0, updated: 0 });
    expect(again.body.items[0].unchanged).toBe(again.body.items[0].read);
    expect(again.body.items[0].read).toBeLessThan(5);
    // One list per label, each from where the last read stopped.
    expect(
      github.requests.filter(r => r.operationId === 'issues/list-for-repo'),
    ).toHaveLength(2);
    expect(
      github.requests.filter(r => r.operationId === 'issues/list-events'),
    ).toHaveLength(0);

    // #200 is picked up and closed.
    const picked = issues().find(i => i.number === 200)!;
    const at = Date.parse('2026-06-03T15:00:00Z');
    github.putIssue(REPO, {
      ...picked,
      state: 'closed',
      updated_at: iso(at),
      closed_at: iso(at),
      events: [
        {
          event: 'assigned',
          actor: 'ops-lead',
          assignee: 'ops-2',
          created_at: iso(at - 2 * 3600_000),
        },
      ],
    });
    github.reset();
    const edited = await sync().expect(200);
    expect(edited.body.items[0]).toMatchObject({ created: 0, updated: 1 });
    expect(contractProblems(github)).toEqual([]);
    const row = stored().tickets.find(t => t.external_id === `${REPO}#200`);
    expect(row).toMatchObject({
      resolved_at: at,
      started_at: at - 2 * 3600_000,
    });
    expect(stored().tickets).toHaveLength(107);
  });

  it('keeps no issue text, reporter login or token in the database', () => {
    const everything = JSON.stringify(stored());
    for (const text of [
      'TICKET-TITLE',
      'TICKET-BODY',
      'hunter2',
      'ann-gh',
      'ben-gh',
      TOKEN,
    ])
      expect(everything).not.toContain(text);
  });
});
