import { member, testPolicy, valid } from './__fixtures__/policy';
import { evaluate, formatViolations } from './evaluate';
import { GuardrailViolationError, isGuardrailViolation } from './errors';

describe('evaluate', () => {
  it('returns every violation of every request at once', () => {
    const result = evaluate(
      [
        {
          ...valid['rds-instance'],
          publiclyAccessible: true,
          storageEncrypted: false,
          port: 5432,
          masterUsername: 'admin',
        },
        { ...valid['s3-bucket'], name: 'X', tlsOnly: false },
      ],
      testPolicy,
      member,
    );
    expect(result.violations.map(v => [v.index, v.ruleId])).toEqual([
      [0, 'GP-RDS-ENCRYPTED'],
      [0, 'GP-RDS-NOT-PUBLIC'],
      [0, 'GP-RDS-DEFAULT-PORT'],
      [0, 'GP-RDS-ADMIN-NAME'],
      [1, 'GP-S3-BUCKET-NAME'],
      [1, 'GP-S3-TLS-ONLY'],
    ]);
    expect(result.violations[1]).toMatchObject({
      field: 'publiclyAccessible',
      allowed: [false],
      controls: expect.arrayContaining(['FSBP RDS.2', 'CKV_AWS_17']),
    });
  });

  it('fills secure defaults from the environment, which the actions then build from', () => {
    const [rds, cache, bucket] = evaluate(
      [
        valid['rds-instance'],
        {
          ...valid['elasticache-redis'],
          environment: 'prod',
          tags: { 'cost-center': 'x' },
        },
        valid['s3-bucket'],
      ],
      testPolicy,
      member,
    ).evaluated;
    expect(rds.request).toMatchObject({
      region: 'eu-west-1',
      engine: 'postgres',
      engineVersion: '17',
      storageEncrypted: true,
      publiclyAccessible: false,
      deletionProtection: false,
      backupRetentionDays: 7,
      port: 5433,
      masterUsername: 'gp_admin',
      manageMasterUserPassword: true,
    });
    expect(cache.request).toMatchObject({
      engine: 'valkey',
      engineVersion: '8.0',
      nodeType: 'cache.t4g.small',
      nodes: 2,
      automaticFailover: true,
      multiAz: true,
      transitEncryption: true,
      auth: 'rbac',
      subnetGroup: 'acme-prod-private',
    });
    expect(bucket.request).toMatchObject({
      encryption: 'AES256',
      versioning: true,
      objectOwnership: 'BucketOwnerEnforced',
      tlsOnly: true,
      publicAccessBlock: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
    });
  });

  it('estimates monthly cost with the basis spelled out', () => {
    const result = evaluate(
      [
        {
          ...valid['rds-instance'],
          instanceClass: 'db.t4g.small',
          allocatedStorageGb: 100,
        },
        valid['elasticache-redis'],
      ],
      testPolicy,
      member,
    );
    // eu-west-1: db.t4g.small $0.035/h x 730 h + 100 GB x $0.127; cache.t4g.micro $0.017/h x 0.8 (Valkey) x 730 h
    expect(result.evaluated.map(e => e.monthlyCost)).toEqual([38.25, 9.93]);
    expect(result.evaluated[0].costBasis).toMatch(
      /db\.t4g\.small \$0\.035\/h x 730 h \+ 100 GB x \$0\.127 in eu-west-1/,
    );
    expect(result.totalMonthlyCost).toBe(48.18);
  });

  it('sums a batch against the per-request and the team budget', () => {
    const three = [1, 2, 3].map(i => ({
      ...valid['rds-instance'],
      name: `db-${i}`,
      environment: 'prod',
      tags: { 'cost-center': 'x' },
      instanceClass: 'db.t4g.medium',
      allocatedStorageGb: 50,
    }));
    const result = evaluate(three, testPolicy, {
      ...member,
      teamMonthlySpend: { payments: 700 },
    });
    expect(result.violations.map(v => v.ruleId)).toEqual([
      'GP-BUDGET-PER-REQUEST',
      'GP-BUDGET-TEAM-MONTHLY',
    ]);
    expect(result.violations[0].message).toMatch(
      /about USD 340\.32\/month; the limit per request is USD 300\.00/,
    );
  });

  it('refuses a negative estimate that would offset an over-cap batch; a cost is never negative', () => {
    const big = {
      ...valid['rds-instance'],
      environment: 'prod',
      tags: { 'cost-center': 'x' },
      instanceClass: 'db.m7g.large',
      allocatedStorageGb: 200,
    };
    const result = evaluate(
      [big, big, { ...valid['s3-bucket'], expectedStorageGb: -100000 }],
      testPolicy,
      member,
    );
    expect(result.violations.map(v => [v.index, v.ruleId, v.field])).toEqual([
      [2, 'GP-REQUEST-SHAPE', 'expectedStorageGb'],
      [0, 'GP-BUDGET-PER-REQUEST', 'cost'],
    ]);
    expect(result.totalMonthlyCost).toBeGreaterThan(300);
  });

  it('refuses null fields by name and never throws on prototype names', () => {
    const result = evaluate(
      { ...valid['rds-instance'], engine: 'constructor', region: null },
      testPolicy,
      member,
    );
    expect(result.violations.map(v => [v.ruleId, v.field])).toEqual([
      ['GP-REQUEST-SHAPE', 'region'],
      ['GP-RDS-ENGINE-VERSION', 'engine'],
    ]);
  });

  it('judges and carries the initial database name and an exact engine version', () => {
    const [db] = evaluate(
      { ...valid['rds-instance'], engineVersion: '16.4', dbName: 'payments' },
      testPolicy,
      member,
    ).evaluated;
    expect(db.request).toMatchObject({
      engineVersion: '16.4',
      dbName: 'payments',
    });
  });

  it('formats violations as one line each, naming the rule and the fix', () => {
    const { violations } = evaluate(
      { ...valid['github-repo'], visibility: 'public' },
      testPolicy,
      member,
    );
    expect(formatViolations(violations)).toBe(
      '[GP-GH-REPO-VISIBILITY] github-repo "payments-api": visibility "public" is not allowed in this environment. Allowed: private, internal. Fix: Choose private (or internal where the org is on GitHub Enterprise).',
    );
    const error = new GuardrailViolationError(violations);
    expect(isGuardrailViolation(error)).toBe(true);
    expect(isGuardrailViolation(new Error('other'))).toBe(false);
    expect(error.message).toMatch(
      /^Refused by Golden Path guardrails \(GP-GH-REPO-VISIBILITY\):/,
    );
  });
});
