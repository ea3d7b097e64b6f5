import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  AuthenticationError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GoldenPathPolicyService,
  TrustedDirectory,
} from '@golden-path/plugin-golden-path-node';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { readSlackSettings } from './config';
import {
  blockId,
  buildModal,
  chosenEnvironment,
  Field,
  initialEnvironment,
  MODAL_CALLBACK_ID,
  ModalMetadata,
  readMetadata,
  readSubmission,
  templateFields,
} from './modal';
import { ReplayGuard } from './ReplayGuard';
import { SlackApiError, SlackClient, SlackView } from './SlackClient';
import { SlackRuns, TaskReader } from './SlackRuns';
import { SlackTemplates } from './SlackTemplates';
import { SlackUsers } from './SlackUsers';
import { SlackSignatureRefusal, verifySlackSignature } from './signature';
import { AuthBackendUserTokens, UserTokenSource } from './userTokens';

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

const REFUSALS: Record<SlackSignatureRefusal, string> = {
  missing: 'Slack signature headers are missing',
  malformed: 'Slack signature headers are malformed',
  expired: 'Slack request timestamp is outside the 5-minute window',
  mismatch: 'Slack signature does not match',
};

const ephemeral = (res: express.Response, text: string) =>
  res.json({ response_type: 'ephemeral', text });

/** A modal that only says something (a submission that cannot go on). */
const messageView = (text: string): SlackView => ({
  type: 'modal',
  callback_id: `${MODAL_CALLBACK_ID}-message`,
  title: { type: 'plain_text', text: 'Golden Path' },
  close: { type: 'plain_text', text: 'Close' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
});

const titleOf = (template: Entity) =>
  String(template.metadata.title ?? template.metadata.name);

/**
 * `POST /slack/commands` (the `/golden-path` slash command) and `POST /slack/interactions` (the
 * modal). Both read the raw body themselves and check Slack's v0 signature on those exact bytes,
 * the timestamp window and replays before anything else runs; a request that fails answers 401
 * and starts nothing. Without `goldenPath.slack` both answer 404.
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
  const { logger, directory, policy } = options;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const replay = new ReplayGuard(options.knex);
  const slack = new SlackClient(settings);
  const users = new SlackUsers({
    slack,
    catalog: options.catalog,
    auth: options.auth,
    directory,
    teamIds: settings.teamIds,
  });
  const templates = new SlackTemplates({
    catalog: options.catalog,
    auth: options.auth,
    allowed: settings.templates,
  });
  const runs = new SlackRuns({
    discovery: options.discovery,
    tokens:
      options.tokens ??
      new AuthBackendUserTokens({
        discovery: options.discovery,
        auth: options.auth,
      }),
    tasks: options.tasks,
    slack,
    logger,
    appBaseUrl: settings.appBaseUrl,
    pollMs: options.pollMs,
  });
  const backstageLink = (template?: Entity) =>
    settings.appBaseUrl
      ? `${settings.appBaseUrl}/create${
          template
            ? `/templates/${template.metadata.namespace ?? 'default'}/${
                template.metadata.name
              }`
            : ''
        }`
      : 'Backstage';

  // The exact bytes Slack signed; nothing parses the body before the signature is checked.
  const rawBody = express.raw({ type: () => true, limit: '1mb' });
  const verified: express.RequestHandler = async (req, res, next) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = verifySlackSignature({
      signingSecret: settings.signingSecret.reveal(),
      timestamp: req.header('x-slack-request-timestamp'),
      signature: req.header('x-slack-signature'),
      rawBody: body,
      nowSeconds: now(),
    });
    if (!check.ok) {
      logger.info(`Golden Path Slack: request refused (${check.reason})`);
      throw new AuthenticationError(REFUSALS[check.reason]);
    }
    if (!(await replay.firstSeen(check.signature, check.timestamp, now()))) {
      logger.info('Golden Path Slack: request refused (replay)');
      throw new AuthenticationError('Slack request was already received');
    }
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new InputError('Slack requests are form-encoded');
    }
    res.locals.slackForm = new URLSearchParams(body.toString('utf8'));
    next();
  };
  const form = (res: express.Response): URLSearchParams => res.locals.slackForm;
  const teamAllowed = (teamId: unknown) =>
    !settings.teamIds ||
    (typeof teamId === 'string' && settings.teamIds.includes(teamId));

  router.post('/slack/commands', rawBody, verified, async (_req, res) => {
    const params = form(res);
    if (!teamAllowed(params.get('team_id'))) {
      ephemeral(res, 'Golden Path does not serve this Slack workspace.');
      return;
    }
    const mapping = await users.map(params.get('user_id') ?? '');
    if (!mapping.ok) {
      ephemeral(res, mapping.message);
      return;
    }
    const [name, environmentArg] = (params.get('text') ?? '')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    const command = params.get('command') || '/golden-path';
    if (!name || name === 'help' || name === 'list') {
      const offered = await templates.list();
      ephemeral(
        res,
        [
          `Usage: \`${command} <template> [environment]\`. You run as ${mapping.userRef}. Golden Paths:`,
          ...offered.map(t => `• \`${t.metadata.name}\`: ${titleOf(t)}`),
        ].join('\n'),
      );
      return;
    }
    const template = await templates.find(name);
    if (!template) {
      ephemeral(
        res,
        `There is no Golden Path called \`${name.slice(
          0,
          80,
        )}\` here; \`${command}\` lists them.`,
      );
      return;
    }
    const p = policy.getPolicy();
    const environment = initialEnvironment(template, p, environmentArg);
    if (!environment) {
      ephemeral(
        res,
        `\`${environmentArg?.slice(0, 40)}\` is not an environment ${
          template.metadata.name
        } offers; the configured ones are ${Object.keys(p.environments).join(
          ', ',
        )}.`,
      );
      return;
    }
    const responseUrl = params.get('response_url') ?? '';
    if (!slack.isResponseUrl(responseUrl)) {
      ephemeral(
        res,
        'Slack sent a response_url Golden Path does not accept (goldenPath.slack.responseUrlOrigins), so it could not report back; nothing was started.',
      );
      return;
    }
    const groups = await directory.groupsOf(mapping.userRef);
    const built = templateFields(template, { policy: p, environment, groups });
    if ('unsupported' in built) {
      ephemeral(
        res,
        `${titleOf(
          template,
        )} asks for what Slack cannot offer: ${built.unsupported.join(
          ', ',
        )}. Run it in Backstage: ${backstageLink(template)}`,
      );
      return;
    }
    const metadata: ModalMetadata = {
      t: stringifyEntityRef(template),
      e: environment,
      r: responseUrl,
    };
    try {
      await slack.viewsOpen(
        params.get('trigger_id') ?? '',
        buildModal(template, built.fields, {
          policy: p,
          environment,
          groups,
          userRef: mapping.userRef,
          metadata,
        }),
      );
    } catch (e) {
      const code = e instanceof SlackApiError ? e.code : 'error';
      logger.warn(`Golden Path Slack: views.open failed (${code})`);
      ephemeral(res, `Golden Path could not open the form (${code}).`);
      return;
    }
    res.status(200).end();
  });

  router.post('/slack/interactions', rawBody, verified, async (_req, res) => {
    let payload: any;
    try {
      payload = JSON.parse(form(res).get('payload') ?? '');
    } catch {
      throw new InputError('Slack interaction without a JSON payload');
    }
    const view = payload?.view;
    if (
      !teamAllowed(payload?.team?.id ?? payload?.user?.team_id) ||
      view?.callback_id !== MODAL_CALLBACK_ID
    ) {
      res.status(200).end();
      return;
    }
    const metadata = readMetadata(view.private_metadata);
    if (!metadata) {
      res.status(200).end();
      return;
    }
    // Who submits is who Slack says; they are mapped again, never taken from the modal.
    const mapping = await users.map(String(payload.user?.id ?? ''));
    if (!mapping.ok) {
      if (payload.type === 'view_submission') {
        res.json({
          response_action: 'update',
          view: messageView(mapping.message),
        });
      } else res.status(200).end();
      return;
    }
    const template = await templates.find(metadata.t);
    if (!template) {
      if (payload.type === 'view_submission') {
        res.json({
          response_action: 'update',
          view: messageView('This Golden Path is no longer offered.'),
        });
      } else res.status(200).end();
      return;
    }
    const p = policy.getPolicy();
    const groups = await directory.groupsOf(mapping.userRef);
    const fieldsFor = (environment: string): Field[] | undefined => {
      const built = templateFields(template, {
        policy: p,
        environment,
        groups,
      });
      return 'fields' in built ? built.fields : undefined;
    };

    if (payload.type === 'block_actions') {
      // The environment changed: the policy choices become the new environment's.
      const fields = fieldsFor(metadata.e);
      const next = fields && chosenEnvironment(view.state?.values, fields);
      if (
        fields &&
        next &&
        next !== metadata.e &&
        initialEnvironment(template, p, next) &&
        typeof view.id === 'string'
      ) {
        const nextFields = fieldsFor(next);
        if (nextFields) {
          await slack
            .viewsUpdate(
              view.id,
              typeof view.hash === 'string' ? view.hash : undefined,
              buildModal(template, nextFields, {
                policy: p,
                environment: next,
                groups,
                userRef: mapping.userRef,
                metadata: { ...metadata, e: next },
              }),
            )
            .catch(e =>
              logger.warn(
                `Golden Path Slack: views.update failed (${
                  e instanceof SlackApiError ? e.code : 'error'
                })`,
              ),
            );
        }
      }
      res.status(200).end();
      return;
    }

    if (payload.type !== 'view_submission') {
      res.status(200).end();
      return;
    }
    const fields = fieldsFor(metadata.e);
    if (!fields) {
      res.json({
        response_action: 'update',
        view: messageView(
          `${titleOf(
            template,
          )} can no longer be run from Slack: ${backstageLink(template)}`,
        ),
      });
      return;
    }
    const { values, errors } = readSubmission(view.state?.values, fields);
    const environmentField = fields.find(
      f => f.kind === 'select' && f.environment,
    );
    if (
      environmentField &&
      values[environmentField.name] !== undefined &&
      values[environmentField.name] !== metadata.e
    ) {
      errors[blockId(environmentField)] =
        'The choices below are still those of the previous environment; choose it again.';
    }
    if (Object.keys(errors).length) {
      res.json({ response_action: 'errors', errors });
      return;
    }
    if (!metadata.r || !slack.isResponseUrl(metadata.r)) {
      res.json({
        response_action: 'update',
        view: messageView('Golden Path cannot report back to Slack here.'),
      });
      return;
    }
    // Slack waits 3 seconds for this answer; the task is created and followed after it.
    res.status(200).end();
    runs
      .run({
        userRef: mapping.userRef,
        templateRef: stringifyEntityRef(template),
        templateTitle: titleOf(template),
        values,
        responseUrl: metadata.r,
      })
      .catch(e =>
        logger.error(`Golden Path Slack: run failed: ${(e as Error).message}`),
      );
  });

  return router;
}
