import {
  LoggerService,
  resolvePackagePath,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import path from 'node:path';

/** The package whose `templates/` folder holds the Golden Path templates. */
const PACKAGE_NAME = '@golden-path/plugin-catalog-backend-module-golden-path';

/** One key for every packaged template: a same-named template from another source conflicts. */
const LOCATION_KEY = 'golden-path:templates';

/** The `templates/` folder of the installed package (beside `dist/` once published). @public */
export function packagedTemplatesDir(): string {
  return resolvePackagePath(PACKAGE_NAME, 'templates');
}

/** A packaged template: its `metadata.name`, the absolute path of its template.yaml, the entity. @public */
export interface PackagedTemplate {
  name: string;
  file: string;
  entity: Entity;
}

/**
 * Reads `<dir>/<folder>/template.yaml` for every folder (sorted by name). Each file must hold
 * exactly one `Template` entity; anything else is a packaging error and throws.
 * @public
 */
export function readPackagedTemplates(dir: string): PackagedTemplate[] {
  const folders = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter(
      d =>
        d.isDirectory() &&
        fs.existsSync(path.join(dir, d.name, 'template.yaml')),
    )
    .map(d => d.name)
    .sort();
  const templates: PackagedTemplate[] = [];
  for (const folder of folders) {
    const file = path.resolve(dir, folder, 'template.yaml');
    const ref = `file:${file}`;
    const entities: Entity[] = [];
    for (const result of parseEntityYaml(fs.readFileSync(file), {
      type: 'file',
      target: file,
    })) {
      if (result.type === 'error')
        throw new Error(
          `Golden Path template ${ref} is not valid: ${result.error.message}`,
        );
      if (result.type === 'entity') entities.push(result.entity);
    }
    const [entity] = entities;
    if (entities.length !== 1 || entity.kind !== 'Template')
      throw new Error(
        `Golden Path template ${ref} must hold exactly one Template entity`,
      );
    // Where the scaffolder resolves `./skeleton` and other relative URLs of fetch:* steps: the
    // folder of this file (`file:` locations resolve against the directory of the template.yaml).
    entity.metadata.annotations = {
      ...entity.metadata.annotations,
      [ANNOTATION_LOCATION]: ref,
      [ANNOTATION_ORIGIN_LOCATION]: ref,
    };
    templates.push({ name: entity.metadata.name, file, entity });
  }
  return templates;
}

/** `goldenPath.templates` (see config.d.ts). @public */
export interface GoldenPathTemplatesConfig {
  /** Provide the packaged templates at all (default true). */
  enabled: boolean;
  /** Names of packaged templates not to provide. */
  exclude: string[];
}

/** Reads `goldenPath.templates`; type errors throw (with the key) as Backstage's config reader does. @public */
export function readTemplatesConfig(
  config: RootConfigService,
): GoldenPathTemplatesConfig {
  const block = config.getOptionalConfig('goldenPath.templates');
  return {
    enabled: block?.getOptionalBoolean('enabled') ?? true,
    exclude: block?.getOptionalStringArray('exclude') ?? [],
  };
}

/**
 * Provides the Golden Path templates shipped in this package as `Template` entities, so an
 * adopter's catalog gets them without copying files. Each entity points at its template.yaml
 * through `file:` location annotations, so the scaffolder reads `./skeleton` from the installed
 * package. `goldenPath.templates.exclude` switches single templates off, `enabled: false` all of
 * them; a name that is not a packaged template stops the backend at start-up.
 *
 * On connect it applies one full mutation (the templates change only with the package, that is
 * with a restart), which also removes templates that were switched off since the last start.
 * @public
 */
export class GoldenPathTemplateProvider implements EntityProvider {
  /** The packaged templates this provider emits (after `enabled` and `exclude`). */
  readonly templates: PackagedTemplate[];

  static fromConfig(
    config: RootConfigService,
    options: { logger: LoggerService; templatesDir?: string },
  ): GoldenPathTemplateProvider {
    return new GoldenPathTemplateProvider({
      ...readTemplatesConfig(config),
      logger: options.logger,
      templatesDir: options.templatesDir,
    });
  }

  constructor(
    private readonly options: GoldenPathTemplatesConfig & {
      logger: LoggerService;
      /** Default: the installed package's `templates/` folder. */
      templatesDir?: string;
    },
  ) {
    const all = readPackagedTemplates(
      options.templatesDir ?? packagedTemplatesDir(),
    );
    const known = all.map(t => t.name);
    const unknown = options.exclude.filter(n => !known.includes(n));
    if (unknown.length)
      throw new Error(
        `goldenPath.templates.exclude names ${unknown
          .map(n => `"${n}"`)
          .join(', ')}, which ${
          unknown.length === 1 ? 'is not a' : 'are not'
        } Golden Path template${
          unknown.length === 1 ? '' : 's'
        }; the templates are: ${known.join(', ')}`,
      );
    this.templates = options.enabled
      ? all.filter(t => !options.exclude.includes(t.name))
      : [];
  }

  getProviderName(): string {
    return 'golden-path-templates';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    const entities: DeferredEntity[] = this.templates.map(t => ({
      entity: t.entity,
      locationKey: LOCATION_KEY,
    }));
    await connection.applyMutation({ type: 'full', entities });
    const { enabled, exclude } = this.options;
    let detail = `: ${this.templates.map(t => t.name).join(', ') || 'none'}`;
    if (!enabled) detail = ' (goldenPath.templates.enabled is false)';
    else if (exclude.length) detail += ` (switched off: ${exclude.join(', ')})`;
    this.options.logger.info(
      `Golden Path templates: ${entities.length} Template entities${detail}`,
    );
  }
}
