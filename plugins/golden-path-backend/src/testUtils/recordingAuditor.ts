import {
  AuditorService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

type Recorded = {
  eventId: string;
  severityLevel?: string;
  meta: Record<string, unknown>;
  status: 'initiated' | 'succeeded' | 'failed';
  error?: string;
};

/** An auditor that keeps every event, as the default one would log it (initiated, then succeeded or failed). */
export function recordingAuditor() {
  const events: Recorded[] = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      const base = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: { ...options.meta },
      };
      events.push({ ...base, status: 'initiated' });
      return {
        success: async params => {
          events.push({
            ...base,
            meta: { ...base.meta, ...params?.meta },
            status: 'succeeded',
          });
        },
        fail: async params => {
          events.push({
            ...base,
            meta: { ...base.meta, ...params.meta },
            status: 'failed',
            error: params.error.message,
          });
        },
      };
    },
  };
  const factory = createServiceFactory({
    service: coreServices.auditor,
    deps: {},
    factory: () => auditor,
  });
  return {
    auditor,
    events,
    factory,
    outcomes: () => events.filter(e => e.status !== 'initiated'),
  };
}
