import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ConfigReader } from '@backstage/config';
import { createPolicyService } from '@golden-path/plugin-golden-path-node';
import { parseResourceRecord, ResourceRecord } from '@golden-path/plugin-golden-path-common';

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
            rds: { requireDeletionProtection: false, subnetGroup: 'acme-dev-private', securityGroupIds: ['sg-dev'] },
            elasticache: { subnetGroup: 'acme-dev-private', securityGroupIds: ['sg-dev-cache'], userGroupId: 'acme-dev-users' },
            relax: [{ rule: 'GP-RDS-DELETION-PROTECTION', reason: 'dev data is disposable' }],
          },
          prod: {
            requiredTags: ['cost-center'],
            s3: { allowedEncryption: ['aws:kms'], defaultEncryption: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/prod', accessLogBucket: 'acme-prod-logs' },
            rds: { instanceClasses: ['db.t4g.medium'], defaultInstanceClass: 'db.t4g.medium', requireMultiAz: true, minBackupRetentionDays: 14, subnetGroup: 'acme-prod-private', securityGroupIds: ['sg-prod'] },
            elasticache: { nodeTypes: ['cache.t4g.small'], defaultNodeType: 'cache.t4g.small', requireAutomaticFailover: true, minSnapshotRetentionDays: 7, subnetGroup: 'acme-prod-private', securityGroupIds: ['sg-prod-cache'], userGroupId: 'acme-prod-users' },
          },
        },
        budget: { teamMonthly: { default: 1000 } },
      },
    }),
  );
}

export const noSpend = { monthlySpend: async () => ({}) };

/** A mock action context with remembering checkpoints and a collected log. */
export function actionContext<I>(input: I, options: { checkpoints?: ReturnType<typeof memoryCheckpoints>; workspacePath?: string; isDryRun?: boolean; taskId?: string } = {}) {
  const checkpoints = options.checkpoints ?? memoryCheckpoints();
  const lines: string[] = [];
  const base = createMockActionContext({ input: input as any, user: testUser, ...(options.workspacePath && { workspacePath: options.workspacePath }), task: { id: options.taskId ?? 'task-1' } });
  const record = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  const logger = { ...base.logger, info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug'), child: () => logger } as any;
  return { ...base, logger, checkpoint: checkpoints.checkpoint as any, isDryRun: options.isDryRun ?? false, lines, checkpoints };
}

/** The inventory records an action logged, in order. */
export const recordsIn = (lines: string[]): ResourceRecord[] => lines.map(parseResourceRecord).filter((r): r is ResourceRecord => !!r);
