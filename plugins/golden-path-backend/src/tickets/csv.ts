import { InputError } from '@backstage/errors';
import {
  TicketSource,
  TicketTypeDefinition,
} from '@golden-path/plugin-golden-path-common';
import { parse } from 'csv-parse/sync';
import { parseExportDuration, parseExportTime } from './dates';
import { IncomingTicket, ReporterIdentity, SkippedRow } from './incoming';

/** The exports `POST /tickets/imports?format=` reads. */
export type CsvFormat = 'jira' | 'servicenow';

export const CSV_FORMATS: Record<CsvFormat, TicketSource> = {
  jira: 'csv-jira',
  servicenow: 'csv-servicenow',
};

/** The columns each export names, first match wins (header names compare case-insensitively). */
interface Columns {
  key: string[];
  type: string[];
  created: string[];
  updated: string[];
  resolved: string[];
  started: string[];
  timeSpent: string[];
  reporter: string[];
}

const COLUMNS: Record<CsvFormat, Columns> = {
  jira: {
    key: ['Issue key'],
    type: ['Issue Type'],
    created: ['Created'],
    updated: ['Updated'],
    resolved: ['Resolved'],
    started: [],
    timeSpent: ['Time Spent'],
    reporter: ['Reporter'],
  },
  servicenow: {
    key: ['number'],
    type: ['category'],
    created: ['opened_at'],
    updated: ['sys_updated_on'],
    resolved: ['resolved_at', 'closed_at'],
    started: ['work_start'],
    timeSpent: ['time_worked'],
    // The caller is who asked; opened_by may be the service desk agent who typed it in.
    reporter: ['caller_id', 'opened_by'],
  },
};

/** What an upload held: tickets ready to store (bar the reporter's team), and the rows left out. */
export interface ParsedExport {
  source: TicketSource;
  /** Data rows read (the header not counted). */
  read: number;
  tickets: IncomingTicket[];
  skipped: SkippedRow[];
}

function reporterOf(value: string | undefined): ReporterIdentity | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  return text.includes('@') ? { email: text, name: text } : { name: text };
}

/**
 * Reads a Jira or ServiceNow CSV export. Only the columns the facts need are read; every other
 * column (summary, description, comments …) is dropped here, with the reporter kept in memory
 * until their team is found. A row without a key, type, or readable dates is skipped with a
 * reason that quotes no cell. A file that is not such an export is an InputError.
 */
export function parseTicketExport(
  text: string,
  format: CsvFormat,
  types: TicketTypeDefinition[],
  timeZone: string,
): ParsedExport {
  const columns = COLUMNS[format];
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    });
  } catch (e) {
    const { code, lines } = e as { code?: string; lines?: number };
    throw new InputError(
      `The CSV cannot be read${lines ? ` near line ${lines}` : ''}${
        code ? ` (${code})` : ''
      }: export it again from ${
        format === 'jira' ? 'Jira' : 'ServiceNow'
      } as CSV`,
    );
  }
  const [header, ...rows] = records;
  if (!header) throw new InputError('The CSV is empty');
  const names = header.map(h => h.trim().toLowerCase());
  // Per fact, the columns that may hold it, in order: a row's first non-empty one is read.
  const at = Object.fromEntries(
    Object.entries(columns).map(([k, candidates]) => [
      k,
      (candidates as string[])
        .map(c => names.indexOf(c.toLowerCase()))
        .filter(i => i >= 0),
    ]),
  ) as Record<keyof Columns, number[]>;
  const missing = (['key', 'type', 'created'] as const)
    .filter(k => !at[k].length)
    .map(k => columns[k][0]);
  if (missing.length)
    throw new InputError(
      `The CSV has no ${missing.join(', ')} column: is it a ${
        format === 'jira' ? 'Jira' : 'ServiceNow'
      } export (format=${format})?`,
    );

  const typeByValue = new Map<string, string>();
  for (const type of types)
    for (const value of type.csv?.values ?? []) {
      const key = value.trim().toLowerCase();
      // The first configured type that lists a value keeps it.
      if (!typeByValue.has(key)) typeByValue.set(key, type.name);
    }

  const source = CSV_FORMATS[format];
  const tickets: IncomingTicket[] = [];
  const skipped: SkippedRow[] = [];
  const label = (k: keyof Columns) =>
    at[k].length ? header[at[k][0]].trim() : columns[k][0];
  rows.forEach((cells, i) => {
    // Row numbers as a spreadsheet shows them: the header is row 1.
    const row = i + 2;
    const cell = (k: keyof Columns) =>
      at[k].map(c => cells[c]?.trim()).find(v => !!v) || undefined;
    const skip = (reason: string) => skipped.push({ row, reason });
    const externalId = cell('key');
    if (!externalId || externalId.length > 255)
      return skip(`no ${label('key')}`);
    const ticketType = typeByValue.get(cell('type')?.toLowerCase() ?? '');
    if (!ticketType)
      return skip(
        `its ${label('type')} is not in any ticket type's csv.values`,
      );
    const time = (k: keyof Columns) => {
      const raw = cell(k);
      const ms = parseExportTime(raw, timeZone);
      return { given: raw !== undefined, ms };
    };
    const created = time('created');
    if (created.ms === undefined)
      return skip(`${label('created')} is not a date`);
    const problems: string[] = [];
    const optional = (k: keyof Columns) => {
      const t = time(k);
      if (t.given && t.ms === undefined)
        problems.push(`${label(k)} is not a date`);
      return t.ms;
    };
    const resolvedAt = optional('resolved');
    const startedAt = optional('started');
    const updated = optional('updated');
    const spentRaw = cell('timeSpent');
    const timeSpentSeconds = parseExportDuration(spentRaw);
    if (spentRaw !== undefined && timeSpentSeconds === undefined)
      problems.push(`${label('timeSpent')} is not a duration`);
    if (problems.length) return skip(problems.join('; '));
    const ticket: IncomingTicket = {
      source,
      externalId,
      ticketType,
      createdAt: created.ms,
      updatedAt:
        updated ?? Math.max(created.ms, resolvedAt ?? 0, startedAt ?? 0),
    };
    if (startedAt !== undefined) ticket.startedAt = startedAt;
    if (resolvedAt !== undefined) ticket.resolvedAt = resolvedAt;
    if (timeSpentSeconds !== undefined)
      ticket.timeSpentSeconds = timeSpentSeconds;
    const reporter = reporterOf(cell('reporter'));
    if (reporter) ticket.reporter = reporter;
    tickets.push(ticket);
    return undefined;
  });
  return { source, read: rows.length, tickets, skipped };
}
