import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GoldenPathTemplateProvider,
  packagedTemplatesDir,
  readPackagedTemplates,
} from './GoldenPathTemplateProvider';
import { catalogModuleGoldenPathResources as catalogModule } from './module';

// Tests run from source, so __dirname is src/.
// eslint-disable-next-line no-restricted-syntax
const PACKAGE_DIR = path.resolve(__dirname, '..');
const TEMPLATES_DIR = path.join(PACKAGE_DIR, 'templates');
const FOLDERS = fs
  .readdirSync(TEMPLATES_DIR)
  .filter(d => fs.existsSync(path.join(TEMPLATES_DIR, d, 'template.yaml')))
  .sort();

function provide(goldenPath?: Record<string, any>) {
  return GoldenPathTemplateProvider.fromConfig(
    mockServices.rootConfig({ data: goldenPath ? { goldenPath } : {} }),
    { logger: mockServices.logger.mock() },
  );
}

async function emitted(provider: GoldenPathTemplateProvider) {
  const mutations: EntityProviderMutation[] = [];
  await provider.connect({
    applyMutation: async m => void mutations.push(m),
    refresh: async () => {},
  });
  expect(mutations).toHaveLength(1);
  const [m] = mutations;
  if (m.type !== 'full') throw new Error('expected a full mutation');
  return m.entities;
}

describe('GoldenPathTemplateProvider', () => {
  it('reads the templates from the installed package', () => {
    expect(fs.realpathSync(packagedTemplatesDir())).toBe(
      fs.realpathSync(TEMPLATES_DIR),
    );
    expect(FOLDERS).toEqual(
      expect.arrayContaining([
        'new-service',
        'github-repo',
        's3-bucket',
        'ci-secret',
      ]),
    );
  });

  it('emits one Template per folder on connect (full mutation), named as its folder, with file: location annotations', async () => {
    const entities = await emitted(provide());
    expect(entities.map(e => e.entity.metadata.name)).toEqual(FOLDERS);
    for (const { entity, locationKey } of entities) {
      const file = path.join(
        fs.realpathSync(TEMPLATES_DIR),
        entity.metadata.name,
        'template.yaml',
      );
      expect(entity.kind).toBe('Template');
      expect(entity.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
      expect(locationKey).toBe('golden-path:templates');
      expect(entity.metadata.annotations).toMatchObject({
        'backstage.io/managed-by-location': `file:${file}`,
        'backstage.io/managed-by-origin-location': `file:${file}`,
      });
      // No source-location: the scaffolder would prefer it over managed-by-location as base URL.
      expect(
        entity.metadata.annotations?.['backstage.io/source-location'],
      ).toBeUndefined();
    }
    // The template's own annotations survive.
    expect(
      entities.find(e => e.entity.metadata.name === 'new-service')!.entity
        .metadata.annotations,
    ).toMatchObject({ 'golden-path.io/replaces-ticket': 'new-service' });
  });

  it('points new-service at a template.yaml whose folder holds the ./skeleton its fetch:template step reads', async () => {
    const entities = await emitted(provide());
    const newService = entities.find(
      e => e.entity.metadata.name === 'new-service',
    )!.entity;
    const location =
      newService.metadata.annotations!['backstage.io/managed-by-location'];
    const steps = (newService.spec as any).steps as Array<any>;
    const fetch = steps.find(s => s.action === 'fetch:template');
    expect(fetch.input.url).toBe('./skeleton');
    // As the scaffolder resolves it: file://<template.yaml> → its directory → ./skeleton.
    const skeleton = path.resolve(
      path.dirname(location.slice('file:'.length)),
      fetch.input.url,
    );
    expect(fs.readdirSync(skeleton).sort()).toEqual(
      expect.arrayContaining(['README.md', 'catalog-info.yaml']),
    );
  });

  it('leaves out the templates named in goldenPath.templates.exclude', async () => {
    const entities = await emitted(
      provide({ templates: { exclude: ['s3-bucket', 'ci-secret'] } }),
    );
    expect(entities.map(e => e.entity.metadata.name)).toEqual(
      FOLDERS.filter(n => n !== 's3-bucket' && n !== 'ci-secret'),
    );
  });

  it('provides none with enabled: false, still removing earlier ones with an empty full mutation', async () => {
    const entities = await emitted(provide({ templates: { enabled: false } }));
    expect(entities).toEqual([]);
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(() =>
      provide({ templates: { exclude: ['s3-bucket', 'no-such-template'] } }),
    ).toThrow(
      `goldenPath.templates.exclude names "no-such-template", which is not a Golden Path template; the templates are: ${FOLDERS.join(
        ', ',
      )}`,
    );
    // Even when all are switched off: a typo is still a typo.
    expect(() =>
      provide({ templates: { enabled: false, exclude: ['s3-buckets'] } }),
    ).toThrow(/"s3-buckets", which is not a Golden Path template/);
  });

  it('refuses config of the wrong type', () => {
    expect(() => provide({ templates: { exclude: 's3-bucket' } })).toThrow(
      /goldenPath\.templates\.exclude/,
    );
    expect(() => provide({ templates: { enabled: 'sometimes' } })).toThrow(
      /goldenPath\.templates\.enabled/,
    );
  });

  describe('a broken template folder (packaging error)', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-templates-'));
      fs.mkdirSync(path.join(dir, 'a'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('throws for a file that is not one Template', () => {
      fs.writeFileSync(
        path.join(dir, 'a', 'template.yaml'),
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: a }\nspec: {}\n',
      );
      expect(() => readPackagedTemplates(dir)).toThrow(
        /must hold exactly one Template entity/,
      );
    });

    it('throws for invalid YAML', () => {
      fs.writeFileSync(path.join(dir, 'a', 'template.yaml'), 'kind: [\n');
      expect(() => readPackagedTemplates(dir)).toThrow(/is not valid/);
    });

    it('skips folders without a template.yaml', () => {
      expect(readPackagedTemplates(dir)).toEqual([]);
    });
  });
});

describe('the catalog module', () => {
  async function start(goldenPath?: Record<string, any>) {
    const providers: EntityProvider[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (...p: any[]) => providers.push(...p.flat()),
            addProcessor: () => {},
            addPlaceholderResolver: () => {},
            setOnProcessingErrorHandler: () => {},
          } as any,
        ],
      ],
      features: [
        catalogModule,
        mockServices.rootConfig.factory({
          data: goldenPath ? { goldenPath } : {},
        }),
      ],
    });
    return { backend, providers };
  }

  it('adds the template provider beside the resource provider', async () => {
    const { backend, providers } = await start({
      templates: { exclude: ['redis-cache'] },
    });
    expect(providers.map(p => p.getProviderName()).sort()).toEqual([
      'golden-path-resources',
      'golden-path-templates',
    ]);
    const templates = providers.find(
      p => p.getProviderName() === 'golden-path-templates',
    ) as GoldenPathTemplateProvider;
    expect(templates.templates.map(t => t.name)).not.toContain('redis-cache');
    await backend.stop();
  });

  it('fails start-up on an unknown template name', async () => {
    await expect(
      start({ templates: { exclude: ['no-such-template'] } }),
    ).rejects.toThrow(
      /"no-such-template", which is not a Golden Path template; the templates are: .*new-service/,
    );
  });
});
