import {
  InventoryItem,
  normaliseGroupRef,
  RecordBinding,
  ResourceRecord,
  STATUS_OF_STATE,
  teamBudget,
} from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { EXISTING, fromRow, TABLE } from '../service/ResourceStore';

/** Who asked, through which template: read from the scaffolder's own task, never from the caller. */
export interface TaskFacts {
  requester: string;
  templateRef: string;
}

export interface LedgerLimits {
  currency: string;
  maxMonthlyPerRequest: number;
  teamMonthly: Record<string, number>;
  /** How long a reservation holds when its action neither confirms nor releases it. */
  reservationTtlMs: number;
}

/** What a reservation or plan is judged by, each sum excluding the row being written. */
interface BudgetSums {
  runTotal: number;
  spent: number;
  plannedHere: number;
}

/** A budget refusal: the rule and the numbers, for a 409 the action turns into a guardrail violation. */
export interface LedgerRefusal {
  ruleId: 'GP-BUDGET-PER-REQUEST' | 'GP-BUDGET-TEAM-MONTHLY';
  message: string;
}

const money = (n: number, currency: string) => `${currency} ${n.toFixed(2)}`;
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The spend ledger. Every costed create reserves its monthly cost before its first mutation; the
 * reservation and the budget check happen in one transaction that holds a lock per owner and per
 * task (PostgreSQL advisory locks, so two backend replicas cannot both take the last of a budget;
 * SQLite serialises writers by itself). Plan-mode records are judged by the same rules, with one
 * read and no lock: they hold no budget for anyone.
 */
export class Ledger {
  constructor(
    private readonly knex: Knex,
    private readonly limits: LedgerLimits,
  ) {}

  async write(
    binding: RecordBinding,
    record: ResourceRecord,
    facts: TaskFacts,
    now = new Date(),
  ): Promise<{
    item?: InventoryItem;
    changed: boolean;
    refusal?: LedgerRefusal;
  }> {
    const owner = normaliseGroupRef(record.owner);
    const key = `${record.kind}:${record.name}`;
    const planned = record.state === 'planned';
    const write = async (db: Knex) => {
      // A reservation or plan that costs something is judged against the budgets: its row and the
      // sums it is judged by are read in one statement.
      const judged =
        (record.state === 'requested' || planned) && record.monthlyCost > 0;
      const { existing, sums } = judged
        ? await this.rowAndSums(db, binding.taskId, key, owner, now)
        : {
            existing: await db(TABLE)
              .where({ task_id: binding.taskId, resource_key: key })
              .first(),
            sums: undefined,
          };
      // A row marked deleted stays deleted; a confirmed resource is not un-confirmed by a replay,
      // nor is one the provider accepted sent back to a reservation (a retried step writes
      // `requested` again before its checkpointed create).
      if (existing?.status === 'deleted')
        return { item: fromRow(existing), changed: false };
      if (existing?.status === 'active' && record.state !== 'created')
        return { item: fromRow(existing), changed: false };
      if (
        existing?.status === 'creating' &&
        record.state !== 'creating' &&
        record.state !== 'created'
      )
        return { item: fromRow(existing), changed: false };
      if (sums) {
        const refusal = this.judge(owner, record, sums);
        if (refusal) return { refusal, changed: false };
      }
      const status = STATUS_OF_STATE[record.state];
      const row = {
        task_id: binding.taskId,
        resource_key: key,
        kind: record.kind,
        name: record.name,
        owner,
        environment: record.environment,
        status,
        monthly_cost: record.monthlyCost,
        external_id: record.externalId ?? existing?.external_id ?? null,
        url: record.url ?? existing?.url ?? null,
        region: record.region ?? existing?.region ?? null,
        component: record.component ?? existing?.component ?? null,
        endpoint: record.endpoint ?? existing?.endpoint ?? null,
        exception_id: record.exceptionId ?? existing?.exception_id ?? null,
        requester: facts.requester,
        template_ref: facts.templateRef,
        step_id: binding.stepId,
        action_id: binding.actionId,
        expires_at:
          status === 'pending' || status === 'planned'
            ? new Date(
                now.getTime() + this.limits.reservationTtlMs,
              ).toISOString()
            : null,
        updated_at: now.toISOString(),
        created_at: existing?.created_at ?? now.toISOString(),
      };
      if (existing)
        await db(TABLE)
          .where({ task_id: binding.taskId, resource_key: key })
          .update(row);
      else if (planned)
        // Without a lock a second writer of the same plan may have inserted it meanwhile: the
        // same row, written again.
        await db(TABLE)
          .insert(row)
          .onConflict(['task_id', 'resource_key'])
          .merge();
      else await db(TABLE).insert(row);
      // Every column was just written from `row`, so the row is the record (no read-back).
      const item = fromRow(row);
      const changed =
        !existing ||
        existing.status !== status ||
        Number(existing.monthly_cost) !== record.monthlyCost ||
        existing.external_id !== row.external_id ||
        existing.endpoint !== row.endpoint;
      return { item, changed };
    };
    // A plan creates nothing and never adds to the spend the team budget counts (planned rows do
    // not count, and a row that counts is never turned into a plan): it is judged by one read of
    // the sums, as if just before or after any reservation running alongside, and written without
    // a transaction or lock. The scaffolder runs a task's steps one after another, so one task's
    // plans are not written concurrently. Everything else that touches an owner's spend holds the
    // owner's and the task's locks.
    if (planned) return write(this.knex);
    return this.knex.transaction(async tx => {
      await this.lock(tx, [`owner:${owner}`, `task:${binding.taskId}`]);
      return write(tx);
    });
  }

  /**
   * The task's row for `key` (if any) and, over the rows the budget counts, the run's total, the
   * owner's spend and the plans of this run for this owner, each excluding that row: one statement
   * (for a reservation, one round trip while the locks are held).
   */
  private async rowAndSums(
    db: Knex,
    taskId: string,
    key: string,
    owner: string,
    now: Date,
  ): Promise<{ existing?: any; sums: BudgetSums }> {
    const nowIso = now.toISOString();
    const counts = `(status in (${EXISTING.map(() => '?').join(
      ', ',
    )}) or (status = 'pending' and expires_at > ?))`;
    const countsArgs = [...EXISTING, nowIso];
    // The owner's rows that can count (resources and reservations), not its whole history of plans
    // and released rows: the (owner, status) index keeps this read the size of what the team holds.
    const sums = db(TABLE)
      .where(q =>
        q
          .where('task_id', taskId)
          .orWhere(o =>
            o.where('owner', owner).whereIn('status', [...EXISTING, 'pending']),
          ),
      )
      .whereNot(p => p.where('task_id', taskId).where('resource_key', key))
      .select(
        db.raw(
          `sum(case when task_id = ? and (${counts} or status = 'planned') then monthly_cost else 0 end) as budget_run_total`,
          [taskId, ...countsArgs],
        ),
        db.raw(
          `sum(case when owner = ? and ${counts} then monthly_cost else 0 end) as budget_spent`,
          [owner, ...countsArgs],
        ),
        db.raw(
          `sum(case when owner = ? and task_id = ? and status = 'planned' then monthly_cost else 0 end) as budget_planned_here`,
          [owner, taskId],
        ),
      )
      .as('sums');
    // The sums are one row whatever matches; the task's own row joins it when there is one.
    const {
      budget_run_total: runTotal,
      budget_spent: spent,
      budget_planned_here: plannedHere,
      ...row
    } = await db
      .select('mine.*', 'sums.*')
      .from(sums)
      .leftJoin({ mine: TABLE }, j =>
        j
          .on('mine.task_id', db.raw('?', [taskId]))
          .andOn('mine.resource_key', db.raw('?', [key])),
      )
      .first();
    const total = (value: unknown) => Number(value ?? 0);
    return {
      existing:
        row.task_id === null || row.task_id === undefined ? undefined : row,
      sums: {
        runTotal: total(runTotal),
        spent: total(spent),
        plannedHere: total(plannedHere),
      },
    };
  }

  /** The run's cap (this task's reservations, resources and plans) and the team budget (everyone's spend and live reservations). */
  private judge(
    owner: string,
    record: ResourceRecord,
    sums: BudgetSums,
  ): LedgerRefusal | undefined {
    const { currency, maxMonthlyPerRequest, teamMonthly } = this.limits;
    const runTotal = round(sums.runTotal + record.monthlyCost);
    if (runTotal > maxMonthlyPerRequest) {
      return {
        ruleId: 'GP-BUDGET-PER-REQUEST',
        message: `this run would cost about ${money(
          runTotal,
          currency,
        )}/month with ${record.kind} "${
          record.name
        }"; the limit per run is ${money(maxMonthlyPerRequest, currency)}`,
      };
    }
    const spent = sums.spent;
    const plannedHere = record.state === 'planned' ? sums.plannedHere : 0;
    const budget = teamBudget(teamMonthly, owner);
    const after = round(spent + plannedHere + record.monthlyCost);
    if (after > budget) {
      return {
        ruleId: 'GP-BUDGET-TEAM-MONTHLY',
        message: `${owner} has ${money(
          spent + plannedHere,
          currency,
        )}/month provisioned or reserved; adding ${money(
          record.monthlyCost,
          currency,
        )} for ${record.kind} "${record.name}" exceeds its budget of ${money(
          budget,
          currency,
        )}`,
      };
    }
    return undefined;
  }

  /** Serialises writers of one owner and one task across replicas (PostgreSQL); SQLite has one writer. */
  private async lock(tx: Knex.Transaction, keys: string[]) {
    if (!String(tx.client.config.client).startsWith('pg')) return;
    for (const k of [...keys].sort())
      await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [
        `golden-path:${k}`,
      ]);
  }

  /**
   * A finished task's open reservations are released and, when it failed, its plans with it. Safe
   * to call again (events, backfill and replicas may all call it).
   */
  async settleTask(
    taskId: string,
    taskStatus: string,
    now = new Date(),
  ): Promise<InventoryItem[]> {
    if (!['completed', 'failed', 'cancelled'].includes(taskStatus)) return [];
    const released =
      taskStatus === 'completed' ? ['pending'] : ['pending', 'planned'];
    // One statement, no transaction: the released rows fail, the plans of a completed run stay
    // plans; both stop expiring, so the repair pass stops asking. Most tasks match no row.
    const changed: any[] = await this.knex(TABLE)
      .where('task_id', taskId)
      .whereIn('status', ['pending', 'planned'])
      .whereNotNull('expires_at')
      .update(
        {
          status: this.knex.raw(
            `case when status in (${released
              .map(() => '?')
              .join(', ')}) then 'failed' else status end`,
            released,
          ),
          expires_at: null,
          updated_at: now.toISOString(),
        },
        '*',
      );
    return changed.filter(r => r.status === 'failed').map(fromRow);
  }

  /** Settles a task the scaffolder no longer knows, once none of its reservations still holds. */
  async settleOrphan(
    taskId: string,
    now = new Date(),
  ): Promise<InventoryItem[]> {
    const live = await this.knex(TABLE)
      .where({ task_id: taskId, status: 'pending' })
      .where('expires_at', '>', now.toISOString())
      .first();
    return live ? [] : this.settleTask(taskId, 'failed', now);
  }

  /** Tasks with reservations or plans not yet settled, oldest first: the backfill asks the scaffolder how they ended. */
  async unsettledTaskIds(limit = 500): Promise<string[]> {
    const rows = await this.knex(TABLE)
      .whereIn('status', ['pending', 'planned'])
      .whereNotNull('expires_at')
      .groupBy('task_id')
      .min({ first: 'expires_at' })
      .select('task_id')
      .orderBy('first')
      .limit(limit);
    return (rows as unknown as Array<{ task_id: string }>).map(r => r.task_id);
  }
}
