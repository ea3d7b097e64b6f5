import { TaskEventSnapshot, TaskSnapshot } from '../metrics/runs';
import { ResourceKind } from '../requests';
import { parseResourceRecord, ResourceRecord, ResourceRecordState } from './record';

/** Where a resource stands in the inventory. @public */
export type InventoryStatus = 'planned' | 'active' | 'failed' | 'deleted';

/** One resource of one run, as the inventory stores and serves it. @public */
export interface InventoryItem {
  taskId: string;
  kind: ResourceKind;
  name: string;
  owner: string;
  environment: string;
  status: InventoryStatus;
  monthlyCost: number;
  externalId?: string;
  url?: string;
  region?: string;
  component?: string;
  /** User entity ref of whoever started the run. */
  requester: string;
  templateRef: string;
  /** ISO-8601: when the action planned or created it (the task log event's time). */
  createdAt: string;
}

const ENDED_BADLY = new Set(['failed', 'cancelled']);

/**
 * The inventory status for the last thing an action said about a resource, given how its task
 * stands. `undefined`: nothing to record yet.
 *
 * - `created`: the resource exists and met the baseline, so it is active even when a later step of
 *   the run failed (it still exists and costs money until someone deletes it).
 * - `requested` without `created`: the action started and did not finish. The actions roll back a
 *   resource they could not harden, so a failed run leaves a `failed` row, never an active one.
 * - `planned`: plan mode; `failed` when the run failed, since it will not be created from this run.
 * @public
 */
export function inventoryStatus(state: ResourceRecordState, taskStatus: string): InventoryStatus | undefined {
  if (state === 'created') return 'active';
  if (state === 'planned') return ENDED_BADLY.has(taskStatus) ? 'failed' : 'planned';
  if (ENDED_BADLY.has(taskStatus) || taskStatus === 'completed') return 'failed';
  return undefined;
}

/**
 * Every resource a task's actions planned or created, read from the resource records in its log,
 * one item per kind and name (the last record wins: a retried step speaks last).
 * @public
 */
export function inventoryFromRun(task: TaskSnapshot, events: TaskEventSnapshot[]): InventoryItem[] {
  const last = new Map<string, { record: ResourceRecord; at: string }>();
  for (const event of events) {
    if (event.type !== 'log') continue;
    const record = parseResourceRecord(event.body?.message);
    if (record) last.set(`${record.kind}:${record.name}`, { record, at: event.createdAt });
  }
  const items: InventoryItem[] = [];
  for (const { record, at } of last.values()) {
    const status = inventoryStatus(record.state, task.status);
    if (!status) continue;
    const { state: _state, ...fields } = record;
    items.push({
      ...fields,
      taskId: task.id,
      status,
      requester: task.createdBy ?? task.spec?.user?.ref ?? 'unknown',
      templateRef: task.spec?.templateInfo?.entityRef ?? 'unknown',
      createdAt: new Date(Date.parse(at) || Date.parse(task.createdAt)).toISOString(),
    });
  }
  return items;
}

/**
 * The EventsService topic on which the golden-path backend publishes inventory items whose row
 * changed, as `{ items: InventoryItem[] }`.
 * @public
 */
export const INVENTORY_TOPIC = 'golden-path.inventory';
