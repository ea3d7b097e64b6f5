import {
  entitySchemaValidator,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { InventoryItem } from '@golden-path/plugin-golden-path-common';
import { resourceEntity } from './resourceEntity';

const base = {
  taskId: 'task-1',
  owner: 'group:default/payments',
  environment: 'dev',
  status: 'active' as const,
  monthlyCost: 1,
  requester: 'user:default/guest',
  templateRef: 'template:default/s3-bucket',
  createdAt: '2026-11-02T10:00:00.000Z',
};
const bucket: InventoryItem = {
  ...base,
  kind: 's3-bucket',
  name: 'payments-files',
  region: 'eu-west-1',
  component: 'component:default/payments-api',
  externalId: 'arn:aws:s3:::payments-files',
  url: 'https://eu-west-1.console.aws.amazon.com/s3/buckets/payments-files?region=eu-west-1',
};
const repo: InventoryItem = {
  ...base,
  kind: 'github-repo',
  name: 'payments-api',
  templateRef: 'template:default/github-repo',
  externalId: 'https://github.example/acme/payments-api',
  url: 'https://github.example/acme/payments-api',
};
const validate = entitySchemaValidator();

describe('resourceEntity', () => {
  it('makes a valid Resource owned by the team, depending from its component, pointing back to the run', async () => {
    const entity = resourceEntity(bucket, {
      appBaseUrl: 'https://backstage.example',
    })!;
    expect(validate(entity)).toBe(entity);
    expect(await resourceEntityV1alpha1Validator.check(entity)).toBe(true);
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'bucket-payments-files',
        namespace: 'default',
        title: 'payments-files',
        annotations: {
          'backstage.io/managed-by-location': 'golden-path:inventory',
          'backstage.io/source-template': 'template:default/s3-bucket',
          'golden-path.io/task-id': 'task-1',
          'golden-path.io/requester': 'user:default/guest',
          'golden-path.io/external-id': 'arn:aws:s3:::payments-files',
        },
        links: [
          { title: 'Open in the AWS console', url: bucket.url, icon: 'cloud' },
          {
            title: 'Golden Path run that created it',
            url: 'https://backstage.example/create/tasks/task-1',
            icon: 'scaffolder',
          },
        ],
      },
      spec: {
        type: 's3-bucket',
        owner: 'group:default/payments',
        dependencyOf: ['component:default/payments-api'],
      },
    });
  });

  it('gives a repository its GitHub link and project slug, and no dependency when no component was named', () => {
    const entity = resourceEntity(repo)!;
    expect(entity.metadata.name).toBe('repo-payments-api');
    expect(entity.metadata.annotations!['github.com/project-slug']).toBe(
      'acme/payments-api',
    );
    expect(entity.metadata.links).toEqual([
      { title: 'GitHub repository', url: repo.url, icon: 'github' },
    ]);
    expect(entity.spec).toEqual({
      type: 'repository',
      owner: 'group:default/payments',
    });
  });

  it.each([
    ['rds-instance', 'database', 'db-x'],
    ['elasticache-redis', 'cache', 'cache-x'],
  ] as const)('types %s as %s', (kind, type, name) => {
    const entity = resourceEntity({ ...base, kind, name: 'x' })!;
    expect(entity.spec?.type).toBe(type);
    expect(entity.metadata.name).toBe(name);
    expect(validate(entity)).toBe(entity);
  });

  it('carries the endpoint the provider described, once the inventory has it', () => {
    const db: InventoryItem = {
      ...base,
      kind: 'rds-instance',
      name: 'payments-db',
      region: 'eu-west-1',
      templateRef: 'template:default/postgres-database',
    };
    expect(
      resourceEntity(db)!.metadata.annotations!['golden-path.io/endpoint'],
    ).toBeUndefined();
    const available = resourceEntity({
      ...db,
      endpoint: 'payments-db.c9akciq32.eu-west-1.rds.amazonaws.com:5433',
    })!;
    expect(validate(available)).toBe(available);
    expect(available.metadata.annotations).toMatchObject({
      'golden-path.io/endpoint':
        'payments-db.c9akciq32.eu-west-1.rds.amazonaws.com:5433',
    });
  });

  it('names the approved exception its run used, with a link to it', () => {
    const entity = resourceEntity(
      {
        ...base,
        kind: 'rds-instance',
        name: 'payments-migration-db',
        templateRef: 'template:default/postgres-database',
        exceptionId: '0b6a1f1e-2c4d-4e8f-9a1b-3c5d7e9f1a2b',
      },
      { appBaseUrl: 'https://backstage.example.com' },
    )!;
    expect(validate(entity)).toBe(entity);
    expect(entity.metadata.annotations).toMatchObject({
      'golden-path.io/exception-id': '0b6a1f1e-2c4d-4e8f-9a1b-3c5d7e9f1a2b',
    });
    expect(entity.metadata.links).toContainEqual({
      url: 'https://backstage.example.com/golden-path/exceptions/0b6a1f1e-2c4d-4e8f-9a1b-3c5d7e9f1a2b',
      title: 'Approved exception to the policy',
      icon: 'warning',
    });
    expect(
      resourceEntity({ ...base, kind: 'rds-instance', name: 'plain-db' })!
        .metadata.annotations!['golden-path.io/exception-id'],
    ).toBeUndefined();
  });

  it('has no entity for a secret: it belongs to its repository', () => {
    expect(
      resourceEntity({
        ...base,
        kind: 'github-secret',
        name: 'payments-api/TOKEN',
      }),
    ).toBeUndefined();
  });
});
