import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  InventoryItem,
  InventoryStatus,
  normaliseGroupRef,
} from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@golden-path/plugin-golden-path-backend',
  'migrations',
);
export const TABLE = 'golden_path_resources';
/** Statuses of resources that exist at the provider, and so cost money. */
export const EXISTING = ['active', 'creating'];

/** The plugin's database, migrated to the latest schema (unless migrations are skipped). @public */
export async function migratedClient(database: DatabaseService): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({
      directory: migrationsDir,
      tableName: 'golden_path_knex_migrations',
    });
  }
  return knex;
}

/** One resource of one run. The details beyond the first fields are optional for older callers. @public */
export interface ResourceRow
  extends Omit<
    InventoryItem,
    'kind' | 'requester' | 'templateRef' | 'createdAt'
  > {
  kind: string;
  requester?: string;
  templateRef?: string;
  createdAt?: string;
}

/** Inventory filters; every one optional. @public */
export interface ResourceFilter {
  owner?: string;
  kind?: string;
  environment?: string;
  status?: InventoryStatus;
  taskId?: string;
}

/** PostgreSQL gives a Date; SQLite the ISO text we wrote, or its own `YYYY-MM-DD HH:MM:SS` (UTC) default. */
export function isoTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || /^\d+$/.test(String(value)))
    return new Date(Number(value)).toISOString();
  const text = String(value);
  return new Date(
    /Z|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`,
  ).toISOString();
}

function toRow(r: ResourceRow) {
  return {
    task_id: r.taskId,
    resource_key: `${r.kind}:${r.name}`,
    kind: r.kind,
    name: r.name,
    owner: normaliseGroupRef(r.owner),
    environment: r.environment,
    status: r.status,
    monthly_cost: r.monthlyCost,
    external_id: r.externalId ?? null,
    url: r.url ?? null,
    region: r.region ?? null,
    requester: r.requester ?? 'unknown',
    template_ref: r.templateRef ?? 'unknown',
    component: r.component ?? null,
    endpoint: r.endpoint ?? null,
    exception_id: r.exceptionId ?? null,
    created_at: r.createdAt ?? new Date().toISOString(),
  };
}

export function fromRow(row: any): InventoryItem {
  const optional = {
    externalId: row.external_id,
    url: row.url,
    region: row.region,
    component: row.component,
    endpoint: row.endpoint,
    exceptionId: row.exception_id,
  };
  return {
    taskId: row.task_id,
    kind: row.kind,
    name: row.name,
    owner: row.owner,
    environment: row.environment,
    status: row.status,
    monthlyCost: Number(row.monthly_cost),
    ...Object.fromEntries(
      Object.entries(optional).filter(([, v]) => v !== null && v !== undefined),
    ),
    requester: row.requester,
    templateRef: row.template_ref,
    createdAt: isoTime(row.created_at),
  };
}

/**
 * The backend's own record of provisioned resources (inventory), on SQLite or PostgreSQL.
 * @public
 */
export class ResourceStore {
  static async create(database: DatabaseService): Promise<ResourceStore> {
    return new ResourceStore(await migratedClient(database));
  }

  constructor(private readonly knex: Knex) {}

  /** Insert or update one resource of one task (idempotent on task id + kind + name). */
  async upsert(row: ResourceRow): Promise<void> {
    await this.upsertMany([row]);
  }

  /**
   * Inserts or updates resources, idempotent on task id + kind + name, so replays, backfills and
   * replicas converge on one row each. A row marked deleted stays deleted.
   */
  async upsertMany(rows: ResourceRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await this.knex(TABLE)
        .insert(rows.slice(i, i + 200).map(toRow))
        .onConflict(['task_id', 'resource_key'])
        .merge([
          'status',
          'monthly_cost',
          'owner',
          'environment',
          'external_id',
          'url',
          'region',
          'requester',
          'template_ref',
          'component',
          'endpoint',
          'exception_id',
          'created_at',
        ])
        .where(`${TABLE}.status`, '<>', 'deleted');
    }
  }

  /** Every stored resource of these tasks. */
  async ofTasks(taskIds: string[]): Promise<InventoryItem[]> {
    if (!taskIds.length) return [];
    return (await this.knex(TABLE).whereIn('task_id', taskIds).select()).map(
      fromRow,
    );
  }

  /** One page of resources, newest first, with the number of all that match. */
  async list(
    filter: ResourceFilter,
    page: { offset: number; limit: number },
  ): Promise<{ items: InventoryItem[]; totalCount: number }> {
    const where = (q: Knex.QueryBuilder) => {
      if (filter.owner) q.where('owner', normaliseGroupRef(filter.owner));
      if (filter.kind) q.where('kind', filter.kind);
      if (filter.environment) q.where('environment', filter.environment);
      if (filter.status) q.where('status', filter.status);
      if (filter.taskId) q.where('task_id', filter.taskId);
      return q;
    };
    const [{ n }] = await where(this.knex(TABLE)).count({ n: '*' });
    const rows = await where(this.knex(TABLE))
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'task_id' },
        { column: 'resource_key' },
      ])
      .offset(page.offset)
      .limit(page.limit)
      .select();
    return { items: rows.map(fromRow), totalCount: Number(n) };
  }

  /**
   * Marks one resource of one run deleted (removed outside Golden Path): it stops counting against
   * its team's budget and collecting its run again never revives it. Returns the updated row, or
   * undefined when there is no such row.
   */
  async markDeleted(
    key: { taskId: string; kind: string; name: string },
    expected: { owner?: string } = {},
  ): Promise<InventoryItem | undefined> {
    const where = {
      task_id: key.taskId,
      resource_key: `${key.kind}:${key.name}`,
    };
    // Only while the owner is the one the caller was judged against (no change in between).
    await this.knex(TABLE)
      .where(where)
      .where(q =>
        expected.owner
          ? q.where('owner', normaliseGroupRef(expected.owner))
          : q,
      )
      .update({ status: 'deleted', updated_at: new Date().toISOString() });
    const row = await this.knex(TABLE).where(where).first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Current monthly spend per owning group ref: resources that exist (active, or still creating at
   * the provider) plus live reservations (pending rows whose action has not confirmed or released
   * them yet, and whose time has not run out).
   */
  async monthlySpendByOwner(
    owners?: string[],
    now = new Date(),
  ): Promise<Record<string, number>> {
    let query = countsAgainstBudget(this.knex(TABLE), now)
      .select('owner')
      .sum({ total: 'monthly_cost' })
      .groupBy('owner');
    if (owners) query = query.whereIn('owner', owners.map(normaliseGroupRef));
    const rows = (await query) as unknown as Array<{
      owner: string;
      total: number | string;
    }>;
    return Object.fromEntries(
      rows.map(r => [r.owner, Math.round(Number(r.total) * 100) / 100]),
    );
  }
}

/**
 * Rows that hold budget: resources that exist (active or creating), and live pending reservations.
 * The status list comes first so the (owner, status) index skips a team's plans and released rows.
 */
export function countsAgainstBudget(
  query: Knex.QueryBuilder,
  now: Date,
): Knex.QueryBuilder {
  return query
    .whereIn('status', [...EXISTING, 'pending'])
    .where(q =>
      q
        .whereIn('status', EXISTING)
        .orWhere('expires_at', '>', now.toISOString()),
    );
}
