import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

/** The id of the registration action: `golden-path:catalog:register`. @public */
export const CATALOG_REGISTER_ID = 'golden-path:catalog:register';

/** What the registration action needs: the catalog, and the integrations that resolve URLs. @public */
export interface CatalogRegisterDeps {
  catalog: Pick<CatalogService, 'addLocation'>;
  integrations: ScmIntegrationRegistry;
}

/**
 * `golden-path:catalog:register`: `catalog:register` that can run twice. A task resumed after
 * a restart repeats the step whose location was already added; `catalog:register` then fails
 * with 409, this one refreshes the existing location (the catalog's `onConflict: refresh`).
 * @public
 */
export function createCatalogRegisterAction(deps: CatalogRegisterDeps) {
  return createTemplateAction({
    id: CATALOG_REGISTER_ID,
    description:
      'Registers the catalog-info.yaml of a repository in the catalog, as catalog:register does, and is safe to repeat: a location that already exists (an earlier attempt of a resumed task) is refreshed instead of failing.',
    schema: {
      input: {
        repoContentsUrl: z =>
          z
            .string()
            .describe(
              'The root of the repository tree, e.g. the repoContentsUrl output of golden-path:github:repo:create',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path from the repository root to the descriptor (default /catalog-info.yaml)',
            ),
      },
      output: {
        entityRef: z =>
          z.string().optional().describe('The main entity the file declares'),
        catalogInfoUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const { repoContentsUrl, catalogInfoPath = '/catalog-info.yaml' } =
        ctx.input;
      const integration = deps.integrations.byUrl(repoContentsUrl);
      if (!integration)
        throw new InputError(
          `No integration is configured for ${repoContentsUrl}; add its host under integrations`,
        );
      const target = integration.resolveUrl({
        base: repoContentsUrl,
        url: catalogInfoPath,
      });
      // As the person who ran the template: the catalog's permission rules apply to them.
      const credentials = await ctx.getInitiatorCredentials();
      const added = await deps.catalog.addLocation(
        { type: 'url', target, onConflict: 'refresh' },
        { credentials },
      );
      ctx.logger.info(
        added.exists
          ? `${target} was already registered (an earlier attempt of this task); refreshed it`
          : `Registered ${target} in the catalog`,
      );
      const { entities } = await deps.catalog.addLocation(
        { type: 'url', target, dryRun: true },
        { credentials },
      );
      const named = entities.filter(
        e => !e.metadata.name.startsWith('generated-'),
      );
      const main =
        named.find(e => e.kind === 'Component') ?? named[0] ?? entities[0];
      if (main) ctx.output('entityRef', stringifyEntityRef(main));
      ctx.output('catalogInfoUrl', target);
    },
  });
}
