import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import {
  backstageLink,
  ephemeral,
  SlackDoor,
  teamAllowed,
  titleOf,
} from './door';
import { initialEnvironment, templateFields } from './fields';
import { buildModal, ModalMetadata } from './modal';
import { SlackApiError } from './SlackClient';

/**
 * The `/golden-path` slash command (already verified): `[help]` lists the Golden Paths,
 * `<template> [environment]` opens the template's modal for the mapped user. Every refusal is an
 * ephemeral answer saying why; nothing is started here.
 */
export async function handleCommand(
  door: SlackDoor,
  params: URLSearchParams,
  res: express.Response,
): Promise<void> {
  const { settings, slack, users, templates, policy, directory, logger } = door;
  if (!teamAllowed(settings, params.get('team_id'))) {
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
      )}. Run it in Backstage: ${backstageLink(settings, template)}`,
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
}
