import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GoldenPathPolicyService,
  TrustedDirectory,
} from '@golden-path/plugin-golden-path-node';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { handleCommand } from './commands';
import { readSlackSettings } from './config';
import { SlackDoor } from './door';
import { handleInteraction } from './interactions';
import { ReplayGuard } from './ReplayGuard';
import { SlackClient } from './SlackClient';
import { SlackRuns, TaskReader } from './SlackRuns';
import { SlackTemplates } from './SlackTemplates';
import { SlackUsers } from './SlackUsers';
import { AuthBackendUserTokens, UserTokenSource } from './userTokens';
import { slackForm, slackVerification } from './verify';

/** The Slack routes, relative to the plugin's base URL; only a valid Slack signature gets in. */
export const SLACK_PATHS = ['/slack/commands', '/slack/interactions'];

export interface SlackRouterOptions {
  config: Config;
  logger: LoggerService;
  knex: Knex;
  auth: AuthService;
  discovery: DiscoveryService;
  catalog: CatalogService;
  directory: TrustedDirectory;
  policy: GoldenPathPolicyService;
  tasks: TaskReader;
  /** Where user tokens come from; default the auth backend's golden-path Slack sign-in. */
  tokens?: UserTokenSource;
  /** Seconds since the epoch (tests move the clock). */
  now?: () => number;
  pollMs?: number;
}

/**
 * `POST /slack/commands` (the `/golden-path` slash command) and `POST /slack/interactions` (the
 * modal). Both read the raw body themselves and check Slack's v0 signature on those exact bytes,
 * the timestamp window and replays before anything else runs (verify.ts); a request that fails
 * answers 401 and starts nothing. Without `goldenPath.slack` both answer 404.
 */
export function createSlackRouter(options: SlackRouterOptions): express.Router {
  const router = Router();
  const settings = readSlackSettings(options.config);
  if (!settings) {
    router.use('/slack', () => {
      throw new NotFoundError(
        'The Slack door is not configured (goldenPath.slack; docs/slack.md)',
      );
    });
    return router;
  }
  const { logger, directory, catalog, auth, discovery } = options;
  const slack = new SlackClient(settings);
  const door: SlackDoor = {
    settings,
    slack,
    users: new SlackUsers({
      slack,
      catalog,
      auth,
      directory,
      teamIds: settings.teamIds,
    }),
    templates: new SlackTemplates({
      catalog,
      auth,
      directory,
      allowed: settings.templates,
    }),
    runs: new SlackRuns({
      discovery,
      tokens: options.tokens ?? new AuthBackendUserTokens({ discovery, auth }),
      tasks: options.tasks,
      slack,
      logger,
      appBaseUrl: settings.appBaseUrl,
      pollMs: options.pollMs,
    }),
    policy: options.policy,
    directory,
    logger,
  };
  const verified = slackVerification({
    settings,
    replay: new ReplayGuard(options.knex),
    logger,
    now: options.now ?? (() => Math.floor(Date.now() / 1000)),
  });
  router.post('/slack/commands', ...verified, (_req, res) =>
    handleCommand(door, slackForm(res), res),
  );
  router.post('/slack/interactions', ...verified, (_req, res) =>
    handleInteraction(door, slackForm(res), res),
  );
  return router;
}
