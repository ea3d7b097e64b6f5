import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  GoldenPathPolicyService,
  TrustedDirectory,
} from '@golden-path/plugin-golden-path-node';
import express from 'express';
import { SlackSettings } from './config';
import { MODAL_CALLBACK_ID } from './modal';
import { SlackClient, SlackView } from './SlackClient';
import { SlackRuns } from './SlackRuns';
import { SlackTemplates } from './SlackTemplates';
import { SlackUsers } from './SlackUsers';

/** What the command and interaction handlers work with (built once, in router.ts). */
export interface SlackDoor {
  settings: SlackSettings;
  slack: SlackClient;
  users: SlackUsers;
  templates: SlackTemplates;
  runs: SlackRuns;
  policy: GoldenPathPolicyService;
  directory: TrustedDirectory;
  logger: LoggerService;
}

/** A message only the person who typed the command sees. */
export const ephemeral = (res: express.Response, text: string) =>
  res.json({ response_type: 'ephemeral', text });

/** A modal that only says something (a submission that cannot go on). */
export const messageView = (text: string): SlackView => ({
  type: 'modal',
  callback_id: `${MODAL_CALLBACK_ID}-message`,
  title: { type: 'plain_text', text: 'Golden Path' },
  close: { type: 'plain_text', text: 'Close' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
});

export const titleOf = (template: Entity) =>
  String(template.metadata.title ?? template.metadata.name);

/** The template's page in Backstage (where what Slack cannot offer is run). */
export const backstageLink = (settings: SlackSettings, template: Entity) =>
  settings.appBaseUrl
    ? `${settings.appBaseUrl}/create/templates/${
        template.metadata.namespace ?? 'default'
      }/${template.metadata.name}`
    : 'Backstage';

/** Whether the request's workspace is served (`goldenPath.slack.teamIds`). */
export const teamAllowed = (settings: SlackSettings, teamId: unknown) =>
  !settings.teamIds ||
  (typeof teamId === 'string' && settings.teamIds.includes(teamId));
