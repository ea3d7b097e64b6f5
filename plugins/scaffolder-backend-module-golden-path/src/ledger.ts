import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  GuardrailViolationError,
  normaliseGroupRef,
  RecordBinding,
  ResourceRecord,
  Violation,
} from '@golden-path/plugin-golden-path-common';

/**
 * The golden-path backend's spend ledger and inventory, as the actions see it: the one trusted
 * channel for resource records (service to service, bound to the task step), and each team's spend.
 */
export interface ResourceLedger {
  /** Spend plus live reservations per owning group ref. */
  monthlySpend(owners: string[]): Promise<Record<string, number>>;
  /** Writes one record; a budget refusal throws GuardrailViolationError and nothing is recorded. */
  write(binding: RecordBinding, record: ResourceRecord): Promise<void>;
}

/** Calls `/api/golden-path` with the scaffolder's own service credentials (never the user's). */
export function createLedgerClient(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
}): ResourceLedger {
  const call = async (path: string, init: RequestInit = {}) => {
    const baseUrl = await deps.discovery.getBaseUrl('golden-path');
    const { token } = await deps.auth.getPluginRequestToken({
      onBehalfOf: await deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'golden-path',
    });
    return fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { ...init.headers, Authorization: `Bearer ${token}` },
    });
  };
  return {
    async monthlySpend(owners) {
      const result: Record<string, number> = {};
      for (const owner of new Set(owners.map(normaliseGroupRef))) {
        const res = await call(`/budget?owner=${encodeURIComponent(owner)}`);
        if (!res.ok)
          throw new Error(
            `Could not read the monthly spend of ${owner} from the golden-path backend (HTTP ${res.status}); refusing rather than guessing`,
          );
        result[owner] = (await res.json()).monthlySpend;
      }
      return result;
    },
    async write(binding, record) {
      const res = await call('/records', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...binding, record }),
      });
      if (res.status === 409) {
        const body = (await res.json().catch(() => ({}))) as {
          violations?: Violation[];
        };
        if (Array.isArray(body.violations) && body.violations.length)
          throw new GuardrailViolationError(body.violations);
      }
      if (!res.ok) {
        // The record is the budget's guard: without it nothing may be created.
        throw new Error(
          `The golden-path backend did not accept the ${record.state} record of ${record.kind} ${record.name} (HTTP ${res.status}); nothing was created`,
        );
      }
    },
  };
}
