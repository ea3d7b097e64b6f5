import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SlackApiError, SlackClient, SlackUser } from './SlackClient';
import { SlackUsers } from './SlackUsers';

const ORG = 'url:https://github.com/acme/org-data/blob/main/org.yaml';
const MINE = 'url:https://github.com/mallory/stuff/blob/main/me.yaml';

const user = (name: string, email: string, origin: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/managed-by-origin-location': origin },
  },
  spec: { profile: { email } },
});

const entities = [
  user('guest', 'guest@example.com', ORG),
  // Someone registered a User with the CFO's email from their own location.
  user('cfo', 'cfo@example.com', MINE),
  user('twin-a', 'twin@example.com', ORG),
  user('twin-b', 'twin@example.com', ORG),
];

const slackUsers: Record<string, SlackUser> = {
  UGUEST: {
    id: 'UGUEST',
    team_id: 'T1',
    is_email_confirmed: true,
    profile: { email: 'Guest@Example.com' },
  },
  UCFO: { id: 'UCFO', team_id: 'T1', profile: { email: 'cfo@example.com' } },
  UTWIN: { id: 'UTWIN', team_id: 'T1', profile: { email: 'twin@example.com' } },
  UNOMAIL: { id: 'UNOMAIL', team_id: 'T1', profile: {} },
  UNEW: {
    id: 'UNEW',
    team_id: 'T1',
    is_email_confirmed: false,
    profile: { email: 'guest@example.com' },
  },
  UBOT: {
    id: 'UBOT',
    team_id: 'T1',
    is_bot: true,
    profile: { email: 'guest@example.com' },
  },
  UOTHER: {
    id: 'UOTHER',
    team_id: 'T2',
    profile: { email: 'guest@example.com' },
  },
};

const slack = {
  async usersInfo(id: string) {
    const found = slackUsers[id];
    if (!found) throw new SlackApiError('users.info', 'user_not_found');
    return found;
  },
} as unknown as SlackClient;

const mapper = new SlackUsers({
  slack,
  catalog: catalogServiceMock({ entities }),
  auth: mockServices.auth(),
  directory: {
    isTrusted: e =>
      e?.metadata.annotations?.['backstage.io/managed-by-origin-location'] ===
      ORG,
  },
  teamIds: ['T1'],
});

describe('Slack user → Backstage user', () => {
  it('maps the Slack email to the one trusted User with it', async () => {
    expect(await mapper.map('UGUEST')).toEqual({
      ok: true,
      userRef: 'user:default/guest',
    });
  });

  it.each([
    [
      'UCFO',
      'No Backstage user has your Slack email address (cfo@example.com)',
    ],
    ['UTWIN', 'Several Backstage users have your Slack email address'],
    ['UNOMAIL', 'users:read.email'],
    ['UNEW', 'is not confirmed'],
    ['UBOT', 'for people only'],
    ['UOTHER', 'workspace'],
    ['UMISSING', 'users.info: user_not_found'],
    ['not an id', 'no valid user id'],
  ])('refuses %s with a clear message', async (id, message) => {
    const result = await mapper.map(id);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});
