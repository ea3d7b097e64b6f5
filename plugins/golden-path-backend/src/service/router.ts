import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  describeRules,
  evaluate,
  EvaluationContext,
  normaliseGroupRef,
  teamBudget,
} from '@golden-path/plugin-golden-path-common';
import {
  GoldenPathPolicyService,
  TrustedDirectory,
} from '@golden-path/plugin-golden-path-node';
import express from 'express';
import Router from 'express-promise-router';
import { ResourceStore } from './ResourceStore';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  directory: Pick<TrustedDirectory, 'groupsOf'>;
  policy: GoldenPathPolicyService;
  store: ResourceStore;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, directory, policy, store } = options;
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
    const context: EvaluationContext = {};
    if (credentials.principal.type === 'user') {
      // A user is judged as themselves, by trusted sources: the body cannot claim other groups.
      const userRef = credentials.principal.userEntityRef;
      context.requester = {
        userRef,
        groups: await directory.groupsOf(userRef),
      };
    } else if (body.requester && typeof body.requester === 'object') {
      // Services (CI linters, other plugins) say whose request it is.
      const { userRef, groups } = body.requester;
      if (
        !Array.isArray(groups) ||
        !groups.every((g: unknown) => typeof g === 'string')
      ) {
        throw new InputError('requester.groups must be a list of group refs');
      }
      context.requester = {
        userRef: typeof userRef === 'string' ? userRef : undefined,
        groups,
      };
    }
    const input = body.requests ?? body.request;
    const owners = (Array.isArray(input) ? input : [input])
      .map((r: any) => r?.owner)
      .filter(
        (o: unknown): o is string => typeof o === 'string' && o.length < 256,
      );
    context.teamMonthlySpend = await store.monthlySpendByOwner(
      owners.map(normaliseGroupRef),
    );
    res.json(evaluate(input, policy.getPolicy(), context));
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
