import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import {
  backstageLink,
  messageView,
  SlackDoor,
  teamAllowed,
  titleOf,
} from './door';
import { Field, initialEnvironment, templateFields } from './fields';
import {
  blockId,
  buildModal,
  chosenEnvironment,
  MODAL_CALLBACK_ID,
  ModalMetadata,
  readMetadata,
  readSubmission,
} from './modal';
import { SlackApiError } from './SlackClient';

/**
 * The modal's interactions (already verified): `block_actions` when the environment changes (the
 * policy choices are rebuilt, views.update), `view_submission` (checked, then the task is started
 * as the mapped user after Slack got its answer). Anything else is acknowledged and ignored.
 */
export async function handleInteraction(
  door: SlackDoor,
  params: URLSearchParams,
  res: express.Response,
): Promise<void> {
  let payload: any;
  try {
    payload = JSON.parse(params.get('payload') ?? '');
  } catch {
    throw new InputError('Slack interaction without a JSON payload');
  }
  const view = payload?.view;
  const metadata =
    view?.callback_id === MODAL_CALLBACK_ID
      ? readMetadata(view.private_metadata)
      : undefined;
  if (
    !metadata ||
    !teamAllowed(door.settings, payload?.team?.id ?? payload?.user?.team_id)
  ) {
    res.status(200).end();
    return;
  }
  const submission = payload.type === 'view_submission';
  const stop = (text: string) => {
    if (submission)
      res.json({ response_action: 'update', view: messageView(text) });
    else res.status(200).end();
  };
  // Who submits is who Slack says; they are mapped again, never taken from the modal.
  const mapping = await door.users.map(String(payload.user?.id ?? ''));
  if (!mapping.ok) {
    stop(mapping.message);
    return;
  }
  const template = await door.templates.find(metadata.t);
  if (!template) {
    stop('This Golden Path is no longer offered.');
    return;
  }
  const run = {
    door,
    template,
    metadata,
    view,
    userRef: mapping.userRef,
    groups: await door.directory.groupsOf(mapping.userRef),
  };
  if (payload.type === 'block_actions') {
    await environmentChanged(run);
    res.status(200).end();
  } else if (submission) {
    submitted(run, res);
  } else {
    res.status(200).end();
  }
}

interface Interaction {
  door: SlackDoor;
  template: Entity;
  metadata: ModalMetadata;
  view: any;
  userRef: string;
  groups: string[];
}

function fieldsFor(i: Interaction, environment: string): Field[] | undefined {
  const built = templateFields(i.template, {
    policy: i.door.policy.getPolicy(),
    environment,
    groups: i.groups,
  });
  return 'fields' in built ? built.fields : undefined;
}

/** The environment changed: the policy choices become the new environment's. */
async function environmentChanged(i: Interaction): Promise<void> {
  const { door, template, metadata, view } = i;
  const policy = door.policy.getPolicy();
  const fields = fieldsFor(i, metadata.e);
  const next = fields && chosenEnvironment(view.state?.values, fields);
  if (
    !next ||
    next === metadata.e ||
    !initialEnvironment(template, policy, next) ||
    typeof view.id !== 'string'
  )
    return;
  const nextFields = fieldsFor(i, next);
  if (!nextFields) return;
  await door.slack
    .viewsUpdate(
      view.id,
      typeof view.hash === 'string' ? view.hash : undefined,
      buildModal(template, nextFields, {
        policy,
        environment: next,
        groups: i.groups,
        userRef: i.userRef,
        metadata: { ...metadata, e: next },
      }),
    )
    .catch(e =>
      door.logger.warn(
        `Golden Path Slack: views.update failed (${
          e instanceof SlackApiError ? e.code : 'error'
        })`,
      ),
    );
}

/** The submission: mistakes go back onto their inputs; otherwise the run starts after the answer. */
function submitted(i: Interaction, res: express.Response): void {
  const { door, template, metadata, view } = i;
  const fields = fieldsFor(i, metadata.e);
  if (!fields) {
    res.json({
      response_action: 'update',
      view: messageView(
        `${titleOf(template)} can no longer be run from Slack: ${backstageLink(
          door.settings,
          template,
        )}`,
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
  if (!metadata.r || !door.slack.isResponseUrl(metadata.r)) {
    res.json({
      response_action: 'update',
      view: messageView('Golden Path cannot report back to Slack here.'),
    });
    return;
  }
  // Slack waits 3 seconds for this answer; the task is created and followed after it.
  res.status(200).end();
  door.runs
    .run({
      userRef: i.userRef,
      templateRef: stringifyEntityRef(template),
      templateTitle: titleOf(template),
      values,
      responseUrl: metadata.r,
    })
    .catch(e =>
      door.logger.error(
        `Golden Path Slack: run failed: ${(e as Error).message}`,
      ),
    );
}
