import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import {
  checkResourceRecord,
  INVENTORY_TOPIC,
  RECORDING_ACTIONS,
  violationOf,
} from '@golden-path/plugin-golden-path-common';
import type { RecordWriteAnswer } from '@golden-path/plugin-golden-path-node';
import type { ExceptionStore } from '../exceptions/ExceptionStore';
import { Ledger, TaskFacts } from './Ledger';
import { runningStep, TaskLookup, text } from './steps';
import { StepFailures } from './StepFailures';

/** Who may write records: the scaffolder plugin, where the golden-path actions run. */
export const RECORD_WRITERS = ['plugin:scaffolder'];

/** Refuses any principal but the scaffolder's (where the golden-path actions run). */
export function assertWriterSubject(subject: string): void {
  if (!RECORD_WRITERS.includes(subject))
    throw new NotAllowedError(
      `Only ${RECORD_WRITERS.join(
        ', ',
      )} may write Golden Path resource records`,
    );
}

/** What a record writer needs; the same for the HTTP door and the in-process one. */
export interface RecordWriterDeps {
  ledger: Ledger;
  stepFailures: StepFailures;
  /** Where a record's exception id is checked against the run that holds it. */
  exceptions?: Pick<ExceptionStore, 'heldBy'>;
  tasks: TaskLookup;
  events?: EventsService;
  logger: LoggerService;
}

/** Writes one record (`{ taskId, stepId, actionId, record }`) for an already authenticated writer. */
export type RecordWriter = (body: unknown) => Promise<RecordWriteAnswer>;

/**
 * Writes one record for an already authenticated writer: only for a running task whose spec has
 * that step running that action, and only for the kind that action makes. Requester and template
 * come from the task. Both doors (HTTP and in-process) call this, so they check the same things.
 */
export function createRecordWriter(deps: RecordWriterDeps): RecordWriter {
  return async raw => {
    const body = (raw ?? {}) as Record<string, unknown>;
    const binding = {
      taskId: text(body.taskId, 'taskId'),
      stepId: text(body.stepId, 'stepId'),
      actionId: text(body.actionId, 'actionId'),
    };
    const checked = checkResourceRecord(body.record);
    if ('problem' in checked)
      throw new InputError(`record: ${checked.problem}`);
    const { record } = checked;
    if (RECORDING_ACTIONS[record.kind] !== binding.actionId) {
      throw new NotAllowedError(
        `${binding.actionId} may not record a ${record.kind}`,
      );
    }
    const { task } = await runningStep(
      deps.tasks,
      binding.taskId,
      binding.stepId,
      a => a === binding.actionId,
      binding.actionId,
    );
    if (
      record.exceptionId &&
      !(await deps.exceptions?.heldBy(record.exceptionId, binding.taskId))
    ) {
      throw new NotAllowedError(
        `Task ${binding.taskId} holds no exception ${record.exceptionId}`,
      );
    }
    const facts: TaskFacts = {
      requester: task.createdBy ?? task.spec?.user?.ref ?? 'unknown',
      templateRef: task.spec?.templateInfo?.entityRef ?? 'unknown',
    };
    const result = await deps.ledger.write(binding, record, facts);
    if (result.refusal) {
      const violation = violationOf(result.refusal.ruleId, {
        kind: record.kind,
        resource: record.name,
        field: 'cost',
        message: result.refusal.message,
      });
      deps.logger.info(
        `Golden Path ledger refused ${record.kind} ${record.name} of task ${binding.taskId}: ${violation.ruleId}`,
      );
      await deps.stepFailures.record({
        ...binding,
        refusedBy: [violation.ruleId],
      });
      return { violations: [violation] };
    }
    // A plan never becomes a catalog entity: only rows that stand for a resource are announced.
    if (result.changed && result.item && result.item.status !== 'planned') {
      // Subscribers hear of the change without the action waiting for them: the row is committed,
      // and it is the answer that lets the action go on.
      void deps.events
        ?.publish({
          topic: INVENTORY_TOPIC,
          eventPayload: { items: [result.item] },
        })
        .catch(e => {
          // The catalog module's scheduled full refresh picks the row up anyway.
          deps.logger.warn(
            `Golden Path inventory: could not publish a change (${
              (e as Error).message
            })`,
          );
        });
    }
    return { item: result.item };
  };
}
