import { hasOwn } from '../own';
import type {
  AwsResourceRequest,
  ResourceKind,
  ResourceRequest,
} from '../requests';
import { EC2_INSTANCE } from './ec2-instance';
import { EC2_POLICY, type Ec2Policy } from './ec2-instance/policy';
import type { Ec2InstanceRequest } from './ec2-instance/request';
import { ELASTICACHE_REDIS } from './elasticache-redis';
import {
  ELASTICACHE_POLICY,
  type ElastiCachePolicy,
} from './elasticache-redis/policy';
import type { ElastiCacheRequest } from './elasticache-redis/request';
import { GITHUB_REPO } from './github-repo';
import { GITHUB_POLICY, type GithubPolicy } from './github-repo/policy';
import type { GithubRepoRequest } from './github-repo/request';
import { GITHUB_SECRET } from './github-secret';
import type { GithubSecretRequest } from './github-secret/request';
import { RDS_INSTANCE } from './rds-instance';
import { RDS_POLICY, type RdsPolicy } from './rds-instance/policy';
import type { RdsInstanceRequest } from './rds-instance/request';
import { S3_BUCKET } from './s3-bucket';
import { S3_POLICY, type S3Policy } from './s3-bucket/policy';
import type { S3BucketRequest } from './s3-bucket/request';
import type {
  CreatingAction,
  KindDefinition,
  PolicySection,
  PolicySectionName,
} from './types';

export type {
  Ec2InstanceRequest,
  Ec2Policy,
  ElastiCachePolicy,
  ElastiCacheRequest,
  GithubPolicy,
  GithubRepoRequest,
  GithubSecretRequest,
  RdsInstanceRequest,
  RdsPolicy,
  S3BucketRequest,
  S3Policy,
};

/**
 * The request type of each kind that lives in AWS (these have a region and get the region and tag
 * rules). A kind is registered here, in {@link GithubKindRequests}, and in {@link KIND_REGISTRY}.
 * @public
 */
export interface AwsKindRequests {
  's3-bucket': S3BucketRequest;
  'rds-instance': RdsInstanceRequest;
  'elasticache-redis': ElastiCacheRequest;
  'ec2-instance': Ec2InstanceRequest;
}

/** The request type of each kind that lives in GitHub. @public */
export interface GithubKindRequests {
  'github-repo': GithubRepoRequest;
  'github-secret': GithubSecretRequest;
}

/**
 * The per-kind sections of an environment profile; each kind names the one it is judged by, and
 * {@link POLICY_SECTIONS} gives each its baseline and checks.
 * @public
 */
export interface KindPolicySections {
  /** The GitHub organisation's section (repositories and their secrets). */
  github: GithubPolicy;
  /** S3 buckets. */
  s3: S3Policy;
  /** RDS database instances. */
  rds: RdsPolicy;
  /** ElastiCache replication groups. */
  elasticache: ElastiCachePolicy;
  /** EC2 instances. */
  ec2: Ec2Policy;
}

/**
 * Every resource kind a Golden Path can create, with everything it means. Typed so that each
 * {@link ResourceKind} needs a complete {@link KindDefinition}; every list of kinds is derived from it.
 * The order is the evaluation and documentation order.
 * @public
 */
export const KIND_REGISTRY: {
  readonly [K in ResourceKind]: KindDefinition<K>;
} = {
  'github-repo': GITHUB_REPO,
  'github-secret': GITHUB_SECRET,
  's3-bucket': S3_BUCKET,
  'rds-instance': RDS_INSTANCE,
  'elasticache-redis': ELASTICACHE_REDIS,
  'ec2-instance': EC2_INSTANCE,
};

/**
 * Every section of an environment profile a kind is judged by, with its baseline and checks.
 * @public
 */
export const POLICY_SECTIONS: {
  readonly [S in PolicySectionName]: PolicySection<S>;
} = {
  github: GITHUB_POLICY,
  s3: S3_POLICY,
  rds: RDS_POLICY,
  elasticache: ELASTICACHE_POLICY,
  ec2: EC2_POLICY,
};

/** Any kind's definition, for code that handles every kind alike. @public */
export type AnyKindDefinition = KindDefinition<ResourceKind>;

/** Every registered definition, in registry order. @public */
export const KIND_DEFINITIONS: readonly AnyKindDefinition[] = Object.values(
  KIND_REGISTRY,
) as AnyKindDefinition[];

const kindsWhere = (keep: (d: AnyKindDefinition) => boolean) =>
  KIND_DEFINITIONS.filter(keep).map(d => d.kind);

/** Every {@link ResourceKind}. @public */
export const RESOURCE_KINDS: readonly ResourceKind[] = kindsWhere(() => true);

/** Kinds that live in AWS: they have a region and get the region and tag rules. @public */
export const AWS_RESOURCE_KINDS: readonly ResourceKind[] = kindsWhere(
  d => d.provider === 'aws',
);

/** Kinds that cost money, so every cost estimate of a template must include them. @public */
export const COSTED_RESOURCE_KINDS: readonly ResourceKind[] = kindsWhere(
  d => d.costed,
);

/** What each kind is called in a sentence, e.g. `S3 bucket`. @public */
export const KIND_LABELS: Readonly<Record<ResourceKind, string>> =
  Object.fromEntries(KIND_DEFINITIONS.map(d => [d.kind, d.label])) as Record<
    ResourceKind,
    string
  >;

/** The action that creates each kind, by action id. @public */
export const CREATING_ACTIONS: Readonly<
  Record<string, CreatingAction & { kind: ResourceKind }>
> = Object.fromEntries(
  KIND_DEFINITIONS.map(d => [
    d.creatingAction.id,
    { kind: d.kind, ...d.creatingAction },
  ]),
);

/**
 * The definition of a kind named by untrusted input, or undefined when it is not registered
 * (own keys only, so `constructor` is just an unknown kind).
 * @public
 */
export function findKindDefinition(
  kind: unknown,
): AnyKindDefinition | undefined {
  return typeof kind === 'string' && hasOwn(KIND_REGISTRY, kind)
    ? (KIND_REGISTRY[kind as ResourceKind] as AnyKindDefinition)
    : undefined;
}

/**
 * The definition of a kind; throws for an unregistered one, so no kind is ever handled by a
 * fallback (no defaults, no cost).
 * @public
 */
export function kindDefinition(kind: ResourceKind): AnyKindDefinition {
  const definition = findKindDefinition(kind);
  if (!definition) throw new Error(`Unknown resource kind ${String(kind)}`);
  return definition;
}

/** Whether a request is for an AWS resource (and therefore has a region). @public */
export function isAwsRequest(r: ResourceRequest): r is AwsResourceRequest {
  return findKindDefinition(r.kind)?.provider === 'aws';
}
