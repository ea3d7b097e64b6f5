import { ResourceKind } from '../requests';

/**
 * Where a resource stands in the inventory: `pending` (its cost is reserved while the action creates
 * it), `active` (it exists), `planned` (plan mode), `failed` (not created, or rolled back),
 * `deleted` (removed outside Golden Path). @public
 */
export type InventoryStatus =
  | 'planned'
  | 'pending'
  | 'active'
  | 'failed'
  | 'deleted';

/** The inventory status a record's state gives. @public */
export const STATUS_OF_STATE = {
  planned: 'planned',
  requested: 'pending',
  created: 'active',
  failed: 'failed',
} as const;

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
  /** ISO-8601: when the action first recorded it. */
  createdAt: string;
}

/**
 * The EventsService topic on which the golden-path backend publishes inventory items whose row
 * changed, as `{ items: InventoryItem[] }`.
 * @public
 */
export const INVENTORY_TOPIC = 'golden-path.inventory';
