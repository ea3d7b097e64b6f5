import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  eventually,
  startGoldenPathBackend,
  TEMPLATES_DIR,
} from '../integration/backend';
import { runTask, waitForTemplates } from './helpers';

type Ctx = Awaited<ReturnType<typeof startGoldenPathBackend>>;

const PACKAGED = fs
  .readdirSync(TEMPLATES_DIR)
  .filter(d => fs.existsSync(path.join(TEMPLATES_DIR, d, 'template.yaml')))
  .sort();

/** An adopter's own template (a template.yaml in their repository, registered as a location). */
const ownTemplate = (
  name: string,
  title: string,
) => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: ${name}
  title: ${title}
spec:
  owner: group:default/platform
  type: service
  parameters: []
  steps:
    - id: log
      name: Say hello
      action: debug:log
      input:
        message: hello from ${name}
`;

async function templates(ctx: Ctx) {
  const res = await ctx
    .request()
    .get('/api/catalog/entities?filter=kind=template')
    .set(ctx.auth)
    .expect(200);
  return res.body as Array<{
    metadata: {
      name: string;
      title?: string;
      annotations: Record<string, string>;
    };
  }>;
}

describe('the Golden Path templates from the catalog module’s template provider', () => {
  let ctx: Ctx;
  let ownDir: string;

  beforeAll(async () => {
    ownDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-own-templates-'));
    // Beside the packaged ones: a template of the adopter's own, and their own `github-repo`
    // replacing the packaged one they switched off.
    // Same file: their `s3-bucket`, while the packaged s3-bucket is still provided (a conflict).
    fs.writeFileSync(
      path.join(ownDir, 'release.yaml'),
      `${ownTemplate('cut-a-release', 'Cut a release')}---\n${ownTemplate(
        's3-bucket',
        'Our own bucket template',
      )}`,
    );
    fs.writeFileSync(
      path.join(ownDir, 'github-repo.yaml'),
      ownTemplate('github-repo', 'Our own repository template'),
    );
    // app-config.yaml's goldenPath block (plan mode), with two packaged templates switched off.
    ctx = await startGoldenPathBackend({
      goldenPath: { templates: { exclude: ['redis-cache', 'github-repo'] } },
      catalogFiles: [
        path.join(ownDir, 'release.yaml'),
        path.join(ownDir, 'github-repo.yaml'),
      ],
    });
    await waitForTemplates(ctx, ['new-service', 'cut-a-release']);
  }, 120_000);

  afterAll(async () => {
    await ctx?.backend.stop();
    fs.rmSync(ownDir, { recursive: true, force: true });
  });

  it('provides every packaged template but the excluded ones, beside the adopter’s own', async () => {
    const expected = [
      ...PACKAGED.filter(n => n !== 'redis-cache'),
      'cut-a-release',
    ].sort();
    const found = await eventually(async () => {
      const names = (await templates(ctx)).map(t => t.metadata.name).sort();
      return names.length === expected.length ? names : undefined;
    }, 60_000);
    expect(found).toEqual(expected);
    const all = await templates(ctx);
    // The adopter's github-repo, from their location, stands in for the switched-off packaged one.
    const repo = all.find(t => t.metadata.name === 'github-repo')!;
    expect(repo.metadata.title).toBe('Our own repository template');
    expect(repo.metadata.annotations['backstage.io/managed-by-location']).toBe(
      `file:${path.join(ownDir, 'github-repo.yaml')}`,
    );
    // A same-named template from a location does not replace a provided one: the catalog refuses it.
    const bucket = all.find(t => t.metadata.name === 's3-bucket')!;
    expect(bucket.metadata.title).not.toBe('Our own bucket template');
    expect(
      bucket.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(`file:${path.join(TEMPLATES_DIR, 's3-bucket', 'template.yaml')}`);
    // Packaged ones point at their template.yaml in the installed package.
    const newService = all.find(t => t.metadata.name === 'new-service')!;
    const file = `file:${path.join(
      TEMPLATES_DIR,
      'new-service',
      'template.yaml',
    )}`;
    expect(newService.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': file,
      'backstage.io/managed-by-origin-location': file,
      'golden-path.io/replaces-ticket': 'new-service',
    });
  }, 90_000);

  it('runs new-service from the provider: fetch:template renders ./skeleton from the package (plan mode)', async () => {
    const run = await runTask(ctx, 'new-service', {
      name: 'ledger',
      description: 'Ledger service',
      owner: 'group:default/payments',
      environment: 'dev',
      visibility: 'private',
      costCenter: 'cc-42',
      instanceClass: 'db.t4g.small',
      allocatedStorageGb: 30,
      dbName: 'ledger',
      createBucket: false,
    });
    expect(run.log.filter(l => /error|fail/i.test(l))).toEqual([]);
    expect(run.status).toBe('completed');
    const skeleton = run.events.find(
      e => e.body.stepId === 'skeleton' && e.body.status === 'completed',
    );
    expect(skeleton).toBeDefined();
    const log = run.log.join('\n');
    expect(log).toContain('Mode: plan');
    // The files the repository step would commit are the rendered skeleton (plus CODEOWNERS).
    const commit = run.log.find(l => /commit \d+ file\(s\) to main:/.test(l));
    expect(commit).toBeDefined();
    const committed = commit!.split('to main: ')[1].split(', ');
    const skeletonFiles: string[] = [];
    const walk = (dir: string, rel = '') => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(path.join(dir, e.name), r);
        else skeletonFiles.push(r);
      }
    };
    walk(path.join(TEMPLATES_DIR, 'new-service', 'skeleton'));
    expect(skeletonFiles.length).toBeGreaterThanOrEqual(2);
    expect(committed).toEqual(expect.arrayContaining(skeletonFiles));
    expect(run.task.spec.templateInfo.entityRef).toBe(
      'template:default/new-service',
    );
  }, 90_000);

  it('runs the adopter’s own template beside them', async () => {
    const run = await runTask(ctx, 'cut-a-release', {});
    expect(run.status).toBe('completed');
    expect(run.log.join('\n')).toContain('hello from cut-a-release');
  }, 60_000);
});

describe('goldenPath.templates at start-up', () => {
  it('refuses a name that is not a packaged template, listing the known ones', async () => {
    await expect(
      startGoldenPathBackend({
        goldenPath: { templates: { exclude: ['no-such-template'] } },
      }),
    ).rejects.toThrow(
      `goldenPath.templates.exclude names "no-such-template", which is not a Golden Path template; the templates are: ${PACKAGED.join(
        ', ',
      )}`,
    );
  }, 60_000);

  it('provides none with enabled: false (the catalog still serves the organisation)', async () => {
    const ctx = await startGoldenPathBackend({
      goldenPath: { templates: { enabled: false } },
    });
    try {
      await eventually(async () => {
        const res = await ctx
          .request()
          .get('/api/catalog/entities/by-name/user/default/guest')
          .set(ctx.auth);
        return res.status === 200 ? true : undefined;
      }, 60_000);
      expect(await templates(ctx)).toEqual([]);
    } finally {
      await ctx.backend.stop();
    }
  }, 90_000);
});
