import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import goldenPathSlackAuth from '@golden-path/plugin-golden-path-backend/auth';
import request from 'supertest';

/**
 * The golden-path Slack sign-in of the real auth backend: only the golden-path plugin's own
 * service token gets a user token, only for a User the catalog holds, and only when the operator
 * configured the provider.
 */

const guest = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest', namespace: 'default' },
  spec: { memberOf: ['payments'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
};

async function start(configured: boolean) {
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { providers: configured ? { 'golden-path-slack': {} } : {} },
        },
      }),
      catalogServiceMock.factory({ entities: [guest] }),
      authPlugin,
      goldenPathSlackAuth,
    ],
  });
  return { backend, server: backend.server };
}

const pluginToken = (subject: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(subject),
    targetPluginId: 'auth',
  });

const refresh = (server: any, headers: Record<string, string>) =>
  request(server).post('/api/auth/golden-path-slack/refresh').set(headers);

describe('the golden-path Slack sign-in', () => {
  let ctx: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    ctx = await start(true);
  });
  afterAll(() => ctx.backend.stop());

  it('issues a token for a catalog user to the golden-path plugin', async () => {
    const res = await refresh(ctx.server, {
      Authorization: pluginToken('plugin:golden-path'),
      'x-golden-path-user': 'user:default/guest',
    });
    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: ['user:default/guest', 'group:default/payments'],
    });
    expect(typeof res.body.backstageIdentity.token).toBe('string');
  });

  it.each([
    ['no token', {}, 401],
    [
      'a user token',
      { Authorization: mockCredentials.user.header('user:default/guest') },
      403,
    ],
    [
      "another plugin's token",
      { Authorization: pluginToken('plugin:scaffolder') },
      403,
    ],
    [
      'an external service token',
      { Authorization: pluginToken('external:ci') },
      403,
    ],
  ])('refuses %s', async (_label, headers, status) => {
    const res = await refresh(ctx.server, {
      ...headers,
      'x-golden-path-user': 'user:default/guest',
    });
    expect(res.status).toBe(status);
    expect(res.body.backstageIdentity).toBeUndefined();
  });

  it('issues nothing for a user the catalog does not hold, or for what is not a user', async () => {
    const unknown = await refresh(ctx.server, {
      Authorization: pluginToken('plugin:golden-path'),
      'x-golden-path-user': 'user:default/nobody',
    });
    expect(unknown.status).toBe(404);
    const group = await refresh(ctx.server, {
      Authorization: pluginToken('plugin:golden-path'),
      'x-golden-path-user': 'group:default/payments',
    });
    expect(group.status).toBe(400);
    const none = await refresh(ctx.server, {
      Authorization: pluginToken('plugin:golden-path'),
    });
    expect(none.status).toBe(400);
  });

  it('is off until auth.providers.golden-path-slack is configured', async () => {
    const off = await start(false);
    try {
      const res = await refresh(off.server, {
        Authorization: pluginToken('plugin:golden-path'),
        'x-golden-path-user': 'user:default/guest',
      });
      expect(res.status).toBe(404);
    } finally {
      await off.backend.stop();
    }
  });
});
