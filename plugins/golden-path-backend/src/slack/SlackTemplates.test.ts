import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SlackTemplates } from './SlackTemplates';

const PACKAGED = 'file:/app/node_modules/templates/s3-bucket/template.yaml';
const ORG = 'url:https://github.com/acme/platform/blob/main/templates.yaml';
const MINE = 'url:https://github.com/mallory/stuff/blob/main/template.yaml';

const template = (name: string, origin: string, goldenPath = true) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name,
    namespace: 'default',
    title: name,
    annotations: {
      'backstage.io/managed-by-origin-location': origin,
      ...(goldenPath && { 'golden-path.io/replaces-ticket': 'ticket' }),
    },
  },
  spec: { type: 'resource', steps: [] },
});

const catalog = catalogServiceMock({
  entities: [
    template('s3-bucket', PACKAGED),
    template('org-db', ORG),
    // Someone's own template calling itself a Golden Path.
    template('official-bucket', MINE),
    template('plain', ORG, false),
  ],
});
const directory = {
  isTrusted: (e: any) =>
    e?.metadata.annotations['backstage.io/managed-by-origin-location'] === ORG,
};

describe('the templates Slack offers', () => {
  it('are the Golden Path templates from sources the platform controls', async () => {
    const templates = new SlackTemplates({
      catalog,
      auth: mockServices.auth(),
      directory,
    });
    expect((await templates.list()).map(t => t.metadata.name)).toEqual([
      'org-db',
      's3-bucket',
    ]);
    expect(await templates.find('s3-bucket')).toBeDefined();
    expect(await templates.find('template:default/org-db')).toBeDefined();
    expect(await templates.find('official-bucket')).toBeUndefined();
    expect(await templates.find('plain')).toBeUndefined();
    expect(await templates.find('../etc')).toBeUndefined();
  });

  it('are narrowed by goldenPath.slack.templates', async () => {
    const templates = new SlackTemplates({
      catalog,
      auth: mockServices.auth(),
      directory,
      allowed: [
        'template:default/s3-bucket',
        'template:default/official-bucket',
      ],
    });
    expect((await templates.list()).map(t => t.metadata.name)).toEqual([
      's3-bucket',
    ]);
    expect(await templates.find('org-db')).toBeUndefined();
    expect(await templates.find('official-bucket')).toBeUndefined();
  });
});
