import { LoggerService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';
import express from 'express';
import { SlackSettings } from './config';
import { ReplayGuard } from './ReplayGuard';
import { SlackSignatureRefusal, verifySlackSignature } from './signature';

const REFUSALS: Record<SlackSignatureRefusal, string> = {
  missing: 'Slack signature headers are missing',
  malformed: 'Slack signature headers are malformed',
  expired: 'Slack request timestamp is outside the 5-minute window',
  mismatch: 'Slack signature does not match',
};

/**
 * The handlers in front of every Slack route: read the body as raw bytes (nothing parses it
 * before the signature is checked), check Slack's v0 signature on exactly those bytes and the
 * timestamp window, record the request so a replay is refused on every replica, and only then
 * parse the form. Anything that fails answers 401 (AuthenticationError) and runs nothing else.
 */
export function slackVerification(options: {
  settings: SlackSettings;
  replay: ReplayGuard;
  logger: LoggerService;
  now: () => number;
}): express.RequestHandler[] {
  const { settings, replay, logger, now } = options;
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
  return [rawBody, verified];
}

/** The verified form of the request (set by {@link slackVerification}). */
export const slackForm = (res: express.Response): URLSearchParams =>
  res.locals.slackForm;
