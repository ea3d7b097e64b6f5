import { InventoryItem } from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { fromRow, TABLE } from '../service/ResourceStore';

/** A record still `creating`, and when it was last written. */
export interface CreatingRecord {
  item: InventoryItem;
  updatedAt: Date;
}

/** What the provider's answer makes of a creating record. */
export type CreationOutcome =
  | { status: 'active'; endpoint?: string }
  | { status: 'failed' };

/**
 * The inventory rows whose creation outlasted their action, and the one move the reconciler may
 * make on each: from `creating` to `active` (with the endpoint) or `failed`.
 */
export class CreatingRecords {
  constructor(private readonly knex: Knex) {}

  /** Creating rows, least recently written first. */
  async list(limit = 200): Promise<CreatingRecord[]> {
    const rows = await this.knex(TABLE)
      .where('status', 'creating')
      .orderBy([{ column: 'updated_at' }, { column: 'task_id' }])
      .limit(limit)
      .select();
    return rows.map(row => ({
      item: fromRow(row),
      updatedAt: new Date(row.updated_at ?? row.created_at),
    }));
  }

  /**
   * Moves one row, only while it is still creating (a row marked deleted, or confirmed by its
   * action meanwhile, stays as it is). Returns the moved row, or undefined when nothing moved.
   */
  async settle(
    item: Pick<InventoryItem, 'taskId' | 'kind' | 'name'>,
    outcome: CreationOutcome,
    now = new Date(),
  ): Promise<InventoryItem | undefined> {
    const where = {
      task_id: item.taskId,
      resource_key: `${item.kind}:${item.name}`,
    };
    const moved = await this.knex(TABLE)
      .where({ ...where, status: 'creating' })
      .update({
        status: outcome.status,
        ...(outcome.status === 'active' &&
          outcome.endpoint && { endpoint: outcome.endpoint }),
        expires_at: null,
        updated_at: now.toISOString(),
      });
    if (!moved) return undefined;
    return fromRow(await this.knex(TABLE).where(where).first());
  }
}
