import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  InventoryItem,
  INVENTORY_TOPIC,
} from '@golden-path/plugin-golden-path-common';
import { Ledger } from './Ledger';
import { TaskLookup } from './steps';

/** Releases what finished tasks left reserved or planned, and says which rows changed. */
export class LedgerSettler {
  constructor(
    private readonly deps: {
      ledger: Ledger;
      tasks: TaskLookup;
      events?: EventsService;
      logger: LoggerService;
    },
  ) {}

  /** From a `scaffolder.task` event: any template's task, annotated or not. */
  async settle(taskId: string, status: string | undefined): Promise<void> {
    if (!status) return;
    this.publish(await this.deps.ledger.settleTask(taskId, status));
  }

  /** The repair pass: asks the scaffolder how each unsettled task ended (events can be missed). */
  async repair(): Promise<number> {
    let settled = 0;
    for (const id of await this.deps.ledger.unsettledTaskIds()) {
      const task = await this.deps.tasks.task(id).catch(() => undefined);
      // A task the scaffolder no longer knows cannot finish: once its reservations expired, settle it.
      const changed = task
        ? await this.deps.ledger.settleTask(id, task.status)
        : await this.deps.ledger.settleOrphan(id);
      this.publish(changed);
      settled += changed.length;
    }
    if (settled)
      this.deps.logger.info(
        `Golden Path ledger: released ${settled} reservation(s) or plan(s) of finished tasks`,
      );
    return settled;
  }

  private publish(items: InventoryItem[]) {
    if (!items.length) return;
    this.deps.events
      ?.publish({ topic: INVENTORY_TOPIC, eventPayload: { items } })
      .catch(e =>
        this.deps.logger.warn(
          `Golden Path inventory: could not publish (${(e as Error).message})`,
        ),
      );
  }
}
