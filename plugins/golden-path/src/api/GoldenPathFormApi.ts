import {
  ApiHolder,
  createApiRef,
  discoveryApiRef,
  DiscoveryApi,
  FetchApi,
  fetchApiRef,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EvaluationResult,
  PriceTable,
} from '@golden-path/plugin-golden-path-common';
import { useMemo } from 'react';
import type { PolicyResponse } from './GoldenPathApi';

/** `GET /policy` with the price table the cost estimates are made from. @public */
export type FormPolicyResponse = PolicyResponse & { prices: PriceTable };

/** `GET /budget?owner=`. @public */
export interface BudgetResponse {
  owner: string;
  currency: string;
  monthlyBudget: number;
  monthlySpend: number;
  remaining: number;
  maxMonthlyPerRequest: number;
}

/** What the policy-driven form fields need from the golden-path backend. @public */
export interface GoldenPathFormApi {
  /** The policy, all environments or only `environment`. */
  getPolicy(environment?: string): Promise<FormPolicyResponse>;
  /** Judges requests as the guardrails step will (the caller is judged with their own groups). */
  evaluate(requests: unknown[]): Promise<EvaluationResult>;
  /** The owning group's monthly budget and what it has already spent. */
  getBudget(owner: string): Promise<BudgetResponse>;
}

/** @public */
export const goldenPathFormApiRef = createApiRef<GoldenPathFormApi>({
  id: 'plugin.golden-path.form',
});

/** How long a policy answer is reused: fields on one form share it, a new form sees changes. */
const POLICY_TTL_MS = 30_000;

/** Talks to `/api/golden-path` for the form fields. @public */
export class GoldenPathFormClient implements GoldenPathFormApi {
  private readonly policies = new Map<
    string,
    { at: number; value: Promise<FormPolicyResponse> }
  >();

  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('golden-path');
    const res = await this.deps.fetchApi.fetch(`${base}${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  getPolicy(environment?: string): Promise<FormPolicyResponse> {
    const key = environment ?? '';
    const cached = this.policies.get(key);
    if (cached && Date.now() - cached.at < POLICY_TTL_MS) return cached.value;
    const value = this.call<FormPolicyResponse>(
      environment
        ? `/policy?environment=${encodeURIComponent(environment)}`
        : '/policy',
    );
    this.policies.set(key, { at: Date.now(), value });
    value.catch(() => this.policies.delete(key));
    return value;
  }

  evaluate(requests: unknown[]): Promise<EvaluationResult> {
    return this.call('/policy/evaluate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ requests }),
    });
  }

  getBudget(owner: string): Promise<BudgetResponse> {
    return this.call(`/budget?owner=${encodeURIComponent(owner)}`);
  }
}

/**
 * The registered form API, or a client over discovery and fetch when the app has not registered
 * one (legacy apps that only add the field extensions to the scaffolder).
 */
export function formApiFrom(apis: ApiHolder): GoldenPathFormApi | undefined {
  const registered = apis.get(goldenPathFormApiRef);
  if (registered) return registered;
  const discoveryApi = apis.get(discoveryApiRef);
  const fetchApi = apis.get(fetchApiRef);
  return discoveryApi && fetchApi
    ? new GoldenPathFormClient({ discoveryApi, fetchApi })
    : undefined;
}

/** {@link formApiFrom} for components. @public */
export function useGoldenPathFormApi(): GoldenPathFormApi {
  const apis = useApiHolder();
  return useMemo(() => {
    const api = formApiFrom(apis);
    if (!api)
      throw new Error(
        'The Golden Path form fields need the discovery and fetch APIs',
      );
    return api;
  }, [apis]);
}
