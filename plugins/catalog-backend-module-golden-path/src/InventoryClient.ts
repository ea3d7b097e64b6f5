import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InventoryItem } from '@golden-path/plugin-golden-path-common';
import { GoldenPathClient } from '@golden-path/plugin-golden-path-common/client';

/** What the provider reads: every active resource, newest first. @public */
export interface InventorySource {
  activeItems(): Promise<InventoryItem[]>;
}

const PAGE = 500;

/**
 * Reads `GET /api/golden-path/resources` through the shared
 * {@link @golden-path/plugin-golden-path-common/client#GoldenPathClient}, with the catalog's own
 * service credentials: the supported way for one plugin to read another's data, wherever each is
 * deployed.
 * @public
 */
export class InventoryClient implements InventorySource {
  private readonly client: GoldenPathClient;

  constructor(deps: { discovery: DiscoveryService; auth: AuthService }) {
    this.client = new GoldenPathClient({
      discoveryApi: deps.discovery,
      fetchApi: {
        fetch: async (url, init) => {
          const { token } = await deps.auth.getPluginRequestToken({
            onBehalfOf: await deps.auth.getOwnServiceCredentials(),
            targetPluginId: 'golden-path',
          });
          return fetch(url, {
            ...init,
            headers: { ...init?.headers, Authorization: `Bearer ${token}` },
          });
        },
      },
    });
  }

  async activeItems(): Promise<InventoryItem[]> {
    const items: InventoryItem[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.client.listResources({
        status: 'active',
        limit: PAGE,
        offset,
      });
      items.push(...page.items);
      if (page.items.length < PAGE || offset + PAGE >= page.totalCount)
        return items;
    }
  }
}
