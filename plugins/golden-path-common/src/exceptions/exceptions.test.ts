import { member, testPolicy, valid } from '../__fixtures__/policy';
import { evaluate } from '../evaluate';
import { resolvePolicy, PolicyConfigError } from '../policy/resolve';
import { BATCH_RULES, RULES } from '../rules/catalogue';
import { canonicalRequest } from './canonical';

/** testPolicy with exceptions for RDS sizing in prod, approved by the DBAs for up to 14 days. */
const policy = resolvePolicy({
  github: { org: 'acme' },
  aws: { region: 'eu-west-1' },
  exceptions: { approvers: 'platform', maxDays: 7 },
  environments: {
    dev: {},
    prod: {
      rds: {
        instanceClasses: ['db.t4g.medium'],
        defaultInstanceClass: 'db.t4g.medium',
        subnetGroup: 'acme-prod-private',
      },
      exceptions: {
        rules: ['GP-RDS-INSTANCE-CLASS', 'GP-RDS-STORAGE'],
        approvers: 'group:default/dba',
        maxDays: 14,
      },
    },
  },
});
const bigDb = {
  ...valid['rds-instance'],
  environment: 'prod',
  instanceClass: 'db.r6g.large',
};
const problemsOf = (config: Parameters<typeof resolvePolicy>[0]) => {
  try {
    resolvePolicy(config);
    return [];
  } catch (e) {
    return (e as PolicyConfigError).problems;
  }
};

describe('exception policy', () => {
  it('lists nothing as exceptable unless an environment says so, and takes approvers and maxDays from goldenPath.exceptions', () => {
    expect(policy.environments.dev.exceptions).toEqual({
      rules: [],
      approvers: 'group:default/platform',
      maxDays: 7,
    });
    expect(policy.environments.prod.exceptions).toEqual({
      rules: ['GP-RDS-INSTANCE-CLASS', 'GP-RDS-STORAGE'],
      approvers: 'group:default/dba',
      maxDays: 14,
    });
    expect(testPolicy.environments.prod.exceptions.approvers).toBe(
      'group:default/platform',
    );
  });

  it('refuses at start-up every exposure rule, budget and unknown id, naming each', () => {
    const never = [
      'GP-S3-PUBLIC-ACCESS-BLOCK',
      'GP-RDS-NOT-PUBLIC',
      'GP-RDS-ENCRYPTED',
      'GP-GH-SECRET-NAME',
      'GP-OWNERSHIP',
      'GP-BUDGET-TEAM-MONTHLY',
      'GP-NOPE',
    ];
    const problems = problemsOf({
      environments: { prod: { exceptions: { rules: never } } },
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /exceptions\.rules: GP-S3-PUBLIC-ACCESS-BLOCK can never be excepted: it protects against exposure/,
      ),
      expect.stringContaining('GP-RDS-NOT-PUBLIC can never be excepted'),
      expect.stringContaining('GP-RDS-ENCRYPTED can never be excepted'),
      expect.stringContaining('GP-GH-SECRET-NAME can never be excepted'),
      expect.stringContaining('GP-OWNERSHIP can never be excepted'),
      expect.stringContaining(
        'GP-BUDGET-TEAM-MONTHLY can never be excepted: budgets',
      ),
      expect.stringContaining('"GP-NOPE" is not a rule id'),
    ]);
  });

  it('refuses bad approvers, durations and unknown settings', () => {
    expect(
      problemsOf({
        exceptions: { approvers: 'not a group!', maxDays: 0, rules: [] } as any,
        environments: {
          prod: { exceptions: { rules: 'GP-RDS-STORAGE', maxDays: 91 } },
        },
      }),
    ).toEqual([
      'goldenPath.exceptions.rules is not a known setting (rules are listed per environment)',
      'goldenPath.exceptions.approvers must be a group ref, e.g. group:default/platform',
      'goldenPath.exceptions.maxDays must be a whole number of days from 1 to 90',
      'goldenPath.environments.prod.exceptions.rules must be a list of rule ids',
      'goldenPath.environments.prod.exceptions.maxDays must be a whole number of days from 1 to 90',
    ]);
  });

  it('every rule says whether it is exceptable, and none that protects against exposure is', () => {
    const exposure = [
      /PUBLIC/,
      /ENCRYPT/,
      /TLS/,
      /SECRET/,
      /OWNER/,
      /IMDS/,
      /KEY-PAIR/,
      /AUTH/,
      /NAME/,
      /IDENTIFIER/,
      /ACLS/,
      /PASSWORD/,
      /NETWORK|SUBNET|PORT/,
      /TAGS/,
      /ORG|VISIBILITY|BRANCH/,
      /AMI/,
    ];
    for (const rule of RULES) expect(typeof rule.approvable).toBe('boolean');
    const exceptableExposure = RULES.filter(
      rule => rule.approvable && exposure.some(p => p.test(rule.id)),
    ).map(rule => rule.id);
    expect(exceptableExposure).toEqual([]);
    for (const rule of BATCH_RULES) expect(rule.approvable).toBe(false);
  });
});

describe('evaluate with exceptions', () => {
  it('offers an exception when only exceptable rules refuse, naming the approvers and the longest duration', () => {
    const result = evaluate(bigDb, policy, member);
    expect(result.allowed).toBe(false);
    expect(result.violations.map(v => v.ruleId)).toEqual([
      'GP-RDS-INSTANCE-CLASS',
    ]);
    expect(result.exceptionOffer).toEqual([
      {
        index: 0,
        ruleIds: ['GP-RDS-INSTANCE-CLASS'],
        environment: 'prod',
        approvers: 'group:default/dba',
        maxDays: 14,
      },
    ]);
  });

  it('offers nothing when any violation is not exceptable there (exposure, budget, another environment)', () => {
    const cases = [
      { ...bigDb, publiclyAccessible: true },
      { ...bigDb, environment: 'dev' },
      { ...bigDb, allocatedStorageGb: 60000 },
    ];
    for (const request of cases) {
      const result = evaluate(request, policy, member);
      expect(result.allowed).toBe(false);
      expect(result.exceptionOffer).toBeUndefined();
    }
  });

  it('sets aside exactly the approved rules of exactly the approved request', () => {
    const normalised = evaluate(bigDb, policy, member).evaluated[0].request;
    const approved = {
      id: 'exc-1',
      request: canonicalRequest(normalised),
      ruleIds: ['GP-RDS-INSTANCE-CLASS'],
    };
    const allowed = evaluate(bigDb, policy, {
      ...member,
      approvedExceptions: [approved],
    });
    expect(allowed.allowed).toBe(true);
    expect(allowed.exceptionsUsed).toEqual([
      { id: 'exc-1', index: 0, ruleIds: ['GP-RDS-INSTANCE-CLASS'] },
    ]);
    // A different request (one value changed), or a violation the exception does not name, stays refused.
    for (const request of [
      { ...bigDb, allocatedStorageGb: 21 },
      { ...bigDb, instanceClass: 'db.r6g.xlarge' },
      { ...bigDb, publiclyAccessible: true },
    ]) {
      const refused = evaluate(request, policy, {
        ...member,
        approvedExceptions: [approved],
      });
      expect(refused.allowed).toBe(false);
    }
    // An exception naming a rule the environment no longer lists sets nothing aside.
    const tightened = resolvePolicy({
      github: { org: 'acme' },
      aws: { region: 'eu-west-1' },
      environments: {
        prod: {
          rds: {
            instanceClasses: ['db.t4g.medium'],
            defaultInstanceClass: 'db.t4g.medium',
            subnetGroup: 'acme-prod-private',
          },
        },
      },
    });
    expect(
      evaluate(bigDb, tightened, { ...member, approvedExceptions: [approved] })
        .allowed,
    ).toBe(false);
  });

  it('writes the same canonical text whatever order the fields came in', () => {
    expect(
      canonicalRequest({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } }),
    ).toBe('{"a":{"c":3,"d":[2,{"e":0,"f":1}]},"b":1}');
  });
});
