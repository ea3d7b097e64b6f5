import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  TicketFacts,
  TicketSource,
  TicketTypeDefinition,
} from '@golden-path/plugin-golden-path-common';
import type { TicketImportItem } from '@golden-path/plugin-golden-path-common/client';
import { randomUUID } from 'node:crypto';
import { TicketsSettings } from './config';
import { CsvFormat, parseTicketExport } from './csv';
import { GithubCursor, GithubTickets } from './github';
import { IncomingTicket } from './incoming';
import { JiraTickets } from './jira';
import { TicketQuery } from './queries';
import { ReporterTeams, UNKNOWN_TEAM } from './reporters';
import { ImportCounts, ImportCursor, TicketStore } from './TicketStore';

/** Imports a stopped process left `running` longer than this are marked failed. */
const ABANDONED_AFTER_MS = 6 * 3600_000;

const emptyCounts = (): ImportCounts => ({
  read: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: [],
});

type Progress = (counts: ImportCounts) => Promise<void>;

/**
 * Imports: CSV uploads, and syncs of the Jira and GitHub sources, each type read from the cursor
 * the last import of its source stored. Every import is recorded with its counts; tickets are
 * stored with the reporter's team instead of the reporter.
 */
export class TicketImports {
  private syncing?: Promise<TicketImportItem[]>;
  private readonly secrets: string[];

  constructor(
    private readonly deps: {
      store: TicketStore;
      settings: TicketsSettings;
      reporters: Pick<ReporterTeams, 'teamsOf'>;
      queries: () => Promise<Map<string, TicketQuery>>;
      jira?: JiraTickets;
      github?: (repo: string) => Promise<GithubTickets | undefined>;
      logger: LoggerService;
      now: () => number;
      /** Run after an import that created or updated tickets. */
      changed: () => Promise<void>;
    },
  ) {
    this.secrets = [deps.settings.jira?.apiToken ?? ''].filter(
      s => s.length >= 4,
    );
  }

  get hasSources(): boolean {
    return !!(this.deps.jira || this.deps.github);
  }

  /**
   * Imports a CSV export. A file that cannot be read is refused before anything is stored; rows
   * that cannot be read are skipped and listed.
   */
  async importCsv(
    format: CsvFormat,
    text: string,
    by: string,
  ): Promise<TicketImportItem> {
    const { settings } = this.deps;
    const parsed = parseTicketExport(
      text,
      format,
      settings.types,
      settings.csvTimeZone,
    );
    return this.run(parsed.source, by, false, async () => {
      const stored = await this.ingest(parsed.tickets);
      return {
        counts: { read: parsed.read, ...stored, skipped: parsed.skipped },
      };
    });
  }

  /**
   * Reads every configured source now, each type from where the last read stopped (at most
   * `maxPagesPerRun` pages per type). One sync at a time per backend instance.
   */
  async sync(by: string): Promise<TicketImportItem[]> {
    if (this.syncing)
      throw new ConflictError(
        'A ticket sync is already running; its imports will show in GET /tickets/imports',
      );
    this.syncing = this.syncAll(by);
    try {
      return await this.syncing;
    } finally {
      this.syncing = undefined;
    }
  }

  private async syncAll(by: string): Promise<TicketImportItem[]> {
    const { store, settings } = this.deps;
    const now = this.deps.now();
    await store.failAbandoned(now - ABANDONED_AFTER_MS, now);
    const queries = await this.deps.queries();
    const results: TicketImportItem[] = [];
    const typesWith = (source: 'jira' | 'github') =>
      settings.types.filter(t => queries.get(t.name)?.[source]);
    const jiraTypes = typesWith('jira');
    if (this.deps.jira && jiraTypes.length)
      results.push(
        await this.run('jira', by, true, (cursor, progress) =>
          this.readJira(this.deps.jira!, jiraTypes, queries, cursor, progress),
        ),
      );
    const githubTypes = typesWith('github');
    if (this.deps.github && githubTypes.length)
      results.push(
        await this.run('github', by, true, (cursor, progress) =>
          this.readGithub(githubTypes, queries, cursor, progress),
        ),
      );
    return results;
  }

  private async readJira(
    jira: JiraTickets,
    types: TicketTypeDefinition[],
    queries: Map<string, TicketQuery>,
    cursor: ImportCursor,
    progress: Progress,
  ) {
    const counts = emptyCounts();
    for (const type of types) {
      const previous = cursor[type.name];
      for await (const page of jira.read({
        jql: queries.get(type.name)!.jira!.jql,
        ticketType: type.name,
        cursor: typeof previous === 'number' ? previous : undefined,
        maxPages: this.deps.settings.maxPagesPerRun,
      })) {
        await this.addPage(counts, page.tickets);
        if (page.cursor !== undefined) cursor[type.name] = page.cursor;
        await progress(counts);
      }
    }
    return { counts, cursor };
  }

  private async readGithub(
    types: TicketTypeDefinition[],
    queries: Map<string, TicketQuery>,
    cursor: ImportCursor,
    progress: Progress,
  ) {
    const counts = emptyCounts();
    // One reader per repository: a GitHub App's installation is per organisation.
    const readers = new Map<string, GithubTickets | undefined>();
    for (const type of types) {
      const query = queries.get(type.name)!.github!;
      if (!readers.has(query.repo))
        readers.set(query.repo, await this.deps.github!(query.repo));
      const github = readers.get(query.repo);
      if (!github)
        throw new Error(
          `no GitHub credentials for ${query.repo} on ${this.deps.settings.github?.host} in integrations.github`,
        );
      for await (const page of github.read({
        repo: query.repo,
        labels: query.labels,
        ticketType: type.name,
        cursor: (cursor[type.name] ?? {}) as GithubCursor,
        maxPages: this.deps.settings.maxPagesPerRun,
        known: ids => this.deps.store.known('github', ids),
      })) {
        await this.addPage(counts, page.tickets);
        cursor[type.name] = page.cursor;
        await progress(counts);
      }
    }
    return { counts, cursor };
  }

  private async addPage(counts: ImportCounts, tickets: IncomingTicket[]) {
    counts.read += tickets.length;
    const stored = await this.ingest(tickets);
    counts.created += stored.created;
    counts.updated += stored.updated;
    counts.unchanged += stored.unchanged;
  }

  /**
   * One import: recorded as running, then as it ended, with its counts and (for an API source)
   * where it got to, also when it failed part way.
   */
  private async run(
    source: TicketSource,
    by: string,
    incremental: boolean,
    work: (
      cursor: ImportCursor,
      progress: Progress,
    ) => Promise<{ counts: ImportCounts; cursor?: ImportCursor }>,
  ): Promise<TicketImportItem> {
    const { store, logger } = this.deps;
    const id = randomUUID();
    const cursor = incremental ? await store.lastCursor(source) : undefined;
    await store.startImport({
      id,
      source,
      by,
      startedAt: this.deps.now(),
      cursor,
    });
    let counts = emptyCounts();
    const progress: Progress = async reached => {
      counts = reached;
      await store.progressImport(id, { counts: reached, cursor });
    };
    try {
      const done = await work(cursor ?? {}, progress);
      counts = done.counts;
      await store.finishImport(id, {
        status: 'succeeded',
        finishedAt: this.deps.now(),
        counts,
        cursor: done.cursor,
      });
      logger.info(
        `Golden Path tickets: ${source} import by ${by} read ${counts.read} (created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, skipped ${counts.skipped.length})`,
      );
    } catch (e) {
      const error = this.redact((e as Error)?.message ?? String(e));
      await store.finishImport(id, {
        status: 'failed',
        finishedAt: this.deps.now(),
        counts,
        error,
        cursor,
      });
      logger.warn(`Golden Path tickets: ${source} import failed: ${error}`);
    }
    if (counts.created + counts.updated > 0) {
      try {
        await this.deps.changed();
      } catch (e) {
        logger.warn(
          `Golden Path tickets: updating what depends on the tickets failed: ${
            (e as Error).message
          }`,
        );
      }
    }
    return (await store.getImport(id))!;
  }

  /** Tickets stored with their reporter's team instead of the reporter. */
  private async ingest(tickets: IncomingTicket[]) {
    if (!tickets.length) return { created: 0, updated: 0, unchanged: 0 };
    const teams = await this.deps.reporters.teamsOf(
      tickets.flatMap(t => (t.reporter ? [t.reporter] : [])),
    );
    const facts: TicketFacts[] = tickets.map(({ reporter, ...rest }) => ({
      ...rest,
      reporterTeam: teams.get(ReporterTeams.keyOf(reporter)) ?? UNKNOWN_TEAM,
    }));
    const rank = new Map(this.deps.settings.types.map((t, i) => [t.name, i]));
    return this.deps.store.upsert(facts, {
      typeRank: type => rank.get(type) ?? Number.MAX_SAFE_INTEGER,
    });
  }

  private redact(message: string): string {
    return this.secrets.reduce(
      (m, secret) => m.split(secret).join('***'),
      message,
    );
  }
}
