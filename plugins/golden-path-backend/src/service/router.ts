import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  describeRules,
  normaliseGroupRef,
  Requester,
  teamBudget,
} from '@golden-path/plugin-golden-path-common';
import {
  GoldenPathPolicyService,
  TrustedDirectory,
} from '@golden-path/plugin-golden-path-node';
import express from 'express';
import Router from 'express-promise-router';
import { evaluateRequests, requesterOf } from './evaluation';
import type { ExceptionStore } from '../exceptions/ExceptionStore';
import { ResourceStore } from './ResourceStore';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  directory: Pick<TrustedDirectory, 'groupsOf'>;
  policy: GoldenPathPolicyService;
  store: ResourceStore;
  /** Approved exceptions a user's evaluation applies (looked at, never taken). */
  exceptions?: Pick<ExceptionStore, 'peek'>;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, directory, policy, store, exceptions } = options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/policy', async (req, res) => {
    const p = policy.getPolicy();
    const environment = req.query.environment;
    if (environment === undefined) {
      res.json({
        mode: policy.decideMode('github', true).mode,
        ...p,
        rules: describeRules(),
      });
      return;
    }
    // One environment only: what a form needs to offer the choices of the chosen environment.
    if (
      typeof environment !== 'string' ||
      !Object.prototype.hasOwnProperty.call(p.environments, environment)
    ) {
      throw new NotFoundError(
        `Environment ${JSON.stringify(
          String(environment).slice(0, 40),
        )} is not configured; configured: ${Object.keys(p.environments).join(
          ', ',
        )}`,
      );
    }
    res.json({
      mode: policy.decideMode('github', true).mode,
      ...p,
      environments: { [environment]: p.environments[environment] },
      rules: describeRules(),
    });
  });

  router.post('/policy/evaluate', async (req, res) => {
    const body = req.body;
    if (
      !body ||
      typeof body !== 'object' ||
      !('requests' in body || 'request' in body)
    ) {
      throw new InputError(
        'Body must be JSON with "requests" (a list) or "request" (one request)',
      );
    }
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    let requester: Requester | undefined;
    if (credentials.principal.type === 'user') {
      // A user is judged as themselves, by trusted sources: the body cannot claim other groups.
      requester = await requesterOf(
        credentials.principal.userEntityRef,
        directory,
      );
    } else if (body.requester && typeof body.requester === 'object') {
      // Services (CI linters, other plugins) say whose request it is.
      const { userRef, groups } = body.requester;
      if (
        !Array.isArray(groups) ||
        !groups.every((g: unknown) => typeof g === 'string')
      ) {
        throw new InputError('requester.groups must be a list of group refs');
      }
      requester = {
        userRef: typeof userRef === 'string' ? userRef : undefined,
        groups,
      };
    }
    res.json(
      await evaluateRequests(body.requests ?? body.request, requester, {
        directory,
        policy,
        store,
        // A user sees their own approved exceptions applied, as their run will apply them.
        ...(credentials.principal.type === 'user' && { exceptions }),
      }),
    );
  });

  router.get('/budget', async (req, res) => {
    const owner = req.query.owner;
    if (typeof owner !== 'string' || !owner)
      throw new InputError('owner query parameter is required');
    const ref = normaliseGroupRef(owner);
    const spent = (await store.monthlySpendByOwner([ref]))[ref] ?? 0;
    const { budget } = policy.getPolicy();
    const limit = teamBudget(budget.teamMonthly, ref);
    res.json({
      owner: ref,
      currency: budget.currency,
      monthlyBudget: limit,
      monthlySpend: spent,
      remaining: Math.max(0, limit - spent),
      maxMonthlyPerRequest: budget.maxMonthlyPerRequest,
    });
  });

  return router;
}
