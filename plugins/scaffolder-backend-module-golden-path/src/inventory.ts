import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { formatResourceRecord, ResourceRecord, ResourceRecordState } from '@golden-path/plugin-golden-path-common';

type Fields = Omit<ResourceRecord, 'state'>;

/**
 * Says, in one task log line per step, what the action planned, is about to create, or created.
 * The golden-path backend reads these lines from the task's events into its inventory (step
 * outputs never reach the task events), and the catalog module makes `Resource` entities of them.
 */
export function resourceRecorder(ctx: { logger: { info(message: string): void } }, fields: Fields) {
  return (state: ResourceRecordState, update: Partial<Fields> = {}) => ctx.logger.info(formatResourceRecord({ ...fields, ...update, state }));
}

/** `component:default/x` from an entity ref or a bare name; a bad ref is refused before any side effect. */
export function componentRef(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(value, { defaultKind: 'component', defaultNamespace: 'default' }));
  } catch {
    throw new InputError(`component must be an entity ref such as component:default/payments-api (got "${value.slice(0, 80)}")`);
  }
}
