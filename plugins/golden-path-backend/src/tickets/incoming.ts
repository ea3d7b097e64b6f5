import { TicketFacts } from '@golden-path/plugin-golden-path-common';

/**
 * Who reported a ticket, as the tracker names them. Held in memory only, to find the reporter's
 * team; never stored.
 */
export interface ReporterIdentity {
  email?: string;
  /** A GitHub login. */
  login?: string;
  /** A display name or user name. */
  name?: string;
}

/** A ticket as a source read it: its facts, and its reporter until the team is known. */
export interface IncomingTicket extends Omit<TicketFacts, 'reporterTeam'> {
  reporter?: ReporterIdentity;
}

/** A row of an upload that was not imported, and why (never the row's text). */
export interface SkippedRow {
  row: number;
  reason: string;
}
