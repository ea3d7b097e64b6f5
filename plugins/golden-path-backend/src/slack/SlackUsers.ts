import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TrustedDirectory } from '@golden-path/plugin-golden-path-node';
import { SlackApiError, SlackClient } from './SlackClient';

/** The Backstage user behind a Slack user, or why there is none (a message for that user). */
export type SlackUserMapping =
  | { ok: true; userRef: string }
  | { ok: false; message: string };

const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}$/;

/**
 * Slack user → Backstage user: the email Slack holds for the account (users.info, scope
 * `users:read.email`) → the one User entity whose `spec.profile.email` is that email, among
 * entities from trusted catalog sources only. A User entity someone registered from their own
 * location with another person's email matches nobody, so it cannot make them that person.
 */
export class SlackUsers {
  constructor(
    private readonly deps: {
      slack: SlackClient;
      catalog: CatalogService;
      auth: AuthService;
      directory: Pick<TrustedDirectory, 'isTrusted'>;
      teamIds?: string[];
    },
  ) {}

  async map(slackUserId: string): Promise<SlackUserMapping> {
    if (!/^[A-Z0-9]{2,32}$/.test(slackUserId)) {
      return { ok: false, message: 'Slack sent no valid user id.' };
    }
    let user;
    try {
      user = await this.deps.slack.usersInfo(slackUserId);
    } catch (e) {
      const code = e instanceof SlackApiError ? e.code : 'error';
      return {
        ok: false,
        message: `Golden Path could not look up your Slack account (users.info: ${code}); nothing was started.`,
      };
    }
    if (user.deleted || user.is_bot) {
      return {
        ok: false,
        message: 'Golden Path runs for people only; nothing was started.',
      };
    }
    const { teamIds } = this.deps;
    if (teamIds && (!user.team_id || !teamIds.includes(user.team_id))) {
      return {
        ok: false,
        message:
          'Your Slack workspace is not one Golden Path serves; nothing was started.',
      };
    }
    const email = user.profile?.email?.trim();
    if (!email || !EMAIL.test(email)) {
      return {
        ok: false,
        message:
          'Slack did not give Golden Path your email address (the app needs the users:read.email scope), so it cannot tell which Backstage user you are; nothing was started.',
      };
    }
    if (user.is_email_confirmed === false) {
      return {
        ok: false,
        message: `Your Slack email address (${email}) is not confirmed yet, so Golden Path cannot rely on it; nothing was started.`,
      };
    }
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      { filter: { kind: 'User', 'spec.profile.email': email } },
      { credentials },
    );
    const matches = items.filter(
      e =>
        this.deps.directory.isTrusted(e) &&
        String(
          (e.spec as { profile?: { email?: unknown } })?.profile?.email ?? '',
        ).toLowerCase() === email.toLowerCase(),
    );
    if (matches.length === 0) {
      return {
        ok: false,
        message: `No Backstage user has your Slack email address (${email}) in the organisation's catalog, so Golden Path cannot run anything as you; nothing was started. Ask the platform team to add it to your User entity (spec.profile.email).`,
      };
    }
    if (matches.length > 1) {
      return {
        ok: false,
        message: `Several Backstage users have your Slack email address (${email}), so Golden Path cannot tell which one you are; nothing was started. Ask the platform team to fix the catalog.`,
      };
    }
    return { ok: true, userRef: stringifyEntityRef(matches[0]) };
  }
}
