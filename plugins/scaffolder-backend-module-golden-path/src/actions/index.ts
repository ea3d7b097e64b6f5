import { RESOURCE_KINDS } from '@golden-path/plugin-golden-path-common';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { AwsAccessProvider } from '../aws/access';
import { teeDryRunLog } from '../door/dryRunLog';
import { GithubAccessProvider } from '../github/access';
import { GuardDeps } from '../guard';
import {
  CatalogRegisterDeps,
  createCatalogRegisterAction,
} from './catalog/register';
import { createGuardrailsCheckAction } from './guardrails/check';
import { KIND_ACTIONS } from './kinds';
import { withStepFailureRecord } from './stepFailures';

/**
 * Every golden-path:* action, as the module registers them: the guardrails check, the creating
 * action of every resource kind in registry order, then the repeatable catalog registration (the template linter reads their
 * schemas from the same list, so a new action is linted as soon as it is registered). Typed as a
 * plain action list: the inferred union of every action's input type would be an unordered API.
 * @public
 */
export function createGoldenPathActions(
  deps: GuardDeps &
    CatalogRegisterDeps & {
      github: GithubAccessProvider;
      aws: AwsAccessProvider;
    },
): TemplateAction<any, any, 'v2'>[] {
  return [
    createGuardrailsCheckAction(deps),
    ...RESOURCE_KINDS.map(kind => KIND_ACTIONS[kind].create(deps)),
    createCatalogRegisterAction(deps),
  ].map(action => withDryRunLog(withStepFailureRecord(deps.ledger, action)));
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
