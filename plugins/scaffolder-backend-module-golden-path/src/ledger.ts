import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  GuardrailViolationError,
  normaliseGroupRef,
  RecordBinding,
  ResourceRecord,
} from '@golden-path/plugin-golden-path-common';
import {
  GoldenPathClient,
  RedeemExceptionRequest,
  RedeemExceptionResponse,
  StepFailureRequest,
} from '@golden-path/plugin-golden-path-common/client';
import {
  GoldenPathRecordsDoor,
  ownServiceTokens,
} from '@golden-path/plugin-golden-path-node';

/**
 * The golden-path backend's spend ledger and inventory, as the actions see it: the one trusted
 * channel for resource records (service to service, bound to the task step), and each team's spend.
 * @public
 */
export interface ResourceLedger {
  /** Spend plus live reservations per owning group ref. */
  monthlySpend(owners: string[]): Promise<Record<string, number>>;
  /** Writes one record; a budget refusal throws GuardrailViolationError and nothing is recorded. */
  write(binding: RecordBinding, record: ResourceRecord): Promise<void>;
  /** Records how a golden-path step of a running task failed (refused by rules, or otherwise). */
  recordStepFailure(failure: StepFailureRequest): Promise<void>;
  /**
   * The approved exception this run may use for a refused request, if any; outside a dry run the
   * backend binds it to the run, so no other run can use it.
   */
  redeemException(
    request: RedeemExceptionRequest,
  ): Promise<RedeemExceptionResponse['exception']>;
}

/**
 * Calls `/api/golden-path` through the shared {@link GoldenPathClient}, with the scaffolder's own
 * service credentials (never the user's). Records go through the in-process door instead when the
 * golden-path backend runs in this process (the same checks, without HTTP on every step).
 */
export function createLedgerClient(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
  door?: GoldenPathRecordsDoor;
}): ResourceLedger {
  const token = ownServiceTokens(deps.auth, 'golden-path');
  const client = new GoldenPathClient({
    discoveryApi: deps.discovery,
    fetchApi: {
      fetch: async (url, init) => {
        const send = async () =>
          fetch(url, {
            ...init,
            headers: {
              ...init?.headers,
              Authorization: `Bearer ${await token()}`,
            },
          });
        try {
          return await send();
        } catch (e) {
          // No answer at all (under load, a kept-alive connection the server had just closed): a
          // read is sent once more. A write is not, since it may have been applied.
          if ((init?.method ?? 'GET').toUpperCase() !== 'GET') throw e;
          return send();
        }
      },
    },
  });
  /** A failed call's HTTP status; anything else (a network error, a refusal) is rethrown as it is. */
  const httpStatus = (e: unknown): number => {
    // By name, not instanceof: the client may see another copy of @backstage/errors.
    if (e instanceof Error && e.name === 'ResponseError')
      return (e as ResponseError).statusCode;
    throw e;
  };
  return {
    async monthlySpend(owners) {
      const result: Record<string, number> = {};
      for (const owner of new Set(owners.map(normaliseGroupRef))) {
        const budget = await client.getBudget(owner).catch(e => {
          const status = httpStatus(e);
          throw new Error(
            `Could not read the monthly spend of ${owner} from the golden-path backend (HTTP ${status}); refusing rather than guessing`,
          );
        });
        result[owner] = budget.monthlySpend;
      }
      return result;
    },
    async recordStepFailure(failure) {
      await client.recordStepFailure(failure);
    },
    async redeemException(request) {
      const answer = await client.redeemException(request).catch(e => {
        const status = httpStatus(e);
        // Without an answer the request stays refused: an exception is never assumed.
        throw new Error(
          `Could not ask the golden-path backend for an approved exception (HTTP ${status}); the request stays refused`,
        );
      });
      return answer.exception;
    },
    async write(binding, record) {
      // The record is the budget's guard: without it nothing may be created.
      const notAccepted = (why: string) =>
        new Error(
          `The golden-path backend did not accept the ${record.state} record of ${record.kind} ${record.name} (${why}); nothing was created`,
        );
      if (deps.door?.isOpen()) {
        const answer = await deps.door.write(binding, record).catch(e => {
          throw notAccepted(`${e.name}: ${e.message}`);
        });
        if ('violations' in answer)
          throw new GuardrailViolationError(answer.violations);
        return;
      }
      // A budget refusal (409 with violations) is a GuardrailViolationError from the client, and
      // is rethrown as it is.
      await client.writeRecord(binding, record).catch(e => {
        throw notAccepted(`HTTP ${httpStatus(e)}`);
      });
    },
  };
}
