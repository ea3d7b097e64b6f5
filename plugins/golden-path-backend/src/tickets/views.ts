import {
  BusinessCalendar,
  leakedTickets,
  measureBaseline,
  monthlyTicketStats,
  parseIsoDuration,
  rankNextToRetire,
  TicketBaseline,
  TicketFacts,
  TicketSource,
  TicketTypeDefinition,
} from '@golden-path/plugin-golden-path-common';
import type {
  LeakageResponse,
  RetireCandidatesResponse,
  TicketTypeItem,
  TicketTypesResponse,
} from '@golden-path/plugin-golden-path-common/client';
import { TicketsSettings } from './config';
import { TicketStore } from './TicketStore';

/** A configured ticket type and what its tickets measured. */
export interface MeasuredTicketType {
  definition: TicketTypeDefinition;
  baseline: TicketBaseline;
}

/**
 * What the stored tickets say per configured type: the baseline from before its path went live
 * (config's `liveSince`, else the first run of one of its templates), leakage after it, and the
 * types without a path ranked for retiring next.
 */
export class TicketViews {
  constructor(
    private readonly deps: {
      store: TicketStore;
      settings: TicketsSettings;
      calendar: BusinessCalendar;
      /** Ops effort per ticket where none was logged (ISO-8601). */
      defaultOpsEffort?: string;
      now: () => number;
    },
  ) {}

  /** Each configured type's measured baseline. */
  async baselines(): Promise<Map<string, MeasuredTicketType>> {
    const { byType, liveSince } = await this.load();
    return new Map(
      this.deps.settings.types.map(definition => [
        definition.name,
        {
          definition,
          baseline: measureBaseline(
            definition.name,
            byType.get(definition.name) ?? [],
            liveSince.get(definition.name),
            this.deps.calendar,
          ),
        },
      ]),
    );
  }

  /** `GET /tickets/types`. */
  async types(): Promise<TicketTypesResponse> {
    const { store, settings, calendar } = this.deps;
    const { byType, liveSince, firstRuns } = await this.load();
    const [seen, lastImports] = await Promise.all([
      store.sourcesByType(),
      store.lastImportBySource(),
    ]);
    const now = this.deps.now();
    const items = settings.types.map((def): TicketTypeItem => {
      const own = byType.get(def.name) ?? [];
      const live = liveSince.get(def.name);
      const sources = new Set<TicketSource>(seen.get(def.name) ?? []);
      if (def.jira) sources.add('jira');
      if (def.github) sources.add('github');
      const lastImport = Math.max(
        0,
        ...[...sources].map(s => lastImports.get(s) ?? 0),
      );
      return {
        name: def.name,
        title: def.title,
        templates: def.templates,
        sources: [...sources].sort(),
        hasPath: firstRuns.has(def.name),
        baseline: measureBaseline(def.name, own, live, calendar),
        months: monthlyTicketStats(own, now, calendar).slice(-12),
        leaked: leakedTickets(own, live).length,
        tickets: own.length,
        lastImportAt: lastImport ? new Date(lastImport).toISOString() : null,
      };
    });
    return { calendar, items };
  }

  /** `GET /tickets/leakage`: tickets opened in [from, to) for types whose path was live by then. */
  async leakage(from: number, to: number): Promise<LeakageResponse> {
    const { byType, liveSince } = await this.load();
    const items = this.deps.settings.types
      .flatMap(def =>
        leakedTickets(byType.get(def.name) ?? [], liveSince.get(def.name)),
      )
      .filter(t => {
        const at = Date.parse(t.createdAt);
        return at >= from && at < to;
      })
      .sort(
        (a, b) =>
          b.createdAt.localeCompare(a.createdAt) ||
          a.externalId.localeCompare(b.externalId),
      );
    const counts = new Map<
      string,
      { team: string; ticketType: string; tickets: number }
    >();
    for (const t of items) {
      const key = `${t.reporterTeam}\u0000${t.ticketType}`;
      const entry = counts.get(key) ?? {
        team: t.reporterTeam,
        ticketType: t.ticketType,
        tickets: 0,
      };
      entry.tickets++;
      counts.set(key, entry);
    }
    const byTeam = [...counts.values()].sort(
      (a, b) =>
        b.tickets - a.tickets ||
        a.team.localeCompare(b.team) ||
        a.ticketType.localeCompare(b.ticketType),
    );
    return { items, byTeam };
  }

  /** `GET /tickets/next`: types no path replaces yet, ranked by what retiring them would save. */
  async next(): Promise<RetireCandidatesResponse> {
    const { byType, liveSince } = await this.load();
    const opsSeconds =
      parseIsoDuration(this.deps.defaultOpsEffort ?? 'PT45M') ?? 2700;
    return {
      items: rankNextToRetire(
        this.deps.settings.types
          .filter(def => liveSince.get(def.name) === undefined)
          .map(def => ({
            name: def.name,
            title: def.title,
            tickets: byType.get(def.name) ?? [],
          })),
        this.deps.now(),
        opsSeconds,
        this.deps.calendar,
      ),
    };
  }

  /** Stored tickets by type, and when each type's path went live. */
  private async load() {
    const { store, settings } = this.deps;
    const [tickets, firstRuns] = await Promise.all([
      store.list(),
      store.firstRuns(new Map(settings.types.map(t => [t.name, t.templates]))),
    ]);
    const byType = new Map<string, TicketFacts[]>();
    for (const t of tickets) {
      const list = byType.get(t.ticketType);
      if (list) list.push(t);
      else byType.set(t.ticketType, [t]);
    }
    const liveSince = new Map<string, number>();
    for (const def of settings.types) {
      const at = def.liveSince
        ? Date.parse(def.liveSince)
        : firstRuns.get(def.name);
      if (at !== undefined) liveSince.set(def.name, at);
    }
    return { byType, liveSince, firstRuns };
  }
}
