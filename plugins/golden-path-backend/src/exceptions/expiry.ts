import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ExceptionStore } from './ExceptionStore';

/** Marks approved exceptions past their time expired, auditing each change (`exception-expire`). */
export async function expireExceptions(deps: {
  store: Pick<ExceptionStore, 'expire'>;
  auditor: AuditorService;
  logger: LoggerService;
  now?: Date;
}): Promise<number> {
  const expired = await deps.store.expire(deps.now);
  for (const e of expired) {
    const audit = await deps.auditor.createEvent({
      eventId: 'exception-expire',
      severityLevel: 'low',
      meta: {
        exceptionId: e.id,
        requester: e.requester,
        ruleIds: e.ruleIds,
        expiresAt: e.expiresAt ?? null,
      },
    });
    await audit.success();
    deps.logger.info(
      `Golden Path exception ${e.id} expired unused (${e.kind} ${e.name}, ${e.requester})`,
    );
  }
  return expired.length;
}

/** Runs {@link expireExceptions} every five minutes, once per cluster. */
export async function scheduleExceptionExpiry(deps: {
  scheduler: SchedulerService;
  store: Pick<ExceptionStore, 'expire'>;
  auditor: AuditorService;
  logger: LoggerService;
}): Promise<void> {
  await deps.scheduler.scheduleTask({
    id: 'golden-path-exceptions-expiry',
    scope: 'global',
    frequency: { minutes: 5 },
    timeout: { minutes: 2 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      await expireExceptions(deps);
    },
  });
}
