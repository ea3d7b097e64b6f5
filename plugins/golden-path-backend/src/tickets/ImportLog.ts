import { TicketSource } from '@golden-path/plugin-golden-path-common';
import type {
  TicketImportItem,
  TicketImportResult,
} from '@golden-path/plugin-golden-path-common/client';
import { Knex } from 'knex';

export const IMPORTS = 'golden_path_ticket_imports';

/** Skipped rows kept per import; the rest are summed up in one entry. */
export const MAX_SKIPPED = 500;

interface ImportRow {
  id: string;
  source: string;
  by: string;
  started_at: number | string;
  finished_at: number | string | null;
  status: string;
  counts: string;
  error: string | null;
  cursor: string | null;
}

/** What one import did, as stored. */
export type ImportCounts = Omit<TicketImportResult, 'source'>;

const EMPTY_COUNTS: ImportCounts = {
  read: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: [],
};

/** Where an incremental read of each ticket type got to (the source decides the shape). */
export type ImportCursor = Record<string, unknown>;

/** The imports: each read or upload, its counts, and where an incremental read got to. */
export class ImportLog {
  constructor(protected readonly knex: Knex) {}

  /** Records an import as running; returns its id. */
  async startImport(options: {
    id: string;
    source: TicketSource;
    by: string;
    startedAt: number;
    cursor?: ImportCursor;
  }): Promise<void> {
    await this.knex(IMPORTS).insert({
      id: options.id,
      source: options.source,
      by: options.by,
      started_at: options.startedAt,
      finished_at: null,
      status: 'running',
      counts: JSON.stringify(EMPTY_COUNTS),
      error: null,
      cursor: options.cursor ? JSON.stringify(options.cursor) : null,
    });
  }

  /** Stores how far a running import got, so another replica or a restart resumes there. */
  async progressImport(
    id: string,
    progress: { counts: ImportCounts; cursor?: ImportCursor },
  ): Promise<void> {
    await this.knex(IMPORTS)
      .where({ id })
      .update({
        counts: JSON.stringify(capSkipped(progress.counts)),
        ...(progress.cursor && { cursor: JSON.stringify(progress.cursor) }),
      });
  }

  async finishImport(
    id: string,
    result: {
      status: 'succeeded' | 'failed';
      finishedAt: number;
      counts: ImportCounts;
      error?: string;
      cursor?: ImportCursor;
    },
  ): Promise<void> {
    await this.knex(IMPORTS)
      .where({ id })
      .update({
        status: result.status,
        finished_at: result.finishedAt,
        counts: JSON.stringify(capSkipped(result.counts)),
        error: result.error ?? null,
        ...(result.cursor && { cursor: JSON.stringify(result.cursor) }),
      });
  }

  /** Imports left running by a process that stopped: failed, so the list does not show them running forever. */
  async failAbandoned(olderThan: number, finishedAt: number): Promise<number> {
    return this.knex(IMPORTS)
      .where({ status: 'running' })
      .andWhere('started_at', '<', olderThan)
      .update({
        status: 'failed',
        finished_at: finishedAt,
        error: 'interrupted (the backend stopped during the import)',
      });
  }

  /** Where the latest import of a source that recorded a cursor got to. */
  async lastCursor(source: TicketSource): Promise<ImportCursor> {
    const row: Pick<ImportRow, 'cursor'> | undefined = await this.knex(IMPORTS)
      .select('cursor')
      .where({ source })
      .whereNotNull('cursor')
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .first();
    if (!row?.cursor) return {};
    try {
      const parsed = JSON.parse(row.cursor);
      return parsed && typeof parsed === 'object' ? parsed : {};
    } catch {
      return {};
    }
  }

  async getImport(id: string): Promise<TicketImportItem | undefined> {
    const row: ImportRow | undefined = await this.knex(IMPORTS)
      .where({ id })
      .first();
    return row && importView(row);
  }

  /** The newest imports first. */
  async listImports(limit = 50): Promise<TicketImportItem[]> {
    const rows: ImportRow[] = await this.knex(IMPORTS)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(importView);
  }

  /** When each source last finished an import that succeeded (epoch ms). */
  async lastImportBySource(): Promise<Map<TicketSource, number>> {
    const rows: Array<{ source: string; last: number | string | null }> =
      await this.knex(IMPORTS)
        .select('source')
        .max({ last: 'finished_at' })
        .where({ status: 'succeeded' })
        .groupBy('source');
    return new Map(
      rows
        .filter(r => r.last !== null)
        .map(r => [r.source as TicketSource, Number(r.last)]),
    );
  }
}

function capSkipped(counts: ImportCounts): ImportCounts {
  if (counts.skipped.length <= MAX_SKIPPED) return counts;
  return {
    ...counts,
    skipped: [
      ...counts.skipped.slice(0, MAX_SKIPPED),
      {
        row: 0,
        reason: `and ${counts.skipped.length - MAX_SKIPPED} more rows skipped`,
      },
    ],
  };
}

function importView(row: ImportRow): TicketImportItem {
  let counts: ImportCounts = EMPTY_COUNTS;
  try {
    counts = { ...EMPTY_COUNTS, ...JSON.parse(row.counts) };
  } catch {
    // An unreadable count shows as zeros.
  }
  const item: TicketImportItem = {
    id: row.id,
    source: row.source as TicketSource,
    by: row.by,
    startedAt: new Date(Number(row.started_at)).toISOString(),
    finishedAt:
      row.finished_at === null
        ? null
        : new Date(Number(row.finished_at)).toISOString(),
    status: row.status as TicketImportItem['status'],
    read: counts.read,
    created: counts.created,
    updated: counts.updated,
    unchanged: counts.unchanged,
    skipped: counts.skipped,
  };
  if (row.error) item.error = row.error;
  return item;
}
