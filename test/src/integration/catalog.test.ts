import fs from 'node:fs';
import path from 'node:path';
import {
  eventually,
  postgresConnection,
  startGoldenPathBackend,
  TEMPLATES_DIR,
} from './backend';

const templateNames = fs
  .readdirSync(TEMPLATES_DIR)
  .filter(d => fs.existsSync(path.join(TEMPLATES_DIR, d, 'template.yaml')))
  .sort();

describe.each([
  ['SQLite', () => undefined],
  ['PostgreSQL', () => postgresConnection()],
])('the real backend on %s', (_name, connection) => {
  let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;

  beforeAll(async () => {
    ctx = await startGoldenPathBackend({ postgres: connection() });
  }, 120_000);

  afterAll(async () => {
    await ctx?.backend.stop();
  });

  it('serves every packaged template through /api/catalog/entities, from the template provider', async () => {
    const templates = await eventually(async () => {
      const res = await ctx
        .request()
        .get('/api/catalog/entities?filter=kind=template')
        .set(ctx.auth);
      const found = res.body as Array<{
        metadata: { name: string; annotations: Record<string, string> };
      }>;
      return found.length === templateNames.length ? found : undefined;
    }, 60_000);
    expect(templates.map(t => t.metadata.name).sort()).toEqual(templateNames);
    for (const t of templates) {
      const file = `file:${path.join(
        TEMPLATES_DIR,
        t.metadata.name,
        'template.yaml',
      )}`;
      expect(t.metadata.annotations).toMatchObject({
        'backstage.io/managed-by-location': file,
        'backstage.io/managed-by-origin-location': file,
      });
    }
  }, 90_000);

  it('loads the sample organisation with group membership', async () => {
    const guest = await eventually(async () => {
      const res = await ctx
        .request()
        .get('/api/catalog/entities/by-name/user/default/guest')
        .set(ctx.auth);
      return res.status === 200 ? res.body : undefined;
    }, 60_000);
    const groups = guest.relations
      .filter((r: any) => r.type === 'memberOf')
      .map((r: any) => r.targetRef)
      .sort();
    expect(groups).toEqual([
      'group:default/payments',
      'group:default/platform',
    ]);
  }, 90_000);

  it('answers golden-path health without credentials and policy only with them', async () => {
    await ctx
      .request()
      .get('/api/golden-path/health')
      .expect(200, { status: 'ok' });
    await ctx.request().get('/api/golden-path/policy').expect(401);
    const res = await ctx
      .request()
      .get('/api/golden-path/policy')
      .set(ctx.auth)
      .expect(200);
    expect(Object.keys(res.body.environments)).toEqual(['dev', 'prod']);
  });
});
