import { Version3Client } from 'jira.js';
import { jqlTime, parseApiTime } from './dates';
import { JiraSettings } from './config';
import { IncomingTicket } from './incoming';

/** The fields a search asks for: dates, logged work, reporter and status; never summary or description. */
export const JIRA_FIELDS = [
  'created',
  'updated',
  'resolutiondate',
  'timespent',
  'reporter',
  'status',
];
const PAGE_SIZE = 100;
/** Changelog pages read for one issue whose search answer held only part of its history. */
const MAX_CHANGELOG_PAGES = 5;

interface JiraHistory {
  created?: string;
  items?: Array<{ field?: string; toString?: string | null }>;
}

/** What the search answers, as far as it is read. */
interface JiraIssue {
  key: string;
  fields: {
    created?: string;
    updated?: string;
    resolutiondate?: string | null;
    timespent?: number | null;
    reporter?: { emailAddress?: string; displayName?: string } | null;
    status?: { name?: string } | null;
  };
  changelog?: {
    startAt?: number;
    maxResults?: number;
    total?: number;
    histories?: JiraHistory[];
  };
}

interface JiraSearchPage {
  issues?: JiraIssue[];
  nextPageToken?: string | null;
}

/** One page of a read: its tickets, and where the next read of this query starts. */
export interface JiraPage {
  tickets: IncomingTicket[];
  /** Epoch ms: the newest `updated` read so far. */
  cursor: number | undefined;
}

/** What failed and Jira's own words for it; nothing of the request (its Authorization header). */
function describeFailure(what: string, e: unknown): string {
  const status = (e as { status?: number })?.status;
  const code = (e as { code?: unknown })?.code;
  const data = (e as { response?: { data?: unknown } })?.response?.data as
    | { errorMessages?: unknown }
    | undefined;
  const messages = Array.isArray(data?.errorMessages)
    ? data!.errorMessages.filter(m => typeof m === 'string').slice(0, 3)
    : [];
  let text = `Jira ${what} failed`;
  if (status) text += ` with ${status}`;
  else if (typeof code === 'string' && /^[A-Z_]+$/.test(code))
    text += ` (${code})`;
  return messages.length ? `${text}: ${messages.join('; ')}` : text;
}

/** A failed Jira read, safe to log and store. */
export class JiraReadError extends Error {
  constructor(what: string, e: unknown) {
    super(describeFailure(what, e));
    this.name = 'JiraReadError';
  }
}

/** The JQL without a trailing ORDER BY (reads order by `updated` themselves). */
export function withoutOrderBy(jql: string): string {
  return jql.replace(/\s+order\s+by\s+[\w\s,."'-]+$/i, '').trim();
}

/**
 * Reads tickets from Jira Cloud through `jira.js`: the enhanced JQL search
 * (`/rest/api/3/search/jql`, `nextPageToken` paging) with the changelog, from which a ticket's start
 * is its first move into one of `startedStatuses`.
 */
export class JiraTickets {
  private readonly client: Version3Client;
  private readonly started: Set<string>;
  private zone?: Promise<string>;

  constructor(settings: JiraSettings, private readonly pageSize = PAGE_SIZE) {
    this.client = new Version3Client({
      host: settings.baseUrl,
      authentication: {
        basic: { email: settings.email, apiToken: settings.apiToken },
      },
    });
    this.started = new Set(settings.startedStatuses.map(s => s.toLowerCase()));
  }

  /** The API user's time zone: JQL reads dates in it. */
  private timeZone(): Promise<string> {
    this.zone ??= this.client.myself
      .getCurrentUser<{ timeZone?: string }>()
      .then(
        me => me.timeZone || 'UTC',
        e => {
          this.zone = undefined;
          throw new JiraReadError('reading the API user (/myself)', e);
        },
      );
    return this.zone;
  }

  /**
   * Pages of the tickets a query matches that changed since `cursor` (epoch ms), oldest change
   * first, at most `maxPages` of them.
   */
  async *read(options: {
    jql: string;
    ticketType: string;
    cursor?: number;
    maxPages: number;
  }): AsyncGenerator<JiraPage> {
    let jql = `(${withoutOrderBy(options.jql)})`;
    if (options.cursor !== undefined) {
      // JQL compares whole minutes in the user's zone: one minute back re-reads the boundary.
      const from = jqlTime(options.cursor - 60_000, await this.timeZone());
      jql += ` AND updated >= "${from}"`;
    }
    jql += ' ORDER BY updated ASC';
    let cursor = options.cursor;
    let nextPageToken: string | undefined;
    for (let page = 0; page < options.maxPages; page++) {
      let answer: JiraSearchPage;
      try {
        answer =
          await this.client.issueSearch.searchForIssuesUsingJqlEnhancedSearch<JiraSearchPage>(
            {
              jql,
              nextPageToken,
              maxResults: this.pageSize,
              fields: JIRA_FIELDS,
              expand: 'changelog',
            },
          );
      } catch (e) {
        throw new JiraReadError('search', e);
      }
      const tickets: IncomingTicket[] = [];
      for (const issue of answer.issues ?? []) {
        const ticket = await this.toTicket(issue, options.ticketType);
        if (!ticket) continue;
        tickets.push(ticket);
        cursor = Math.max(cursor ?? 0, ticket.updatedAt);
      }
      yield { tickets, cursor };
      if (!answer.nextPageToken) return;
      nextPageToken = answer.nextPageToken;
    }
  }

  private async toTicket(
    issue: JiraIssue,
    ticketType: string,
  ): Promise<IncomingTicket | undefined> {
    const f = issue.fields ?? {};
    const createdAt = parseApiTime(f.created);
    if (!issue.key || createdAt === undefined) return undefined;
    const ticket: IncomingTicket = {
      source: 'jira',
      externalId: issue.key,
      ticketType,
      createdAt,
      updatedAt: parseApiTime(f.updated) ?? createdAt,
    };
    const resolvedAt = parseApiTime(f.resolutiondate ?? undefined);
    if (resolvedAt !== undefined) ticket.resolvedAt = resolvedAt;
    if (typeof f.timespent === 'number' && f.timespent >= 0)
      ticket.timeSpentSeconds = f.timespent;
    const startedAt = await this.startOf(issue);
    if (startedAt !== undefined) ticket.startedAt = startedAt;
    const email = f.reporter?.emailAddress;
    const name = f.reporter?.displayName;
    if (email || name)
      ticket.reporter = {
        ...(email && { email }),
        ...(name && { name }),
      };
    return ticket;
  }

  /** The first move into a started status, from the search's changelog or, when that was cut short, the issue's. */
  private async startOf(issue: JiraIssue): Promise<number | undefined> {
    const histories = issue.changelog?.histories ?? [];
    let first = this.firstStart(histories);
    const total = issue.changelog?.total ?? histories.length;
    if (total <= histories.length) return first;
    for (let page = 0, startAt = 0; page < MAX_CHANGELOG_PAGES; page++) {
      let answer: { values?: JiraHistory[]; isLast?: boolean };
      try {
        answer = await this.client.issues.getChangeLogs<{
          values?: JiraHistory[];
          isLast?: boolean;
        }>({ issueIdOrKey: issue.key, startAt, maxResults: 100 });
      } catch (e) {
        throw new JiraReadError(`reading the changelog of ${issue.key}`, e);
      }
      const values = answer.values ?? [];
      const found = this.firstStart(values);
      if (found !== undefined) first = Math.min(first ?? found, found);
      // Oldest first: the first start found is the earliest.
      if (found !== undefined || answer.isLast !== false || !values.length)
        break;
      startAt += values.length;
    }
    return first;
  }

  private firstStart(histories: JiraHistory[]): number | undefined {
    let first: number | undefined;
    for (const h of histories) {
      const moved = (h.items ?? []).some(
        i =>
          i.field === 'status' &&
          this.started.has(String(i.toString ?? '').toLowerCase()),
      );
      const at = moved ? parseApiTime(h.created) : undefined;
      if (at !== undefined) first = Math.min(first ?? at, at);
    }
    return first;
  }
}
