/**
 * The resource requests a Golden Path can make. These are what a developer (through a template)
 * asks for; the guardrails judge them and the actions turn them into cloud requests.
 *
 * Every field beyond the identifying ones is optional: an omitted field takes the secure value
 * from the environment's policy, and a field that is given must be one the policy allows.
 */

/** The kinds of resource a Golden Path can create. @public */
export type ResourceKind =
  | 'github-repo'
  | 'github-secret'
  | 's3-bucket'
  | 'rds-instance'
  | 'elasticache-redis';

/** Every {@link ResourceKind}. @public */
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  'github-repo',
  'github-secret',
  's3-bucket',
  'rds-instance',
  'elasticache-redis',
];

/** Fields every request carries. @public */
export interface RequestBase {
  kind: ResourceKind;
  /** Resource name (repo name, bucket name, DB identifier, replication group id, secret name). */
  name: string;
  /** Policy profile, e.g. `dev` or `prod`. */
  environment: string;
  /** Owning group as an entity ref, e.g. `group:default/payments`. */
  owner: string;
  /** Extra tags; the required ones come from policy. */
  tags?: Record<string, string>;
}

/** A request for a GitHub repository in the configured organisation. @public */
export interface GithubRepoRequest extends RequestBase {
  kind: 'github-repo';
  /** Must equal the configured org when given; the org is never the form's choice. */
  org?: string;
  visibility?: 'private' | 'internal' | 'public';
  description?: string;
  topics?: string[];
  /** Baseline protections; a request may only make them stricter. */
  protection?: {
    requiredApprovals?: number;
    dismissStaleReviews?: boolean;
    requireCodeOwnerReviews?: boolean;
    allowForcePushes?: boolean;
    allowDeletions?: boolean;
  };
}

/** A request to set a GitHub Actions secret on a repository (its size, never its value). @public */
export interface GithubSecretRequest extends RequestBase {
  kind: 'github-secret';
  /** Target repository name in the configured org. */
  repo: string;
  scope?: 'repository' | 'environment';
  /** GitHub deployment environment, for `scope: environment`. */
  githubEnvironment?: string;
  /** Size of the secret value in bytes (UTF-8). The value itself never enters a request. */
  valueBytes?: number;
  /**
   * Where the value came from, as the action saw it: one of the task's secrets (a Secret field), a
   * value the template declares not secret (an endpoint or ARN from an earlier step), or a plain
   * parameter passed as a secret (stored and logged in clear by the scaffolder, so refused).
   */
  valueSource?: 'task-secret' | 'declared-non-secret' | 'parameter';
}

/** A request for an S3 bucket. @public */
export interface S3BucketRequest extends RequestBase {
  kind: 's3-bucket';
  region?: string;
  encryption?: 'aws:kms' | 'AES256';
  versioning?: boolean;
  publicAccessBlock?: {
    blockPublicAcls?: boolean;
    ignorePublicAcls?: boolean;
    blockPublicPolicy?: boolean;
    restrictPublicBuckets?: boolean;
  };
  objectOwnership?:
    | 'BucketOwnerEnforced'
    | 'BucketOwnerPreferred'
    | 'ObjectWriter';
  tlsOnly?: boolean;
  /** Expected stored data, for the cost estimate. */
  expectedStorageGb?: number;
}

/** A request for an RDS database instance. @public */
export interface RdsInstanceRequest extends RequestBase {
  kind: 'rds-instance';
  region?: string;
  engine?: string;
  engineVersion?: string;
  instanceClass?: string;
  allocatedStorageGb?: number;
  multiAz?: boolean;
  storageEncrypted?: boolean;
  publiclyAccessible?: boolean;
  deletionProtection?: boolean;
  backupRetentionDays?: number;
  autoMinorVersionUpgrade?: boolean;
  port?: number;
  masterUsername?: string;
  /** Always refused: the master password is managed by Secrets Manager. */
  masterPassword?: unknown;
  manageMasterUserPassword?: boolean;
  /** Initial database to create (none when omitted); judged by `GP-RDS-DB-NAME`. */
  dbName?: string;
}

/** A request for an ElastiCache (Redis OSS or Valkey) replication group. @public */
export interface ElastiCacheRequest extends RequestBase {
  kind: 'elasticache-redis';
  region?: string;
  engine?: 'redis' | 'valkey';
  engineVersion?: string;
  nodeType?: string;
  /** Total nodes (primary + replicas). */
  nodes?: number;
  atRestEncryption?: boolean;
  transitEncryption?: boolean;
  /** RBAC user groups (`rbac`) or none at all (`none`, always refused). */
  auth?: 'rbac' | 'none';
  snapshotRetentionDays?: number;
  automaticFailover?: boolean;
  multiAz?: boolean;
  subnetGroup?: string;
}

/** Any request the guardrails judge. @public */
export type ResourceRequest =
  | GithubRepoRequest
  | GithubSecretRequest
  | S3BucketRequest
  | RdsInstanceRequest
  | ElastiCacheRequest;

/** Request kinds that live in AWS and therefore have a region. @public */
export type AwsResourceRequest =
  | S3BucketRequest
  | RdsInstanceRequest
  | ElastiCacheRequest;

/** Whether a request is for an AWS resource (and therefore has a region). @public */
export function isAwsRequest(r: ResourceRequest): r is AwsResourceRequest {
  return (
    r.kind === 's3-bucket' ||
    r.kind === 'rds-instance' ||
    r.kind === 'elasticache-redis'
  );
}
