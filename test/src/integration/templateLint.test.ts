import {
  builtinActions,
  findTemplateFiles,
  lintTemplates,
  loadPolicy,
} from '@golden-path/template-lint';
import path from 'node:path';
import { REPO_ROOT, startGoldenPathBackend, TEMPLATES_DIR } from './backend';

describe('template linter against the real scaffolder backend', () => {
  let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;
  let published: Array<{
    id: string;
    schema?: { input?: unknown; output?: unknown };
  }>;

  beforeAll(async () => {
    ctx = await startGoldenPathBackend();
    published = (
      await ctx
        .request()
        .get('/api/scaffolder/v2/actions')
        .set(ctx.auth)
        .expect(200)
    ).body;
  }, 120_000);

  afterAll(async () => {
    await ctx?.backend.stop();
  });

  it('knows exactly the actions, and the schemas, the scaffolder publishes (without running Backstage)', () => {
    const ours = builtinActions();
    expect(ours.map(a => a.id).sort()).toEqual(published.map(a => a.id).sort());
    for (const action of published) {
      const mine = ours.find(a => a.id === action.id)!;
      expect([
        action.id,
        mine.schema?.input ?? null,
        mine.schema?.output ?? null,
      ]).toEqual([
        action.id,
        action.schema?.input ?? null,
        action.schema?.output ?? null,
      ]);
    }
  });

  it('passes every packaged template with the published action list', async () => {
    const files = findTemplateFiles(TEMPLATES_DIR);
    expect(files.length).toBeGreaterThanOrEqual(7);
    const result = await lintTemplates(files, {
      policy: loadPolicy([path.join(REPO_ROOT, 'app-config.yaml')]),
      actions: published as any,
      cwd: REPO_ROOT,
    });
    expect(result.findings).toEqual([]);
  });
});
