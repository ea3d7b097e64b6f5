import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import authPlugin from '@backstage/plugin-auth-backend';
import goldenPathSlackAuth from '@golden-path/plugin-golden-path-backend/auth';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  eventually,
  REPO_ROOT,
  startGoldenPathBackend,
} from '../integration/backend';
import {
  FakeSlack,
  fillView,
  sign,
  startFakeSlack,
  TEAM_ID,
} from './fakeSlack';

/**
 * The Slack door end to end: the real backend (catalog, scaffolder with the Golden Path actions,
 * golden-path, and the real auth backend with the golden-path Slack sign-in and real token
 * services) against a local Slack stand-in. Slack's side of each exchange (signing, the modal a
 * user fills in) is played by the test.
 */

const SIGNING_SECRET = 'slack-test-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-test-bot-token';
const READER_TOKEN = 'slack-suite-task-reader-token';

// An insider's own catalog file: a User with an email. Trust is limited to the organisation's
// catalog-info.yaml, so this location is configured but not trusted.
const untrustedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-slack-'));
const untrustedFile = path.join(untrustedDir, 'mine.yaml');
fs.writeFileSync(
  untrustedFile,
  `apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: mallory
spec:
  profile:
    email: mallory@example.com
  memberOf: [platform]
`,
);

const SLACK_USERS = [
  { id: 'UGUEST01', team_id: TEAM_ID, email: 'guest@example.com' },
  { id: 'UNOBODY1', team_id: TEAM_ID, email: 'nobody@example.com' },
  { id: 'UMALLORY', team_id: TEAM_ID, email: 'mallory@example.com' },
];

let slack: FakeSlack;
let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;
const reader = { Authorization: `Bearer ${READER_TOKEN}` };

beforeAll(async () => {
  slack = await startFakeSlack({ botToken: BOT_TOKEN, users: SLACK_USERS });
  ctx = await startGoldenPathBackend({
    catalogFiles: [untrustedFile],
    goldenPath: {
      slack: {
        signingSecret: SIGNING_SECRET,
        botToken: BOT_TOKEN,
        apiBaseUrl: slack.apiBaseUrl,
        responseUrlOrigins: [slack.origin],
        teamIds: [TEAM_ID],
      },
      trust: {
        includeConfiguredCatalogLocations: false,
        catalogLocations: [`file:${path.join(REPO_ROOT, 'catalog-info.yaml')}`],
      },
    },
    config: {
      app: { baseUrl: 'http://localhost:3000' },
      auth: { providers: { 'golden-path-slack': {} } },
      // backend is replaced as a whole here: baseUrl as the helper sets it, plus a static token
      // this suite reads tasks with (a service principal, not a user).
      backend: {
        baseUrl: 'http://localhost:0',
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: READER_TOKEN, subject: 'slack-suite' },
            },
          ],
        },
      },
    },
    // Real token services: the scaffolder verifies the user token the auth backend issued.
    httpAuth: httpAuthServiceFactory,
    extraFeatures: [authServiceFactory, authPlugin, goldenPathSlackAuth],
  });
  await eventually(async () => {
    for (const name of [
      'template/default/s3-bucket',
      'template/default/redis-cache',
      'user/default/guest',
      'user/default/mallory',
    ]) {
      const res = await ctx
        .request()
        .get(`/api/catalog/entities/by-name/${name}`)
        .set(reader);
      if (res.status !== 200) return undefined;
    }
    return true;
  }, 60_000);
});

afterAll(async () => {
  await ctx?.backend.stop();
  await slack?.stop();
  fs.rmSync(untrustedDir, { recursive: true, force: true });
});

async function tasks(): Promise<any[]> {
  const res = await ctx
    .request()
    .get('/api/scaffolder/v2/tasks')
    .set(reader)
    .expect(200);
  return res.body.tasks;
}

const now = () => Math.floor(Date.now() / 1000);

/** A request as Slack sends it: form-encoded, signed (unless told otherwise). */
function post(
  route: 'commands' | 'interactions',
  body: string,
  options: {
    timestamp?: number;
    secret?: string;
    signature?: string | null;
  } = {},
) {
  const timestamp = options.timestamp ?? now();
  const req = ctx
    .request()
    .post(`/api/golden-path/slack/${route}`)
    .set('Content-Type', 'application/x-www-form-urlencoded');
  if (options.signature !== null) {
    req
      .set('X-Slack-Request-Timestamp', String(timestamp))
      .set(
        'X-Slack-Signature',
        options.signature ??
          sign(options.secret ?? SIGNING_SECRET, timestamp, body),
      );
  }
  return req.send(body);
}

function commandBody(userId: string, text: string) {
  const response = slack.responseUrl();
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    team_domain: 'acme',
    channel_id: 'C0PLATFORM',
    channel_name: 'platform',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: '/golden-path',
    text,
    api_app_id: 'A0GOLDEN',
    is_enterprise_install: 'false',
    response_url: response.url,
    trigger_id: slack.trigger(),
  }).toString();
  return { body, messages: response.messages };
}

function interactionBody(payload: unknown) {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function submission(
  userId: string,
  opened: { id: string; hash: string; view: any },
  answers: Record<string, unknown>,
) {
  return interactionBody({
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'acme' },
    user: { id: userId, team_id: TEAM_ID },
    api_app_id: 'A0GOLDEN',
    trigger_id: slack.trigger(),
    view: {
      id: opened.id,
      hash: opened.hash,
      type: 'modal',
      callback_id: opened.view.callback_id,
      private_metadata: opened.view.private_metadata,
      state: { values: fillView(opened.view, answers) },
    },
  });
}

/** Opens the modal of a template as a Slack user; the view Slack received. */
async function openModal(userId: string, text: string) {
  const before = slack.opened.length;
  const command = commandBody(userId, text);
  const res = await post('commands', command.body);
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  expect(slack.opened).toHaveLength(before + 1);
  return { opened: slack.opened[before], messages: command.messages };
}

const inputs = (view: any) =>
  Object.fromEntries(
    view.blocks
      .filter((b: any) => b.type === 'input')
      .map((b: any) => [b.block_id, b]),
  );

let startedBySlack = 0;
let tasksAtStart = 0;

describe('the /golden-path slash command', () => {
  beforeAll(async () => {
    tasksAtStart = (await tasks()).length;
  });

  it('opens a modal built from s3-bucket parameters and runs it as the mapped user, reporting to the response_url', async () => {
    const { opened, messages } = await openModal('UGUEST01', 's3-bucket');
    const view = opened.view;
    expect(view.callback_id).toBe('golden-path-run');
    const blocks = inputs(view);
    // Every s3-bucket parameter but the display-only cost estimate, in template order.
    expect(Object.keys(blocks)).toEqual([
      'gp:name',
      'gp:owner',
      'gp:component',
      'gp:environment',
      'gp:expectedStorageGb',
      'gp:costCenter',
    ]);
    expect(blocks['gp:name']).toMatchObject({
      optional: false,
      label: { text: 'Bucket name' },
      element: { type: 'plain_text_input' },
    });
    // Owner: the user's teams from the trusted catalog (guest is in platform and payments).
    expect(blocks['gp:owner'].element.type).toBe('static_select');
    expect(blocks['gp:owner'].element.options.map((o: any) => o.value)).toEqual(
      ['group:default/payments', 'group:default/platform'],
    );
    expect(blocks['gp:component']).toMatchObject({
      optional: true,
      element: { type: 'plain_text_input' },
    });
    // Environment: the configured policy profiles; changing it re-reads the choices.
    expect(blocks['gp:environment']).toMatchObject({
      dispatch_action: true,
      element: {
        type: 'static_select',
        initial_option: { value: 'dev' },
      },
    });
    expect(
      blocks['gp:environment'].element.options.map((o: any) => o.value),
    ).toEqual(['dev', 'prod']);
    expect(blocks['gp:expectedStorageGb'].element).toMatchObject({
      type: 'number_input',
      is_decimal_allowed: true,
      initial_value: '10',
      min_value: '0',
      max_value: '10000',
    });
    expect(blocks['gp:costCenter']).toMatchObject({
      optional: true,
      element: { type: 'plain_text_input' },
    });
    expect(JSON.stringify(view)).toContain('Runs as user:default/guest');

    const before = (await tasks()).length;
    const res = await post(
      'interactions',
      submission('UGUEST01', opened, {
        name: 'slack-invoices-dev',
        owner: 'group:default/payments',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    startedBySlack += 1;

    // Started (with the task link), then the result.
    const result = await eventually(async () =>
      messages.length >= 2 ? messages : undefined,
    );
    expect(result[0].text).toMatch(
      /\*Create an S3 bucket\* started as user:default\/guest: <http:\/\/localhost:3000\/create\/tasks\/[0-9a-f-]+\|task [0-9a-f-]+>\./,
    );
    expect(result[1].text).toContain(
      ':white_check_mark: *Create an S3 bucket* completed',
    );
    expect(JSON.stringify(result[1].blocks)).toContain(
      'Planned only: nothing was created (plan mode)',
    );
    for (const m of result) expect(m.response_type).toBe('ephemeral');

    const after = await tasks();
    expect(after).toHaveLength(before + 1);
    const id = /tasks\/([0-9a-f-]+)\|/.exec(result[0].text)![1];
    const task = after.find(t => t.id === id);
    // The scaffolder recorded the mapped user as the initiator.
    expect(task.createdBy).toBe('user:default/guest');
    expect(task.spec.user.ref).toBe('user:default/guest');
    expect(task.spec.templateInfo.entityRef).toBe('template:default/s3-bucket');
    expect(task.spec.parameters).toEqual({
      name: 'slack-invoices-dev',
      owner: 'group:default/payments',
      environment: 'dev',
      expectedStorageGb: 10,
    });
    expect(task.status).toBe('completed');
  });

  it('refuses the same signed submission a second time (replay) and starts nothing', async () => {
    const { opened, messages } = await openModal('UGUEST01', 's3-bucket');
    const body = submission('UGUEST01', opened, {
      name: 'slack-replayed',
      owner: 'group:default/platform',
    });
    const timestamp = now();
    const signature = sign(SIGNING_SECRET, timestamp, body);
    const first = await post('interactions', body, { timestamp, signature });
    expect(first.status).toBe(200);
    startedBySlack += 1;
    await eventually(async () => (messages.length >= 2 ? true : undefined));

    const before = await tasks();
    const usersInfo = slack.calls.length;
    const replay = await post('interactions', body, { timestamp, signature });
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toBe(
      'Slack request was already received',
    );
    expect(slack.calls).toHaveLength(usersInfo);
    expect(await tasks()).toHaveLength(before.length);
    expect(
      before.filter(t => t.spec.parameters?.name === 'slack-replayed'),
    ).toHaveLength(1);
  });

  it('answers 401 to unsigned, wrongly signed, tampered, expired and replayed commands, and calls nothing', async () => {
    const before = (await tasks()).length;
    const calls = slack.calls.length;
    const opened = slack.opened.length;

    const unsigned = commandBody('UGUEST01', 's3-bucket');
    const r1 = await post('commands', unsigned.body, { signature: null });
    expect(r1.status).toBe(401);
    expect(r1.body.error.message).toBe('Slack signature headers are missing');

    const wrong = commandBody('UGUEST01', 's3-bucket');
    const r2 = await post('commands', wrong.body, {
      secret: 'another-apps-signing-secret',
    });
    expect(r2.status).toBe(401);
    expect(r2.body.error.message).toBe('Slack signature does not match');

    // Signed for one body, sent with another (a different user).
    const signedFor = commandBody('UNOBODY1', 's3-bucket');
    const tampered = commandBody('UGUEST01', 's3-bucket');
    const ts = now();
    const r3 = await post('commands', tampered.body, {
      timestamp: ts,
      signature: sign(SIGNING_SECRET, ts, signedFor.body),
    });
    expect(r3.status).toBe(401);

    const expired = commandBody('UGUEST01', 's3-bucket');
    const r4 = await post('commands', expired.body, { timestamp: now() - 301 });
    expect(r4.status).toBe(401);
    expect(r4.body.error.message).toBe(
      'Slack request timestamp is outside the 5-minute window',
    );

    const future = commandBody('UGUEST01', 's3-bucket');
    const r5 = await post('commands', future.body, { timestamp: now() + 301 });
    expect(r5.status).toBe(401);

    const malformed = commandBody('UGUEST01', 's3-bucket');
    const r6 = await post('commands', malformed.body, { signature: 'v1=abc' });
    expect(r6.status).toBe(401);

    // Nothing after the signature check ran: no Slack call, no modal, no task.
    expect(slack.calls).toHaveLength(calls);
    expect(slack.opened).toHaveLength(opened);
    expect(await tasks()).toHaveLength(before);
    for (const c of [unsigned, wrong, tampered, expired, future, malformed])
      expect(c.messages).toEqual([]);

    // A valid command replayed: served once, then 401.
    const valid = commandBody('UGUEST01', 'help');
    const t = now();
    const signature = sign(SIGNING_SECRET, t, valid.body);
    const ok = await post('commands', valid.body, { timestamp: t, signature });
    expect(ok.status).toBe(200);
    expect(ok.body.text).toContain('`s3-bucket`: Create an S3 bucket');
    const again = await post('commands', valid.body, {
      timestamp: t,
      signature,
    });
    expect(again.status).toBe(401);
  });

  it('tells a Slack user without a catalog user so, and starts nothing', async () => {
    const before = (await tasks()).length;
    const opened = slack.opened.length;
    const command = commandBody('UNOBODY1', 's3-bucket');
    const res = await post('commands', command.body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      response_type: 'ephemeral',
      text: expect.stringContaining(
        "No Backstage user has your Slack email address (nobody@example.com) in the organisation's catalog",
      ),
    });
    expect(res.body.text).toContain('nothing was started');
    expect(slack.opened).toHaveLength(opened);

    // A submission in their name (a modal someone else opened) is refused too.
    const { opened: view } = await openModal('UGUEST01', 's3-bucket');
    const submitted = await post(
      'interactions',
      submission('UNOBODY1', view, {
        name: 'slack-nobody',
        owner: 'group:default/payments',
      }),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.response_action).toBe('update');
    expect(JSON.stringify(submitted.body.view)).toContain(
      'No Backstage user has your Slack email address (nobody@example.com)',
    );
    expect(await tasks()).toHaveLength(before);
  });

  it('does not map a Slack user to a User entity from an untrusted location with their email', async () => {
    const opened = slack.opened.length;
    const res = await post(
      'commands',
      commandBody('UMALLORY', 's3-bucket').body,
    );
    expect(res.status).toBe(200);
    expect(res.body.text).toContain(
      'No Backstage user has your Slack email address (mallory@example.com)',
    );
    expect(slack.opened).toHaveLength(opened);
  });

  it("shows a changed environment's policy choices (views.update) and reports a guardrail refusal with its rule ids and fixes", async () => {
    const { opened, messages } = await openModal('UGUEST01', 'redis-cache');
    const devBlocks = inputs(opened.view);
    expect(
      devBlocks['gp:nodeType@dev'].element.options.map((o: any) => o.value),
    ).toEqual(['cache.t4g.micro', 'cache.t4g.small']);
    expect(devBlocks['gp:nodes@dev'].element).toMatchObject({
      type: 'number_input',
      is_decimal_allowed: false,
    });

    // The user picks prod: Slack sends block_actions with the view's state.
    const state = fillView(opened.view, { environment: 'prod' });
    const updates = slack.updated.length;
    const changed = await post(
      'interactions',
      interactionBody({
        type: 'block_actions',
        team: { id: TEAM_ID },
        user: { id: 'UGUEST01', team_id: TEAM_ID },
        trigger_id: slack.trigger(),
        view: {
          id: opened.id,
          hash: opened.hash,
          type: 'modal',
          callback_id: opened.view.callback_id,
          private_metadata: opened.view.private_metadata,
          state: { values: state },
        },
        actions: [
          {
            type: 'static_select',
            block_id: 'gp:environment',
            action_id: 'value',
            selected_option: { value: 'prod' },
          },
        ],
      }),
    );
    expect(changed.status).toBe(200);
    expect(slack.updated).toHaveLength(updates + 1);
    const prod = slack.updated[updates];
    const prodBlocks = inputs(prod.view);
    expect(
      prodBlocks['gp:nodeType@prod'].element.options.map((o: any) => o.value),
    ).toEqual(['cache.t4g.small', 'cache.t4g.medium', 'cache.m7g.large']);
    expect(prodBlocks['gp:nodeType@prod'].element.initial_option.value).toBe(
      'cache.t4g.small',
    );
    expect(JSON.parse(prod.view.private_metadata).e).toBe('prod');

    // Submitted without the cost center prod requires: the guardrails refuse, and say how to fix it.
    const before = (await tasks()).length;
    const res = await post(
      'interactions',
      submission('UGUEST01', prod, {
        name: 'slack-cache',
        owner: 'group:default/payments',
        environment: 'prod',
      }),
    );
    expect(res.status).toBe(200);
    startedBySlack += 1;
    const result = await eventually(async () =>
      messages.length >= 2 ? messages : undefined,
    );
    expect(result[1].text).toMatch(
      /^:no_entry: \*Provision a Redis cache\* was refused by the guardrails: GP-[A-Z0-9-]+/,
    );
    const detail = JSON.stringify(result[1].blocks);
    expect(detail).toContain('cost-center');
    expect(detail).toContain('Fix:');
    const after = await tasks();
    expect(after).toHaveLength(before + 1);
    const task = after.find(t => t.spec.parameters?.name === 'slack-cache');
    expect(task.createdBy).toBe('user:default/guest');
    expect(task.status).toBe('failed');
  });

  it('shows mistakes on their inputs in the modal and starts nothing', async () => {
    const before = (await tasks()).length;
    const { opened } = await openModal('UGUEST01', 's3-bucket');
    const res = await post(
      'interactions',
      submission('UGUEST01', opened, {
        name: 'Not A Bucket Name',
        owner: 'group:default/payments',
        expectedStorageGb: 20000,
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        'gp:name': expect.stringContaining('Does not match'),
        'gp:expectedStorageGb': 'At most 10000.',
      },
    });
    expect(await tasks()).toHaveLength(before);
  });

  it('started exactly the runs submitted through Slack, each as the mapped user', async () => {
    const all = await tasks();
    expect(all.length - tasksAtStart).toBe(startedBySlack);
    expect(all.map(t => t.createdBy)).toEqual(
      all.map(() => 'user:default/guest'),
    );
  });
});
