import { KIND_DEFINITIONS, RESOURCE_KINDS } from '../kinds/registry';
import { ResourceKind } from '../requests';

/**
 * Where an action is with one resource: `planned` (plan mode: requests built, nothing sent),
 * `requested` (live: its cost is reserved and the first mutation is about to be sent), `creating`
 * (live: the provider accepted the create and its answer meets the baseline, but the resource is
 * not available yet; the backend's reconciler asks the provider until it is), `created` (live: it
 * exists, meets the baseline and is available), `failed` (live: it was not created or was rolled
 * back; the reservation is released). @public
 */
export type ResourceRecordState =
  | 'planned'
  | 'requested'
  | 'creating'
  | 'created'
  | 'failed';

/**
 * What an action says about a resource it plans or creates. Only these fields are ever sent to the
 * golden-path backend, so nothing else an action holds (a secret value, a token) can travel.
 * @public
 */
export interface ResourceRecord {
  state: ResourceRecordState;
  kind: ResourceKind;
  name: string;
  owner: string;
  environment: string;
  /** What identifies it at the provider: an ARN, or the repository URL. */
  externalId?: string;
  /** Where a person looks at it: the AWS console page, the GitHub page. */
  url?: string;
  region?: string;
  /** Estimated monthly cost in the policy's currency. */
  monthlyCost: number;
  /** Entity ref of the component the resource serves (the one the run created or named). */
  component?: string;
  /** Where clients connect (`host:port`), as the provider described it once available. */
  endpoint?: string;
  /** The approved exception this run used for it (the backend checks the run holds it). */
  exceptionId?: string;
}

/** Which task step wrote a record: the backend checks it against the task's own spec. @public */
export interface RecordBinding {
  taskId: string;
  stepId: string;
  actionId: string;
}

/** Newlines and other control characters would let a value pass for more than one field in a log or an entity. */
const hasControlCharacter = (text: string) =>
  [...text].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** Largest monthly cost a record may carry (a sanity bound, far above any budget). */
const MAX_COST = 1_000_000;
const STATES: readonly ResourceRecordState[] = [
  'planned',
  'requested',
  'creating',
  'created',
  'failed',
];
const TEXT_FIELDS = [
  'name',
  'owner',
  'environment',
  'externalId',
  'url',
  'region',
  'component',
  'endpoint',
  'exceptionId',
] as const;
const MAX_TEXT = 1024;

/**
 * The record with the known fields and the right types, or the reason it is not one. Costs must be
 * finite, non-negative and bounded: nothing is rounded into shape.
 * @public
 */
export function checkResourceRecord(
  value: unknown,
): { record: ResourceRecord } | { problem: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { problem: 'a record must be an object' };
  const v = value as Record<string, unknown>;
  const own = (key: string) =>
    Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
  if (!STATES.includes(own('state') as ResourceRecordState))
    return { problem: `state must be one of ${STATES.join(', ')}` };
  if (!RESOURCE_KINDS.includes(own('kind') as ResourceKind))
    return { problem: `kind must be one of ${RESOURCE_KINDS.join(', ')}` };
  const cost = own('monthlyCost');
  if (
    typeof cost !== 'number' ||
    !Number.isFinite(cost) ||
    cost < 0 ||
    cost > MAX_COST
  ) {
    return { problem: `monthlyCost must be a number from 0 to ${MAX_COST}` };
  }
  const record: Record<string, unknown> = {
    state: own('state'),
    kind: own('kind'),
    monthlyCost: Math.round(cost * 100) / 100,
  };
  for (const key of TEXT_FIELDS) {
    const text = own(key);
    if (text === undefined) continue;
    if (
      typeof text !== 'string' ||
      text.length === 0 ||
      text.length > MAX_TEXT ||
      hasControlCharacter(text)
    ) {
      return { problem: `${key} must be text of 1 to ${MAX_TEXT} characters` };
    }
    record[key] = text;
  }
  if (!record.name || !record.owner || !record.environment)
    return { problem: 'name, owner and environment are required' };
  return { record: record as unknown as ResourceRecord };
}

/**
 * The one action that may record each kind: the backend refuses a record of a kind from any other
 * step. Derived from the kind registry, where every kind must name its creating action.
 * @public
 */
export const RECORDING_ACTIONS: Readonly<Record<ResourceKind, string>> =
  Object.fromEntries(
    KIND_DEFINITIONS.map(d => [d.kind, d.creatingAction.id]),
  ) as Record<ResourceKind, string>;
