import { testPolicy, member } from '../__fixtures__/policy';
import { evaluate } from '../evaluate';
import { resolvePolicy } from '../policy/resolve';
import {
  POLICY_CHOICE_KEYS,
  isPolicyChoiceKey,
  policyChoiceTarget,
  policyChoices,
} from './choices';

const request = (kind: string, env: string, field: string, value: unknown) => ({
  kind,
  name: kind === 'github-secret' ? 'SAMPLE' : 'sample-name',
  environment: env,
  owner: 'group:default/payments',
  ...(kind === 'github-secret' && {
    repo: 'sample',
    valueBytes: 8,
    githubEnvironment: 'dev',
  }),
  ...(env === 'prod' &&
    kind !== 'github-repo' &&
    kind !== 'github-secret' && { tags: { 'cost-center': 'cc-1' } }),
  [field]: value,
});

/** The violations the guardrails raise on the field a choice feeds. */
const refusedField = (
  kind: string,
  env: string,
  field: string,
  value: unknown,
) =>
  evaluate(
    request(kind, env, field, value),
    testPolicy,
    member,
  ).violations.filter(v => v.field === field || v.field === 'cost');

describe('policy choices', () => {
  it('reads lists and ranges from the environment, with the defaults the actions apply', () => {
    const { dev, prod } = testPolicy.environments;
    expect(policyChoices(dev, 'rds.instanceClass')).toEqual({
      type: 'list',
      values: ['db.t4g.micro', 'db.t4g.small'],
      default: 'db.t4g.micro',
    });
    expect(policyChoices(prod, 'rds.instanceClass')).toEqual({
      type: 'list',
      values: ['db.t4g.medium', 'db.m7g.large'],
      default: 'db.t4g.medium',
    });
    expect(policyChoices(prod, 'region')).toEqual({
      type: 'list',
      values: ['eu-west-1', 'eu-central-1'],
      default: 'eu-west-1',
    });
    expect(policyChoices(dev, 'rds.storageGb')).toEqual({
      type: 'range',
      min: 20,
      max: 200,
      default: 20,
    });
    expect(policyChoices(prod, 'elasticache.nodes')).toEqual({
      type: 'range',
      min: 2,
      max: 3,
      default: 2,
    });
    expect(policyChoices(prod, 's3.encryption')).toEqual({
      type: 'list',
      values: ['aws:kms'],
      default: 'aws:kms',
    });
    expect(policyChoiceTarget('rds.storageGb')).toEqual({
      kind: 'rds-instance',
      field: 'allocatedStorageGb',
      ruleId: 'GP-RDS-STORAGE',
      valueType: 'integer',
      priced: false,
    });
    expect(isPolicyChoiceKey('rds.instanceClass')).toBe(true);
    expect(isPolicyChoiceKey('rds.password')).toBe(false);
    expect(isPolicyChoiceKey('toString')).toBe(false);
  });

  it.each(POLICY_CHOICE_KEYS)(
    'offers only what the guardrails accept, in every environment: %s',
    key => {
      const { kind, field } = policyChoiceTarget(key);
      for (const env of Object.values(testPolicy.environments)) {
        const choices = policyChoices(env, key);
        const offered =
          choices.type === 'list'
            ? [...choices.values, choices.default]
            : [choices.min, choices.max, choices.default];
        for (const value of offered)
          expect([
            key,
            env.name,
            value,
            refusedField(kind, env.name, field, value),
          ]).toEqual([key, env.name, value, []]);
        // Just outside what is offered is refused: the list (or range) is the policy, not a subset of it.
        const outside =
          choices.type === 'list' ? 'not-a-choice' : choices.max + 1;
        const refused = refusedField(kind, env.name, field, outside);
        expect(refused.length).toBeGreaterThan(0);
        // The rule a choice names is the one that refuses what lies outside it (what an
        // exception to that rule would let through); a range's top may be the provider's limit,
        // so below its bottom counts too.
        const below =
          choices.type === 'range'
            ? refusedField(kind, env.name, field, choices.min - 1)
            : [];
        expect([...refused, ...below].map(v => v.ruleId)).toContain(
          policyChoiceTarget(key).ruleId,
        );
      }
    },
  );

  it('says which choices an approved exception may go beyond, with the approvers and the longest duration', () => {
    const policy = resolvePolicy({
      environments: {
        prod: {
          exceptions: { rules: ['GP-RDS-INSTANCE-CLASS'], maxDays: 10 },
        },
      },
    });
    expect(
      policyChoices(policy.environments.prod, 'rds.instanceClass'),
    ).toMatchObject({
      type: 'list',
      exception: {
        ruleId: 'GP-RDS-INSTANCE-CLASS',
        approvers: 'group:default/platform',
        maxDays: 10,
      },
    });
    expect(
      policyChoices(policy.environments.prod, 'rds.storageGb').exception,
    ).toBeUndefined();
  });
});
