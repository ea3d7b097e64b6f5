import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { normaliseGroupRef } from '@golden-path/plugin-golden-path-common';

/** Reads each team's current monthly Golden Path spend from the golden-path backend. */
export interface TeamSpendSource {
  monthlySpend(owners: string[]): Promise<Record<string, number>>;
}

/** Asks `GET /api/golden-path/budget` with the scaffolder's own service credentials. */
export function createTeamSpendSource(deps: { discovery: DiscoveryService; auth: AuthService }): TeamSpendSource {
  return {
    async monthlySpend(owners) {
      const baseUrl = await deps.discovery.getBaseUrl('golden-path');
      const { token } = await deps.auth.getPluginRequestToken({
        onBehalfOf: await deps.auth.getOwnServiceCredentials(),
        targetPluginId: 'golden-path',
      });
      const result: Record<string, number> = {};
      for (const owner of new Set(owners.map(normaliseGroupRef))) {
        const res = await fetch(`${baseUrl}/budget?owner=${encodeURIComponent(owner)}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        if (!res.ok) {
          throw new Error(`Could not read the monthly spend of ${owner} from the golden-path backend (HTTP ${res.status}); refusing rather than guessing`);
        }
        result[owner] = (await res.json()).monthlySpend;
      }
      return result;
    },
  };
}
