import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { normaliseGroupRef } from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath('@golden-path/plugin-golden-path-backend', 'migrations');

/** The plugin's database, migrated to the latest schema (unless migrations are skipped). */
export async function migratedClient(database: DatabaseService): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDir, tableName: 'golden_path_knex_migrations' });
  }
  return knex;
}

/** @public */
export interface ResourceRow {
  taskId: string;
  kind: string;
  name: string;
  owner: string;
  environment: string;
  status: 'planned' | 'active' | 'failed' | 'deleted';
  monthlyCost: number;
}

/** The backend's own record of provisioned resources (inventory), on SQLite or PostgreSQL. */
export class ResourceStore {
  static async create(database: DatabaseService): Promise<ResourceStore> {
    return new ResourceStore(await migratedClient(database));
  }

  constructor(private readonly knex: Knex) {}

  /** Insert or update one resource of one task (idempotent on task id + kind + name). */
  async upsert(row: ResourceRow): Promise<void> {
    await this.knex('golden_path_resources')
      .insert({
        task_id: row.taskId,
        resource_key: `${row.kind}:${row.name}`,
        kind: row.kind,
        name: row.name,
        owner: normaliseGroupRef(row.owner),
        environment: row.environment,
        status: row.status,
        monthly_cost: row.monthlyCost,
      })
      .onConflict(['task_id', 'resource_key'])
      .merge(['status', 'monthly_cost', 'owner', 'environment']);
  }

  /** Current monthly spend of active resources, per owning group ref. */
  async monthlySpendByOwner(owners?: string[]): Promise<Record<string, number>> {
    let query = this.knex('golden_path_resources')
      .where({ status: 'active' })
      .select('owner')
      .sum({ total: 'monthly_cost' })
      .groupBy('owner');
    if (owners) query = query.whereIn('owner', owners.map(normaliseGroupRef));
    const rows = (await query) as unknown as Array<{ owner: string; total: number | string }>;
    return Object.fromEntries(rows.map(r => [r.owner, Math.round(Number(r.total) * 100) / 100]));
  }
}
