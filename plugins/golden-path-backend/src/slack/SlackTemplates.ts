import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TrustedDirectory } from '@golden-path/plugin-golden-path-node';
import { isGoldenPathTemplate } from '../mcp/templates';
import { templateRef } from './config';

/**
 * The templates the Slack command offers: the Golden Path templates (annotated
 * `golden-path.io/replaces-ticket`, from a source the platform team controls, as the MCP door
 * decides it), narrowed to `goldenPath.slack.templates` when that is set. A template a user
 * registered is never offered, whatever its title says. Whichever is offered, the task runs as
 * the Slack user's Backstage user, so the scaffolder's permissions and every guardrail judge it
 * as they would on the Create page.
 */
export class SlackTemplates {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      directory: Pick<TrustedDirectory, 'isTrusted'>;
      allowed?: string[];
    },
  ) {}

  private offered(entity: Entity | undefined): entity is Entity {
    if (!isGoldenPathTemplate(entity, this.deps.directory)) return false;
    const { allowed } = this.deps;
    return (
      !allowed || allowed.includes(stringifyEntityRef(entity).toLowerCase())
    );
  }

  async list(): Promise<Entity[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'Template' },
        fields: ['kind', 'metadata', 'spec.type'],
      },
      { credentials },
    );
    return items
      .filter(e => this.offered(e))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** A template by name (`s3-bucket`) or ref, when it is offered. */
  async find(nameOrRef: string): Promise<Entity | undefined> {
    if (!/^[A-Za-z0-9:/._-]{1,255}$/.test(nameOrRef)) return undefined;
    const ref = templateRef(nameOrRef);
    if (this.deps.allowed && !this.deps.allowed.includes(ref)) return undefined;
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entity = await this.deps.catalog.getEntityByRef(ref, { credentials });
    return this.offered(entity) ? entity : undefined;
  }
}
