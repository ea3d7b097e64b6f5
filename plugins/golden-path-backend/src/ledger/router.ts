import { HttpAuthService } from '@backstage/backend-plugin-api';
import { GUARDRAIL_ERROR_NAME } from '@golden-path/plugin-golden-path-common';
import express from 'express';
import Router from 'express-promise-router';
import { assertWriterSubject, RecordWriter } from './recordWriter';
import {
  isGoldenPathAction,
  refusedByOf,
  runningStep,
  TaskLookup,
  text,
} from './steps';
import { StepFailures } from './StepFailures';

/** Refuses any caller but the scaffolder's service principal (where the golden-path actions run). */
export async function assertRecordWriter(
  httpAuth: HttpAuthService,
  req: express.Request,
): Promise<void> {
  const credentials = await httpAuth.credentials(req, { allow: ['service'] });
  assertWriterSubject(credentials.principal.subject);
}

/**
 * `POST /records`: the HTTP door into the inventory and the spend ledger (a scaffolder in the same
 * backend uses the in-process door, which checks the same things). Only the scaffolder's service
 * principal may call it, and only for a running task whose spec has that step running that action,
 * and only for the kind that action makes. Requester and template come from the task.
 */
export function createRecordsRouter(deps: {
  /** The writer the in-process door uses too. */
  writeRecord: RecordWriter;
  stepFailures: StepFailures;
  tasks: TaskLookup;
  httpAuth: HttpAuthService;
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
    const answer = await deps.writeRecord(req.body);
    if ('violations' in answer) {
      res.status(409).json({
        error: {
          name: GUARDRAIL_ERROR_NAME,
          message: `Refused by Golden Path guardrails (${answer.violations[0].ruleId})`,
        },
        violations: answer.violations,
      });
      return;
    }
    res.json({ item: answer.item });
  });
  return router;
}
