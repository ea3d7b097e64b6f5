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

  /**
   * Every creating row, a page at a time in key order: a pass visits each row once however many
   * there are (rows that stay creating do not hide the rest), and rows settled meanwhile do not
   * shift the next page.
   */
  async *pages(pageSize = 200): AsyncGenerator<CreatingRecord[]> {
    let after: { task_id: string; resource_key: string } | undefined;
    for (;;) {
      let query = this.knex(TABLE).where('status', 'creating');
      if (after) {
        const last = after;
        query = query.andWhere(q =>
          q
            .where('task_id', '>', last.task_id)
            .orWhere(q2 =>
              q2
                .where('task_id', last.task_id)
                .andWhere('resource_key', '>', last.resource_key),
            ),
        );
      }
      const rows = await query
        .orderBy([{ column: 'task_id' }, { column: 'resource_key' }])
        .limit(pageSize)
        .select();
      if (!rows.length) return;
      yield rows.map(row => ({
        item: fromRow(row),
        updatedAt: new Date(row.updated_at ?? row.created_at),
      }));
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1];
    }
  }

  /** Every creating row (a whole pass of {@link CreatingRecords.pages}). */
  async list(): Promise<CreatingRecord[]> {
    const all: CreatingRecord[] = [];
    for await (const page of this.pages()) all.push(...page);
    return all;
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
