import { CatalogService } from '@backstage/plugin-catalog-node';
import { AwsAccessProvider } from '../aws/access';
import { GithubAccessProvider } from '../github/access';
import { GuardDeps } from '../guard';
import { createElastiCacheAction } from './aws/elasticacheCreate';
import { createRdsInstanceAction } from './aws/rdsCreate';
import { createS3BucketAction } from './aws/s3Create';
import { createGithubRepoCreateAction } from './github/repoCreate';
import { createGithubSecretSetAction } from './github/secretSet';
import { createGuardrailsCheckAction } from './guardrails/check';

/**
 * Every golden-path:* action, as the module registers them (the template linter reads their
 * schemas from the same list, so a new action is linted as soon as it is registered).
 * @public
 */
export function createGoldenPathActions(deps: GuardDeps & { github: GithubAccessProvider; aws: AwsAccessProvider; catalog: CatalogService }) {
  return [
    createGuardrailsCheckAction(deps),
    createGithubRepoCreateAction(deps),
    createGithubSecretSetAction(deps),
    createS3BucketAction(deps),
    createRdsInstanceAction(deps),
    createElastiCacheAction(deps),
  ];
}
