import {
  evaluate,
  describeRules,
  resolvePolicy,
  teamBudget,
  normaliseGroupRef,
} from '@golden-path/plugin-golden-path-common';
import { GoldenPathFormApi } from '../../api/GoldenPathFormApi';

/** A policy like the example in app-config.yaml (dev and prod). */
export const policy = resolvePolicy({
  github: { org: 'acme' },
  aws: { region: 'eu-west-1', accountId: '123456789012' },
  environments: {
    dev: {
      description: 'Development. Small sizes.',
      rds: {
        instanceClasses: ['db.t4g.micro', 'db.t4g.small'],
        maxStorageGb: 100,
        requireDeletionProtection: false,
        subnetGroup: 'acme-dev-private',
      },
      relax: [
        {
          rule: 'GP-RDS-DELETION-PROTECTION',
          reason: 'Development databases are disposable.',
        },
      ],
    },
    prod: {
      description: 'Production. Multi-AZ.',
      regions: ['eu-west-1', 'eu-central-1'],
      requiredTags: ['cost-center'],
      s3: {
        allowedEncryption: ['aws:kms'],
        defaultEncryption: 'aws:kms',
        kmsKeyId: 'alias/prod',
      },
      rds: {
        instanceClasses: ['db.t4g.medium', 'db.m7g.large'],
        defaultInstanceClass: 'db.t4g.medium',
        minStorageGb: 50,
        maxStorageGb: 500,
        defaultStorageGb: 50,
        requireMultiAz: true,
        minBackupRetentionDays: 14,
        subnetGroup: 'acme-prod-private',
      },
      exceptions: { rules: ['GP-RDS-INSTANCE-CLASS'], maxDays: 14 },
    },
  },
  budget: {
    currency: 'USD',
    maxMonthlyPerRequest: 300,
    teamMonthly: { default: 1000, platform: 2500 },
  },
});

/**
 * The form API mocked at its interface: answers computed with the shared evaluator, as the backend
 * does, for a requester in payments and platform whose teams already spend `spent` a month.
 */
export function fakeFormApi(spent: Record<string, number> = {}) {
  const groups = ['group:default/payments', 'group:default/platform'];
  const api = {
    getPolicy: jest.fn(async (environment?: string) => ({
      mode: 'plan' as const,
      ...policy,
      environments: environment
        ? { [environment]: policy.environments[environment] }
        : policy.environments,
      rules: describeRules(),
    })),
    evaluate: jest.fn(async (requests: unknown[]) =>
      evaluate(requests, policy, {
        requester: { userRef: 'user:default/guest', groups },
        teamMonthlySpend: spent,
      }),
    ),
    getBudget: jest.fn(async (owner: string) => {
      const ref = normaliseGroupRef(owner);
      const limit = teamBudget(policy.budget.teamMonthly, ref);
      const monthlySpend = spent[ref] ?? 0;
      return {
        owner: ref,
        currency: 'USD',
        monthlyBudget: limit,
        monthlySpend,
        remaining: Math.max(0, limit - monthlySpend),
        maxMonthlyPerRequest: 300,
      };
    }),
  } satisfies GoldenPathFormApi;
  return api;
}

/** The props RJSF gives a custom field, for rendering one on its own. */
export function fieldProps<T>(overrides: {
  formData?: T;
  uiOptions?: Record<string, unknown>;
  form?: Record<string, unknown>;
  schema?: Record<string, unknown>;
  onChange?: (v: T | undefined) => void;
}) {
  return {
    name: 'field',
    formData: overrides.formData,
    onChange: overrides.onChange ?? jest.fn(),
    onBlur: jest.fn(),
    onFocus: jest.fn(),
    schema: { type: 'string', ...overrides.schema },
    uiSchema: { 'ui:options': overrides.uiOptions ?? {} },
    idSchema: { $id: 'root_field' },
    formContext: { formData: overrides.form ?? {} },
    registry: {} as any,
    disabled: false,
    readonly: false,
    required: true,
    rawErrors: [],
  } as any;
}
