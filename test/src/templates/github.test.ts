import {
  startFakeGithub,
  FakeGithub,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, startGoldenPathBackend } from '../integration/backend';
import {
  dryRun,
  githubIntegration,
  LIVE_IN_ACME,
  PROTECTING_ORGANISATIONS,
  runTask,
  templateForDryRun,
  waitForTemplates,
} from './helpers';

const CANARY = 'canary-secret-7d1e0c4b-never-log-me';

describe.each(PROTECTING_ORGANISATIONS)(
  'GitHub Golden Paths through the real scaffolder, in %s',
  (_name, organisation) => {
    let github: FakeGithub;
    let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;
    const sqliteDirectory = fs.mkdtempSync(
      path.join(os.tmpdir(), 'gp-scaffolder-db-'),
    );
    const thrown: string[] = [];

    beforeAll(async () => {
      github = await startFakeGithub(organisation);
      ctx = await startGoldenPathBackend({
        sqliteDirectory,
        config: { integrations: githubIntegration(github) },
        goldenPath: LIVE_IN_ACME,
      });
      await waitForTemplates(ctx, ['github-repo', 'ci-secret']);
    }, 120_000);

    afterAll(async () => {
      await ctx?.backend.stop();
      await github?.close();
    });

    it('creates a repository with the baseline and registers it in the catalog', async () => {
      const run = await runTask(ctx, 'github-repo', {
        name: 'payments-svc',
        description: 'Payments service',
        owner: 'group:default/payments',
        environment: 'dev',
        visibility: 'private',
      });
      expect(run.status).toBe('completed');
      const repo = github.repos.get('acme/payments-svc')!;
      expect(repo.rulesets).toHaveLength(1);
      expect(repo.teams).toEqual({ payments: 'maintain' });
      const files = Object.values(repo.blobs);
      expect(files).toContainEqual(expect.stringContaining('* @acme/payments'));
      expect(files).toContainEqual(
        expect.stringContaining('github.com/project-slug: acme/payments-svc'),
      );
      expect(run.output.links).toContainEqual({
        title: 'Repository',
        url: 'https://github.test/acme/payments-svc.git',
      });
      const component = await eventually(async () => {
        const res = await ctx
          .request()
          .get('/api/catalog/entities/by-name/component/default/payments-svc')
          .set(ctx.auth);
        return res.status === 200 ? res.body : undefined;
      }, 30_000);
      expect(component.spec.owner).toBe('group:default/payments');
      expect(run.log.join('\n')).toContain(
        'Default branch protected by ruleset',
      );
    }, 90_000);

    it('sets a CI/CD secret that only the repository key opens, via the Secret field', async () => {
      const run = await runTask(
        ctx,
        'ci-secret',
        {
          repo: 'payments-svc',
          owner: 'group:default/payments',
          environment: 'dev',
          scope: 'repository',
          secretName: 'DATABASE_PASSWORD',
        },
        { secretValue: CANARY },
      );
      expect(run.status).toBe('completed');
      const stored =
        github.repos.get('acme/payments-svc')!.secrets.DATABASE_PASSWORD;
      expect(github.decrypt(stored.encrypted_value)).toBe(CANARY);
      thrown.push(JSON.stringify(run.events));
    }, 60_000);

    it('refuses a secret into another team’s repository and a repository for another team, with no mutating request', async () => {
      github.reset();
      const intoOther = await runTask(
        ctx,
        'ci-secret',
        {
          repo: 'payments-svc',
          owner: 'group:default/checkout',
          environment: 'dev',
          scope: 'repository',
          secretName: 'STOLEN',
        },
        { secretValue: CANARY },
      );
      expect(intoOther.status).toBe('failed');
      expect(intoOther.log.join('\n')).toContain('[GP-OWNERSHIP]');
      const otherTeam = await runTask(ctx, 'github-repo', {
        name: 'not-mine',
        description: 'x',
        owner: 'group:default/checkout',
        environment: 'dev',
        visibility: 'private',
      });
      expect(otherTeam.status).toBe('failed');
      expect(otherTeam.log.join('\n')).toContain('[GP-OWNERSHIP]');
      expect(github.mutations()).toEqual([]);
      thrown.push(
        JSON.stringify(intoOther.events),
        JSON.stringify(otherTeam.events),
      );
    }, 60_000);

    it('refuses a public repository even when a template offers it: the guard is the server', async () => {
      github.reset();
      const loose = templateForDryRun('github-repo');
      // A template that offers public from a plain enum instead of the policy picker.
      loose.template.spec.parameters[0].properties.visibility = {
        type: 'string',
        enum: ['private', 'public'],
      };
      const res = await ctx
        .request()
        .post('/api/scaffolder/v2/dry-run')
        .set(ctx.auth)
        .send({
          ...loose,
          values: {
            name: 'leaky',
            description: 'x',
            owner: 'group:default/payments',
            environment: 'dev',
            visibility: 'public',
          },
        });
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(
        '[GP-GH-REPO-VISIBILITY] github-repo "leaky": visibility "public" is not allowed in this environment',
      );
      expect(github.requests).toEqual([]);
    }, 60_000);

    it('dry-runs both templates: the planned requests are logged and nothing is changed', async () => {
      github.reset();
      const repo = await dryRun(ctx, 'github-repo', {
        name: 'dry-svc',
        description: 'Dry',
        owner: 'group:default/payments',
        environment: 'dev',
        visibility: 'private',
      });
      expect(repo.status).toBe(200);
      expect(repo.log.join('\n')).toContain(
        'POST /orgs/acme/repos {"name":"dry-svc"',
      );
      const secret = await dryRun(
        ctx,
        'ci-secret',
        {
          repo: 'payments-svc',
          owner: 'group:default/payments',
          environment: 'dev',
          scope: 'environment',
          githubEnvironment: 'production',
          secretName: 'TOKEN',
        },
        { secretValue: CANARY },
      );
      expect(secret.status).toBe(200);
      expect(secret.log.join('\n')).toContain(
        'PUT /repos/acme/payments-svc/environments/production/secrets/TOKEN',
      );
      // Reads (who owns the repository) are allowed in a dry run; writes are not.
      expect(github.mutations()).toEqual([]);
      thrown.push(JSON.stringify(repo.body), JSON.stringify(secret.body));
    }, 60_000);

    it('leaves the canary nowhere: task logs, outputs, task state and checkpoints in the scaffolder database', async () => {
      const db = new Database(path.join(sqliteDirectory, 'scaffolder.sqlite'), {
        readonly: true,
      });
      try {
        const tables = db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
          .all() as Array<{ name: string }>;
        let rows = 0;
        for (const { name } of tables) {
          for (const row of db.prepare(`SELECT * FROM "${name}"`).all()) {
            rows++;
            expect(JSON.stringify(row)).not.toContain(CANARY);
          }
        }
        expect(rows).toBeGreaterThan(10);
        const state = db
          .prepare(
            "SELECT state FROM tasks WHERE state IS NOT NULL AND state LIKE '%checkpoint%'",
          )
          .all();
        expect(state.length).toBeGreaterThan(0);
      } finally {
        db.close();
      }
      for (const text of thrown) expect(text).not.toContain(CANARY);
    });

    it('kept GitHub’s contract in every request and answer, and named the API version', () => {
      expect(github.contractViolations()).toEqual([]);
      expect(
        github.requests
          // Backstage's own GitHub URL reader (catalog:register) reads catalog-info.yaml: not ours.
          .filter(r => !r.path.includes('/contents/'))
          .filter(r => r.headers['x-github-api-version'] !== '2022-11-28')
          .map(r => `${r.method} ${r.path}`),
      ).toEqual([]);
    });
  },
);

describe('GitHub Golden Paths in a Free organisation', () => {
  let github: FakeGithub;
  let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;

  beforeAll(async () => {
    github = await startFakeGithub({ plan: 'free' });
    ctx = await startGoldenPathBackend({
      config: { integrations: githubIntegration(github) },
      goldenPath: LIVE_IN_ACME,
    });
    await waitForTemplates(ctx, ['github-repo']);
  }, 120_000);

  afterAll(async () => {
    await ctx?.backend.stop();
    await github?.close();
  });

  it('"Create a new repository" fails closed before creating anything, naming the plan limit', async () => {
    const run = await runTask(ctx, 'github-repo', {
      name: 'payments-svc',
      description: 'Payments service',
      owner: 'group:default/payments',
      environment: 'dev',
      visibility: 'private',
    });
    expect(run.status).toBe('failed');
    expect(run.log.join('\n')).toContain(
      'GitHub Free cannot protect private repositories: rulesets and branch protection need GitHub Team or Enterprise; nothing was created',
    );
    expect(github.mutations()).toEqual([]);
    expect(github.contractViolations()).toEqual([]);
  }, 60_000);
});
