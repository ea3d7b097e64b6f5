import { allowListProblems } from './__fixtures__/allowList';
import {
  anyValue,
  prng,
  PROTO_WORDS,
  randomObject,
  Rng,
  setOwn,
  vocabulary,
} from './__fixtures__/fuzz';
import { member, testPolicy, valid } from './__fixtures__/policy';
import { evaluate, EvaluationResult } from './evaluate';
import { resolvePolicy } from './policy/resolve';
import { GoldenPathPolicy } from './policy/types';
import { describeRules } from './rules/catalogue';
import { EvaluationContext } from './rules/types';

/** A second policy: MySQL/MariaDB majors as major.minor, Redis, a relaxed sandbox, a price fallback region. */
const variantPolicy = resolvePolicy({
  github: { org: 'acme' },
  aws: { region: 'eu-central-1' },
  environments: {
    sandbox: {
      github: { allowedVisibilities: ['private', 'public'] },
      s3: { requireVersioning: false },
      rds: {
        engines: { mysql: ['8.0'], mariadb: ['10.11'] },
        defaultEngine: 'mysql',
        requireDeletionProtection: false,
      },
      elasticache: {
        engines: { redis: ['7.1'] },
        defaultEngine: 'redis',
        userGroupId: 'sandbox-users',
      },
      relax: [
        {
          rule: 'GP-GH-REPO-VISIBILITY',
          reason: 'sandbox demos may be public',
        },
        {
          rule: 'GP-S3-VERSIONING',
          reason: 'sandbox buckets are scratch space',
        },
        {
          rule: 'GP-RDS-DELETION-PROTECTION',
          reason: 'sandbox databases are disposable',
        },
      ],
    },
  },
  budget: { maxMonthlyPerRequest: 500, teamMonthly: { default: 2000 } },
});

const POLICIES: Array<[string, GoldenPathPolicy]> = [
  ['fixture', testPolicy],
  ['variant', variantPolicy],
];
const KINDS = Object.keys(valid) as Array<keyof typeof valid>;
const KNOWN_RULES = new Set(describeRules().map(r => r.id));

/** The fields a request of each kind has, to aim mutations at (nested ones as dotted paths). */
const TARGETS: Record<string, string[]> = {
  'github-repo': [
    'org',
    'visibility',
    'description',
    'topics',
    'protection',
    'protection.requiredApprovals',
    'protection.allowForcePushes',
    'protection.allowDeletions',
    'protection.dismissStaleReviews',
  ],
  'github-secret': [
    'repo',
    'scope',
    'githubEnvironment',
    'valueBytes',
    'valueSource',
  ],
  's3-bucket': [
    'region',
    'encryption',
    'versioning',
    'objectOwnership',
    'tlsOnly',
    'expectedStorageGb',
    'publicAccessBlock',
    'publicAccessBlock.blockPublicAcls',
    'publicAccessBlock.restrictPublicBuckets',
  ],
  'rds-instance': [
    'region',
    'engine',
    'engineVersion',
    'instanceClass',
    'allocatedStorageGb',
    'multiAz',
    'storageEncrypted',
    'publiclyAccessible',
    'deletionProtection',
    'backupRetentionDays',
    'autoMinorVersionUpgrade',
    'port',
    'masterUsername',
    'masterPassword',
    'manageMasterUserPassword',
    'dbName',
  ],
  'elasticache-redis': [
    'region',
    'engine',
    'engineVersion',
    'nodeType',
    'nodes',
    'atRestEncryption',
    'transitEncryption',
    'auth',
    'snapshotRetentionDays',
    'automaticFailover',
    'multiAz',
    'subnetGroup',
  ],
};
const COMMON_TARGETS = [
  'kind',
  'name',
  'environment',
  'owner',
  'tags',
  'tags.cost-center',
  'tags.team',
];

function mutate(
  rng: Rng,
  request: Record<string, unknown>,
  words: readonly string[],
) {
  const kind = typeof request.kind === 'string' ? request.kind : '';
  const own = Object.prototype.hasOwnProperty.call(TARGETS, kind)
    ? TARGETS[kind]
    : [];
  const targets = [...own, ...COMMON_TARGETS];
  const path = rng.chance(0.15) ? rng.pick(PROTO_WORDS) : rng.pick(targets);
  const value = anyValue(rng, words);
  const [head, tail] = path.split('.');
  if (!tail) return setOwn(request, head, value);
  const current = request[head];
  const nested =
    current && typeof current === 'object' && !Array.isArray(current)
      ? { ...current }
      : {};
  setOwn(nested, rng.chance(0.1) ? rng.pick(PROTO_WORDS) : tail, value);
  return setOwn(request, head, nested);
}

function generateRequest(
  rng: Rng,
  policy: GoldenPathPolicy,
  words: readonly string[],
): unknown {
  if (rng.chance(0.03)) return anyValue(rng, words);
  const kind = rng.pick(KINDS);
  const envs = Object.keys(policy.environments);
  const request: Record<string, unknown> = {
    ...valid[kind],
    environment: rng.pick(envs),
  };
  if (kind.startsWith('github-') || rng.chance(0.3))
    delete request.instanceClass;
  if (rng.chance(0.8)) request.tags = { 'cost-center': 'cc-42' };
  if (rng.chance(0.05))
    request.kind = rng.pick([
      ...PROTO_WORDS,
      'dynamodb-table',
      'S3-BUCKET',
      '',
    ]);
  const mutations = rng.pick([0, 0, 1, 1, 1, 2, 3, 5]);
  for (let i = 0; i < mutations; i++) mutate(rng, request, words);
  if (rng.chance(0.03)) Object.assign(request, randomObject(rng, words));
  // Half the time through JSON, as the API receives it (NaN and Infinity become null).
  return rng.chance(0.5)
    ? JSON.parse(JSON.stringify(request) ?? 'null')
    : request;
}

/** What is wrong with a result's shape (plain checks: expect() is too slow for 10,000 runs). */
function insanity(result: EvaluationResult): string | undefined {
  const cost = (n: number) => Number.isNaN(n) || (Number.isFinite(n) && n >= 0);
  if (typeof result.allowed !== 'boolean') return 'allowed is not a boolean';
  if (!Array.isArray(result.violations) || !Array.isArray(result.evaluated))
    return 'violations or evaluated is not an array';
  if (!Number.isFinite(result.totalMonthlyCost) || result.totalMonthlyCost < 0)
    return `total ${result.totalMonthlyCost}`;
  if (result.allowed !== (result.violations.length === 0))
    return 'allowed disagrees with the violations';
  if (!result.evaluated.every(e => cost(e.monthlyCost)))
    return 'a negative or infinite request cost';
  const bad = result.violations.find(
    v =>
      !KNOWN_RULES.has(v.ruleId) ||
      typeof v.message !== 'string' ||
      /[\n\r\u2028\u2029]/.test(v.message),
  );
  return bad ? `violation ${JSON.stringify(bad)}` : undefined;
}

/** Whether a request (or one of its nested settings) has a field given as null. */
function hasNull(value: unknown, depth = 0): boolean {
  if (value === null) return depth > 0;
  if (!value || typeof value !== 'object' || Array.isArray(value) || depth > 1)
    return false;
  return Object.values(value).some(v => hasNull(v, depth + 1));
}

describe.each(POLICIES)(
  'evaluate under fuzzing (%s policy)',
  (_name, policy) => {
    const words = [...vocabulary(policy)];
    const contexts: EvaluationContext[] = [
      member,
      member,
      member,
      {},
      { requester: { groups: ['group:default/payments', '__proto__'] } },
    ];

    it('never throws, stays sane, and allows only what the policy lists', () => {
      const rng = prng(policy === testPolicy ? 20261201 : 4242);
      const stats = {
        requests: 0,
        allowed: 0,
        allowedKinds: new Set<string>(),
      };
      while (stats.requests < 6000) {
        const size = rng.chance(0.15) ? 1 + rng.int(6) : 1;
        const batch = Array.from({ length: size }, () =>
          generateRequest(rng, policy, words),
        );
        stats.requests += size;
        const input = size === 1 && rng.chance(0.8) ? batch[0] : batch;
        let result: EvaluationResult;
        const context = rng.pick(contexts);
        const shown = () => JSON.stringify(input)?.slice(0, 600);
        try {
          result = evaluate(input, policy, context);
        } catch (e) {
          throw new Error(`evaluate threw ${e} on ${shown()}`);
        }
        const insane = insanity(result);
        if (insane) throw new Error(`${insane} for ${shown()}`);
        if (!result.allowed) continue;
        if (batch.some(r => hasNull(r)))
          throw new Error(`allowed a null field: ${shown()}`);
        if (result.totalMonthlyCost > policy.budget.maxMonthlyPerRequest)
          throw new Error(`over budget: ${shown()}`);
        for (const e of result.evaluated) {
          const problems = allowListProblems(e.request, policy);
          if (problems.length)
            throw new Error(
              `allowed ${JSON.stringify(e.request)} but: ${problems.join(
                '; ',
              )}`,
            );
          if (!Number.isFinite(e.monthlyCost))
            throw new Error(`allowed without a cost: ${shown()}`);
          stats.allowed++;
          stats.allowedKinds.add(e.request.kind);
        }
      }
      // The property above is only worth something if plenty of requests were allowed, of every kind.
      expect(stats.allowed).toBeGreaterThan(stats.requests / 20);
      expect([...stats.allowedKinds].sort()).toEqual([...KINDS].sort());
    });
  },
);
