import { resolvePolicy } from '../policy/resolve';
import { EvaluationContext } from '../rules/types';
import { ResourceKind } from '../requests';
import { FOLDER_CASES } from './kindCases';

type StaticKind = 'github-repo' | 'github-secret' | 's3-bucket' | 'rds-instance' | 'elasticache-redis';

/** A dev/prod policy like the example in app-config.yaml. */
export const testPolicy = resolvePolicy({
  github: { org: 'acme' },
  aws: { region: 'eu-west-1', accountId: '123456789012' },
  environments: {
    dev: {
      // As in an organisation on GitHub Enterprise, where internal repositories exist.
      github: { allowedVisibilities: ['private', 'internal'] },
      rds: { instanceClasses: ['db.t4g.micro', 'db.t4g.small'], requireDeletionProtection: false, subnetGroup: 'acme-dev-private' },
      elasticache: { subnetGroup: 'acme-dev-private', userGroupId: 'acme-dev-users' },
      relax: [{ rule: 'GP-RDS-DELETION-PROTECTION', reason: 'Development databases are disposable.' }],
    },
    prod: {
      regions: ['eu-west-1', 'eu-central-1'],
      requiredTags: ['cost-center'],
      s3: { allowedEncryption: ['aws:kms'], defaultEncryption: 'aws:kms', kmsKeyId: 'alias/prod' },
      rds: { instanceClasses: ['db.t4g.medium', 'db.m7g.large'], defaultInstanceClass: 'db.t4g.medium', requireMultiAz: true, minBackupRetentionDays: 14, subnetGroup: 'acme-prod-private' },
      elasticache: { nodeTypes: ['cache.t4g.small', 'cache.m7g.large'], defaultNodeType: 'cache.t4g.small', requireAutomaticFailover: true, subnetGroup: 'acme-prod-private', userGroupId: 'acme-prod-users' },
    },
  },
  budget: { maxMonthlyPerRequest: 300, teamMonthly: { default: 1000 } },
});

/** A member of payments and platform. */
export const member: EvaluationContext = {
  requester: { userRef: 'user:default/jane', groups: ['group:default/payments', 'group:default/platform'] },
};

const owner = 'group:default/payments';

/** One valid request of each kind (dev unless said otherwise); kinds with a cases.ts bring their own. */
export const valid = {
  'github-repo': { kind: 'github-repo', name: 'payments-api', environment: 'dev', owner, visibility: 'private' },
  'github-secret': { kind: 'github-secret', name: 'DATABASE_HOST', environment: 'dev', owner, repo: 'payments-api', valueBytes: 40 },
  's3-bucket': { kind: 's3-bucket', name: 'payments-invoices-dev', environment: 'dev', owner },
  'rds-instance': { kind: 'rds-instance', name: 'payments-db', environment: 'dev', owner, instanceClass: 'db.t4g.micro', allocatedStorageGb: 20 },
  'elasticache-redis': { kind: 'elasticache-redis', name: 'payments-cache', environment: 'dev', owner },
  ...(Object.fromEntries(
    Object.entries(FOLDER_CASES).map(([kind, c]) => [kind, c.sample]),
  ) as Record<Exclude<ResourceKind, StaticKind>, Record<string, unknown>>),
} as const;
