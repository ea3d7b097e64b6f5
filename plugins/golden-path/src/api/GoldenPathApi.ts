import { createApiRef, DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { EnvironmentPolicy, RuleDescription } from '@golden-path/plugin-golden-path-common';

/** What `GET /api/golden-path/policy` returns. @public */
export interface PolicyResponse {
  mode: 'plan' | 'live';
  environments: Record<string, EnvironmentPolicy>;
  budget: { currency: string; maxMonthlyPerRequest: number; teamMonthly: Record<string, number> };
  rules: RuleDescription[];
}

/** Client of the golden-path backend. @public */
export interface GoldenPathApi {
  getPolicy(): Promise<PolicyResponse>;
}

/** @public */
export const goldenPathApiRef = createApiRef<GoldenPathApi>({ id: 'plugin.golden-path.api' });

/** Talks to `/api/golden-path` through Backstage discovery and the authenticated fetch. @public */
export class GoldenPathClient implements GoldenPathApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  private async get<T>(path: string): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('golden-path');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  getPolicy(): Promise<PolicyResponse> {
    return this.get('/policy');
  }
}
