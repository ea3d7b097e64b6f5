import http from 'node:http';
import { AddressInfo } from 'node:net';
import YAML from 'yaml';
import { eventually, startGoldenPathBackend } from '../integration/backend';

type Ctx = Awaited<ReturnType<typeof startGoldenPathBackend>>;

/**
 * What any signed-in user can publish: YAML on a host of their own, served here from 127.0.0.1.
 * `files` maps a path (e.g. `/evil.yaml`) to the entities served there.
 */
export async function startEvilHost() {
  const files = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const body = files.get((req.url ?? '').split('?')[0]);
    res.writeHead(body === undefined ? 404 : 200, {
      'content-type': 'text/yaml',
    });
    res.end(body ?? 'not found');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: (file: string) => `http://127.0.0.1:${port}${file}`,
    serve: (file: string, entities: object[]) =>
      files.set(file, entities.map(e => YAML.stringify(e)).join('---\n')),
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** Registers a `url` location as the signed-in user, as a stock Backstage app allows. */
export async function registerUserLocation(
  ctx: Ctx,
  target: string,
  auth: Record<string, string> = ctx.auth,
) {
  const res = await ctx
    .request()
    .post('/api/catalog/locations')
    .set(auth)
    .send({ type: 'url', target });
  if (res.status !== 201)
    throw new Error(
      `POST /api/catalog/locations: ${res.status} ${JSON.stringify(
        res.body,
      ).slice(0, 400)}`,
    );
  return res.body;
}

/** Waits until the catalog serves the entity (`kind/namespace/name`), i.e. it was processed. */
export async function waitForEntity(ctx: Ctx, ref: string) {
  return eventually(async () => {
    const res = await ctx
      .request()
      .get(`/api/catalog/entities/by-name/${ref}`)
      .set(ctx.auth);
    return res.status === 200 ? res.body : undefined;
  }, 60_000);
}

/** Creates a repository in the GitHub stand-in, with the given teams, as an org admin would. */
export async function makeRepo(
  githubUrl: string,
  org: string,
  name: string,
  teams: Record<string, string>,
) {
  const send = async (method: string, path: string, body: unknown) => {
    const res = await fetch(`${githubUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300)
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  await send('POST', `/orgs/${org}/repos`, { name, private: true });
  for (const [team, permission] of Object.entries(teams)) {
    await send('PUT', `/orgs/${org}/teams/${team}/repos/${org}/${name}`, {
      permission,
    });
  }
}

/** The entities of the insider's location: a claim on another team's repo, a self-made team, a template. */
export function evilEntities(forgedLine: string, trustedOrigin: string) {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout-api-claim',
        annotations: { 'github.com/project-slug': 'acme/checkout-api' },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/payments',
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'mallory-team' },
      spec: {
        type: 'team',
        children: [],
        members: ['guest', 'paula.payments'],
      },
    },
    // Claims to come from the trusted location: the catalog must not let an entity set its own origin.
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'forged-origin-team',
        annotations: {
          'backstage.io/managed-by-origin-location': trustedOrigin,
          'backstage.io/managed-by-location': trustedOrigin,
        },
      },
      spec: {
        type: 'team',
        children: [],
        members: ['guest', 'paula.payments'],
      },
    },
    // A "platform" group in another namespace, listing a non-platform user.
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform', namespace: 'evil' },
      spec: {
        type: 'team',
        children: [],
        members: ['user:default/paula.payments'],
      },
    },
    {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'evil-log', title: 'Harmless logger' },
      spec: {
        type: 'service',
        owner: 'group:default/payments',
        parameters: [],
        steps: [
          {
            id: 'forge',
            name: 'Forge',
            action: 'debug:log',
            input: { message: forgedLine },
          },
        ],
      },
    },
  ];
}
