import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { InventoryItem } from '@golden-path/plugin-golden-path-common';

/** What the provider reads: every active resource, newest first. */
export interface InventorySource {
  activeItems(): Promise<InventoryItem[]>;
}

const PAGE = 500;

/**
 * Reads `GET /api/golden-path/resources` with the catalog's own service credentials: the
 * supported way for one plugin to read another's data, wherever each is deployed.
 */
export class InventoryClient implements InventorySource {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async activeItems(): Promise<InventoryItem[]> {
    const base = await this.deps.discovery.getBaseUrl('golden-path');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'golden-path',
    });
    const items: InventoryItem[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const res = await fetch(
        `${base}/resources?status=active&limit=${PAGE}&offset=${offset}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      if (!res.ok) throw await ResponseError.fromResponse(res as any);
      const page = (await res.json()) as {
        items: InventoryItem[];
        totalCount: number;
      };
      items.push(...page.items);
      if (page.items.length < PAGE || offset + PAGE >= page.totalCount)
        return items;
    }
  }
}
