import {
  AuditorService,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  canonicalRequest,
  exceptionApprovePermission,
  ExceptionRecord,
  ExceptionStatus,
  GUARDRAIL_ERROR_NAME,
  normaliseGroupRef,
  teamBudget,
} from '@golden-path/plugin-golden-path-common';
import {
  GoldenPathPolicyService,
  TrustedDirectory,
} from '@golden-path/plugin-golden-path-node';
import express from 'express';
import Router from 'express-promise-router';
import { normaliseUserRef, userRefsIn } from '../inventory/permissions';
import { ResourceStore } from '../service/ResourceStore';
import { evaluateRequests, requesterOf } from '../service/evaluation';
import { ExceptionStore } from './ExceptionStore';
import { exceptionNotifier } from './notify';
import {
  ExceptionPermissionResources,
  exceptionPermissionResourceRef,
  exceptionPermissionRules,
} from './permissions';

/** The floor every decision meets, whatever the permission policy says: membership of the approver group. @public */
export const APPROVER_RULE = 'GP-EXCEPTION-APPROVER';
/** The other floor of every decision: the requester never decides their own exception. @public */
export const SELF_APPROVAL_RULE = 'GP-EXCEPTION-SELF-APPROVAL';

const STATUSES: ExceptionStatus[] = [
  'pending',
  'approved',
  'denied',
  'used',
  'expired',
];

// Control characters other than line breaks would let one field pass for more than one in a log.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

/** Free text a person writes: bounded, no control characters but line breaks. */
function prose(value: unknown, name: string, min: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length < min || text.length > 2000 || CONTROL.test(text))
    throw new InputError(`${name} must be text of ${min} to 2,000 characters`);
  return text;
}

export interface ExceptionsRouterOptions {
  store: ExceptionStore;
  resources: ExceptionPermissionResources;
  spend: Pick<ResourceStore, 'monthlySpendByOwner'>;
  policy: GoldenPathPolicyService;
  directory: Pick<TrustedDirectory, 'groupsOf'>;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry?: PermissionsRegistryService;
  auditor: AuditorService;
  notifications?: Parameters<typeof exceptionNotifier>[0];
  logger: LoggerService;
}

/**
 * `POST /exceptions` (ask), `GET /exceptions[/:id]` (list, read) and `POST /exceptions/:id/decision`
 * (approve or deny). Every change of state is audited and notified.
 */
export function createExceptionsRouter(
  deps: ExceptionsRouterOptions,
): express.Router {
  const router = Router();
  router.use('/exceptions', express.json({ limit: '16kb' }));
  const notify = exceptionNotifier(deps.notifications, deps.logger);
  const authorizeConditions = deps.permissionsRegistry
    ? createConditionAuthorizer(
        deps.permissionsRegistry.getPermissionRuleset(
          exceptionPermissionResourceRef,
        ),
      )
    : createConditionAuthorizer(Object.values(exceptionPermissionRules));
  const userOf = async (req: express.Request) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const ref = normaliseUserRef(
      (credentials.principal as BackstageUserPrincipal).userEntityRef,
    );
    if (!ref) throw new NotAllowedError('Exceptions need a signed-in user');
    return { credentials, userRef: ref };
  };
  /** Whether this user may decide this exception now (the floor only; the policy is asked on decision). */
  /** The environment's approver group as configured now (the one stored when asked, if the environment is gone). */
  const approversOf = (e: ExceptionRecord) =>
    deps.policy.getPolicy().environments[e.environment]?.exceptions.approvers ??
    e.approvers;
  const canDecide = (e: ExceptionRecord, userRef: string, groups: string[]) =>
    e.status === 'pending' &&
    userRef !== normaliseUserRef(e.requester) &&
    groups.includes(approversOf(e));

  router.post('/exceptions', async (req, res) => {
    const { userRef } = await userOf(req);
    const body = req.body ?? {};
    const audit = await deps.auditor.createEvent({
      eventId: 'exception-request',
      severityLevel: 'medium',
      request: req,
      meta: { actor: userRef },
    });
    try {
      if (
        !body.request ||
        typeof body.request !== 'object' ||
        Array.isArray(body.request)
      )
        throw new InputError('request must be one resource request object');
      const justification = prose(body.justification, 'justification', 20);
      const days = body.durationDays;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1)
        throw new InputError(
          'durationDays must be a whole number of days, 1 or more',
        );
      const result = await evaluateRequests(
        [body.request],
        await requesterOf(userRef, deps.directory),
        { directory: deps.directory, policy: deps.policy, store: deps.spend },
      );
      if (result.allowed)
        throw new InputError(
          'The request is allowed as it is: there is nothing to except',
        );
      const offer = result.exceptionOffer?.[0];
      if (!offer) {
        const never = result.violations.map(v => v.ruleId);
        res.status(400).json({
          error: {
            name: GUARDRAIL_ERROR_NAME,
            message: `No exception can be asked for: ${[...new Set(never)].join(
              ', ',
            )} cannot be excepted here. Fix the request instead.`,
          },
          violations: result.violations,
        });
        await audit.fail({
          error: new Error('not exceptable'),
          meta: { refusedBy: never },
        });
        return;
      }
      if (days > offer.maxDays)
        throw new InputError(
          `durationDays may be at most ${offer.maxDays} in ${offer.environment}`,
        );
      const evaluated = result.evaluated[0];
      const canonical = canonicalRequest(evaluated.request);
      const open = await deps.store.findOpen(userRef, canonical);
      if (open)
        throw new ConflictError(
          `Exception ${open.id} for this exact request is already ${open.status}`,
        );
      const owner = normaliseGroupRef(evaluated.request.owner);
      const spent = (await deps.spend.monthlySpendByOwner([owner]))[owner] ?? 0;
      const policy = deps.policy.getPolicy();
      const created = await deps.store.create({
        canonical,
        ruleIds: offer.ruleIds,
        request: evaluated.request as unknown as Record<string, unknown>,
        kind: evaluated.request.kind,
        name: evaluated.request.name,
        owner,
        environment: offer.environment,
        monthlyCost: evaluated.monthlyCost,
        currency: result.currency,
        teamMonthlySpend: spent,
        teamMonthlyBudget: teamBudget(policy.budget.teamMonthly, owner),
        deviations: result.violations.map(v => ({
          ruleId: v.ruleId,
          field: v.field,
          message: v.message,
        })),
        requester: userRef,
        justification,
        durationDays: days,
        approvers: offer.approvers,
        createdAt: new Date().toISOString(),
      });
      await audit.success({
        meta: { exceptionId: created.id, ruleIds: created.ruleIds, owner },
      });
      deps.logger.info(
        `Golden Path exception ${created.id} requested by ${userRef}: ${
          created.kind
        } ${created.name} in ${created.environment} (${created.ruleIds.join(
          ', ',
        )})`,
      );
      await notify.requested(created);
      res.status(201).json({ ...created, canDecide: false });
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/exceptions', async (req, res) => {
    const { userRef } = await userOf(req);
    const status = req.query.status;
    if (status !== undefined && !STATUSES.includes(status as ExceptionStatus))
      throw new InputError(`status must be one of ${STATUSES.join(', ')}`);
    if (req.query.requester !== undefined && req.query.requester !== 'me')
      throw new InputError('requester may only be "me"');
    const [items, groups] = await Promise.all([
      deps.store.list({
        status: status as ExceptionStatus | undefined,
        requester: req.query.requester === 'me' ? userRef : undefined,
      }),
      deps.directory.groupsOf(userRef),
    ]);
    res.json({
      items: items.map(e => ({
        ...e,
        canDecide: canDecide(e, userRef, groups),
      })),
    });
  });

  router.get('/exceptions/:id', async (req, res) => {
    const { userRef } = await userOf(req);
    const e = await deps.store.get(req.params.id);
    if (!e) throw new NotFoundError(`No exception ${req.params.id}`);
    const groups = await deps.directory.groupsOf(userRef);
    res.json({ ...e, canDecide: canDecide(e, userRef, groups) });
  });

  router.post('/exceptions/:id/decision', async (req, res) => {
    const { credentials, userRef } = await userOf(req);
    const id = req.params.id;
    const audit = await deps.auditor.createEvent({
      eventId: 'exception-decision',
      severityLevel: 'high',
      request: req,
      meta: {
        actor: userRef,
        exceptionId: id,
        decision:
          typeof req.body?.decision === 'string' ? req.body.decision : null,
      },
    });
    let refusedBy = 'error';
    try {
      const approve = req.body?.decision === 'approve';
      if (!approve && req.body?.decision !== 'deny') {
        refusedBy = 'input';
        throw new InputError('decision must be "approve" or "deny"');
      }
      const comment = prose(req.body?.comment, 'comment', 1);
      const [decision] = await deps.permissions.authorizeConditional(
        [{ permission: exceptionApprovePermission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.DENY) {
        refusedBy = exceptionApprovePermission.name;
        throw new NotAllowedError(
          `Not allowed to decide Golden Path exceptions (${exceptionApprovePermission.name})`,
        );
      }
      const e = await deps.store.get(id);
      if (!e) {
        refusedBy = 'not-found';
        throw new NotFoundError(`No exception ${id}`);
      }
      // The floor, whatever the policy said: the approver group of the environment as configured
      // now, by trusted catalog sources, and never the requester.
      const env = deps.policy.getPolicy().environments[e.environment];
      const approvers = approversOf(e);
      if (userRef === normaliseUserRef(e.requester)) {
        refusedBy = SELF_APPROVAL_RULE;
        throw new NotAllowedError(
          `${SELF_APPROVAL_RULE}: ${userRef} asked for this exception and cannot decide it; another member of ${approvers} must`,
        );
      }
      if (!(await deps.directory.groupsOf(userRef)).includes(approvers)) {
        refusedBy = APPROVER_RULE;
        throw new NotAllowedError(
          `${APPROVER_RULE}: only members of ${approvers} (by trusted catalog sources) decide exceptions in ${e.environment}; ${userRef} is not one`,
        );
      }
      if (decision.result === AuthorizeResult.CONDITIONAL) {
        const resource = await deps.resources.forUsers(
          e,
          userRefsIn(decision.conditions),
        );
        if (!authorizeConditions(decision, resource)) {
          refusedBy = exceptionApprovePermission.name;
          throw new NotAllowedError(
            `Not allowed to decide this exception (${exceptionApprovePermission.name}: the policy's conditions do not hold)`,
          );
        }
      }
      if (e.status !== 'pending') {
        refusedBy = 'not-pending';
        throw new ConflictError(`Exception ${id} is ${e.status}, not pending`);
      }
      const stillExceptable =
        !!env &&
        e.ruleIds.every(r => env.exceptions.rules.includes(r)) &&
        e.durationDays <= env.exceptions.maxDays;
      if (approve && !stillExceptable) {
        refusedBy = 'policy-changed';
        throw new ConflictError(
          `The policy of ${
            e.environment
          } no longer lets approvers except ${e.ruleIds.join(', ')} for ${
            e.durationDays
          } day(s); deny it instead`,
        );
      }
      const decided = await deps.store.decide(id, {
        approve,
        by: userRef,
        comment,
      });
      if (!decided) {
        refusedBy = 'not-pending';
        throw new ConflictError(`Exception ${id} was decided meanwhile`);
      }
      await audit.success({
        meta: { status: decided.status, expiresAt: decided.expiresAt ?? null },
      });
      deps.logger.info(
        `Golden Path exception ${id} ${decided.status} by ${userRef}${
          decided.expiresAt ? ` until ${decided.expiresAt}` : ''
        }`,
      );
      await notify.decided(decided);
      res.json({ ...decided, canDecide: false });
    } catch (error) {
      await audit.fail({ error: error as Error, meta: { refusedBy } });
      throw error;
    }
  });
  return router;
}
