import { RESOURCE_KINDS, ResourceKind } from '../requests';

/**
 * Where an action is with one resource: `planned` (plan mode: requests built, nothing sent),
 * `requested` (live: about to send the first mutation), `created` (live: it exists and meets the
 * baseline). @public
 */
export type ResourceRecordState = 'planned' | 'requested' | 'created';

/**
 * What an action says about a resource it plans or creates, in one task log line. Only these
 * fields are ever written, so nothing else an action holds (a secret value, a token) can travel.
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
}

/** The stable marker that starts the JSON of a record in a task log line. @public */
export const RESOURCE_RECORD_PREFIX = 'golden-path:resource ';

const STATES: readonly ResourceRecordState[] = ['planned', 'requested', 'created'];
const TEXT_FIELDS = ['name', 'owner', 'environment', 'externalId', 'url', 'region', 'component'] as const;
const MAX_TEXT = 1024;

/** Keeps the known fields with the right types; anything else is dropped. */
function clean(value: unknown): ResourceRecord | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (!STATES.includes(v.state as ResourceRecordState) || !RESOURCE_KINDS.includes(v.kind as ResourceKind)) return undefined;
  const cost = typeof v.monthlyCost === 'number' && Number.isFinite(v.monthlyCost) && v.monthlyCost >= 0 ? v.monthlyCost : 0;
  const record: Record<string, unknown> = { state: v.state, kind: v.kind, monthlyCost: Math.round(cost * 100) / 100 };
  for (const key of TEXT_FIELDS) {
    const text = v[key];
    if (typeof text === 'string' && text.length > 0 && text.length <= MAX_TEXT) record[key] = text;
  }
  return record.name && record.owner && record.environment ? (record as unknown as ResourceRecord) : undefined;
}

/** The task log line for a record. @public */
export function formatResourceRecord(record: ResourceRecord): string {
  const cleaned = clean(record);
  if (!cleaned) throw new Error(`Not a valid resource record for ${record.kind} ${record.name}`);
  return `${RESOURCE_RECORD_PREFIX}${JSON.stringify(cleaned)}`;
}

/**
 * The record in one task log message, if it has one. The scaffolder stores the formatted winston
 * line (level prefix, maybe colour codes), so the marker is looked for anywhere in it.
 * @public
 */
export function parseResourceRecord(message: string | undefined): ResourceRecord | undefined {
  const at = message?.indexOf(RESOURCE_RECORD_PREFIX) ?? -1;
  if (at < 0) return undefined;
  try {
    return clean(JSON.parse(message!.slice(at + RESOURCE_RECORD_PREFIX.length).trim()));
  } catch {
    return undefined;
  }
}
