import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { TicketService } from './TicketService';

/** The scheduled read of the ticket sources. */
export const TICKET_SYNC_TASK = 'golden-path-tickets-sync';

/**
 * Reads the configured ticket sources on `goldenPath.tickets.schedule` (default every 30 minutes),
 * once per cluster; each read resumes where the last one stopped and reads a bounded number of
 * pages. Nothing is scheduled when no Jira or GitHub source is configured.
 */
export async function scheduleTicketSync(deps: {
  scheduler: SchedulerService;
  service: TicketService;
  logger: LoggerService;
}): Promise<void> {
  const { service } = deps;
  if (!service.hasSources || !service.settings.types.length) return;
  await deps.scheduler.scheduleTask({
    id: TICKET_SYNC_TASK,
    scope: 'global',
    ...service.settings.schedule,
    fn: async () => {
      try {
        await service.sync('scheduler');
      } catch (e) {
        // A sync asked for through the API is running here: this round is not needed.
        if (!(e instanceof ConflictError)) throw e;
        deps.logger.info(
          'Golden Path tickets: a sync is already running; skipped this round',
        );
      }
    },
  });
}
