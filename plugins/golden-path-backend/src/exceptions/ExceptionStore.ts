import {
  ExceptionMetrics,
  ExceptionRecord,
  ExceptionStatus,
} from '@golden-path/plugin-golden-path-common';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import { isoTime } from '../service/ResourceStore';

const TABLE = 'golden_path_exceptions';

/** What asking stores: everything but the id, the status and the decision. */
export type NewException = Omit<
  ExceptionRecord,
  | 'id'
  | 'status'
  | 'decidedBy'
  | 'decidedAt'
  | 'comment'
  | 'expiresAt'
  | 'usedAt'
  | 'usedByTask'
> & { canonical: string };

/** Who may use an exception, for what: the run's requester and owner, the exact request, the rules. */
export interface ExceptionUse {
  requester: string;
  owner: string;
  /** Canonical text of the normalised request (`canonicalRequest`). */
  request: string;
  ruleIds: string[];
}

const json = (value: string | null | undefined, fallback: unknown) => {
  try {
    return value ? JSON.parse(value) : fallback;
  } catch {
    return fallback;
  }
};
const optionalTime = (value: unknown) =>
  value === null || value === undefined ? undefined : isoTime(value);

function fromRow(row: any, now: Date): ExceptionRecord {
  const expiresAt = optionalTime(row.expires_at);
  const status: ExceptionStatus =
    row.status === 'approved' &&
    expiresAt &&
    Date.parse(expiresAt) <= now.getTime()
      ? 'expired'
      : row.status;
  const optional = {
    decidedBy: row.decided_by,
    decidedAt: optionalTime(row.decided_at),
    comment: row.comment,
    expiresAt,
    usedAt: optionalTime(row.used_at),
    usedByTask: row.used_by_task,
  };
  return {
    id: row.id,
    status,
    ruleIds: json(row.rule_ids, []),
    request: json(row.request, {}),
    kind: row.kind,
    name: row.name,
    owner: row.owner,
    environment: row.environment,
    monthlyCost: Number(row.monthly_cost),
    currency: row.currency,
    teamMonthlySpend: Number(row.team_spend),
    teamMonthlyBudget: Number(row.team_budget),
    deviations: json(row.deviations, []),
    requester: row.requester,
    justification: row.justification,
    durationDays: Number(row.duration_days),
    approvers: row.approvers,
    createdAt: isoTime(row.created_at),
    ...Object.fromEntries(
      Object.entries(optional).filter(([, v]) => v !== null && v !== undefined),
    ),
  };
}

const covers = (row: any, ruleIds: string[]) => {
  const granted: string[] = json(row.rule_ids, []);
  return ruleIds.every(id => granted.includes(id));
};

/**
 * Exceptions on SQLite or PostgreSQL. Deciding and using are single conditional updates, so two
 * replicas (or two runs) can never both decide or both use one exception.
 */
export class ExceptionStore {
  constructor(private readonly knex: Knex) {}

  async create(e: NewException, now = new Date()): Promise<ExceptionRecord> {
    const id = randomUUID();
    await this.knex(TABLE).insert({
      id,
      status: 'pending',
      rule_ids: JSON.stringify(e.ruleIds),
      request: e.canonical,
      kind: e.kind,
      name: e.name,
      owner: e.owner,
      environment: e.environment,
      monthly_cost: e.monthlyCost,
      currency: e.currency,
      team_spend: e.teamMonthlySpend,
      team_budget: e.teamMonthlyBudget,
      deviations: JSON.stringify(e.deviations),
      requester: e.requester,
      justification: e.justification,
      duration_days: e.durationDays,
      approvers: e.approvers,
      created_at: now.toISOString(),
    });
    return (await this.get(id, now))!;
  }

  async get(
    id: string,
    now = new Date(),
  ): Promise<ExceptionRecord | undefined> {
    const row = await this.knex(TABLE).where({ id }).first();
    return row ? fromRow(row, now) : undefined;
  }

  /** Newest first; `expired` is an approved exception past its time. */
  async list(
    filter: { status?: ExceptionStatus; requester?: string; limit?: number },
    now = new Date(),
  ): Promise<ExceptionRecord[]> {
    const nowIso = now.toISOString();
    const query = this.knex(TABLE)
      .orderBy('created_at', 'desc')
      .limit(filter.limit ?? 200);
    if (filter.requester) query.where('requester', filter.requester);
    if (filter.status === 'expired')
      query.where(q =>
        q
          .where('status', 'expired')
          .orWhere(a =>
            a.where('status', 'approved').where('expires_at', '<=', nowIso),
          ),
      );
    else if (filter.status === 'approved')
      query.where('status', 'approved').where('expires_at', '>', nowIso);
    else if (filter.status) query.where('status', filter.status);
    return (await query.select()).map(row => fromRow(row, now));
  }

  /** A pending or still usable exception of this requester for this exact request, if any. */
  async findOpen(
    requester: string,
    canonical: string,
    now = new Date(),
  ): Promise<ExceptionRecord | undefined> {
    const row = await this.knex(TABLE)
      .where({ requester, request: canonical })
      .where(q =>
        q
          .where('status', 'pending')
          .orWhere(a =>
            a
              .where('status', 'approved')
              .where('expires_at', '>', now.toISOString()),
          ),
      )
      .first();
    return row ? fromRow(row, now) : undefined;
  }

  /** Approves or denies a pending exception; undefined when it was no longer pending. */
  async decide(
    id: string,
    decision: { approve: boolean; by: string; comment: string },
    now = new Date(),
  ): Promise<ExceptionRecord | undefined> {
    const row = await this.knex(TABLE).where({ id, status: 'pending' }).first();
    if (!row) return undefined;
    const changed = await this.knex(TABLE)
      .where({ id, status: 'pending' })
      .update({
        status: decision.approve ? 'approved' : 'denied',
        decided_by: decision.by,
        decided_at: now.toISOString(),
        comment: decision.comment,
        ...(decision.approve && {
          expires_at: new Date(
            now.getTime() + Number(row.duration_days) * 86_400_000,
          ).toISOString(),
        }),
      });
    return changed === 1 ? this.get(id, now) : undefined;
  }

  /** Candidates for a use: this requester, owner and exact request, approved and unexpired, or already this task's. */
  private candidates(use: ExceptionUse, taskId: string | undefined, now: Date) {
    return this.knex(TABLE)
      .where({
        requester: use.requester,
        owner: use.owner,
        request: use.request,
      })
      .where(q => {
        q.where(a =>
          a
            .where('status', 'approved')
            .where('expires_at', '>', now.toISOString()),
        );
        if (taskId)
          q.orWhere(u =>
            u.where('status', 'used').where('used_by_task', taskId),
          );
      })
      .orderBy('created_at', 'asc')
      .select();
  }

  /**
   * Binds a usable exception to a run: one this task already holds, else the oldest approved one,
   * taken with a conditional update that only one run can win. Every step of that run may then
   * use it (a composite path's check step and its create step); no other run can.
   */
  async redeem(
    use: ExceptionUse,
    taskId: string,
    now = new Date(),
  ): Promise<{ exception: ExceptionRecord; taken: boolean } | undefined> {
    const rows = (await this.candidates(use, taskId, now)).filter(r =>
      covers(r, use.ruleIds),
    );
    const held = rows.find(r => r.status === 'used');
    if (held) return { exception: fromRow(held, now), taken: false };
    for (const row of rows) {
      const taken = await this.knex(TABLE)
        .where({ id: row.id, status: 'approved' })
        .where('expires_at', '>', now.toISOString())
        .update({
          status: 'used',
          used_at: now.toISOString(),
          used_by_task: taskId,
        });
      if (taken === 1)
        return { exception: (await this.get(row.id, now))!, taken: true };
    }
    return undefined;
  }

  /** The exception a real run would take, without taking it (dry runs). */
  async peek(
    use: ExceptionUse,
    now = new Date(),
  ): Promise<ExceptionRecord | undefined> {
    const row = (await this.candidates(use, undefined, now)).find(r =>
      covers(r, use.ruleIds),
    );
    return row ? fromRow(row, now) : undefined;
  }

  /**
   * Marks approved exceptions whose time ran out as expired and returns them (each once, whichever
   * replica runs it: the update only takes rows still approved).
   */
  async expire(now = new Date()): Promise<ExceptionRecord[]> {
    const nowIso = now.toISOString();
    const due = await this.knex(TABLE)
      .where('status', 'approved')
      .where('expires_at', '<=', nowIso)
      .select('id')
      .limit(500);
    const expired: ExceptionRecord[] = [];
    for (const { id } of due) {
      const changed = await this.knex(TABLE)
        .where({ id, status: 'approved' })
        .where('expires_at', '<=', nowIso)
        .update({ status: 'expired' });
      if (changed === 1) expired.push((await this.get(id, now))!);
    }
    return expired;
  }

  /** Whether this task holds this exception (what an inventory record may then name). */
  async heldBy(id: string, taskId: string): Promise<boolean> {
    return !!(await this.knex(TABLE)
      .where({ id, status: 'used', used_by_task: taskId })
      .first());
  }

  /** Exceptions asked for in [from, to): counts by status and rule, and how long decisions took. */
  async metrics(
    from: Date,
    to: Date,
    now = new Date(),
  ): Promise<ExceptionMetrics> {
    const rows = (
      await this.knex(TABLE)
        .where('created_at', '>=', from.toISOString())
        .where('created_at', '<', to.toISOString())
        .select()
    ).map(row => fromRow(row, now));
    const count = (status: ExceptionStatus) =>
      rows.filter(r => r.status === status).length;
    const approvedEver = (r: ExceptionRecord) =>
      ['approved', 'used', 'expired'].includes(r.status);
    const byRule = new Map<
      string,
      { ruleId: string; requested: number; approved: number }
    >();
    for (const r of rows)
      for (const ruleId of r.ruleIds) {
        const entry = byRule.get(ruleId) ?? {
          ruleId,
          requested: 0,
          approved: 0,
        };
        entry.requested++;
        if (approvedEver(r)) entry.approved++;
        byRule.set(ruleId, entry);
      }
    const waits = rows
      .filter(r => r.decidedAt)
      .map(
        r => (Date.parse(r.decidedAt!) - Date.parse(r.createdAt)) / 3_600_000,
      )
      .sort((a, b) => a - b);
    const quantile = (q: number) =>
      waits.length
        ? Math.round(
            waits[Math.min(waits.length - 1, Math.ceil(q * waits.length) - 1)] *
              100,
          ) / 100
        : null;
    return {
      requested: rows.length,
      approved: rows.filter(approvedEver).length,
      denied: count('denied'),
      used: count('used'),
      expired: count('expired'),
      pending: count('pending'),
      byRule: [...byRule.values()].sort(
        (a, b) => b.requested - a.requested || a.ruleId.localeCompare(b.ruleId),
      ),
      approvalWaitHours: {
        median: quantile(0.5),
        p90: quantile(0.9),
        decided: waits.length,
      },
    };
  }
}
