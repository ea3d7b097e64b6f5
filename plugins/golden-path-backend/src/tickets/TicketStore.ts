import {
  TicketFacts,
  TicketSource,
} from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { RUNS } from '../metrics/rollups';
import { ImportLog } from './ImportLog';

export { IMPORTS, MAX_SKIPPED } from './ImportLog';
export type { ImportCounts, ImportCursor } from './ImportLog';

export const TICKETS = 'golden_path_tickets';

/** The outcomes that show a path exists: a run that went through, live or planned. */
const PATH_OUTCOMES = ['completed', 'planned'];
/** Rows per statement (SQLite allows 999 bound values; a ticket row binds 9). */
const CHUNK = 100;

interface TicketRow {
  source: string;
  external_id: string;
  ticket_type: string;
  created_at: number | string;
  started_at: number | string | null;
  resolved_at: number | string | null;
  time_spent_seconds: number | string | null;
  reporter_team: string;
  updated_at: number | string;
}

const num = (v: number | string | null | undefined) =>
  v === null || v === undefined ? undefined : Number(v);

function toRow(t: TicketFacts): TicketRow {
  return {
    source: t.source,
    external_id: t.externalId,
    ticket_type: t.ticketType,
    created_at: t.createdAt,
    started_at: t.startedAt ?? null,
    resolved_at: t.resolvedAt ?? null,
    time_spent_seconds:
      t.timeSpentSeconds === undefined ? null : Math.round(t.timeSpentSeconds),
    reporter_team: t.reporterTeam,
    updated_at: t.updatedAt,
  };
}

function fromRow(r: TicketRow): TicketFacts {
  const facts: TicketFacts = {
    source: r.source as TicketSource,
    externalId: r.external_id,
    ticketType: r.ticket_type,
    createdAt: Number(r.created_at),
    reporterTeam: r.reporter_team,
    updatedAt: Number(r.updated_at),
  };
  const startedAt = num(r.started_at);
  const resolvedAt = num(r.resolved_at);
  const timeSpent = num(r.time_spent_seconds);
  if (startedAt !== undefined) facts.startedAt = startedAt;
  if (resolvedAt !== undefined) facts.resolvedAt = resolvedAt;
  if (timeSpent !== undefined) facts.timeSpentSeconds = timeSpent;
  return facts;
}

const FIELDS: Array<keyof TicketFacts> = [
  'ticketType',
  'createdAt',
  'startedAt',
  'resolvedAt',
  'timeSpentSeconds',
  'reporterTeam',
  'updatedAt',
];

const sameFacts = (a: TicketFacts, b: TicketFacts) =>
  FIELDS.every(f => a[f] === b[f]);

/** An API source's answer is preferred to a CSV export of the same tracker (no double counting). */
const EXPORT_OF: Partial<Record<TicketSource, TicketSource>> = {
  'csv-jira': 'jira',
};

/** Counts of one upsert. */
export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Tickets (facts only), and the imports' log. Tickets are keyed by source and the tracker's key, so a
 * re-import or a second replica's read updates the one row instead of adding one.
 */
export class TicketStore extends ImportLog {
  /**
   * Inserts new tickets and updates those whose facts changed, unless the stored version is newer
   * (a stale export does not undo a later read). `typeRank` settles a ticket two types' queries
   * both match: the type ranked first keeps it, so reads do not flip it back and forth.
   */
  async upsert(
    tickets: TicketFacts[],
    options: { typeRank?: (ticketType: string) => number } = {},
  ): Promise<UpsertCounts> {
    const counts: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
    // The last occurrence of a key in one batch is the one kept.
    const unique = [
      ...new Map(
        tickets.map(t => [`${t.source}\u0000${t.externalId}`, t]),
      ).values(),
    ];
    const rank = options.typeRank;
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      await this.knex.transaction(async tx => {
        const stored = await this.knownIn(tx, chunk);
        const inserts: TicketRow[] = [];
        for (const incoming of chunk) {
          const before = stored.get(
            `${incoming.source}\u0000${incoming.externalId}`,
          );
          if (!before) {
            inserts.push(toRow(incoming));
            counts.created++;
            continue;
          }
          let next = incoming;
          if (
            rank &&
            before.ticketType !== incoming.ticketType &&
            rank(before.ticketType) < rank(incoming.ticketType)
          )
            next = { ...incoming, ticketType: before.ticketType };
          if (next.updatedAt < before.updatedAt || sameFacts(before, next)) {
            counts.unchanged++;
            continue;
          }
          const { source, external_id, ...changes } = toRow(next);
          await tx(TICKETS).where({ source, external_id }).update(changes);
          counts.updated++;
        }
        if (inserts.length)
          // A concurrent reader may have inserted the same ticket meanwhile: its row wins.
          await tx(TICKETS)
            .insert(inserts)
            .onConflict(['source', 'external_id'])
            .ignore();
      });
    }
    return counts;
  }

  private async knownIn(
    db: Knex | Knex.Transaction,
    keys: Array<Pick<TicketFacts, 'source' | 'externalId'>>,
  ): Promise<Map<string, TicketFacts>> {
    const bySource = new Map<string, string[]>();
    for (const k of keys)
      bySource.set(k.source, [...(bySource.get(k.source) ?? []), k.externalId]);
    const out = new Map<string, TicketFacts>();
    for (const [source, ids] of bySource) {
      for (let i = 0; i < ids.length; i += 500) {
        const rows: TicketRow[] = await db(TICKETS)
          .where({ source })
          .whereIn('external_id', ids.slice(i, i + 500));
        for (const r of rows)
          out.set(`${r.source}\u0000${r.external_id}`, fromRow(r));
      }
    }
    return out;
  }

  /** The stored tickets of one source with these keys, by key. */
  async known(
    source: TicketSource,
    externalIds: string[],
  ): Promise<Map<string, TicketFacts>> {
    const found = await this.knownIn(
      this.knex,
      externalIds.map(externalId => ({ source, externalId })),
    );
    return new Map([...found.values()].map(t => [t.externalId, t]));
  }

  /**
   * Stored tickets, of one type or all. A CSV export of a tracker that is also read through its
   * API counts once: the API's row wins.
   */
  async list(ticketType?: string): Promise<TicketFacts[]> {
    const q = this.knex<TicketRow>(TICKETS).orderBy([
      'created_at',
      'source',
      'external_id',
    ]);
    if (ticketType !== undefined) q.where({ ticket_type: ticketType });
    const all = (await q).map(fromRow);
    const apiKeys = new Set(
      all
        .filter(t => Object.values(EXPORT_OF).includes(t.source))
        .map(t => `${t.source}\u0000${t.externalId}`),
    );
    return all.filter(t => {
      const api = EXPORT_OF[t.source];
      return !api || !apiKeys.has(`${api}\u0000${t.externalId}`);
    });
  }

  /** Sources seen per ticket type. */
  async sourcesByType(): Promise<Map<string, TicketSource[]>> {
    const rows: Array<{ ticket_type: string; source: string }> =
      await this.knex(TICKETS)
        .distinct('ticket_type', 'source')
        .orderBy(['ticket_type', 'source']);
    const out = new Map<string, TicketSource[]>();
    for (const r of rows)
      out.set(r.ticket_type, [
        ...(out.get(r.ticket_type) ?? []),
        r.source as TicketSource,
      ]);
    return out;
  }

  /**
   * The first run of each type's templates that went through (completed or planned): when its
   * path went live, where config gives no date. Epoch ms by type; absent when none ran.
   */
  async firstRuns(
    templatesByType: Map<string, string[]>,
  ): Promise<Map<string, number>> {
    const refs = [...new Set([...templatesByType.values()].flat())];
    const out = new Map<string, number>();
    if (!refs.length) return out;
    const rows: Array<{ template_ref: string; first: number | string }> =
      await this.knex(RUNS)
        .select('template_ref')
        .min({ first: 'created_at' })
        .whereIn('template_ref', refs)
        .whereIn('outcome', PATH_OUTCOMES)
        .groupBy('template_ref');
    const firstByRef = new Map(
      rows.map(r => [r.template_ref.toLowerCase(), Number(r.first)]),
    );
    for (const [type, templates] of templatesByType) {
      const firsts = templates
        .map(t => firstByRef.get(t.toLowerCase()))
        .filter((t): t is number => t !== undefined);
      if (firsts.length) out.set(type, Math.min(...firsts));
    }
    return out;
  }
}
