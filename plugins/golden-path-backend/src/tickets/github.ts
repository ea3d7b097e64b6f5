import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { TicketFacts } from '@golden-path/plugin-golden-path-common';
import { Octokit } from '@octokit/rest';
import { parseApiTime } from './dates';
import { IncomingTicket } from './incoming';

/** The REST API version every request names. */
const GITHUB_API_VERSION = '2022-11-28';
const PAGE_SIZE = 100;
/** Event pages read for one issue to find its first assignment. */
const MAX_EVENT_PAGES = 3;

/** Where a read of one query got to: issues updated since `since`, from `page` (ties on `since`). */
export interface GithubCursor {
  since?: string;
  page?: number;
}

export interface GithubPage {
  tickets: IncomingTicket[];
  cursor: GithubCursor;
}

/** A GitHub error without anything of the request (Octokit's errors carry the request). */
export class GithubReadError extends Error {
  constructor(what: string, e: unknown) {
    const status = (e as { status?: number })?.status;
    super(`GitHub ${what} failed${status ? ` with ${status}` : ''}`);
    this.name = 'GithubReadError';
  }
}

/**
 * An Octokit for a repository, with credentials from `integrations.github` for the host (a token or
 * a GitHub App installation), or undefined when the integration gives none.
 */
export async function githubClientFor(
  config: Config,
  host: string,
  repo: string,
): Promise<Octokit | undefined> {
  const integrations = ScmIntegrations.fromConfig(config);
  const integration = integrations.github.byHost(host);
  if (!integration) return undefined;
  const { token } = await DefaultGithubCredentialsProvider.fromIntegrations(
    integrations,
  ).getCredentials({ url: `https://${host}/${repo}` });
  if (!token) return undefined;
  const octokit = new Octokit({
    auth: token,
    baseUrl: integration.config.apiBaseUrl,
    request: { retries: 0 },
  });
  octokit.hook.before('request', options => {
    options.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });
  return octokit;
}

/**
 * Reads tickets from GitHub Issues: the issues of a repository with all of a type's labels, open
 * and closed, pull requests left out, in order of their last update. A ticket starts when it is
 * first assigned (its issue events); an issue never assigned has no start. Only new or changed
 * issues without a known start have their events read, at most three pages each.
 */
export class GithubTickets {
  constructor(
    private readonly octokit: Octokit,
    private readonly pageSize = PAGE_SIZE,
  ) {}

  /**
   * Pages of issues updated since the cursor, at most `maxPages`. Each page asks from the newest
   * update read so far (ties on that instant page on), so an issue updated meanwhile is read later
   * rather than skipped.
   */
  async *read(options: {
    repo: string;
    labels: string[];
    ticketType: string;
    cursor: GithubCursor;
    maxPages: number;
    known: (externalIds: string[]) => Promise<Map<string, TicketFacts>>;
  }): AsyncGenerator<GithubPage> {
    const [owner, repo] = options.repo.split('/');
    let since = options.cursor.since;
    let page = options.cursor.page ?? 1;
    for (let n = 0; n < options.maxPages; n++) {
      let items: IssueItem[];
      try {
        ({ data: items } = await this.octokit.rest.issues.listForRepo({
          owner,
          repo,
          labels: options.labels.join(','),
          state: 'all',
          sort: 'updated',
          direction: 'asc',
          per_page: this.pageSize,
          page,
          // A second back: `since` is then inclusive however GitHub compares it.
          ...(since && {
            since: new Date(Date.parse(since) - 1000).toISOString(),
          }),
        }));
      } catch (e) {
        throw new GithubReadError(`listing the issues of ${options.repo}`, e);
      }
      const issues = items.filter(i => !i.pull_request);
      const ids = issues.map(i => `${owner}/${repo}#${i.number}`);
      const stored = await options.known(ids);
      const tickets: IncomingTicket[] = [];
      for (const [k, issue] of issues.entries()) {
        const ticket = await this.toTicket(
          issue,
          ids[k],
          options.ticketType,
          stored.get(ids[k]),
          owner,
          repo,
        );
        if (ticket) tickets.push(ticket);
      }
      const newest = items
        .map(i => i.updated_at)
        .reduce<string | undefined>(
          (a, b) => (a === undefined || Date.parse(b) > Date.parse(a) ? b : a),
          undefined,
        );
      const full = items.length >= this.pageSize;
      if (newest && (!since || Date.parse(newest) > Date.parse(since))) {
        since = newest;
        page = 1;
      } else if (full) {
        page++;
      }
      yield { tickets, cursor: { since, page } };
      if (!full) return;
    }
  }

  private async toTicket(
    issue: IssueItem,
    externalId: string,
    ticketType: string,
    stored: TicketFacts | undefined,
    owner: string,
    repo: string,
  ): Promise<IncomingTicket | undefined> {
    const createdAt = parseApiTime(issue.created_at);
    if (createdAt === undefined) return undefined;
    const ticket: IncomingTicket = {
      source: 'github',
      externalId,
      ticketType,
      createdAt,
      updatedAt: parseApiTime(issue.updated_at) ?? createdAt,
    };
    const closedAt =
      issue.state === 'closed'
        ? parseApiTime(issue.closed_at ?? undefined)
        : undefined;
    if (closedAt !== undefined) ticket.resolvedAt = closedAt;
    let startedAt = stored?.startedAt;
    if (startedAt === undefined && stored?.updatedAt !== ticket.updatedAt)
      startedAt = await this.firstAssigned(owner, repo, issue.number);
    if (startedAt !== undefined) ticket.startedAt = startedAt;
    if (issue.user?.login) ticket.reporter = { login: issue.user.login };
    return ticket;
  }

  private async firstAssigned(
    owner: string,
    repo: string,
    issueNumber: number,
  ): Promise<number | undefined> {
    for (let page = 1; page <= MAX_EVENT_PAGES; page++) {
      let events: Array<{ event?: string; created_at?: string }>;
      try {
        ({ data: events } = await this.octokit.rest.issues.listEvents({
          owner,
          repo,
          issue_number: issueNumber,
          per_page: 100,
          page,
        }));
      } catch (e) {
        throw new GithubReadError(
          `reading the events of ${owner}/${repo}#${issueNumber}`,
          e,
        );
      }
      const times = events
        .filter(e => e.event === 'assigned')
        .map(e => parseApiTime(e.created_at))
        .filter((t): t is number => t !== undefined);
      if (times.length) return Math.min(...times);
      if (events.length < 100) return undefined;
    }
    return undefined;
  }
}

/** The fields of an issue list item that are read. */
interface IssueItem {
  number: number;
  state: string;
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
  user?: { login?: string } | null;
  pull_request?: unknown;
}
