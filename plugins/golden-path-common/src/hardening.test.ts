import { member, testPolicy, valid } from './__fixtures__/policy';
import { estimateMonthlyCost } from './cost/estimate';
import { evaluate } from './evaluate';
import { MAX_REQUEST_TAGS, MAX_SECRET_BYTES } from './limits';
import { resolvePolicy } from './policy/resolve';
import { ResourceRequest } from './requests';
import { teamBudget } from './rules/budget';
import { newestVersion, versionAllowed } from './versions';

const ids = (input: unknown) =>
  evaluate(input, testPolicy, member).violations.map(v => v.ruleId);

describe('evaluate never throws on prototype keys', () => {
  const protoWords = [
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
  ];

  it.each(protoWords)(
    'refuses %s as engine, class, region, environment and owner',
    word => {
      const inputs = [
        { ...valid['rds-instance'], engine: word },
        { ...valid['rds-instance'], instanceClass: word },
        { ...valid['rds-instance'], region: word },
        { ...valid['elasticache-redis'], engine: word },
        { ...valid['elasticache-redis'], nodeType: word },
        { ...valid['s3-bucket'], environment: word },
        { ...valid['s3-bucket'], owner: `group:default/${word}` },
        { ...valid['s3-bucket'], kind: word },
      ];
      for (const input of inputs) {
        const result = evaluate(input, testPolicy, member);
        expect(result.allowed).toBe(false);
        expect(Number.isFinite(result.totalMonthlyCost)).toBe(true);
      }
    },
  );

  it('refuses nested __proto__ keys as unknown settings without polluting anything', () => {
    const input = JSON.parse(
      '{"kind":"github-repo","name":"payments-api","environment":"dev","owner":"group:default/payments",' +
        '"__proto__":{"polluted":true},"protection":{"__proto__":{"allowForcePushes":true}},"tags":{"__proto__":"x"}}',
    );
    const result = evaluate(input, testPolicy, member);
    expect(result.violations.map(v => [v.ruleId, v.field])).toEqual([
      ['GP-REQUEST-SHAPE', '__proto__'],
      ['GP-REQUEST-SHAPE', 'protection.__proto__'],
    ]);
    expect(({} as any).polluted).toBeUndefined();
    expect(result.evaluated[0].request).toMatchObject({
      protection: { allowForcePushes: false },
    });
  });

  it('looks budgets up by own keys only', () => {
    expect(teamBudget({ default: 1000 }, 'group:default/constructor')).toBe(
      1000,
    );
    expect(teamBudget({ default: 1000, payments: 50 }, 'payments')).toBe(50);
    expect(teamBudget({}, 'group:default/toString')).toBe(0);
  });

  it('refuses prototype keys in the policy configuration as unknown settings', () => {
    const environments = JSON.parse(
      '{"dev":{"constructor":1,"rds":{"__proto__":{"maxStorageGb":99999}}}}',
    );
    expect(() => resolvePolicy({ environments })).toThrow(
      /dev\.constructor is not a known setting[\s\S]*rds\.__proto__ is not a known setting/,
    );
  });

  it('does not truncate the caller’s batch', () => {
    const batch = Array.from({ length: 101 }, () => valid['github-repo']);
    expect(ids(batch)).toContain('GP-REQUEST-SHAPE');
    expect(batch).toHaveLength(101);
  });
});

describe('null values', () => {
  it.each([
    ['region', { ...valid['s3-bucket'], region: null }],
    ['encryption', { ...valid['s3-bucket'], encryption: null }],
    [
      'publicAccessBlock.blockPublicAcls',
      { ...valid['s3-bucket'], publicAccessBlock: { blockPublicAcls: null } },
    ],
    ['tags.team', { ...valid['s3-bucket'], tags: { team: null } }],
    ['name', { ...valid['s3-bucket'], name: null }],
    ['dbName', { ...valid['rds-instance'], dbName: null }],
  ])('refuses %s: null, naming the field', (field, input) => {
    const shape = evaluate(input, testPolicy, member).violations.filter(
      v => v.ruleId === 'GP-REQUEST-SHAPE',
    );
    expect(shape.map(v => v.field)).toContain(field);
  });

  it('still fills the default for an omitted field', () => {
    const result = evaluate(valid['s3-bucket'], testPolicy, member);
    expect(result.allowed).toBe(true);
    expect(result.evaluated[0].request).toMatchObject({
      region: 'eu-west-1',
      encryption: 'AES256',
    });
  });
});

describe('quantities and cost', () => {
  const bigDb = {
    ...valid['rds-instance'],
    environment: 'prod',
    tags: { 'cost-center': 'x' },
    instanceClass: 'db.m7g.large',
    allocatedStorageGb: 200,
  };

  it('refuses a negative storage estimate that would offset an over-cap batch', () => {
    const bucket = { ...valid['s3-bucket'], expectedStorageGb: -100000 };
    const result = evaluate([bigDb, bigDb, bucket], testPolicy, member);
    expect(result.allowed).toBe(false);
    expect(result.violations.map(v => v.ruleId)).toEqual(
      expect.arrayContaining(['GP-REQUEST-SHAPE', 'GP-BUDGET-PER-REQUEST']),
    );
    expect(result.evaluated.every(e => !(e.monthlyCost < 0))).toBe(true);
  });

  it('never gives a negative or infinite cost, whatever the numbers', () => {
    const prices = testPolicy.prices;
    const cases: ResourceRequest[] = [
      {
        kind: 's3-bucket',
        name: 'b',
        environment: 'dev',
        owner: 'x',
        expectedStorageGb: -5,
      },
      {
        kind: 's3-bucket',
        name: 'b',
        environment: 'dev',
        owner: 'x',
        expectedStorageGb: Infinity,
      },
      {
        kind: 'rds-instance',
        name: 'd',
        environment: 'dev',
        owner: 'x',
        region: 'eu-west-1',
        instanceClass: 'db.t4g.micro',
        allocatedStorageGb: -100,
      },
      {
        kind: 'elasticache-redis',
        name: 'c',
        environment: 'dev',
        owner: 'x',
        region: 'eu-west-1',
        nodeType: 'cache.t4g.micro',
        nodes: NaN,
      },
    ];
    for (const c of cases)
      expect(estimateMonthlyCost(c, prices).monthly).toBeNaN();
    const negativePrice = { ...prices, s3StorageGbMonth: -1 };
    expect(
      estimateMonthlyCost(
        {
          kind: 's3-bucket',
          name: 'b',
          environment: 'dev',
          owner: 'x',
          expectedStorageGb: 10,
        },
        negativePrice,
      ).monthly,
    ).toBeNaN();
  });

  it('refuses a request without a known price instead of costing it at 0', () => {
    const result = estimateMonthlyCost(
      {
        kind: 'rds-instance',
        name: 'd',
        environment: 'dev',
        owner: 'x',
        region: 'eu-west-1',
        instanceClass: 'constructor',
      },
      testPolicy.prices,
    );
    expect(result.monthly).toBeNaN();
    const unknownKind = {
      kind: 'dynamodb-table',
      name: 't',
    } as unknown as ResourceRequest;
    expect(
      estimateMonthlyCost(unknownKind, testPolicy.prices).monthly,
    ).toBeNaN();
    const verdict = evaluate(
      { ...valid['rds-instance'], instanceClass: 'hasOwnProperty' },
      testPolicy,
      member,
    );
    expect(
      verdict.violations.find(v => v.ruleId === 'GP-BUDGET-PER-REQUEST')
        ?.message,
    ).toMatch(/cannot be estimated/);
    expect(verdict.totalMonthlyCost).toBe(0);
  });

  it('GitHub requests cost nothing and say so', () => {
    expect(
      estimateMonthlyCost(
        valid['github-repo'] as ResourceRequest,
        testPolicy.prices,
      ),
    ).toEqual({ monthly: 0, basis: 'no AWS cost' });
  });
});

describe('limits', () => {
  it('caps secret values at MAX_SECRET_BYTES (8 KiB)', () => {
    expect(MAX_SECRET_BYTES).toBe(8192);
    expect(ids({ ...valid['github-secret'], valueBytes: 8192 })).toEqual([]);
    expect(ids({ ...valid['github-secret'], valueBytes: 8193 })).toEqual([
      'GP-GH-SECRET-SIZE',
    ]);
  });

  it('leaves room for the provenance tags within AWS’s 50', () => {
    expect(MAX_REQUEST_TAGS).toBe(45);
  });
});

describe('engine versions', () => {
  it('allows an allowed entry or a dotted refinement of it (RDS), exactly (ElastiCache)', () => {
    expect(versionAllowed('17', ['16', '17'], 'prefix')).toBe(true);
    expect(versionAllowed('17.2', ['16', '17'], 'prefix')).toBe(true);
    expect(versionAllowed('8.0.39', ['8.0'], 'prefix')).toBe(true);
    expect(versionAllowed('8.4.1', ['8.0'], 'prefix')).toBe(false);
    expect(versionAllowed('170', ['17'], 'prefix')).toBe(false);
    expect(versionAllowed('16.999-evil', ['16'], 'prefix')).toBe(false);
    expect(versionAllowed('7.1', ['7.1'], 'exact')).toBe(true);
    expect(versionAllowed('7.1.0', ['7.1'], 'exact')).toBe(false);
  });

  it('defaults to the newest allowed version', () => {
    expect(newestVersion(['9.6', '16', '10'])).toBe('16');
    expect(newestVersion([])).toBeUndefined();
  });

  it('sends only an allowed, well-formed version (and the judged dbName) to the action', () => {
    const result = evaluate(
      { ...valid['rds-instance'], engineVersion: '16.4', dbName: 'payments' },
      testPolicy,
      member,
    );
    expect(result.allowed).toBe(true);
    expect(result.evaluated[0].request).toMatchObject({
      engineVersion: '16.4',
      dbName: 'payments',
    });
    expect(
      ids({ ...valid['rds-instance'], engineVersion: '16.999-evil' }),
    ).toEqual(['GP-RDS-ENGINE-VERSION']);
  });

  it('works with a MySQL policy whose entries are major.minor', () => {
    const policy = resolvePolicy({
      environments: {
        dev: { rds: { engines: { mysql: ['8.0'] }, defaultEngine: 'mysql' } },
      },
    });
    const request = {
      kind: 'rds-instance',
      name: 'orders-db',
      environment: 'dev',
      owner: 'payments',
    };
    expect(
      evaluate({ ...request, engineVersion: '8.0.39' }, policy, member).allowed,
    ).toBe(true);
    expect(
      evaluate({ ...request, engineVersion: '8.4.1' }, policy, member).allowed,
    ).toBe(false);
    expect(
      evaluate(request, policy, member).evaluated[0].request,
    ).toMatchObject({ engineVersion: '8.0', port: 3307 });
  });
});
