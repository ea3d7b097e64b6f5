import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import {
  checkResourceRecord,
  findRule,
  GUARDRAIL_ERROR_NAME,
  INVENTORY_TOPIC,
  RECORDING_ACTIONS,
  violationOf,
} from '@golden-path/plugin-golden-path-common';
import express from 'express';
import Router from 'express-promise-router';
import { Ledger, TaskFacts } from './Ledger';
import { StepFailures } from './StepFailures';
import type { ExceptionStore } from '../exceptions/ExceptionStore';

/** Golden Path's own actions: the only steps that may write to the records door. */
export const isGoldenPathAction = (actionId: string | undefined) =>
  !!actionId?.startsWith('golden-path:');

/** Who may write records: the scaffolder plugin, where the golden-path actions run. */
export const RECORD_WRITERS = ['plugin:scaffolder'];

/** What the router needs to know about a task, read from the scaffolder itself. */
export interface TaskLookup {
  task(id: string): Promise<{
    status: string;
    createdBy?: string;
    spec?: {
      steps?: Array<{ id?: string; action?: string }>;
      templateInfo?: { entityRef?: string };
      user?: { ref?: string };
    };
  }>;
}

export const text = (value: unknown, name: string) => {
  if (typeof value !== 'string' || !value || value.length > 255)
    throw new InputError(`${name} must be text of 1 to 255 characters`);
  return value;
};

/** A refusal names catalogued rules only, a handful at most (one per rule a request can break). */
export const refusedByOf = (value: unknown): string[] => {
  if (
    !Array.isArray(value) ||
    value.length > 50 ||
    !value.every(id => typeof id === 'string' && findRule(id))
  )
    throw new InputError(
      'refusedBy must list up to 50 catalogued rule ids (none when the step failed otherwise)',
    );
  return value as string[];
};

/** Refuses any caller but the scaffolder's service principal (where the golden-path actions run). */
export async function assertRecordWriter(
  httpAuth: HttpAuthService,
  req: express.Request,
): Promise<void> {
  const credentials = await httpAuth.credentials(req, { allow: ['service'] });
  if (!RECORD_WRITERS.includes(credentials.principal.subject)) {
    throw new NotAllowedError(
      `Only ${RECORD_WRITERS.join(
        ', ',
      )} may write Golden Path resource records`,
    );
  }
}

/**
 * The task, read from the scaffolder, when it is running `stepId` with an action that `accepts`;
 * otherwise a 403 naming the step. Binds every write of the records door to a real running step.
 */
export async function runningStep(
  tasks: TaskLookup,
  taskId: string,
  stepId: string,
  accepts: (actionId: string | undefined) => boolean,
  expected: string,
) {
  const task = await tasks.task(taskId).catch(() => undefined);
  const actionId = task?.spec?.steps?.find(s => s.id === stepId)?.action;
  if (!task || task.status !== 'processing' || !accepts(actionId))
    throw new NotAllowedError(
      `Task ${taskId} is not running a ${expected} step ${stepId}`,
    );
  return { task, actionId: actionId! };
}

/**
 * `POST /records`: the one door into the inventory and the spend ledger. Only the scaffolder's
 * service principal may call it, and only for a running task whose spec has that step running that
 * action, and only for the kind that action makes. Requester and template come from the task.
 */
export function createRecordsRouter(deps: {
  ledger: Ledger;
  stepFailures: StepFailures;
  /** Where a record's exception id is checked against the run that holds it. */
  exceptions?: Pick<ExceptionStore, 'heldBy'>;
  tasks: TaskLookup;
  httpAuth: HttpAuthService;
  events?: EventsService;
  logger: LoggerService;
}): express.Router {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));
  const onlyWriters = (req: express.Request) =>
    assertRecordWriter(deps.httpAuth, req);

  /**
   * `POST /records/step-failures`: a golden-path step of a running task failed (refused by the
   * rules in `refusedBy`, or otherwise). Bound like a record: the scaffolder's principal, a running
   * task whose spec runs a golden-path action in that step; the action is the spec's, not the
   * caller's.
   */
  router.post('/records/step-failures', async (req, res) => {
    await onlyWriters(req);
    const body = req.body ?? {};
    const taskId = text(body.taskId, 'taskId');
    const stepId = text(body.stepId, 'stepId');
    const refusedBy = refusedByOf(body.refusedBy);
    const { actionId } = await runningStep(
      deps.tasks,
      taskId,
      stepId,
      isGoldenPathAction,
      'golden-path',
    );
    await deps.stepFailures.record({ taskId, stepId, actionId, refusedBy });
    res.status(204).end();
  });

  router.post('/records', async (req, res) => {
    await onlyWriters(req);
    const body = req.body ?? {};
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
      res.status(409).json({
        error: {
          name: GUARDRAIL_ERROR_NAME,
          message: `Refused by Golden Path guardrails (${violation.ruleId})`,
        },
        violations: [violation],
      });
      return;
    }
    // A plan never becomes a catalog entity: only rows that stand for a resource are announced.
    if (result.changed && result.item && result.item.status !== 'planned') {
      // Subscribers hear of the change without the action waiting for them: the row is committed,
      // and it is the answer below that lets the action go on.
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
    res.json({ item: result.item });
  });
  return router;
}
