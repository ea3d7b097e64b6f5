import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigReader } from '@backstage/config';
import { createPolicyService } from '@golden-path/plugin-golden-path-node';
import {
  GuardrailViolationError,
  RecordBinding,
  ResourceRecord,
  Violation,
} from '@golden-path/plugin-golden-path-common';
import {
  RedeemExceptionRequest,
  RedeemExceptionResponse,
  StepFailureRequest,
} from '@golden-path/plugin-golden-path-common/client';
import { ResourceLedger } from '../ledger';

/** Checkpoints that remember successes by key, as the scaffolder's task store does. */
export function memoryCheckpoints() {
  const store = new Map<string, unknown>();
  return {
    store,
    checkpoint: async ({ key, fn }: { key: string; fn: () => any }) => {
      if (store.has(key)) return store.get(key) as any;
      const value = await fn();
      store.set(key, value);
      return value;
    },
  };
}

/** A user in payments and platform, as the scaffolder resolves it from the catalog. */
export const testUser = {
  ref: 'user:default/jane',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'jane', namespace: 'default' },
    spec: { memberOf: ['payments', 'platform'] },
    relations: [
      { type: 'memberOf', targetRef: 'group:default/payments' },
      { type: 'memberOf', targetRef: 'group:default/platform' },
    ],
  } as any,
};

export function testPolicyService(mode: 'plan' | 'live' = 'live') {
  return createPolicyService(
    new ConfigReader({
      goldenPath: {
        mode,
        github: { org: 'acme', host: 'github.test' },
        aws: { region: 'eu-west-1', accountId: '123456789012' },
        environments: {
          dev: {
            // As in an organisation on GitHub Enterprise, where internal repositories exist.
            github: { allowedVisibilities: ['private', 'internal'] },
            rds: {
              requireDeletionProtection: false,
              subnetGroup: 'acme-dev-private',
              securityGroupIds: ['sg-dev'],
            },
            elasticache: {
              subnetGroup: 'acme-dev-private',
              securityGroupIds: ['sg-dev-cache'],
              userGroupId: 'acme-dev-users',
            },
            relax: [
              {
                rule: 'GP-RDS-DELETION-PROTECTION',
                reason: 'dev data is disposable',
              },
            ],
          },
          prod: {
            requiredTags: ['cost-center'],
            s3: {
              allowedEncryption: ['aws:kms'],
              defaultEncryption: 'aws:kms',
              kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/prod',
              accessLogBucket: 'acme-prod-logs',
            },
            rds: {
              instanceClasses: ['db.t4g.medium'],
              defaultInstanceClass: 'db.t4g.medium',
              requireMultiAz: true,
              minBackupRetentionDays: 14,
              subnetGroup: 'acme-prod-private',
              securityGroupIds: ['sg-prod'],
            },
            elasticache: {
              nodeTypes: ['cache.t4g.small'],
              defaultNodeType: 'cache.t4g.small',
              requireAutomaticFailover: true,
              minSnapshotRetentionDays: 7,
              subnetGroup: 'acme-prod-private',
              securityGroupIds: ['sg-prod-cache'],
              userGroupId: 'acme-prod-users',
            },
            // A bigger production database can be approved as a time-boxed exception.
            exceptions: { rules: ['GP-RDS-INSTANCE-CLASS'] },
          },
        },
        budget: { teamMonthly: { default: 1000 } },
      },
    }),
  );
}

/**
 * The spend ledger as the golden-path backend keeps it, in memory: records by step, and an optional
 * refusal (what the backend answers 409 with) so actions can be seen stopping before a mutation.
 */
export function memoryLedger(
  options: {
    spend?: Record<string, number>;
    refuse?: (record: ResourceRecord) => Violation | undefined;
    /** What the backend grants when asked for an exception (none by default). */
    exception?: (
      request: RedeemExceptionRequest,
    ) => RedeemExceptionResponse['exception'];
  } = {},
) {
  const writes: Array<RecordBinding & { record: ResourceRecord }> = [];
  const stepFailures: StepFailureRequest[] = [];
  const redeemed: RedeemExceptionRequest[] = [];
  const ledger: ResourceLedger & {
    writes: typeof writes;
    stepFailures: typeof stepFailures;
    redeemed: typeof redeemed;
  } = {
    writes,
    stepFailures,
    redeemed,
    async redeemException(request) {
      redeemed.push(request);
      return options.exception?.(request);
    },
    async recordStepFailure(failure) {
      stepFailures.push(failure);
    },
    monthlySpend: async owners =>
      Object.fromEntries(owners.map(o => [o, options.spend?.[o] ?? 0])),
    async write(binding, record) {
      const refusal = options.refuse?.(record);
      if (refusal) throw new GuardrailViolationError([refusal]);
      writes.push({ ...binding, record });
    },
  };
  return ledger;
}

/** Trusted memberships: jane is in payments and platform; nobody else is in anything. */
export const testDirectory = {
  groupsOf: async (userRef: string) =>
    userRef === testUser.ref
      ? ['group:default/payments', 'group:default/platform']
      : [],
  repoClaims: async (): Promise<string[]> => [],
};

/** One ledger for every action context of a test file; records are told apart by step id. */
export const testLedger = memoryLedger();
export const testGuardDeps = { ledger: testLedger, directory: testDirectory };
let steps = 0;

/** A mock action context with remembering checkpoints and a collected log. */
/** The task secrets a template passing `${{ secrets.x }}` into `value`/`secrets` would give. */
function secretsFromInput(input: any): Record<string, string> {
  const values = [input?.value, ...Object.values(input?.secrets ?? {})].filter(
    (v): v is string => typeof v === 'string',
  );
  return Object.fromEntries(values.map((v, i) => [`secret${i}`, v]));
}

export function actionContext<I>(
  input: I,
  options: {
    checkpoints?: ReturnType<typeof memoryCheckpoints>;
    workspacePath?: string;
    isDryRun?: boolean;
    taskId?: string;
    secrets?: Record<string, string>;
  } = {},
) {
  const checkpoints = options.checkpoints ?? memoryCheckpoints();
  const lines: string[] = [];
  const base = createMockActionContext({
    input: input as any,
    user: testUser,
    ...(options.workspacePath && { workspacePath: options.workspacePath }),
    task: { id: options.taskId ?? 'task-1' },
    secrets: options.secrets ?? secretsFromInput(input),
  });
  const step = { id: `step-${++steps}`, name: 'test step' };
  const record = (level: string) => (message: string) =>
    void lines.push(`${level} ${message}`);
  const logger = {
    ...base.logger,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
    child: () => logger,
  } as any;
  return {
    ...base,
    step,
    logger,
    checkpoint: checkpoints.checkpoint as any,
    isDryRun: options.isDryRun ?? false,
    lines,
    checkpoints,
  };
}

/** The records an action context's step wrote to the ledger, in order. */
export const recordsOf = (
  ctx: { step?: { id?: string } },
  ledger = testLedger,
): ResourceRecord[] =>
  ledger.writes.filter(w => w.stepId === ctx.step?.id).map(w => w.record);
