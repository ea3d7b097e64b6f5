import {
  ANNOTATIONS,
  parseIsoDuration,
} from '@golden-path/plugin-golden-path-common';
import { TemplateContext } from '../context';
import { CREATING_ACTIONS } from '../goldenPathActions';

/**
 * `ticket-baseline`, `ticket-baseline-duration`: a Golden Path (a template that creates something
 * through the golden-path actions, or says which ticket it replaces) carries the ticket it replaces,
 * how long such a ticket waited, the ops effort it took and the time it saves; the dashboard's
 * numbers are computed from them.
 */
export function ticketBaseline(ctx: TemplateContext) {
  const annotations: Record<string, unknown> =
    ctx.template.metadata?.annotations ?? {};
  const required = [
    ANNOTATIONS.replacesTicket,
    ANNOTATIONS.ticketQueueTime,
    ANNOTATIONS.ticketOpsEffort,
    ANNOTATIONS.timeSaved,
  ];
  const creates = ctx.steps.some(s => s.action && CREATING_ACTIONS[s.action]);
  const claims = required.slice(0, 3).some(key => key in annotations);
  if (!creates && !claims) return;
  const where = ctx.template.metadata?.annotations
    ? ['metadata', 'annotations']
    : ['metadata'];
  const missing = required.filter(
    key => annotations[key] === undefined || annotations[key] === '',
  );
  if (missing.length) {
    ctx.report(
      'ticket-baseline',
      where,
      `a Golden Path needs the ticket baseline; missing ${missing.join(', ')}`,
      { key: true },
    );
  }
  const ticket = annotations[ANNOTATIONS.replacesTicket];
  if (
    ticket !== undefined &&
    !(typeof ticket === 'string' && /^[a-z0-9][a-z0-9-]{0,62}$/.test(ticket))
  ) {
    ctx.report(
      'ticket-baseline',
      ['metadata', 'annotations', ANNOTATIONS.replacesTicket],
      `${ANNOTATIONS.replacesTicket} names the ticket type in lower-case letters, digits and hyphens, e.g. provision-database`,
    );
  }
  for (const key of required.slice(1)) {
    const value = annotations[key];
    if (value !== undefined && parseIsoDuration(value) === undefined) {
      ctx.report(
        'ticket-baseline-duration',
        ['metadata', 'annotations', key],
        `${key} must be an ISO-8601 duration such as P3D or PT45M (got ${JSON.stringify(
          value,
        )})`,
      );
    }
  }
}
