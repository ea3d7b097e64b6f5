import { ResourceKind } from '@golden-path/plugin-golden-path-common';
import { AwsAccessProvider } from '../aws/access';
import { GithubAccessProvider } from '../github/access';
import { GuardDeps } from '../guard';
import { createEc2InstanceAction } from './aws/ec2-instance/action';
import {
  createElastiCacheAction,
  ELASTICACHE_CREATE_ID,
} from './aws/elasticache-redis/action';
import {
  createRdsInstanceAction,
  RDS_CREATE_ID,
} from './aws/rds-instance/action';
import { createS3BucketAction, S3_CREATE_ID } from './aws/s3-bucket/action';
import {
  createGithubRepoCreateAction,
  REPO_CREATE_ID,
} from './github/github-repo/action';
import {
  createGithubSecretSetAction,
  SECRET_SET_ID,
} from './github/github-secret/action';

/** What every golden-path action may be given: the guard's services and both providers. */
export type GoldenPathActionDeps = GuardDeps & {
  github: GithubAccessProvider;
  aws: AwsAccessProvider;
};

/** How one kind is made: the id of its creating action and the factory that builds it. */
export interface KindAction {
  /** Equals the kind's `creatingAction.id` in the kind registry of -common (a test checks). */
  id: string;
  /** Builds the action (its own folder: `actions/<provider>/<kind>/action.ts`). */
  create(deps: GoldenPathActionDeps): { id: string };
}

/**
 * The creating action of every resource kind. Keyed by {@link ResourceKind}, so a kind registered
 * in -common's `KIND_REGISTRY` without an action here (or an action for an unknown kind) fails
 * typecheck; `satisfies` keeps each factory's own type, so the registered actions keep their
 * input and output types.
 */
export const KIND_ACTIONS = {
  'github-repo': { id: REPO_CREATE_ID, create: createGithubRepoCreateAction },
  'github-secret': { id: SECRET_SET_ID, create: createGithubSecretSetAction },
  's3-bucket': { id: S3_CREATE_ID, create: createS3BucketAction },
  'rds-instance': { id: RDS_CREATE_ID, create: createRdsInstanceAction },
  'elasticache-redis': {
    id: ELASTICACHE_CREATE_ID,
    create: createElastiCacheAction,
  },
  'ec2-instance': {
    id: 'golden-path:aws:ec2:create',
    create: createEc2InstanceAction,
  },
} as const satisfies { readonly [K in ResourceKind]: KindAction };
