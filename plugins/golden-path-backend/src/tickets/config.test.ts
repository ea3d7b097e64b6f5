import { ConfigReader } from '@backstage/config';
import { readTicketsSettings } from './config';

const read = (tickets: unknown, extra: Record<string, unknown> = {}) =>
  readTicketsSettings(
    new ConfigReader({ goldenPath: { ...extra, tickets } } as any),
  );

describe('goldenPath.tickets', () => {
  it('has defaults when absent', () => {
    expect(readTicketsSettings(new ConfigReader({}))).toEqual({
      types: [],
      jira: undefined,
      github: undefined,
      importers: 'group:default/platform',
      schedule: {
        frequency: { minutes: 30 },
        timeout: { minutes: 10 },
        initialDelay: { minutes: 1 },
      },
      maxPagesPerRun: 20,
      csvTimeZone: 'UTC',
      maxUploadBytes: 10 * 1024 * 1024,
    });
  });

  it('reads the documented example, with importers from the exception approvers', () => {
    const settings = read(
      {
        schedule: { frequency: { minutes: 15 }, timeout: { minutes: 5 } },
        jira: {
          baseUrl: 'https://acme.atlassian.net/',
          email: 'reader@acme.test',
          apiToken: 'secret-token',
        },
        github: { repo: 'acme/ops-requests' },
        types: [
          {
            name: 'provision-database',
            title: 'Provision a PostgreSQL database',
            templates: ['postgres-database'],
            liveSince: '2026-06-01',
            jira: { jql: 'project = OPS' },
            github: { labels: ['database'] },
            csv: { values: ['Database request'] },
          },
        ],
      },
      { exceptions: { approvers: 'sre' }, github: { host: 'ghe.acme.test' } },
    );
    expect(settings).toMatchObject({
      importers: 'group:default/sre',
      schedule: { frequency: { minutes: 15 }, timeout: { minutes: 5 } },
      jira: {
        baseUrl: 'https://acme.atlassian.net',
        startedStatuses: ['In Progress'],
      },
      github: { host: 'ghe.acme.test', repo: 'acme/ops-requests' },
      types: [
        {
          name: 'provision-database',
          templates: ['template:default/postgres-database'],
          liveSince: '2026-06-01T00:00:00.000Z',
          github: { repo: 'acme/ops-requests', labels: ['database'] },
        },
      ],
    });
  });

  it('stops start-up naming every key that is wrong, and never the token', () => {
    let message = '';
    try {
      read({
        importers: 'not a group!',
        maxPagesPerRun: 0,
        csv: { timeZone: 'Mars/Olympus' },
        jira: { baseUrl: 'acme.atlassian.net', apiToken: 'tok-123456' },
        types: [
          {
            name: 'a',
            templates: ['component:default/x'],
            liveSince: 'June',
            github: { labels: [] },
            csv: { values: [] },
          },
          { name: 'a', jira: { jql: ' ' } },
          { name: 'bad name' },
        ],
      });
    } catch (e) {
      message = (e as Error).message;
    }
    for (const problem of [
      'goldenPath.tickets.jira.baseUrl',
      'goldenPath.tickets.jira.email',
      'goldenPath.tickets.types[0].templates: "component:default/x"',
      'goldenPath.tickets.types[0].liveSince',
      'goldenPath.tickets.types[0].github.labels',
      'goldenPath.tickets.types[0].github needs goldenPath.tickets.github',
      'goldenPath.tickets.types[0].csv.values',
      'goldenPath.tickets.types[1].name "a" is configured twice',
      'goldenPath.tickets.types[1].jira.jql',
      'goldenPath.tickets.types[2].name',
      'goldenPath.tickets.importers',
      'goldenPath.tickets.maxPagesPerRun',
      'goldenPath.tickets.csv.timeZone "Mars/Olympus"',
    ])
      expect(message).toContain(problem);
    expect(message).toMatch(/^Invalid goldenPath.tickets configuration: /);
    expect(message).not.toContain('tok-123456');
  });

  it('needs the site for a type that reads Jira', () => {
    expect(() =>
      read({ types: [{ name: 'x', jira: { jql: 'project = OPS' } }] }),
    ).toThrow(
      'goldenPath.tickets.types[0].jira needs goldenPath.tickets.jira (the site and its API token)',
    );
  });
});
