import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  GuardrailViolationError,
  isGuardrailViolation,
  RECORDING_ACTIONS,
  ResourceRecord,
  ResourceRecordState,
} from '@golden-path/plugin-golden-path-common';
import { refuse } from './guard';
import { ResourceLedger } from './ledger';

type Fields = Omit<ResourceRecord, 'state'>;
interface RecordingContext {
  isDryRun?: boolean;
  task: { id: string };
  step?: { id?: string; name?: string };
  logger: { error(message: string): void };
}

/**
 * Writes what the action planned, reserves before its first mutation (`requested`), confirms
 * (`created`) or releases (`failed`), through the ledger. A dry run records nothing. The step id
 * binds the record to the task's own spec, which the backend checks.
 */
export function resourceRecorder(
  ctx: RecordingContext,
  ledger: ResourceLedger,
  fields: Fields,
) {
  return async (
    state: ResourceRecordState,
    update: Partial<Fields> = {},
  ): Promise<void> => {
    if (ctx.isDryRun) return;
    if (!ctx.step?.id)
      throw new InputError(
        'Golden Path actions record their resources per step: the step needs an id',
      );
    const binding = {
      taskId: ctx.task.id,
      stepId: ctx.step.id,
      actionId: RECORDING_ACTIONS[fields.kind],
    };
    try {
      await ledger.write(binding, { ...fields, ...update, state });
    } catch (e) {
      // A budget refusal from the ledger reads like any other guardrail refusal, in the log too.
      if (isGuardrailViolation(e))
        refuse(
          ctx,
          new GuardrailViolationError(
            (e as GuardrailViolationError).violations,
            { step: ctx.step },
          ),
        );
      throw e;
    }
  };
}

/** Runs `fn` after reserving; releases the reservation when it throws, then rethrows. */
export async function reserved<T>(
  record: ReturnType<typeof resourceRecorder>,
  fn: () => Promise<T>,
): Promise<T> {
  await record('requested');
  try {
    return await fn();
  } catch (e) {
    await record('failed').catch(() => undefined);
    throw e;
  }
}

/** `component:default/x` from an entity ref or a bare name; a bad ref is refused before any side effect. */
export function componentRef(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    throw new InputError(
      `component must be an entity ref such as component:default/payments-api (got "${value.slice(
        0,
        80,
      )}")`,
    );
  }
}
