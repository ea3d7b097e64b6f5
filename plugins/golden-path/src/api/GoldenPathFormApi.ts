import {
  ApiHolder,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
  useApiHolder,
} from '@backstage/core-plugin-api';
import type { EvaluationResult } from '@golden-path/plugin-golden-path-common';
import {
  BudgetResponse,
  GoldenPathClient,
  PolicyResponse,
} from '@golden-path/plugin-golden-path-common/client';
import { useMemo } from 'react';

/**
 * `GET /policy` with the price table the cost estimates are made from: the policy answer itself.
 * @public
 * @deprecated Use `PolicyResponse` from `@golden-path/plugin-golden-path-common/client`.
 */
export type FormPolicyResponse = PolicyResponse;

/** What the policy-driven form fields need from the golden-path backend. @public */
export interface GoldenPathFormApi {
  /** The policy, all environments or only `environment`. */
  getPolicy(environment?: string): Promise<PolicyResponse>;
  /** Judges requests as the guardrails step will (the caller is judged with their own groups). */
  evaluate(requests: unknown[]): Promise<EvaluationResult>;
  /** The owning group's monthly budget and what it has already spent. */
  getBudget(owner: string): Promise<BudgetResponse>;
}

/**
 * The API ref of what the Golden Path scaffolder form fields read ({@link GoldenPathFormApi}).
 * @public
 */
export const goldenPathFormApiRef = createApiRef<GoldenPathFormApi>({
  id: 'plugin.golden-path.form',
});

/** How long a policy answer is reused: fields on one form share it, a new form sees changes. */
const POLICY_TTL_MS = 30_000;

/**
 * The shared {@link @golden-path/plugin-golden-path-common/client#GoldenPathClient}, with each
 * policy answer reused for a short while: the fields of one form share it, a new form sees changes.
 * @public
 */
export class GoldenPathFormClient
  extends GoldenPathClient
  implements GoldenPathFormApi
{
  private readonly policies = new Map<
    string,
    { at: number; value: Promise<PolicyResponse> }
  >();

  override getPolicy(environment?: string): Promise<PolicyResponse> {
    const key = environment ?? '';
    const cached = this.policies.get(key);
    if (cached && Date.now() - cached.at < POLICY_TTL_MS) return cached.value;
    const value = super.getPolicy(environment);
    this.policies.set(key, { at: Date.now(), value });
    value.catch(() => this.policies.delete(key));
    return value;
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
