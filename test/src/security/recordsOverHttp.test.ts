import {
  FakeAws,
  fakeAws,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import { startGoldenPathBackend } from '../integration/backend';
import { runTask, taskResources, waitForTemplates } from '../templates/helpers';

/**
 * A scaffolder that does not share its backend with the golden-path plugin writes its records over
 * HTTP (`POST /api/golden-path/records` with its service token): the same reservations, the same
 * budget refusals, nothing created when refused.
 */
describe('records over HTTP (scaffolder and golden-path plugin apart)', () => {
  let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;
  let aws: FakeAws;

  beforeAll(async () => {
    aws = fakeAws();
    ctx = await startGoldenPathBackend({
      config: { aws: aws.accountsConfig },
      goldenPath: {
        mode: 'live',
        budget: { currency: 'USD', teamMonthly: { default: 5 } },
      },
      recordsOverHttp: true,
    });
    await waitForTemplates(ctx, ['s3-bucket']);
  }, 120_000);

  afterAll(async () => {
    await ctx?.backend.stop();
    aws?.restore();
  });

  beforeEach(() => aws.reset());

  it('records a created bucket through the HTTP door', async () => {
    const asked = ctx.closedDoorAsked();
    const run = await runTask(ctx, 's3-bucket', {
      name: 'payments-over-http',
      owner: 'group:default/payments',
      environment: 'dev',
      expectedStorageGb: 10,
    });
    expect(run.status).toBe('completed');
    expect(ctx.closedDoorAsked()).toBeGreaterThan(asked);
    expect(await taskResources(ctx, run.id)).toEqual([
      expect.objectContaining({
        kind: 's3-bucket',
        name: 'payments-over-http',
        status: 'active',
        owner: 'group:default/payments',
      }),
    ]);
  }, 60_000);

  it('refuses a bucket over the team budget before any AWS call', async () => {
    const run = await runTask(ctx, 's3-bucket', {
      name: 'payments-too-big',
      owner: 'group:default/payments',
      environment: 'dev',
      expectedStorageGb: 10_000,
    });
    expect(run.status).toBe('failed');
    expect(run.log.join('\n')).toMatch(/GP-BUDGET-(TEAM-MONTHLY|PER-REQUEST)/);
    expect(aws.sent()).toEqual([]);
    expect(
      (await taskResources(ctx, run.id)).filter(i =>
        ['active', 'creating', 'pending'].includes(i.status),
      ),
    ).toEqual([]);
  }, 60_000);
});
