import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BusinessCalendar } from '@golden-path/plugin-golden-path-common';
import { TrustedDirectory } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import { readTicketsSettings } from './config';
import { githubClientFor, GithubTickets } from './github';
import { JiraTickets } from './jira';
import { resolveTicketQueries } from './queries';
import { ReporterTeams } from './reporters';
import { TicketService } from './TicketService';
import { TicketStore } from './TicketStore';

export { createTicketsRouter } from './router';
export { scheduleTicketSync, TICKET_SYNC_TASK } from './schedule';
export { TicketService } from './TicketService';
export type { MeasuredTicketType } from './TicketService';

/**
 * The ticket service from `goldenPath.tickets` (invalid config stops start-up): its store, the
 * Jira and GitHub readers that config enables, and reporter teams from trusted catalog sources.
 */
export function createTicketService(deps: {
  config: Config;
  knex: Knex;
  catalog: CatalogService;
  auth: AuthService;
  directory: TrustedDirectory;
  logger: LoggerService;
  calendar?: BusinessCalendar;
  defaultOpsEffort?: string;
  onTicketsChanged?: () => Promise<void>;
}): TicketService {
  const settings = readTicketsSettings(deps.config);
  const { github } = settings;
  return new TicketService({
    store: new TicketStore(deps.knex),
    settings,
    calendar: deps.calendar,
    defaultOpsEffort: deps.defaultOpsEffort,
    reporters: new ReporterTeams(deps),
    queries: () => resolveTicketQueries(settings, deps),
    jira: settings.jira ? new JiraTickets(settings.jira) : undefined,
    github: github
      ? async repo => {
          const octokit = await githubClientFor(deps.config, github.host, repo);
          return octokit ? new GithubTickets(octokit) : undefined;
        }
      : undefined,
    logger: deps.logger,
    onTicketsChanged: deps.onTicketsChanged,
  });
}
