import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  createAwsAccessProvider,
  GoldenPathPolicyService,
} from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import { CreatingRecords } from './CreatingRecords';
import { ProvisioningReconciler } from './ProvisioningReconciler';

/** The scheduled task's id, e.g. for `scheduler.triggerTask`. */
export const RECONCILER_TASK_ID = 'golden-path-reconciler';

/** Every minute by default: a database takes about ten, so its endpoint shows soon after. */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 30 },
};

/**
 * Schedules the reconciler once per cluster (`goldenPath.reconciler.schedule`), with AWS
 * credentials from `aws.*` for the account the policy names, as the actions get them.
 */
export async function scheduleReconciler(deps: {
  config: RootConfigService;
  scheduler: SchedulerService;
  knex: Knex;
  policy: GoldenPathPolicyService;
  logger: LoggerService;
  events?: EventsService;
}): Promise<ProvisioningReconciler> {
  const scheduleConfig = deps.config.getOptionalConfig(
    'goldenPath.reconciler.schedule',
  );
  const reconciler = new ProvisioningReconciler({
    records: new CreatingRecords(deps.knex),
    aws: createAwsAccessProvider(deps.config, {
      accountId: deps.policy.getTargets().awsAccountId,
    }),
    logger: deps.logger,
    events: deps.events,
  });
  await deps.scheduler.scheduleTask({
    id: RECONCILER_TASK_ID,
    scope: 'global',
    ...(scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE),
    fn: async () => {
      await reconciler.run();
    },
  });
  return reconciler;
}
