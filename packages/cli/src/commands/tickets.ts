import type { TicketTypeItem } from '@golden-path/plugin-golden-path-common/client';
import { readFileSync } from 'node:fs';
import { CliError, EXIT } from '../lib/errors';
import { Io, printJson, table, writeLine } from '../lib/output';
import { callGoldenPath } from '../lib/session';

const FORMATS = ['jira', 'servicenow'] as const;
const hours = (seconds: number | undefined) =>
  seconds === undefined ? '' : `${(seconds / 3600).toFixed(1)} h`;

/**
 * `tickets import <file> --format jira|servicenow`: uploads a ticket export (members of the
 * importers group only). Exit 0 when every row was read, 1 when some were skipped.
 */
export async function importTickets(
  io: Io,
  file: string,
  opts: { url?: string; format: string; json?: boolean },
): Promise<number> {
  const format = FORMATS.find(f => f === opts.format);
  if (!format)
    throw new CliError(`--format must be one of ${FORMATS.join(', ')}`);
  let csv: string;
  try {
    csv = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  const result = await callGoldenPath(opts.url, api =>
    api.importTicketsCsv(format, csv),
  );
  if (opts.json) printJson(io, result);
  else {
    writeLine(
      io.out,
      `Imported ${file} (${format}): ${result.read} rows read, ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.skipped.length} skipped`,
    );
    for (const s of result.skipped)
      writeLine(io.out, `  row ${s.row}: ${s.reason}`);
  }
  return result.skipped.length ? EXIT.failed : EXIT.done;
}

/** The baseline column: "measured: 16.0 h wait, 2.0 h ops (42 tickets)". */
function baselineOf(t: TicketTypeItem): string {
  const b = t.baseline;
  if (!b.waitToResolve && !b.opsEffort) return 'not measured';
  return `${hours(b.waitToResolve?.median)} wait, ${
    hours(b.opsEffort?.meanSeconds) || 'no logged'
  } ops (${b.tickets} tickets)`;
}

/** `tickets types`: each configured ticket type with its measured baseline and leakage. */
export async function listTicketTypes(
  io: Io,
  opts: { url?: string; json?: boolean },
): Promise<number> {
  const { items } = await callGoldenPath(opts.url, api => api.getTicketTypes());
  if (opts.json) {
    printJson(io, items);
    return EXIT.done;
  }
  if (!items.length) {
    writeLine(io.out, 'No ticket types configured (goldenPath.tickets.types).');
    return EXIT.done;
  }
  for (const line of table([
    ['TYPE', 'PATH LIVE SINCE', 'TICKETS', 'LEAKED', 'MEASURED BASELINE'],
    ...items.map(t => [
      t.name,
      t.baseline.liveSince?.slice(0, 10) ?? (t.hasPath ? 'yes' : 'no path'),
      String(t.tickets),
      String(t.leaked),
      baselineOf(t),
    ]),
  ]))
    writeLine(io.out, line);
  return EXIT.done;
}
