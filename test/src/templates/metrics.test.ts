import {
  startFakeGithub,
  FakeGithub,
  FakeGithubOptions,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import { eventually, startGoldenPathBackend } from '../integration/backend';
import { dryRun, runTask, waitForTemplates } from './helpers';

/** ISO-8601 durations of the form the templates use (PnD, PTnH, PTnM). */
/** Working seconds of a duration: a day is a working day of the default calendar (8 h). */
const seconds = (d: string) => {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(d)!;
  return (
    Number(m[1] ?? 0) * 8 * 3600 +
    Number(m[2] ?? 0) * 3600 +
    Number(m[3] ?? 0) * 60
  );
};

describe('run metrics from real scaffolder runs', () => {
  let github: FakeGithub;
  let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;

  beforeAll(async () => {
    // An organisation that hides its plan and names its default branch develop.
    const organisation: FakeGithubOptions = {
      plan: 'team',
      defaultBranch: 'develop',
      revealPlan: false,
    };
    github = await startFakeGithub(organisation);
    // GitHub is live against the local server; AWS has no credentials, so AWS paths only plan.
    ctx = await startGoldenPathBackend({
      config: {
        integrations: {
          github: [
            { host: 'github.test', apiBaseUrl: github.url, token: 'ghp-test' },
          ],
        },
      },
      goldenPath: {
        mode: 'live',
        github: { org: 'acme', host: 'github.test' },
      },
    });
    await waitForTemplates(ctx, [
      'github-repo',
      'ci-secret',
      's3-bucket',
      'postgres-database',
      'guardrails-check',
    ]);
  }, 120_000);

  afterAll(async () => {
    await ctx?.backend.stop();
    await github?.close();
  });

  it('counts completed, planned, failed and denied runs exactly as a recount from the raw tasks', async () => {
    await fetch(`${github.url}/orgs/acme/repos`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'taken' }),
    });
    const runs = [
      await runTask(ctx, 'github-repo', {
        name: 'metrics-svc',
        description: 'x',
        owner: 'group:default/payments',
        environment: 'dev',
        visibility: 'private',
      }),
      await runTask(
        ctx,
        'ci-secret',
        {
          repo: 'metrics-svc',
          owner: 'group:default/payments',
          environment: 'dev',
          scope: 'repository',
          secretName: 'TOKEN',
        },
        { secretValue: 's3cr3t-value' },
      ),
      await runTask(
        ctx,
        'ci-secret',
        {
          repo: 'metrics-svc',
          owner: 'group:default/checkout',
          environment: 'dev',
          scope: 'repository',
          secretName: 'TOKEN',
        },
        { secretValue: 's3cr3t-value' },
      ),
      await runTask(ctx, 'github-repo', {
        name: 'taken',
        description: 'x',
        owner: 'group:default/payments',
        environment: 'dev',
        visibility: 'private',
      }),
      await runTask(ctx, 's3-bucket', {
        name: 'metrics-files',
        owner: 'group:default/payments',
        environment: 'dev',
        expectedStorageGb: 1,
      }),
      await runTask(ctx, 'guardrails-check', {
        kind: 's3-bucket',
        name: 'metrics-check',
        environment: 'dev',
        owner: 'group:default/payments',
      }),
    ];
    expect(runs.map(r => r.status)).toEqual([
      'completed',
      'completed',
      'failed',
      'failed',
      'completed',
      'completed',
    ]);
    // The refused run (checkout does not own the repository) and the failed one (the name is taken)
    // told the backend how their step failed through the records door; a record the door turned
    // away would be warned of in the run's log.
    expect(runs[2].log.join('\n')).toContain(
      'Refused by Golden Path guardrails',
    );
    for (const run of [runs[2], runs[3]])
      expect(run.log.join('\n')).not.toContain(
        'Could not record how this step failed',
      );
    expect(
      (
        await dryRun(ctx, 'postgres-database', {
          name: 'metrics-dry',
          owner: 'group:default/payments',
          environment: 'dev',
          instanceClass: 'db.t4g.micro',
          allocatedStorageGb: 20,
          dbName: 'app',
          waitForAvailable: false,
        })
      ).status,
    ).toBe(200);

    // Recount from the raw tasks, independently of the collector.
    const listed = (
      await ctx
        .request()
        .get('/api/scaffolder/v2/tasks')
        .set(ctx.auth)
        .expect(200)
    ).body.tasks as any[];
    const recount = {
      runs: 0,
      completed: 0,
      planned: 0,
      failed: 0,
      denied: 0,
      ticketsAvoided: 0,
      ops: 0,
      wait: 0,
    };
    for (const task of listed) {
      const annotations =
        task.spec.templateInfo?.entity?.metadata?.annotations ?? {};
      if (!annotations['golden-path.io/replaces-ticket']) continue;
      const events = (
        await ctx
          .request()
          .get(`/api/scaffolder/v2/tasks/${task.id}/events`)
          .set(ctx.auth)
      ).body as any[];
      const completion = events.find(e => e.type === 'completion');
      const logs = events
        .filter(e => e.type === 'log')
        .map(e => e.body.message)
        .join('\n');
      recount.runs++;
      if (task.status === 'failed') {
        if (
          /^Refused by Golden Path guardrails/.test(
            completion.body.error?.message ?? '',
          )
        )
          recount.denied++;
        else recount.failed++;
      } else if (logs.includes('Mode: live (')) {
        recount.completed++;
        recount.ticketsAvoided++;
        recount.ops += seconds(annotations['golden-path.io/ticket-ops-effort']);
        // A run lasts until the task worker's last heartbeat (within a second of its completion).
        const duration =
          (Date.parse(task.lastHeartbeatAt) - Date.parse(task.createdAt)) /
          1000;
        recount.wait += Math.max(
          0,
          seconds(annotations['golden-path.io/ticket-queue-time']) -
            Math.round(duration),
        );
      } else recount.planned++;
    }
    expect(recount).toMatchObject({
      runs: 5,
      completed: 2,
      planned: 1,
      failed: 1,
      denied: 1,
      ticketsAvoided: 2,
    });

    // The collector hears the scaffolder's events; the summary must match once it has.
    const summary = await eventually(async () => {
      const res = await ctx
        .request()
        .get('/api/golden-path/metrics/summary')
        .set(ctx.auth)
        .expect(200);
      return res.body.runs === recount.runs &&
        res.body.completed +
          res.body.planned +
          res.body.failed +
          res.body.denied ===
          recount.runs
        ? res.body
        : undefined;
    }, 30_000);
    expect(summary).toMatchObject({
      runs: recount.runs,
      completed: recount.completed,
      planned: recount.planned,
      failed: recount.failed,
      denied: recount.denied,
      ticketsAvoided: recount.ticketsAvoided,
      opsHoursSaved: Math.round((recount.ops / 3600) * 100) / 100,
      developerWaitHoursSaved: Math.round((recount.wait / 3600) * 100) / 100,
      // app-config.yaml: developers at 80 an hour, ops at 95.
      rates: { developerHourly: 80, opsHourly: 95 },
      developerWaitMoney: Math.round((recount.wait / 3600) * 80 * 100) / 100,
      opsEffortMoney: Math.round((recount.ops / 3600) * 95 * 100) / 100,
    });
    expect(summary.moneySaved).toBeCloseTo(
      summary.developerWaitMoney + summary.opsEffortMoney,
      2,
    );
    const templates = (
      await ctx
        .request()
        .get('/api/golden-path/metrics/templates')
        .set(ctx.auth)
        .expect(200)
    ).body.items;
    expect(
      templates.find((t: any) => t.template === 'template:default/ci-secret'),
    ).toMatchObject({ runs: 2, completed: 1, denied: 1 });
  }, 120_000);
});
