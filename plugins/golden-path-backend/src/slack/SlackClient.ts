import { SlackSecret } from './config';

/** The parts of Slack's user object (users.info) the door reads. */
export interface SlackUser {
  id: string;
  team_id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_email_confirmed?: boolean;
  profile?: { email?: string; real_name?: string; display_name?: string };
}

/** A Slack modal view (https://api.slack.com/reference/surfaces/views). */
export interface SlackView {
  type: 'modal';
  callback_id: string;
  title: { type: 'plain_text'; text: string };
  submit?: { type: 'plain_text'; text: string };
  close?: { type: 'plain_text'; text: string };
  private_metadata?: string;
  blocks: SlackBlock[];
}

export type SlackBlock = { type: string; block_id?: string } & Record<
  string,
  unknown
>;

/** A message to a `response_url` (ephemeral unless it says otherwise). */
export interface SlackMessage {
  text: string;
  blocks?: SlackBlock[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/** Slack answered `ok: false` (its error code, e.g. `user_not_found`), or not at all. */
export class SlackApiError extends Error {
  constructor(readonly method: string, readonly code: string) {
    super(`Slack ${method} failed: ${code}`);
    this.name = 'SlackApiError';
  }
}

/** Calls made while Slack waits (slash command, interaction) have 3 seconds in all. */
const INTERACTIVE_TIMEOUT_MS = 2500;
const RESPONSE_TIMEOUT_MS = 10_000;

/**
 * The one Slack Web API client of the door: users.info, views.open, views.update, and messages to
 * a `response_url`. The bot token goes only into the Authorization header of Web API calls (never
 * to a response_url, never into an error); the base URL is configurable so tests use a stand-in.
 */
export class SlackClient {
  constructor(
    private readonly settings: {
      apiBaseUrl: string;
      botToken: SlackSecret;
      responseUrlOrigins: string[];
    },
  ) {}

  private async call<T>(
    method: string,
    body: { form?: Record<string, string>; json?: unknown },
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.settings.apiBaseUrl}/${method}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${this.settings.botToken.reveal()}`,
          'Content-Type': body.form
            ? 'application/x-www-form-urlencoded'
            : 'application/json; charset=utf-8',
        },
        body: body.form
          ? new URLSearchParams(body.form).toString()
          : JSON.stringify(body.json),
        signal: AbortSignal.timeout(INTERACTIVE_TIMEOUT_MS),
      });
    } catch (e) {
      throw new SlackApiError(
        method,
        (e as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable',
      );
    }
    if (res.status === 429) throw new SlackApiError(method, 'ratelimited');
    const answer = (await res.json().catch(() => undefined)) as
      | ({ ok?: boolean; error?: string } & T)
      | undefined;
    if (!res.ok || !answer?.ok) {
      throw new SlackApiError(
        method,
        typeof answer?.error === 'string'
          ? answer.error.slice(0, 100)
          : `http_${res.status}`,
      );
    }
    return answer;
  }

  async usersInfo(userId: string): Promise<SlackUser> {
    const { user } = await this.call<{ user: SlackUser }>('users.info', {
      form: { user: userId },
    });
    return user;
  }

  async viewsOpen(triggerId: string, view: SlackView): Promise<void> {
    await this.call('views.open', { json: { trigger_id: triggerId, view } });
  }

  async viewsUpdate(
    viewId: string,
    hash: string | undefined,
    view: SlackView,
  ): Promise<void> {
    await this.call('views.update', {
      json: { view_id: viewId, ...(hash && { hash }), view },
    });
  }

  /** Whether a URL may receive messages: only the configured Slack response_url origins. */
  isResponseUrl(url: unknown): url is string {
    if (typeof url !== 'string' || url.length > 2048) return false;
    try {
      const parsed = new URL(url);
      return this.settings.responseUrlOrigins.includes(parsed.origin);
    } catch {
      return false;
    }
  }

  /** Posts a message to a `response_url` (valid 30 minutes, a few uses); no token is sent. */
  async respond(responseUrl: string, message: SlackMessage): Promise<void> {
    if (!this.isResponseUrl(responseUrl)) {
      throw new SlackApiError('response_url', 'not_a_slack_response_url');
    }
    let res: Response;
    try {
      res = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ response_type: 'ephemeral', ...message }),
        signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS),
      });
    } catch (e) {
      throw new SlackApiError(
        'response_url',
        (e as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable',
      );
    }
    if (!res.ok) throw new SlackApiError('response_url', `http_${res.status}`);
  }
}
