/**
 * The resource requests a Golden Path can make. These are what a developer (through a template)
 * asks for; the guardrails judge them and the actions turn them into cloud requests.
 *
 * Every field beyond the identifying ones is optional: an omitted field takes the secure value
 * from the environment's policy, and a field that is given must be one the policy allows.
 * Each request type lives in its kind's folder (kinds/<kind>/request.ts); this file registers them.
 */
import type { ElastiCacheRequest } from './kinds/elasticache-redis/request';
import type { GithubRepoRequest } from './kinds/github-repo/request';
import type { GithubSecretRequest } from './kinds/github-secret/request';
import type { RdsInstanceRequest } from './kinds/rds-instance/request';
import type { S3BucketRequest } from './kinds/s3-bucket/request';

export type {
  ElastiCacheRequest,
  GithubRepoRequest,
  GithubSecretRequest,
  RdsInstanceRequest,
  S3BucketRequest,
};

/** The kinds of resource a Golden Path can create. @public */
export type ResourceKind =
  | 'github-repo'
  | 'github-secret'
  | 's3-bucket'
  | 'rds-instance'
  | 'elasticache-redis';

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
