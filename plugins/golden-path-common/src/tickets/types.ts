/** Where a ticket was read from. @public */
export type TicketSource = 'jira' | 'github' | 'csv-jira' | 'csv-servicenow';

/**
 * One ticket as stored: only what the metrics need, never its text. Times are epoch milliseconds.
 * @public
 */
export interface TicketFacts {
  source: TicketSource;
  /** The tracker's key: `OPS-123`, `acme/ops#45`, `RITM0010042`. */
  externalId: string;
  /** The configured ticket type it belongs to. */
  ticketType: string;
  createdAt: number;
  /** First response or first moved to "in progress", where the tracker says. */
  startedAt?: number;
  resolvedAt?: number;
  /** Logged work (Jira's time spent, ServiceNow's time worked). */
  timeSpentSeconds?: number;
  /** The reporter's team (a group ref from trusted catalog sources), or `unknown`. */
  reporterTeam: string;
  /** When the tracker last changed it (a re-import updates only what changed). */
  updatedAt: number;
}

/** A ticket type from `goldenPath.tickets.types`. @public */
export interface TicketTypeDefinition {
  /** Matches the templates' `golden-path.io/replaces-ticket`. */
  name: string;
  title: string;
  /** The templates that replace it (refs). Only their runs use its measured baseline. */
  templates: string[];
  /** When its path went live, if set; otherwise the first run of one of its templates. */
  liveSince?: string;
  jira?: { jql: string };
  github?: { repo: string; labels: string[] };
  /** Values of the export's type column (Jira `Issue Type`, ServiceNow `category`) that mean this type. */
  csv?: { values: string[] };
}

/** Median and 90th percentile of some working-seconds figures, and how many there were. @public */
export interface Spread {
  median: number;
  p90: number;
  tickets: number;
}

/**
 * What a ticket type cost before its path went live, measured from its tickets: the developer's wait
 * (working seconds from created to work started and to resolved) and the ops effort logged.
 * @public
 */
export interface TicketBaseline {
  ticketType: string;
  /** When the path went live; tickets created before it make the baseline (all when not live). */
  liveSince: string | null;
  /** Tickets created before `liveSince`. */
  tickets: number;
  waitToStart: Spread | null;
  waitToResolve: Spread | null;
  /** Mean logged work per ticket, over the tickets that logged any. */
  opsEffort: { meanSeconds: number; tickets: number } | null;
}

/** One month of a ticket type (UTC months, `YYYY-MM`). Waits in working seconds. @public */
export interface TicketMonth {
  month: string;
  opened: number;
  resolved: number;
  /** Open at the end of the month. */
  backlog: number;
  waitToStart: Spread | null;
  waitToResolve: Spread | null;
  opsEffortSeconds: number;
}

/** A ticket opened for a type after its path went live. @public */
export interface LeakedTicket {
  ticketType: string;
  source: TicketSource;
  externalId: string;
  createdAt: string;
  reporterTeam: string;
}

/** A ticket type without a path, scored for "build these next". @public */
export interface RetireCandidate {
  ticketType: string;
  title: string;
  /** Tickets per month over the last twelve months. */
  monthlyVolume: number;
  /** Ops hours per ticket: measured where logged, else the default. */
  opsHoursPerTicket: number;
  opsEffortSource: 'measured' | 'defaults';
  /** Median working hours from created to resolved. */
  waitHours: number;
  /** monthlyVolume × opsHoursPerTicket × waitHours. */
  score: number;
  tickets: number;
}
