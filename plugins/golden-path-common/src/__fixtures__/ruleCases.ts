/**
 * Requests each rule must refuse and must allow: used by the rule tests, and by the registry test
 * to check that every rule of every kind has a refusing case.
 */
import { MAX_SECRET_BYTES } from '../limits';
import { EvaluationContext } from '../rules/types';
import { ResourceKind } from '../requests';
import { FOLDER_CASES } from './kindCases';
import { member } from './policy';

export type Case = {
  rule: string;
  base: ResourceKind;
  change: Record<string, unknown>;
  context?: EvaluationContext;
};

const prod = { environment: 'prod', tags: { 'cost-center': 'cc-42' } };

const manyTags = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`tag-${i}`, `value ${i}`]),
  );

/** The cases kept in the kind folders, with their kind as the base. */
const folderCases = (which: 'denied' | 'allowed'): Case[] =>
  Object.entries(FOLDER_CASES).flatMap(([kind, c]) =>
    c[which].map(x => ({ ...x, base: kind as ResourceKind })),
  );

/** For each rule: requests it must refuse... */
export const denied: Case[] = [
  ...folderCases('denied'),
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 's3-bucket',
    change: { versioning: 'yes' },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 's3-bucket',
    change: { acl: 'public-read' },
  },
  {
    rule: 'GP-ENVIRONMENT-KNOWN',
    base: 's3-bucket',
    change: { environment: 'staging' },
  },
  {
    rule: 'GP-OWNER-REQUIRED',
    base: 's3-bucket',
    change: { owner: 'user:default/jane' },
  },
  {
    rule: 'GP-OWNERSHIP',
    base: 's3-bucket',
    change: { owner: 'group:default/checkout' },
  },
  {
    rule: 'GP-OWNERSHIP',
    base: 's3-bucket',
    change: {},
    context: { requester: { userRef: 'user:default/x' } },
  },
  {
    rule: 'GP-REGION-ALLOWED',
    base: 's3-bucket',
    change: { region: 'us-west-2' },
  },
  {
    rule: 'GP-REQUIRED-TAGS',
    base: 's3-bucket',
    change: { environment: 'prod' },
  },
  {
    rule: 'GP-REQUIRED-TAGS',
    base: 's3-bucket',
    change: { ...prod, tags: { 'cost-center': ' ' } },
  },
  {
    rule: 'GP-REQUIRED-TAGS',
    base: 's3-bucket',
    change: { ...prod, tags: { constructor: 'x' } },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: { 'aws:owner': 'x' } },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: { 'AWS:Owner': 'x' } },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: { 'golden-path:task-id': 'forged' } },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: JSON.parse('{"__proto__":"x"}') },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: { '': 'x' } },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: { ['k'.repeat(129)]: 'x' } },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: { team: 'v'.repeat(257) } },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: { 'team#1': 'x' } },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: { team: 'a\u00a0b' } },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: { team: '<script>' } },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: manyTags(46) },
  },
  {
    rule: 'GP-GH-REPO-NAME',
    base: 'github-repo',
    change: { name: 'Payments_API' },
  },
  { rule: 'GP-GH-REPO-NAME', base: 'github-repo', change: { name: 'a--b' } },
  {
    rule: 'GP-GH-REPO-VISIBILITY',
    base: 'github-repo',
    change: { visibility: 'public' },
  },
  {
    rule: 'GP-GH-ORG-FIXED',
    base: 'github-repo',
    change: { org: 'evil-corp' },
  },
  {
    rule: 'GP-GH-BRANCH-PROTECTION',
    base: 'github-repo',
    change: { protection: { allowForcePushes: true } },
  },
  {
    rule: 'GP-GH-BRANCH-PROTECTION',
    base: 'github-repo',
    change: { protection: { requiredApprovals: 0 } },
  },
  {
    rule: 'GP-GH-BRANCH-PROTECTION',
    base: 'github-repo',
    change: { protection: { allowDeletions: true } },
  },
  {
    rule: 'GP-GH-BRANCH-PROTECTION',
    base: 'github-repo',
    change: { protection: { dismissStaleReviews: false } },
  },
  {
    rule: 'GP-GH-BRANCH-PROTECTION',
    base: 'github-repo',
    change: { protection: { requireCodeOwnerReviews: false } },
  },
  {
    rule: 'GP-GH-SECRET-NAME',
    base: 'github-secret',
    change: { name: 'GITHUB_TOKEN' },
  },
  {
    rule: 'GP-GH-SECRET-NAME',
    base: 'github-secret',
    change: { name: '1PASSWORD' },
  },
  {
    rule: 'GP-GH-SECRET-NAME',
    base: 'github-secret',
    change: { name: 'db-host' },
  },
  {
    rule: 'GP-GH-SECRET-SIZE',
    base: 'github-secret',
    change: { valueBytes: 49153 },
  },
  {
    rule: 'GP-GH-SECRET-SIZE',
    base: 'github-secret',
    change: { valueBytes: MAX_SECRET_BYTES + 1 },
  },
  {
    rule: 'GP-GH-SECRET-SIZE',
    base: 'github-secret',
    change: { valueBytes: 0 },
  },
  {
    rule: 'GP-GH-SECRET-SCOPE',
    base: 'github-secret',
    change: { scope: 'organization' },
  },
  {
    rule: 'GP-GH-SECRET-SCOPE',
    base: 'github-secret',
    change: { scope: 'environment' },
  },
  // Ownership is a provider fact the action establishes; a request cannot claim it.
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 'github-secret',
    change: { repoOwner: 'group:default/payments' },
  },
  {
    rule: 'GP-GH-SECRET-REPO-OWNED',
    base: 'github-secret',
    change: {},
    context: {
      ...member,
      repoOwners: { 'payments-api': ['group:default/checkout'] },
    },
  },
  {
    rule: 'GP-GH-SECRET-REPO-OWNED',
    base: 'github-secret',
    change: {},
    context: { ...member, repoOwners: { 'payments-api': [] } },
  },
  {
    rule: 'GP-GH-SECRET-REPO-OWNED',
    base: 'github-secret',
    change: {},
    context: { ...member, repoOwners: { other: ['group:default/payments'] } },
  },
  {
    rule: 'GP-GH-SECRET-SOURCE',
    base: 'github-secret',
    change: { valueSource: 'parameter' },
  },
  {
    rule: 'GP-GH-SECRET-REPO-OWNED',
    base: 'github-secret',
    change: { repo: '../other' },
  },
  {
    rule: 'GP-S3-BUCKET-NAME',
    base: 's3-bucket',
    change: { name: 'My.Bucket' },
  },
  { rule: 'GP-S3-BUCKET-NAME', base: 's3-bucket', change: { name: 'ab' } },
  {
    rule: 'GP-S3-BUCKET-NAME',
    base: 's3-bucket',
    change: { name: 'xn--bucket' },
  },
  {
    rule: 'GP-S3-BUCKET-NAME',
    base: 's3-bucket',
    change: { name: 'bucket-s3alias' },
  },
  {
    rule: 'GP-S3-PUBLIC-ACCESS-BLOCK',
    base: 's3-bucket',
    change: { publicAccessBlock: { blockPublicPolicy: false } },
  },
  {
    rule: 'GP-S3-PUBLIC-ACCESS-BLOCK',
    base: 's3-bucket',
    change: { publicAccessBlock: { restrictPublicBuckets: false } },
  },
  {
    rule: 'GP-S3-ACLS-DISABLED',
    base: 's3-bucket',
    change: { objectOwnership: 'ObjectWriter' },
  },
  { rule: 'GP-S3-TLS-ONLY', base: 's3-bucket', change: { tlsOnly: false } },
  {
    rule: 'GP-S3-ENCRYPTION',
    base: 's3-bucket',
    change: { ...prod, encryption: 'AES256' },
  },
  {
    rule: 'GP-S3-VERSIONING',
    base: 's3-bucket',
    change: { versioning: false },
  },
  { rule: 'GP-RDS-IDENTIFIER', base: 'rds-instance', change: { name: '1db' } },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engine: 'oracle-ee' },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engineVersion: '11.22' },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engineVersion: '16.999-evil' },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engineVersion: '17.' },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engineVersion: ' 17' },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engineVersion: '170' },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engineVersion: '17.2.1.1.1' },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engineVersion: '' },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engine: 'constructor' },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engine: '__proto__', engineVersion: '17' },
  },
  {
    rule: 'GP-RDS-INSTANCE-CLASS',
    base: 'rds-instance',
    change: { instanceClass: 'db.r6g.16xlarge' },
  },
  {
    rule: 'GP-RDS-STORAGE',
    base: 'rds-instance',
    change: { allocatedStorageGb: 5 },
  },
  {
    rule: 'GP-RDS-STORAGE',
    base: 'rds-instance',
    change: { allocatedStorageGb: 201 },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 'rds-instance',
    change: { allocatedStorageGb: 20.5 },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 'rds-instance',
    change: { allocatedStorageGb: -20 },
  },
  { rule: 'GP-REQUEST-SHAPE', base: 'rds-instance', change: { port: 70000 } },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 'rds-instance',
    change: { backupRetentionDays: 36 },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 's3-bucket',
    change: { expectedStorageGb: -100000 },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 's3-bucket',
    change: { expectedStorageGb: Infinity },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 's3-bucket',
    change: { expectedStorageGb: NaN },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 's3-bucket',
    change: { expectedStorageGb: '10' },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 'elasticache-redis',
    change: { nodes: 2.5 },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 'elasticache-redis',
    change: { snapshotRetentionDays: -1 },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 'github-repo',
    change: { protection: { requiredApprovals: 7 } },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 'github-secret',
    change: { valueBytes: -5 },
  },
  { rule: 'GP-REQUEST-SHAPE', base: 's3-bucket', change: { versioning: null } },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 'github-repo',
    change: { protection: { allowForcePushes: null } },
  },
  {
    rule: 'GP-RDS-DB-NAME',
    base: 'rds-instance',
    change: { dbName: 'postgres' },
  },
  {
    rule: 'GP-RDS-DB-NAME',
    base: 'rds-instance',
    change: { dbName: 'Template1' },
  },
  {
    rule: 'GP-RDS-DB-NAME',
    base: 'rds-instance',
    change: { dbName: 'rdsadmin' },
  },
  { rule: 'GP-RDS-DB-NAME', base: 'rds-instance', change: { dbName: 'mysql' } },
  {
    rule: 'GP-RDS-DB-NAME',
    base: 'rds-instance',
    change: { dbName: '1payments' },
  },
  {
    rule: 'GP-RDS-DB-NAME',
    base: 'rds-instance',
    change: { dbName: 'pay-ments' },
  },
  {
    rule: 'GP-RDS-DB-NAME',
    base: 'rds-instance',
    change: { dbName: 'a'.repeat(64) },
  },
  { rule: 'GP-RDS-DB-NAME', base: 'rds-instance', change: { dbName: '' } },
  {
    rule: 'GP-RDS-DB-NAME',
    base: 'rds-instance',
    change: { dbName: 'x; DROP DATABASE y' },
  },
  {
    rule: 'GP-RDS-ENCRYPTED',
    base: 'rds-instance',
    change: { storageEncrypted: false },
  },
  {
    rule: 'GP-RDS-NOT-PUBLIC',
    base: 'rds-instance',
    change: { publiclyAccessible: true },
  },
  {
    rule: 'GP-RDS-DELETION-PROTECTION',
    base: 'rds-instance',
    change: {
      ...prod,
      instanceClass: 'db.t4g.medium',
      allocatedStorageGb: 50,
      deletionProtection: false,
    },
  },
  {
    rule: 'GP-RDS-BACKUP-RETENTION',
    base: 'rds-instance',
    change: { backupRetentionDays: 1 },
  },
  {
    rule: 'GP-RDS-BACKUP-RETENTION',
    base: 'rds-instance',
    change: { ...prod, instanceClass: 'db.t4g.medium', backupRetentionDays: 7 },
  },
  {
    rule: 'GP-RDS-AUTO-MINOR-UPGRADE',
    base: 'rds-instance',
    change: { autoMinorVersionUpgrade: false },
  },
  { rule: 'GP-RDS-DEFAULT-PORT', base: 'rds-instance', change: { port: 5432 } },
  { rule: 'GP-RDS-DEFAULT-PORT', base: 'rds-instance', change: { port: 80 } },
  {
    rule: 'GP-RDS-ADMIN-NAME',
    base: 'rds-instance',
    change: { masterUsername: 'postgres' },
  },
  {
    rule: 'GP-RDS-ADMIN-NAME',
    base: 'rds-instance',
    change: { masterUsername: 'x; DROP TABLE' },
  },
  {
    rule: 'GP-RDS-MANAGED-PASSWORD',
    base: 'rds-instance',
    change: { masterPassword: 'hunter2hunter2' },
  },
  {
    rule: 'GP-RDS-MANAGED-PASSWORD',
    base: 'rds-instance',
    change: { manageMasterUserPassword: false },
  },
  {
    rule: 'GP-RDS-MULTI-AZ',
    base: 'rds-instance',
    change: { ...prod, instanceClass: 'db.t4g.medium', multiAz: false },
  },
  {
    rule: 'GP-EC-ID',
    base: 'elasticache-redis',
    change: { name: 'a'.repeat(41) },
  },
  {
    rule: 'GP-EC-ENGINE-VERSION',
    base: 'elasticache-redis',
    change: { engine: 'redis', engineVersion: '5.0.6' },
  },
  {
    rule: 'GP-EC-ENGINE-VERSION',
    base: 'elasticache-redis',
    change: { engine: 'memcached' },
  },
  {
    rule: 'GP-EC-ENGINE-VERSION',
    base: 'elasticache-redis',
    change: { engine: 'redis', engineVersion: '7.1.0' },
  },
  {
    rule: 'GP-EC-ENGINE-VERSION',
    base: 'elasticache-redis',
    change: { engine: 'valkey', engineVersion: '8.0-evil' },
  },
  {
    rule: 'GP-EC-ENGINE-VERSION',
    base: 'elasticache-redis',
    change: { engine: 'toString' },
  },
  {
    rule: 'GP-EC-NODE-TYPE',
    base: 'elasticache-redis',
    change: { nodeType: 'cache.r7g.16xlarge' },
  },
  { rule: 'GP-EC-NODE-COUNT', base: 'elasticache-redis', change: { nodes: 6 } },
  {
    rule: 'GP-EC-ENCRYPTION-AT-REST',
    base: 'elasticache-redis',
    change: { atRestEncryption: false },
  },
  {
    rule: 'GP-EC-ENCRYPTION-IN-TRANSIT',
    base: 'elasticache-redis',
    change: { transitEncryption: false },
  },
  { rule: 'GP-EC-AUTH', base: 'elasticache-redis', change: { auth: 'none' } },
  {
    rule: 'GP-EC-BACKUPS',
    base: 'elasticache-redis',
    change: { snapshotRetentionDays: 0 },
  },
  {
    rule: 'GP-EC-FAILOVER',
    base: 'elasticache-redis',
    change: { ...prod, nodes: 1 },
  },
  {
    rule: 'GP-EC-FAILOVER',
    base: 'elasticache-redis',
    change: { automaticFailover: true, nodes: 1 },
  },
  {
    rule: 'GP-EC-SUBNET-GROUP',
    base: 'elasticache-redis',
    change: { subnetGroup: 'default' },
  },
  {
    rule: 'GP-BUDGET-PER-REQUEST',
    base: 'rds-instance',
    change: { ...prod, instanceClass: 'db.m7g.large', allocatedStorageGb: 500 },
  },
  {
    rule: 'GP-BUDGET-TEAM-MONTHLY',
    base: 'rds-instance',
    change: {},
    context: { ...member, teamMonthlySpend: { 'group:default/payments': 995 } },
  },
];

/** ...and requests it must allow. */
export const allowed: Case[] = [
  ...folderCases('allowed'),
  { rule: 'GP-OWNERSHIP', base: 's3-bucket', change: { owner: 'platform' } },
  {
    rule: 'GP-REGION-ALLOWED',
    base: 's3-bucket',
    change: { ...prod, region: 'eu-central-1' },
  },
  { rule: 'GP-REQUIRED-TAGS', base: 's3-bucket', change: prod },
  {
    rule: 'GP-GH-REPO-VISIBILITY',
    base: 'github-repo',
    change: { visibility: 'internal' },
  },
  { rule: 'GP-GH-ORG-FIXED', base: 'github-repo', change: { org: 'ACME' } },
  {
    rule: 'GP-GH-BRANCH-PROTECTION',
    base: 'github-repo',
    change: { protection: { requiredApprovals: 2 } },
  },
  {
    rule: 'GP-GH-SECRET-SCOPE',
    base: 'github-secret',
    change: { scope: 'environment', githubEnvironment: 'production' },
  },
  {
    rule: 'GP-GH-SECRET-SIZE',
    base: 'github-secret',
    change: { valueBytes: MAX_SECRET_BYTES },
  },
  {
    rule: 'GP-GH-SECRET-REPO-OWNED',
    base: 'github-secret',
    change: {},
    context: {
      ...member,
      repoOwners: { 'payments-api': ['group:default/payments'] },
    },
  },
  {
    rule: 'GP-GH-SECRET-SOURCE',
    base: 'github-secret',
    change: { valueSource: 'task-secret' },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: {
      tags: { 'team name': 'Zahlungsverkehr Ü', 'a/b:c=d+e-f@g_h.i': '' },
    },
  },
  {
    rule: 'GP-AWS-TAGS-VALID',
    base: 's3-bucket',
    change: { tags: manyTags(45) },
  },
  {
    rule: 'GP-RDS-DB-NAME',
    base: 'rds-instance',
    change: { dbName: 'payments' },
  },
  {
    rule: 'GP-RDS-DB-NAME',
    base: 'rds-instance',
    change: { dbName: `P${'a'.repeat(62)}` },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engineVersion: '16' },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engineVersion: '16.4.1' },
  },
  {
    rule: 'GP-REQUEST-SHAPE',
    base: 's3-bucket',
    change: { expectedStorageGb: 12.5 },
  },
  {
    rule: 'GP-S3-ENCRYPTION',
    base: 's3-bucket',
    change: { encryption: 'aws:kms' },
  },
  {
    rule: 'GP-RDS-DELETION-PROTECTION',
    base: 'rds-instance',
    change: { deletionProtection: false },
  },
  {
    rule: 'GP-RDS-ENGINE-VERSION',
    base: 'rds-instance',
    change: { engine: 'postgres', engineVersion: '17.2' },
  },
  { rule: 'GP-RDS-DEFAULT-PORT', base: 'rds-instance', change: { port: 6543 } },
  {
    rule: 'GP-RDS-MULTI-AZ',
    base: 'rds-instance',
    change: { ...prod, instanceClass: 'db.t4g.medium', allocatedStorageGb: 50 },
  },
  {
    rule: 'GP-EC-FAILOVER',
    base: 'elasticache-redis',
    change: { ...prod, nodes: 2 },
  },
  {
    rule: 'GP-EC-ENGINE-VERSION',
    base: 'elasticache-redis',
    change: { engine: 'redis', engineVersion: '7.1' },
  },
  {
    rule: 'GP-BUDGET-TEAM-MONTHLY',
    base: 'rds-instance',
    change: {},
    context: { ...member, teamMonthlySpend: { 'group:default/payments': 900 } },
  },
];
