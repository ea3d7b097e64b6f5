import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';

/** A scaffolder task as `GET /v2/tasks/:id` answers (the fields used here). */
export interface ScaffolderTaskSnapshot {
  id: string;
  status: string;
  createdBy?: string;
  spec?: { templateInfo?: { entityRef?: string } };
}

/** One task event as `GET /v2/tasks/:id/events` answers. */
export interface ScaffolderTaskEvent {
  id: number;
  type: string;
  body: {
    message?: string;
    stepId?: string;
    status?: string;
    output?: Record<string, unknown>;
    error?: { name?: string; message?: string };
  };
}

/**
 * The scaffolder's REST API called as the caller: every request carries a token issued on behalf
 * of the caller's own credentials, so the scaffolder records them as the task's initiator and its
 * permission checks and every guardrail judge them, exactly as for a task from the Create page.
 */
export class CallerScaffolder {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  private async fetch(
    credentials: BackstageCredentials,
    path: string,
    init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const base = await this.deps.discovery.getBaseUrl('scaffolder');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'scaffolder',
    });
    return fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.body !== undefined && { 'Content-Type': 'application/json' }),
      },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      signal: init.signal,
    });
  }

  /** Starts a task; the scaffolder validates the values against the template's parameters. */
  async createTask(
    credentials: BackstageCredentials,
    request: { templateRef: string; values: Record<string, unknown> },
  ): Promise<string> {
    const res = await this.fetch(credentials, '/v2/tasks', {
      method: 'POST',
      body: request,
    });
    if (res.status === 400) {
      // Parameter validation answers { errors: [...] } rather than a Backstage error.
      const body = (await res
        .clone()
        .json()
        .catch(() => undefined)) as
        | { errors?: Array<{ stack?: string; message?: string }> }
        | undefined;
      if (Array.isArray(body?.errors)) {
        throw new InputError(
          `The values do not fit ${
            request.templateRef
          }'s parameters: ${body!.errors
            .map(e => e.stack ?? e.message)
            .join('; ')}`,
        );
      }
    }
    if (res.status !== 201) throw await ResponseError.fromResponse(res as any);
    const { id } = (await res.json()) as { id: string };
    return id;
  }

  async getTask(
    credentials: BackstageCredentials,
    taskId: string,
  ): Promise<ScaffolderTaskSnapshot> {
    const res = await this.fetch(
      credentials,
      `/v2/tasks/${encodeURIComponent(taskId)}`,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res as any);
    return (await res.json()) as ScaffolderTaskSnapshot;
  }

  /**
   * The task's events up to its completion, or as many as arrived before `deadline` (epoch ms).
   * The scaffolder long-polls: each request returns as soon as there are events after `after`.
   */
  async eventsUntil(
    credentials: BackstageCredentials,
    taskId: string,
    deadline: number,
  ): Promise<ScaffolderTaskEvent[]> {
    const events: ScaffolderTaskEvent[] = [];
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return events;
      const after = events.length ? events[events.length - 1].id : undefined;
      let res: Response;
      try {
        res = await this.fetch(
          credentials,
          `/v2/tasks/${encodeURIComponent(taskId)}/events${
            after === undefined ? '' : `?after=${after}`
          }`,
          { signal: AbortSignal.timeout(remaining) },
        );
      } catch (e) {
        if ((e as Error).name === 'TimeoutError') return events;
        throw e;
      }
      if (!res.ok) throw await ResponseError.fromResponse(res as any);
      let batch: ScaffolderTaskEvent[];
      try {
        batch = (await res.json()) as ScaffolderTaskEvent[];
      } catch (e) {
        if ((e as Error).name === 'TimeoutError') return events;
        throw e;
      }
      events.push(...batch);
      if (batch.some(e => e.type === 'completion' || e.type === 'cancelled'))
        return events;
    }
  }
}
