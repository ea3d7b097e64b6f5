import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ANNOTATIONS } from '@golden-path/plugin-golden-path-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { templateRef } from './config';

/**
 * The templates the Slack command offers: those named in `goldenPath.slack.templates`, or else
 * every Golden Path template (annotated `golden-path.io/replaces-ticket`). Whichever is offered,
 * the task runs as the Slack user's Backstage user, so the scaffolder's permissions and every
 * guardrail judge it as they would on the Create page.
 */
export class SlackTemplates {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      allowed?: string[];
    },
  ) {}

  private offered(entity: Entity | undefined): entity is Entity {
    if (!entity || entity.kind.toLowerCase() !== 'template') return false;
    const ref = stringifyEntityRef(entity).toLowerCase();
    return this.deps.allowed
      ? this.deps.allowed.includes(ref)
      : !!entity.metadata.annotations?.[ANNOTATIONS.replacesTicket];
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
