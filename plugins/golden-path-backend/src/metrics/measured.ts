import {
  TicketBaseline,
  TicketTypeDefinition,
} from '@golden-path/plugin-golden-path-common';
import { MeasuredBaseline } from './BaselineStore';

/**
 * What the runs take from a ticket type's measured baseline: the median working time its tickets
 * waited until resolved and their mean logged work, for the templates config lists for it.
 */
export function measuredBaselineOf(
  definition: Pick<TicketTypeDefinition, 'name' | 'templates'>,
  baseline: TicketBaseline,
): MeasuredBaseline {
  return {
    ticketType: definition.name,
    templates: definition.templates,
    waitSeconds: baseline.waitToResolve?.median ?? null,
    opsSeconds: baseline.opsEffort?.meanSeconds ?? null,
    tickets: baseline.tickets,
    resolvedTickets: baseline.waitToResolve?.tickets ?? 0,
    opsTickets: baseline.opsEffort?.tickets ?? 0,
    liveSince: baseline.liveSince ? Date.parse(baseline.liveSince) : null,
  };
}
