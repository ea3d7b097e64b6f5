import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  InventoryItem,
  INVENTORY_TOPIC,
  ResourceKind,
} from '@golden-path/plugin-golden-path-common';
import {
  AVAILABILITY_READERS,
  AvailabilityReader,
  AwsAccessProvider,
  ProviderAvailability,
} from '@golden-path/plugin-golden-path-node';
import {
  CreatingRecord,
  CreatingRecords,
  CreationOutcome,
} from './CreatingRecords';

/** What one pass did. */
export interface ReconcileSummary {
  checked: number;
  available: number;
  failed: number;
  /** Still creating, or not asked (no credentials, a provider error). */
  waiting: number;
}

/**
 * How long a record may be `creating` while the provider holds nothing of its name before it is
 * failed: the provider accepted the create, so a brief miss is read-after-write lag, not a loss.
 */
const MISSING_GRACE_MS = 5 * 60_000;

/**
 * Moves inventory records from `creating` to `active` (with the endpoint) or `failed`, on the
 * provider's answer alone: the reconciler reads the provider with the account's own credentials,
 * and checks the resource's `golden-path:task-id` tag is the record's task, so neither a catalog
 * entity, a template nor a same-named resource of someone else can move a record.
 */
export class ProvisioningReconciler {
  private readonly readers: Partial<Record<ResourceKind, AvailabilityReader>>;

  constructor(
    private readonly deps: {
      records: CreatingRecords;
      aws: AwsAccessProvider;
      logger: LoggerService;
      events?: EventsService;
      readers?: Partial<Record<ResourceKind, AvailabilityReader>>;
    },
  ) {
    this.readers = deps.readers ?? AVAILABILITY_READERS;
  }

  /** One pass over the creating records. */
  async run(now = new Date()): Promise<ReconcileSummary> {
    const creating = await this.deps.records.list();
    const summary = {
      checked: 0,
      available: 0,
      failed: 0,
      waiting: creating.length,
    };
    if (!creating.length) return summary;
    const { clients } = await this.deps.aws();
    if (!clients) {
      this.deps.logger.warn(
        `Golden Path reconciler: ${creating.length} record(s) are creating, but no AWS credentials are configured to ask about them`,
      );
      return summary;
    }
    const moved: InventoryItem[] = [];
    for (const record of creating) {
      const { item } = record;
      const read = this.readers[item.kind];
      if (!read || !item.region) continue;
      summary.checked++;
      let answer: ProviderAvailability;
      try {
        answer = await read(clients, item.region, item.name);
      } catch (e) {
        // No answer is no answer: the record waits for the next pass.
        this.deps.logger.warn(
          `Golden Path reconciler: could not ask about ${item.kind} ${
            item.name
          } (${(e as Error).name}: ${(e as Error).message})`,
        );
        continue;
      }
      const outcome = this.outcome(record, answer, now);
      if (!outcome) continue;
      const after = await this.deps.records.settle(item, outcome.move, now);
      if (!after) continue;
      this.deps.logger.info(
        `Golden Path reconciler: ${item.kind} ${item.name} of task ${item.taskId} is ${after.status} (${outcome.why})`,
      );
      summary[after.status === 'active' ? 'available' : 'failed']++;
      summary.waiting--;
      moved.push(after);
    }
    this.publish(moved);
    return summary;
  }

  /** The move the provider's answer calls for, if any, and why. */
  private outcome(
    { item, updatedAt }: CreatingRecord,
    answer: ProviderAvailability,
    now: Date,
  ): { move: CreationOutcome; why: string } | undefined {
    if (answer.state === 'missing') {
      if (now.getTime() - updatedAt.getTime() < MISSING_GRACE_MS)
        return undefined;
      return {
        move: { status: 'failed' },
        why: 'the provider no longer holds it',
      };
    }
    // Another task's resource of the same name says nothing about this record's: this one is gone.
    if (answer.taskId !== item.taskId) {
      if (answer.state === 'creating' && answer.taskId === undefined)
        return undefined; // tags not read while it is creating
      return {
        move: { status: 'failed' },
        why: answer.taskId
          ? `the resource of that name was created by task ${answer.taskId}`
          : 'the resource of that name carries no Golden Path task tag',
      };
    }
    if (answer.state === 'creating') return undefined;
    if (answer.state === 'failed')
      return {
        move: { status: 'failed' },
        why: `the provider says ${answer.status}`,
      };
    return {
      move: { status: 'active', endpoint: answer.endpoint },
      why: `available at ${answer.endpoint ?? 'an endpoint not described'}`,
    };
  }

  /** The catalog module adds the Resources of the rows that became active at once. */
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
