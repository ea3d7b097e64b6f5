import { ResourceKind } from '../requests';

/**
 * Where a resource stands in the inventory: `pending` (its cost is reserved while the action creates
 * it), `creating` (the provider accepted the create; it counts against the budget and is not
 * available yet), `active` (it exists and is available), `planned` (plan mode), `failed` (not
 * created, rolled back, or the provider said its creation failed), `deleted` (removed outside
 * Golden Path). @public
 */
export type InventoryStatus =
  | 'planned'
  | 'pending'
  | 'creating'
  | 'active'
  | 'failed'
  | 'deleted';

/** The inventory status a record's state gives. @public */
export const STATUS_OF_STATE = {
  planned: 'planned',
  requested: 'pending',
  creating: 'creating',
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
  /** Where clients connect (`host:port`), once the provider describes the resource as available. */
  endpoint?: string;
  /** The approved exception its run used (an exception id of `GET /exceptions`). */
  exceptionId?: string;
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
