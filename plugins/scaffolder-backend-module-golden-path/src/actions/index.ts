import { AwsAccessProvider } from '../aws/access';
import { GithubAccessProvider } from '../github/access';
import { GuardDeps } from '../guard';
import { createElastiCacheAction } from './aws/elasticacheCreate';
import { createRdsInstanceAction } from './aws/rdsCreate';
import { createS3BucketAction } from './aws/s3Create';
import { createGithubRepoCreateAction } from './github/repoCreate';
import { createGithubSecretSetAction } from './github/secretSet';
import { createGuardrailsCheckAction } from './guardrails/check';
import { teeDryRunLog } from '../door/dryRunLog';

/**
 * Every golden-path:* action, as the module registers them (the template linter reads their
 * schemas from the same list, so a new action is linted as soon as it is registered).
 * @public
 */
export function createGoldenPathActions(
  deps: GuardDeps & { github: GithubAccessProvider; aws: AwsAccessProvider },
) {
  return [
    createGuardrailsCheckAction(deps),
    createGithubRepoCreateAction(deps),
    createGithubSecretSetAction(deps),
    createS3BucketAction(deps),
    createRdsInstanceAction(deps),
    createElastiCacheAction(deps),
  ].map(withDryRunLog);
}

/** In a dry run, the action's log lines also go into the dry-run's answer (kept when a step refuses). */
function withDryRunLog<A extends { handler: (ctx: any) => Promise<void> }>(
  action: A,
): A {
  return {
    ...action,
    handler: (ctx: any) =>
      action.handler(
        ctx.isDryRun
          ? { ...ctx, logger: teeDryRunLog(ctx.logger, ctx.step?.id) }
          : ctx,
      ),
  };
}
