import {
  orgServices,
  template,
  TRUSTED_ORIGIN,
  USER_ORIGIN,
} from './__testUtils__/org';
import { ReporterTeams } from './reporters';
import { resolveTicketQueries, TICKET_QUERY_ANNOTATIONS } from './queries';
import { TicketsSettings } from './config';

describe('reporter teams', () => {
  const teams = new ReporterTeams(orgServices());
  const teamOf = async (reporter: Parameters<typeof ReporterTeams.keyOf>[0]) =>
    (await teams.teamsOf([reporter!])).get(ReporterTeams.keyOf(reporter));

  it.each([
    ['an email', { email: 'ALICE@acme.test' }, 'group:default/checkout'],
    ['a GitHub login', { login: 'bobb' }, 'group:default/payments'],
    ['a display name', { name: 'carol cole' }, 'group:default/data'],
    ['a user name', { name: 'pat' }, 'group:default/platform'],
    // bob is in payments and platform; his entity lists payments first.
    [
      'the first listed group',
      { email: 'bob@acme.test' },
      'group:default/payments',
    ],
    [
      'an email only a registered entity claims',
      { email: 'dana@acme.test' },
      'unknown',
    ],
    [
      'a login only a registered entity claims',
      { login: 'carol-gh' },
      'unknown',
    ],
    ['nobody', { email: 'zed@acme.test', name: 'Zed' }, 'unknown'],
  ])(
    'maps %s to a team from trusted sources',
    async (_label, reporter, team) => {
      expect(await teamOf(reporter)).toBe(team);
    },
  );

  it('reads the catalog once for many reporters', async () => {
    const services = orgServices();
    const spy = jest.spyOn(services.catalog, 'getEntities');
    const many = Array.from({ length: 120 }, (_, i) => ({
      email: `someone${i}@acme.test`,
    }));
    const found = await new ReporterTeams(services).teamsOf([
      ...many,
      { email: 'alice@acme.test' },
    ]);
    expect(found.get(ReporterTeams.keyOf({ email: 'alice@acme.test' }))).toBe(
      'group:default/checkout',
    );
    // 121 emails in batches of 50: one query of three filters (then alice's groups, once).
    const userQueries = spy.mock.calls.filter(([q]) =>
      JSON.stringify(q?.filter).includes('spec.profile.email'),
    );
    expect(userQueries).toHaveLength(1);
    expect(userQueries[0][0]!.filter).toHaveLength(3);
    expect(spy).toHaveBeenCalledTimes(2);
  });
});

describe('ticket queries from template annotations', () => {
  const annotated = (name: string, location: string) =>
    template(name, location, {
      [TICKET_QUERY_ANNOTATIONS.jql]: `project = OPS AND labels = ${name}`,
      [TICKET_QUERY_ANNOTATIONS.labels]: `${name}, ops`,
    });
  const settings: Pick<TicketsSettings, 'types' | 'jira' | 'github'> = {
    jira: {
      baseUrl: 'https://acme.atlassian.net',
      email: 'r@acme.test',
      apiToken: 't',
      startedStatuses: ['In Progress'],
    },
    github: { host: 'github.com', repo: 'acme/ops-requests' },
    types: [
      {
        name: 'trusted',
        title: 'Trusted',
        templates: ['template:default/trusted-path'],
      },
      {
        name: 'registered',
        title: 'Registered by a user',
        templates: ['template:default/user-path'],
      },
      {
        name: 'configured',
        title: 'Config wins',
        templates: ['template:default/trusted-path'],
        jira: { jql: 'project = OPS' },
      },
      {
        // A trusted template that this type does not list says nothing about it.
        name: 'unlisted',
        title: 'Not listed',
        templates: [],
      },
    ],
  };

  it('honours them only from trusted templates the type lists, and config first', async () => {
    const services = orgServices([
      annotated('trusted-path', TRUSTED_ORIGIN),
      annotated('user-path', USER_ORIGIN),
    ]);
    const queries = await resolveTicketQueries(settings, services);
    expect(queries.get('trusted')).toEqual({
      jira: {
        jql: 'project = OPS AND labels = trusted-path',
        from: 'template:default/trusted-path',
      },
      github: {
        repo: 'acme/ops-requests',
        labels: ['trusted-path', 'ops'],
        from: 'template:default/trusted-path',
      },
    });
    expect(queries.get('registered')).toEqual({});
    expect(queries.get('configured')).toEqual({
      jira: { jql: 'project = OPS', from: 'config' },
      github: {
        repo: 'acme/ops-requests',
        labels: ['trusted-path', 'ops'],
        from: 'template:default/trusted-path',
      },
    });
    expect(queries.get('unlisted')).toEqual({});
  });

  it('reads nothing from templates when no source could use them', async () => {
    const services = orgServices([annotated('trusted-path', TRUSTED_ORIGIN)]);
    const queries = await resolveTicketQueries(
      { types: settings.types },
      services,
    );
    expect(queries.get('trusted')).toEqual({});
    expect(queries.get('configured')).toEqual({
      jira: { jql: 'project = OPS', from: 'config' },
    });
  });
});
