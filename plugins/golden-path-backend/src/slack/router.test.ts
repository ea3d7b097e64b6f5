import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { inspect } from 'node:util';
import request from 'supertest';
import { migratedClient } from '../service/ResourceStore';
import { readSlackSettings } from './config';
import { createSlackRouter } from './router';
import { slackSignature } from './signature';

const SECRET = 'router-test-signing-secret';
const NOW = 1_800_000_000;

async function app(slack: JsonObject | undefined, knex: Knex) {
  const config = new ConfigReader({
    app: { baseUrl: 'http://localhost:3000' },
    ...(slack && { goldenPath: { slack } }),
  });
  const logger = mockServices.logger.mock();
  const router = createSlackRouter({
    config,
    logger,
    knex,
    auth: mockServices.auth(),
    discovery: mockServices.discovery(),
    catalog: catalogServiceMock({ entities: [] }),
    directory: {} as any,
    policy: {} as any,
    tasks: {} as any,
    now: () => NOW,
  });
  const server = express();
  server.use(router);
  server.use(MiddlewareFactory.create({ config, logger }).error());
  return { server, logger };
}

describe('the Slack routes', () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await migratedClient({ getClient: async () => knex } as any);
  });
  afterAll(() => knex.destroy());

  it('answer 404 when goldenPath.slack is not configured', async () => {
    const { server } = await app(undefined, knex);
    const res = await request(server).post('/slack/commands').send('a=b');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('goldenPath.slack');
  });

  it('check the signature on the raw bytes, whatever the content type says', async () => {
    const { server, logger } = await app(
      { signingSecret: SECRET, botToken: 'xoxb-router-test' },
      knex,
    );
    const json = '{"user_id":"U1"}';
    const signature = slackSignature(SECRET, NOW, Buffer.from(json));
    // Signed, but as JSON: the signature holds (it covers the bytes), the form does not.
    const res = await request(server)
      .post('/slack/commands')
      .set('Content-Type', 'application/json')
      .set('X-Slack-Request-Timestamp', String(NOW))
      .set('X-Slack-Signature', signature)
      .send(json);
    expect(res.status).toBe(400);
    // The same JSON with a signature of its parsed-and-reserialised form is refused.
    const reserialised = JSON.stringify(JSON.parse(`{ "user_id" : "U1" }`));
    const res2 = await request(server)
      .post('/slack/commands')
      .set('Content-Type', 'application/json')
      .set('X-Slack-Request-Timestamp', String(NOW))
      .set(
        'X-Slack-Signature',
        slackSignature(SECRET, NOW, Buffer.from(reserialised)),
      )
      .send(`{ "user_id" : "U1" }`);
    expect(res2.status).toBe(401);
    // Nothing the signature protects, and nothing of the secret, reaches the log.
    const logged = JSON.stringify(
      [logger.info, logger.warn, logger.error].flatMap(
        f => (f as jest.Mock).mock.calls,
      ),
    );
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(signature);
  });

  it('refuse a form POST with no signature before reading it', async () => {
    const { server } = await app(
      { signingSecret: SECRET, botToken: 'xoxb-router-test' },
      knex,
    );
    for (const path of ['/slack/commands', '/slack/interactions']) {
      const res = await request(server)
        .post(path)
        .type('form')
        .send('payload=%7B%7D');
      expect(res.status).toBe(401);
    }
  });
});

describe('goldenPath.slack', () => {
  it('keeps its secrets out of logs, errors and JSON', () => {
    const settings = readSlackSettings(
      new ConfigReader({
        goldenPath: {
          slack: {
            signingSecret: 'sssss-signing',
            botToken: 'xoxb-bbbbb',
            templates: ['s3-bucket', 'template:default/redis-cache'],
          },
        },
      }),
    )!;
    const printed = [
      JSON.stringify(settings),
      inspect(settings, { depth: 5 }),
      `${settings.signingSecret} ${settings.botToken}`,
    ].join('\n');
    expect(printed).not.toContain('sssss-signing');
    expect(printed).not.toContain('xoxb-bbbbb');
    expect(settings.signingSecret.reveal()).toBe('sssss-signing');
    expect(settings).toMatchObject({
      apiBaseUrl: 'https://slack.com/api',
      responseUrlOrigins: ['https://hooks.slack.com'],
      templates: ['template:default/s3-bucket', 'template:default/redis-cache'],
    });
  });

  it('is absent, or has both secrets', () => {
    expect(readSlackSettings(new ConfigReader({}))).toBeUndefined();
    expect(() =>
      readSlackSettings(
        new ConfigReader({ goldenPath: { slack: { botToken: 'xoxb-only' } } }),
      ),
    ).toThrow('goldenPath.slack needs signingSecret and botToken');
    expect(() =>
      readSlackSettings(
        new ConfigReader({
          goldenPath: {
            slack: { signingSecret: 's', botToken: 'b', apiBaseUrl: 'ftp://x' },
          },
        }),
      ),
    ).toThrow('goldenPath.slack.apiBaseUrl');
  });
});
