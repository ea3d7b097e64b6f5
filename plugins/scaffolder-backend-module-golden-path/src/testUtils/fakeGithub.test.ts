import { githubClient } from '../github/access';
import { repoOwnersOnGithub } from '../github/repoOwners';
import { FakeGithub, startFakeGithub } from './fakeGithub';

describe('the GitHub stand-in, held to GitHub’s OpenAPI description', () => {
  let github: FakeGithub;
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${github.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async r => ({ status: r.status, body: await r.json() }));

  beforeEach(async () => {
    github = await startFakeGithub();
  });
  afterEach(() => github.close());

  it.each([
    ['an unknown path', 'GET', '/repos/acme/x/no-such-thing', undefined, 404],
    [
      'a method the path does not have',
      'DELETE',
      '/orgs/acme/repos',
      undefined,
      404,
    ],
    [
      'a field of the wrong type',
      'POST',
      '/orgs/acme/repos',
      { name: 42 },
      422,
    ],
    [
      'a value outside the enum',
      'POST',
      '/orgs/acme/repos',
      { name: 'x', visibility: 'secret' },
      422,
    ],
    [
      'a missing required field',
      'POST',
      '/orgs/acme/repos',
      { description: 'no name' },
      422,
    ],
    [
      'internal visibility outside an enterprise',
      'POST',
      '/orgs/acme/repos',
      { name: 'x', visibility: 'internal' },
      422,
    ],
  ])(
    'refuses %s with GitHub’s status, and creates nothing',
    async (_label, method, path, body, status) => {
      const answer = await send(method, path, body);
      expect(answer.status).toBe(status);
      expect(answer.body.message).toMatch(
        status === 404 ? /^Not Found$/ : /^Invalid request/,
      );
      expect(github.repos.size).toBe(0);
    },
  );

  it('takes internal visibility in an Enterprise organisation (held to the Enterprise Cloud description)', async () => {
    await github.close();
    github = await startFakeGithub({ plan: 'enterprise' });
    const answer = await send('POST', '/orgs/acme/repos', {
      name: 'x',
      visibility: 'internal',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.visibility).toBe('internal');
  });

  it('answers with every field the description requires, and its own state', async () => {
    await github.close();
    github = await startFakeGithub({ defaultBranch: 'trunk' });
    const answer = await send('POST', '/orgs/acme/repos', {
      name: 'payments-api',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      name: 'payments-api',
      full_name: 'acme/payments-api',
      default_branch: 'trunk',
      node_id: expect.any(String),
      ssh_url: expect.any(String),
      created_at: expect.any(String),
    });
    // full-repository requires 75 fields; the stand-in's own are a dozen.
    expect(Object.keys(answer.body).length).toBeGreaterThanOrEqual(75);
    expect(github.contractViolations()).toEqual([]);
  });

  it('reports an answer of its own that the description does not document', async () => {
    await send('POST', '/orgs/acme/repos', { name: 'payments-api' });
    // GitHub documents only 200 for an environment; a 404 here is the stand-in's, not GitHub's.
    const answer = await send(
      'GET',
      '/repos/acme/payments-api/environments/nope',
    );
    expect(answer.status).toBe(500);
    expect(github.contractViolations()).toEqual([
      'GET /repos/acme/payments-api/environments/nope -> 404: status 404 is not documented for repos/get-environment',
    ]);
  });

  it('pages lists as GitHub does, and the ownership lookup reads every page', async () => {
    await github.close();
    const many = Array.from({ length: 150 }, (_, i) => `team-${i}`);
    github = await startFakeGithub({ teams: [...many, 'payments'] });
    await send('POST', '/orgs/acme/repos', { name: 'payments-api' });
    const repo = github.repos.get('acme/payments-api')!;
    for (const t of many) repo.teams[t] = 'pull';
    repo.teams.payments = 'admin';
    const first = await fetch(`${github.url}/repos/acme/payments-api/teams`);
    expect(((await first.json()) as unknown[]).length).toBe(30);
    expect(first.headers.get('link')).toMatch(/page=2>; rel="next"/);
    const owners = await repoOwnersOnGithub(
      githubClient('t', github.url),
      'acme',
      'payments-api',
      'group:default/payments',
    );
    expect(owners).toEqual(['group:default/payments']);
    expect(
      github.requests.filter(r => r.path === '/repos/acme/payments-api/teams'),
    ).toHaveLength(3);
  });
});
