import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BusinessCalendar,
  DEFAULT_BUSINESS_CALENDAR,
} from '@golden-path/plugin-golden-path-common';
import type {
  LeakageResponse,
  RetireCandidatesResponse,
  TicketImportItem,
  TicketImportsResponse,
  TicketTypesResponse,
} from '@golden-path/plugin-golden-path-common/client';
import { TicketsSettings } from './config';
import { CsvFormat } from './csv';
import { GithubTickets } from './github';
import { TicketImports } from './imports';
import { JiraTickets } from './jira';
import { TicketQuery } from './queries';
import { ReporterTeams } from './reporters';
import { TicketStore } from './TicketStore';
import { MeasuredTicketType, TicketViews } from './views';

export type { MeasuredTicketType } from './views';

export interface TicketServiceOptions {
  store: TicketStore;
  settings: TicketsSettings;
  /** Waits count in this calendar's working hours. */
  calendar?: BusinessCalendar;
  /** Ops effort per ticket where none was logged (ISO-8601), for ranking types to retire. */
  defaultOpsEffort?: string;
  reporters: Pick<ReporterTeams, 'teamsOf'>;
  /** Each type's queries (config, or trusted template annotations). */
  queries: () => Promise<Map<string, TicketQuery>>;
  jira?: JiraTickets;
  /** The GitHub reader of a repository, when `goldenPath.tickets.github` is set (undefined: no credentials). */
  github?: (repo: string) => Promise<GithubTickets | undefined>;
  logger: LoggerService;
  /** Called after an import that created or updated tickets (measured baselines may have moved). */
  onTicketsChanged?: () => Promise<void>;
  now?: () => number;
}

/**
 * The ticket queue: sources read on a schedule or on request, CSV uploads, and what the stored
 * tickets measure (baselines, leakage, types to retire next).
 */
export class TicketService {
  private readonly views: TicketViews;
  private readonly importer: TicketImports;
  private onTicketsChanged?: () => Promise<void>;

  constructor(private readonly options: TicketServiceOptions) {
    const now = options.now ?? Date.now;
    this.onTicketsChanged = options.onTicketsChanged;
    this.views = new TicketViews({
      store: options.store,
      settings: options.settings,
      calendar: options.calendar ?? DEFAULT_BUSINESS_CALENDAR,
      defaultOpsEffort: options.defaultOpsEffort,
      now,
    });
    this.importer = new TicketImports({
      ...options,
      now,
      changed: async () => this.onTicketsChanged?.(),
    });
  }

  /** Sets the callback run after an import that created or updated tickets. */
  setOnTicketsChanged(callback: (() => Promise<void>) | undefined) {
    this.onTicketsChanged = callback;
  }

  get settings(): TicketsSettings {
    return this.options.settings;
  }

  /** Whether a Jira or GitHub source is configured (the schedule has work). */
  get hasSources(): boolean {
    return this.importer.hasSources;
  }

  /** Each configured type's measured baseline (tickets from before its path went live). */
  baselines(): Promise<Map<string, MeasuredTicketType>> {
    return this.views.baselines();
  }

  /** `GET /tickets/types`. */
  types(): Promise<TicketTypesResponse> {
    return this.views.types();
  }

  /** `GET /tickets/leakage`. */
  leakage(from: number, to: number): Promise<LeakageResponse> {
    return this.views.leakage(from, to);
  }

  /** `GET /tickets/next`. */
  next(): Promise<RetireCandidatesResponse> {
    return this.views.next();
  }

  /** `GET /tickets/imports`: the latest imports, newest first. */
  async imports(limit = 50): Promise<TicketImportsResponse> {
    return { items: await this.options.store.listImports(limit) };
  }

  /** `POST /tickets/imports`. */
  importCsv(
    format: CsvFormat,
    text: string,
    by: string,
  ): Promise<TicketImportItem> {
    return this.importer.importCsv(format, text, by);
  }

  /** `POST /tickets/sync` and the schedule: one import per configured source. */
  sync(by: string): Promise<TicketImportItem[]> {
    return this.importer.sync(by);
  }
}
