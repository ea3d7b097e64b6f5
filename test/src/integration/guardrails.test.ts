import {
  formatViolations,
  Violation,
} from '@golden-path/plugin-golden-path-common';
import { eventually, startGoldenPathBackend } from './backend';

/** A one-step template around golden-path:guardrails:check, for the scaffolder's dry-run API. */
const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'guardrails-only',
    annotations: { 'golden-path.io/replaces-ticket': 'test' },
  },
  spec: {
    type: 'test',
    parameters: [{ properties: { requests: { type: 'array' } } }],
    steps: [
      {
        id: 'guardrails',
        name: 'Guardrails',
        action: 'golden-path:guardrails:check',
        input: { requests: '${{ parameters.requests }}' },
      },
    ],
  },
};

const corpus: Array<{ label: string; requests: unknown[] }> = [
  {
    label: 'a public, misnamed bucket for another team',
    requests: [
      {
        kind: 's3-bucket',
        name: 'Shared.Bucket',
        environment: 'dev',
        owner: 'group:default/checkout',
        publicAccessBlock: { blockPublicPolicy: false },
      },
    ],
  },
  {
    label: 'an oversized public database with a password',
    requests: [
      {
        kind: 'rds-instance',
        name: 'payments-db',
        environment: 'prod',
        owner: 'group:default/payments',
        instanceClass: 'db.r6g.large',
        publiclyAccessible: true,
        masterPassword: 'hunter2hunter2',
        port: 5432,
      },
    ],
  },
  {
    label: 'a public repo and a GITHUB_ secret into a repo of another team',
    requests: [
      {
        kind: 'github-repo',
        name: 'payments-api',
        environment: 'dev',
        owner: 'group:default/payments',
        visibility: 'public',
      },
      {
        kind: 'github-secret',
        name: 'GITHUB_TOKEN',
        environment: 'dev',
        owner: 'group:default/payments',
        repo: 'checkout-web',
        valueBytes: 10,
      },
    ],
  },
  {
    label:
      'a cache without encryption in an unknown environment and one in prod without failover',
    requests: [
      {
        kind: 'elasticache-redis',
        name: 'cache',
        environment: 'staging',
        owner: 'group:default/payments',
      },
      {
        kind: 'elasticache-redis',
        name: 'cache-2',
        environment: 'prod',
        owner: 'group:default/payments',
        nodes: 1,
        transitEncryption: false,
        tags: { 'cost-center': 'cc-1' },
      },
    ],
  },
];

describe('the same verdict from POST /policy/evaluate and golden-path:guardrails:check', () => {
  let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;

  beforeAll(async () => {
    ctx = await startGoldenPathBackend();
    // The scaffolder and the policy API both read the requester's groups from the catalog.
    await eventually(async () => {
      const res = await ctx
        .request()
        .get('/api/catalog/entities/by-name/user/default/guest')
        .set(ctx.auth);
      return res.status === 200 ? true : undefined;
    }, 60_000);
  }, 120_000);

  afterAll(async () => {
    await ctx?.backend.stop();
  });

  it.each(corpus.map(c => [c.label, c.requests] as const))(
    '%s',
    async (_label, requests) => {
      const evaluated = await ctx
        .request()
        .post('/api/golden-path/policy/evaluate')
        .set(ctx.auth)
        .send({ requests })
        .expect(200);
      const violations: Violation[] = evaluated.body.violations;
      expect(violations.length).toBeGreaterThan(0);

      const dryRun = await ctx
        .request()
        .post('/api/scaffolder/v2/dry-run')
        .set(ctx.auth)
        .send({ template, values: { requests }, directoryContents: [] });
      // The dry-run stops at the failing step; its error carries exactly the evaluator's
      // violations, in the same order and words.
      expect(dryRun.status).toBe(400);
      expect(dryRun.body.error.name).toBe('InputError');
      expect(JSON.stringify(dryRun.body)).not.toMatch(/\n\s+at |\/work\//);
      // The answer keeps the refusing step's log: which step, and every rule with its fix.
      const log: string[] = dryRun.body.log.map((l: any) => l.body.message);
      expect(log.filter(l => l.startsWith('[GP-'))).toHaveLength(
        violations.length,
      );
      expect(
        dryRun.body.log.every((l: any) => l.body.stepId === 'guardrails'),
      ).toBe(true);
      expect(dryRun.body.error.message).toContain(formatViolations(violations));
    },
  );

  it('passes a compliant request through dry-run with its cost estimate', async () => {
    const requests = [
      {
        kind: 'rds-instance',
        name: 'payments-db',
        environment: 'dev',
        owner: 'group:default/payments',
      },
    ];
    const dryRun = await ctx
      .request()
      .post('/api/scaffolder/v2/dry-run')
      .set(ctx.auth)
      .send({ template, values: { requests }, directoryContents: [] })
      .expect(200);
    const log: string = dryRun.body.log
      .map((l: any) => l.body.message)
      .join('\n');
    expect(log).toMatch(
      /Guardrails passed for 1 request\(s\); estimated USD 14\.95\/month/,
    );
    expect(log).toMatch(
      /Guardrail GP-RDS-DELETION-PROTECTION is relaxed in dev: Development databases are disposable/,
    );
  });
});
