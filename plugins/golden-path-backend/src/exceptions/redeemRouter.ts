import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  canonicalRequest,
  ExceptionRecord,
  normaliseGroupRef,
} from '@golden-path/plugin-golden-path-common';
import { RedeemExceptionResponse } from '@golden-path/plugin-golden-path-common/client';
import express from 'express';
import Router from 'express-promise-router';
import { normaliseUserRef } from '../inventory/permissions';
import { assertRecordWriter } from '../ledger/router';
import {
  isGoldenPathAction,
  refusedByOf,
  runningStep,
  TaskLookup,
  text,
} from '../ledger/steps';
import { ExceptionStore } from './ExceptionStore';

const served = (
  e: ExceptionRecord,
  canonical: string,
): RedeemExceptionResponse => ({
  exception: {
    id: e.id,
    request: canonical,
    ruleIds: e.ruleIds,
    approvedBy: e.decidedBy ?? 'unknown',
    expiresAt: e.expiresAt ?? '',
  },
});

/**
 * `POST /records/exceptions`: the scaffolder asks, for a request its evaluator refused only by
 * exceptable rules, whether the run may use an approved exception. Same door as `POST /records`:
 * the scaffolder's service principal, a running task whose spec runs a golden-path action in that
 * step; the requester is the task's, never the caller's. A dry run (no stored task) only looks.
 */
export function createRedeemRouter(deps: {
  store: ExceptionStore;
  tasks: TaskLookup;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
}): express.Router {
  const router = Router();
  router.post(
    '/records/exceptions',
    express.json({ limit: '16kb' }),
    async (req, res) => {
      await assertRecordWriter(deps.httpAuth, req);
      const body = req.body ?? {};
      const taskId = text(body.taskId, 'taskId');
      const stepId = text(body.stepId, 'stepId');
      const ruleIds = refusedByOf(body.ruleIds);
      if (!ruleIds.length)
        throw new InputError('ruleIds must name the rules to set aside');
      const request = body.request;
      if (
        !request ||
        typeof request !== 'object' ||
        typeof request.owner !== 'string'
      )
        throw new InputError(
          'request must be the normalised request, with its owner',
        );
      const canonical = canonicalRequest(request);
      const owner = normaliseGroupRef(request.owner);
      if (body.dryRun === true) {
        const requester = normaliseUserRef(text(body.userRef, 'userRef'));
        const found = requester
          ? await deps.store.peek({
              requester,
              owner,
              request: canonical,
              ruleIds,
            })
          : undefined;
        res.json(found ? served(found, canonical) : {});
        return;
      }
      const { task } = await runningStep(
        deps.tasks,
        taskId,
        stepId,
        isGoldenPathAction,
        'golden-path',
      );
      const requester = normaliseUserRef(
        task.createdBy ?? task.spec?.user?.ref ?? '',
      );
      if (!requester) {
        res.json({});
        return;
      }
      const redeemed = await deps.store.redeem(
        { requester, owner, request: canonical, ruleIds },
        taskId,
      );
      if (!redeemed) {
        res.json({});
        return;
      }
      const taken = redeemed.exception;
      // Audited once, when the run takes it; later steps of the same run only read it.
      if (redeemed.taken) {
        const audit = await deps.auditor.createEvent({
          eventId: 'exception-use',
          severityLevel: 'high',
          request: req,
          meta: { exceptionId: taken.id, taskId, stepId, requester, ruleIds },
        });
        await audit.success();
      }
      deps.logger.info(
        `Golden Path exception ${taken.id} used by task ${taskId} (step ${stepId}) for ${taken.kind} ${taken.name}`,
      );
      res.json(served(taken, canonical));
    },
  );
  return router;
}
