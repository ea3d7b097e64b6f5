import {
  BaselineUse,
  fallbackSeconds,
  MetricsDefaults,
  RunFallbackBaseline,
} from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { DIRTY_DAYS, markStale, RUNS } from './rollups';
import { DAY_SQL } from './sql';
import { RunFilter, runsIn } from './runRows';

const TABLE = 'golden_path_ticket_baselines';
/** How long a replica reuses the measured baselines it read before reading them again. */
const CACHE_MS = 30_000;

/** A ticket type's baseline measured from its imported tickets (working seconds, epoch ms). @public */
export interface MeasuredBaseline {
  /** The ticket type (`golden-path.io/replaces-ticket` of its templates). */
  ticketType: string;
  /** The templates configured to replace it: only their runs use it. */
  templates: string[];
  /** Median working seconds from created to resolved; null when no ticket was resolved. */
  waitSeconds: number | null;
  /** Mean logged work per ticket; null when none was logged. */
  opsSeconds: number | null;
  /** Tickets created before the path went live, of which resolved and with logged work. */
  tickets: number;
  /** Of `tickets`, those resolved (the wait's median is theirs). */
  resolvedTickets: number;
  /** Of `tickets`, those with logged work (the effort's mean is theirs). */
  opsTickets: number;
  /** When its path went live (epoch ms); null when it has not. */
  liveSince: number | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The columns of a run's row that its baseline follows from and sets. @public */
export interface StampableRow {
  ticket_type: string;
  template_ref: string;
  fallback_source: RunFallbackBaseline['source'];
  fallback_queue: string;
  fallback_ops: string;
  queue_seconds: number;
  ops_seconds: number;
  baseline_source: string;
}

function usable(m: MeasuredBaseline | undefined, template: string) {
  return (
    !!m &&
    m.templates.includes(template) &&
    (m.waitSeconds !== null || m.opsSeconds !== null)
  );
}

/** Why a run of this template and type does not use a measured baseline. */
function fallbackReason(m: MeasuredBaseline | undefined, template: string) {
  if (!m) return 'no ticket type of this name in goldenPath.tickets.types';
  if (!m.templates.includes(template))
    return `${template} is not one of the type's templates in goldenPath.tickets.types`;
  if (!m.tickets) return 'no tickets imported from before the path went live';
  return 'no resolved or time-tracked tickets from before the path went live';
}

/**
 * Measured baselines per ticket type, and the runs' baselines that follow from them: a run of a
 * template configured for its type uses the type's measured wait and effort (each where measured),
 * every other run the baseline its template claims, counted with the business calendar.
 * @public
 */
export class BaselineStore {
  private cache?: { at: number; byType: Map<string, MeasuredBaseline> };

  constructor(
    private readonly knex: Knex,
    private readonly defaults: MetricsDefaults,
  ) {}

  /** Replaces every measured baseline (one transaction: replicas read all old or all new). */
  async replace(baselines: MeasuredBaseline[]): Promise<void> {
    const now = Date.now();
    // Upserts, not delete-then-insert: replicas measuring at once (several starting together)
    // converge instead of one failing on the other's fresh rows.
    await this.knex.transaction(async tx => {
      const types = baselines.map(b => b.ticketType);
      await (types.length
        ? tx(TABLE).whereNotIn('ticket_type', types)
        : tx(TABLE)
      ).delete();
      for (const b of baselines)
        await tx(TABLE)
          .insert({
            ticket_type: b.ticketType,
            templates: JSON.stringify(b.templates),
            wait_seconds: b.waitSeconds,
            ops_seconds: b.opsSeconds,
            tickets: b.tickets,
            resolved_tickets: b.resolvedTickets,
            ops_tickets: b.opsTickets,
            live_since: b.liveSince,
            computed_at: now,
          })
          .onConflict('ticket_type')
          .merge();
    });
    this.cache = undefined;
  }

  /** The measured baselines by ticket type (a replica reads them again after 30 seconds). */
  async load(fresh = false): Promise<Map<string, MeasuredBaseline>> {
    if (!fresh && this.cache && Date.now() - this.cache.at < CACHE_MS)
      return this.cache.byType;
    const rows = await this.knex(TABLE).select();
    const byType = new Map<string, MeasuredBaseline>(
      rows.map(r => [
        r.ticket_type,
        {
          ticketType: r.ticket_type,
          templates: JSON.parse(r.templates),
          waitSeconds: r.wait_seconds === null ? null : Number(r.wait_seconds),
          opsSeconds: r.ops_seconds === null ? null : Number(r.ops_seconds),
          tickets: Number(r.tickets),
          resolvedTickets: Number(r.resolved_tickets),
          opsTickets: Number(r.ops_tickets),
          liveSince: r.live_since === null ? null : Number(r.live_since),
        },
      ]),
    );
    this.cache = { at: Date.now(), byType };
    return byType;
  }

  /** The baseline a run's row gets, from its template, ticket type and the template's own claim. */
  private target(
    measured: Map<string, MeasuredBaseline>,
    row: Omit<
      StampableRow,
      'queue_seconds' | 'ops_seconds' | 'baseline_source'
    >,
  ) {
    const fallback: RunFallbackBaseline = {
      source: row.fallback_source,
      queue: row.fallback_queue,
      ops: row.fallback_ops,
    };
    const own = fallbackSeconds(fallback, this.defaults.calendar);
    const m = measured.get(row.ticket_type);
    if (!usable(m, row.template_ref))
      return { ...own, baselineSource: fallback.source as string };
    return {
      queueSeconds: m!.waitSeconds ?? own.queueSeconds,
      opsSeconds: m!.opsSeconds ?? own.opsSeconds,
      baselineSource: 'measured',
    };
  }

  /**
   * Runs' rows about to be stored, each with the baseline its ticket type's measurement gives now
   * (from the cached measurements: no statement per batch); a later re-measure re-stamps them.
   */
  async stamp<R extends StampableRow>(rows: R[]): Promise<R[]> {
    const measured = await this.load();
    if (!measured.size) return rows;
    return rows.map(r => {
      const target = this.target(measured, r);
      return {
        ...r,
        queue_seconds: target.queueSeconds,
        ops_seconds: target.opsSeconds,
        baseline_source: target.baselineSource,
      };
    });
  }

  /**
   * Sets every run's baseline to what the measured baselines and the calendar say now, and marks
   * the days of the runs it changed stale. Returns how many changed.
   */
  async restamp(): Promise<number> {
    const measured = await this.load(true);
    const keys = [
      'ticket_type',
      'template_ref',
      'fallback_source',
      'fallback_queue',
      'fallback_ops',
      'baseline_source',
      'queue_seconds',
      'ops_seconds',
    ];
    const groups = await this.knex(RUNS)
      .whereNotNull('fallback_queue')
      .distinct(keys);
    let changed = 0;
    for (const g of groups) {
      const target = this.target(measured, g);
      if (
        target.baselineSource === g.baseline_source &&
        target.queueSeconds === Number(g.queue_seconds) &&
        target.opsSeconds === Number(g.ops_seconds)
      )
        continue;
      const rows = () =>
        this.knex(RUNS).where(Object.fromEntries(keys.map(k => [k, g[k]])));
      const days = (
        await rows().distinct(this.knex.raw(`${DAY_SQL} as day`))
      ).map(r => Number(r.day));
      changed += Number(
        await rows().update({
          queue_seconds: target.queueSeconds,
          ops_seconds: target.opsSeconds,
          baseline_source: target.baselineSource,
        }),
      );
      await markStale(this.knex, DIRTY_DAYS, days);
    }
    return changed;
  }

  /** Which baseline the period's runs used, per ticket type and source, and from how many tickets. */
  async uses(filter: RunFilter): Promise<BaselineUse[]> {
    const measured = await this.load(true);
    const rows = await runsIn(this.knex, filter)
      .select(
        'ticket_type',
        'baseline_source',
        'template_ref',
        this.knex.raw('min(fallback_source) as fallback_source'),
        this.knex.raw('count(*) as n'),
        this.knex.raw('sum(queue_seconds) as queue'),
        this.knex.raw('sum(ops_seconds) as ops'),
      )
      .groupBy('ticket_type', 'baseline_source', 'template_ref')
      .orderBy(['ticket_type', 'baseline_source', 'template_ref']);
    // One entry per ticket type and source, with the templates whose runs used it.
    const uses = new Map<
      string,
      { first: any; templates: string[]; n: number; queue: number; ops: number }
    >();
    for (const r of rows) {
      const key = `${r.ticket_type}\u0000${r.baseline_source}`;
      const u = uses.get(key) ?? {
        first: r,
        templates: [],
        n: 0,
        queue: 0,
        ops: 0,
      };
      u.templates.push(r.template_ref);
      u.n += Number(r.n);
      u.queue += Number(r.queue);
      u.ops += Number(r.ops);
      uses.set(key, u);
    }
    return [...uses.values()].map(({ first: r, templates, n, queue, ops }) => {
      const m = measured.get(r.ticket_type);
      const source = r.baseline_source as BaselineUse['source'];
      return {
        ticketType: r.ticket_type,
        templates,
        source,
        tickets: source === 'measured' ? m?.tickets ?? 0 : 0,
        waitWorkingHours: round2(queue / n / 3600),
        opsHours: round2(ops / n / 3600),
        ...(source === 'measured' &&
          m?.opsSeconds === null && {
            opsSource: r.fallback_source ?? 'defaults',
          }),
        ...(source !== 'measured' && {
          fallbackReason: fallbackReason(m, r.template_ref),
        }),
      };
    });
  }
}
