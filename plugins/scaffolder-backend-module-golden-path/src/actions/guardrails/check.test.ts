import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigReader } from '@backstage/config';
import { isGuardrailViolation } from '@golden-path/plugin-golden-path-common';
import { createPolicyService } from '@golden-path/plugin-golden-path-node';
import yaml from 'yaml';
import { testDirectory } from '../../__testUtils__/context';
import { createGuardrailsCheckAction } from './check';
import { examples } from './check.examples';

const policy = createPolicyService(
  new ConfigReader({
    goldenPath: {
      github: { org: 'acme' },
      aws: { region: 'eu-west-1' },
      environments: {
        dev: {
          rds: { requireDeletionProtection: false },
          relax: [
            {
              rule: 'GP-RDS-DELETION-PROTECTION',
              reason: 'dev data is disposable',
            },
          ],
        },
      },
      budget: { teamMonthly: { default: 1000 } },
    },
  }),
);

const user = {
  ref: 'user:default/jane',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'jane' },
    spec: { memberOf: ['payments'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
  } as any,
};

function setup(spent: Record<string, number> = {}) {
  const spend = {
    monthlySpend: jest.fn(async () => spent),
    write: jest.fn(),
    recordStepFailure: jest.fn(async () => undefined),
    redeemException: jest.fn(async () => undefined),
  };
  return {
    action: createGuardrailsCheckAction({
      policy,
      ledger: spend,
      directory: testDirectory,
    }),
    spend,
  };
}

describe('golden-path:guardrails:check', () => {
  it.each(examples.map((e, i) => [e.description, i] as const))(
    'accepts the example "%s"',
    async (_d, i) => {
      const { action } = setup();
      const input = yaml.parse(examples[i].example).steps[0].input;
      const ctx = createMockActionContext({ input, user });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('allowed', true);
    },
  );

  it('outputs the normalised requests and the monthly estimate', async () => {
    const { action, spend } = setup({ 'group:default/payments': 10 });
    const ctx = createMockActionContext({
      input: {
        requests: [
          {
            kind: 'rds-instance',
            name: 'payments-db',
            environment: 'dev',
            owner: 'group:default/payments',
          },
        ],
      },
      user,
    });
    await action.handler(ctx);
    expect(spend.monthlySpend).toHaveBeenCalledWith(['group:default/payments']);
    expect(ctx.output).toHaveBeenCalledWith('monthlyCost', 14.95);
    expect(ctx.output).toHaveBeenCalledWith('requests', [
      expect.objectContaining({
        instanceClass: 'db.t4g.micro',
        storageEncrypted: true,
        port: 5433,
      }),
    ]);
  });

  it('fails listing every violation with rule ids and fixes', async () => {
    const { action, spend } = setup();
    const ctx = createMockActionContext({
      input: {
        requests: [
          {
            kind: 's3-bucket',
            name: 'Bad_Name',
            environment: 'dev',
            owner: 'group:default/checkout',
            publicAccessBlock: { blockPublicAcls: false },
          },
          {
            kind: 'github-repo',
            name: 'svc',
            environment: 'dev',
            owner: 'group:default/payments',
            visibility: 'public',
          },
        ],
      },
      user,
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(isGuardrailViolation(error)).toBe(true);
    expect(error.violations.map((v: any) => v.ruleId)).toEqual([
      'GP-OWNERSHIP',
      'GP-S3-BUCKET-NAME',
      'GP-S3-PUBLIC-ACCESS-BLOCK',
      'GP-GH-REPO-VISIBILITY',
    ]);
    expect(error.message).toMatch(
      /\[GP-S3-PUBLIC-ACCESS-BLOCK\] s3-bucket "Bad_Name": BlockPublicAcls must be on\. Allowed: true\. Fix: /,
    );
    expect(ctx.output).not.toHaveBeenCalled();
    expect(spend.monthlySpend).not.toHaveBeenCalled();
  });

  it('judges a request only when its if: is true, and never passes if: on to the evaluator', async () => {
    const { action } = setup();
    const db = {
      kind: 'rds-instance',
      name: 'payments-db',
      environment: 'dev',
      owner: 'group:default/payments',
    };
    const publicBucket = {
      kind: 's3-bucket',
      name: 'payments-files',
      environment: 'dev',
      owner: 'group:default/payments',
      publicAccessBlock: { blockPublicAcls: false },
    };
    for (const off of [false, 'false', '', 0, null, undefined]) {
      const ctx = createMockActionContext({
        input: { requests: [db, { ...publicBucket, if: off }] },
        user,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('requests', [
        expect.objectContaining({ kind: 'rds-instance' }),
      ]);
    }
    const on = createMockActionContext({
      input: {
        requests: [
          { ...db, if: true },
          { ...publicBucket, if: 'true' },
        ],
      },
      user,
    });
    const error = await action.handler(on).catch(e => e);
    expect(error.violations.map((v: any) => v.ruleId)).toEqual([
      'GP-S3-PUBLIC-ACCESS-BLOCK',
    ]);
  });

  it('fails closed when the requester is unknown', async () => {
    const { action } = setup();
    const ctx = createMockActionContext({
      input: {
        requests: [
          {
            kind: 'github-repo',
            name: 'svc',
            environment: 'dev',
            owner: 'group:default/payments',
          },
        ],
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(/GP-OWNERSHIP/);
  });

  it('refuses rather than guesses when team spend cannot be read', async () => {
    const spend = {
      monthlySpend: jest.fn(async () =>
        Promise.reject(new Error('golden-path backend unreachable')),
      ),
      write: jest.fn(),
      recordStepFailure: jest.fn(async () => undefined),
      redeemException: jest.fn(async () => undefined),
    };
    const action = createGuardrailsCheckAction({
      policy,
      ledger: spend,
      directory: testDirectory,
    });
    const ctx = createMockActionContext({
      input: {
        requests: [
          {
            kind: 'rds-instance',
            name: 'db',
            environment: 'dev',
            owner: 'payments',
          },
        ],
      },
      user,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'golden-path backend unreachable',
    );
  });
});
