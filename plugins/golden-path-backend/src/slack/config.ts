import { Config } from '@backstage/config';
import { inspect } from 'node:util';

/**
 * A secret from config. It prints as `[secret]` wherever it ends up by mistake (a log line, an
 * error, JSON); `reveal()` is called only where the value is used (the HMAC key, the
 * Authorization header).
 */
export class SlackSecret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [inspect.custom](): string {
    return '[secret]';
  }
}

/** `goldenPath.slack`, read once at start-up. */
export interface SlackSettings {
  signingSecret: SlackSecret;
  botToken: SlackSecret;
  /** Slack Web API base, without a trailing slash (default https://slack.com/api). */
  apiBaseUrl: string;
  /** Origins a `response_url` may have (default https://hooks.slack.com). */
  responseUrlOrigins: string[];
  /** Template refs offered in Slack; undefined: every Golden Path template. */
  templates?: string[];
  /** Slack workspace (team) ids allowed to use the command; undefined: any workspace of the app. */
  teamIds?: string[];
  /** Backstage app base URL, for links to tasks. */
  appBaseUrl?: string;
}

function origin(url: string, key: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`goldenPath.slack.${key}: "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`goldenPath.slack.${key}: "${url}" is not http(s)`);
  }
  return parsed.origin;
}

/** A template name or ref as a full, lower-case template ref. */
export function templateRef(nameOrRef: string): string {
  const value = nameOrRef.trim().toLowerCase();
  if (value.startsWith('template:')) {
    return value.includes('/')
      ? value
      : `template:default/${value.slice('template:'.length)}`;
  }
  return value.includes('/')
    ? `template:${value}`
    : `template:default/${value}`;
}

/**
 * Reads `goldenPath.slack`. Absent: undefined (the Slack routes answer 404). Present: the signing
 * secret and bot token are required, and a wrong value stops start-up with a message naming the
 * key, never its value.
 */
export function readSlackSettings(config: Config): SlackSettings | undefined {
  const slack = config.getOptionalConfig('goldenPath.slack');
  if (!slack) return undefined;
  const signingSecret = slack.getOptionalString('signingSecret');
  const botToken = slack.getOptionalString('botToken');
  if (!signingSecret || !botToken) {
    throw new Error(
      'goldenPath.slack needs signingSecret and botToken (from the Slack app settings; docs/slack.md)',
    );
  }
  const apiBaseUrl = (
    slack.getOptionalString('apiBaseUrl') ?? 'https://slack.com/api'
  ).replace(/\/+$/, '');
  origin(apiBaseUrl, 'apiBaseUrl');
  const responseUrlOrigins = (
    slack.getOptionalStringArray('responseUrlOrigins') ?? [
      'https://hooks.slack.com',
    ]
  ).map(o => origin(o, 'responseUrlOrigins'));
  const templates = slack.getOptionalStringArray('templates')?.map(templateRef);
  const teamIds = slack.getOptionalStringArray('teamIds');
  return {
    signingSecret: new SlackSecret(signingSecret),
    botToken: new SlackSecret(botToken),
    apiBaseUrl,
    responseUrlOrigins,
    templates,
    teamIds,
    appBaseUrl: config.getOptionalString('app.baseUrl')?.replace(/\/+$/, ''),
  };
}
