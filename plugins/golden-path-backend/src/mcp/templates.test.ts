import { Entity } from '@backstage/catalog-model';
import { JsonValue } from '@backstage/types';
import {
  isGoldenPathTemplate,
  summariseTemplate,
  takesSecrets,
} from './templates';

const ORIGIN = 'backstage.io/managed-by-origin-location';

function template(
  origin: string,
  extra: Partial<Entity['metadata']> = {},
  parameters: JsonValue = [],
): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'bucket',
      annotations: {
        'golden-path.io/replaces-ticket': 'create-s3-bucket',
        [ORIGIN]: origin,
      },
      ...extra,
    },
    spec: { parameters, steps: [] },
  };
}

const directory = {
  isTrusted: (e: Entity | undefined) =>
    e?.metadata.annotations?.[ORIGIN] ===
    'url:https://github.com/acme/org-data/templates.yaml',
};

describe('isGoldenPathTemplate', () => {
  it('takes annotated templates from trusted locations and file locations', () => {
    expect(
      isGoldenPathTemplate(
        template('url:https://github.com/acme/org-data/templates.yaml'),
        directory,
      ),
    ).toBe(true);
    expect(
      isGoldenPathTemplate(
        template('file:/app/node_modules/x/templates/s3/template.yaml'),
        directory,
      ),
    ).toBe(true);
  });

  it('refuses a user-registered location, a missing annotation, and other kinds', () => {
    expect(
      isGoldenPathTemplate(
        template('url:https://evil.example/templates.yaml'),
        directory,
      ),
    ).toBe(false);
    expect(
      isGoldenPathTemplate(
        template('file:/t.yaml', { annotations: { [ORIGIN]: 'file:/t.yaml' } }),
        directory,
      ),
    ).toBe(false);
    expect(
      isGoldenPathTemplate(
        { ...template('file:/t.yaml'), kind: 'Component' },
        directory,
      ),
    ).toBe(false);
    expect(isGoldenPathTemplate(undefined, directory)).toBe(false);
  });
});

describe('summariseTemplate', () => {
  const parameters: JsonValue[] = [
    {
      required: ['name'],
      properties: {
        name: { type: 'string', 'ui:autofocus': true },
        owner: { type: 'string', 'ui:field': 'MyGroupsPicker' },
      },
    },
    {
      required: ['secretValue'],
      properties: {
        secretValue: { type: 'string', 'ui:field': 'Secret' },
        cost: {
          type: 'number',
          'ui:options': { requests: [{ kind: 's3-bucket' }] },
        },
      },
    },
  ];

  it('merges the form pages and drops the form hints', () => {
    const summary = summariseTemplate(
      template('file:/t.yaml', { title: 'A bucket' }, parameters),
    );
    expect(summary).toEqual({
      ref: 'template:default/bucket',
      title: 'A bucket',
      description: '',
      tags: [],
      replacesTicket: 'create-s3-bucket',
      takesSecrets: true,
      parameters: {
        required: ['name', 'secretValue'],
        properties: {
          name: { type: 'string' },
          owner: { type: 'string' },
          secretValue: { type: 'string' },
          cost: { type: 'number' },
        },
      },
    });
  });

  it('says whether a template takes a secret value', () => {
    expect(takesSecrets(template('file:/t.yaml', {}, parameters))).toBe(true);
    expect(takesSecrets(template('file:/t.yaml', {}, [parameters[0]]))).toBe(
      false,
    );
  });
});
