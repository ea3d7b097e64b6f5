import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  TaskEventSnapshot,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';

/** A plugin token is valid for an hour; reusing one for a minute spares signing one per request. */
const TOKEN_REUSE_MS = 60_000;

/** Reads scaffolder tasks over its REST API with this plugin's own service credentials. @public */
export class ScaffolderTasks {
  private token?: { value: Promise<string>; until: number };

  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  private bearer(): Promise<string> {
    if (!this.token || Date.now() >= this.token.until) {
      const value = this.deps.auth
        .getOwnServiceCredentials()
        .then(onBehalfOf =>
          this.deps.auth.getPluginRequestToken({
            onBehalfOf,
            targetPluginId: 'scaffolder',
          }),
        )
        .then(r => r.token);
      const token = { value, until: Date.now() + TOKEN_REUSE_MS };
      this.token = token;
      value.catch(() => {
        if (this.token === token) this.token = undefined;
      });
    }
    return this.token.value;
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.deps.discovery.getBaseUrl('scaffolder');
    const token = await this.bearer();
    const res = await fetch(`${base}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw await ResponseError.fromResponse(res as any);
    return (await res.json()) as T;
  }

  /** One page, newest first. */
  async page(
    offset: number,
    limit: number,
  ): Promise<{ tasks: TaskSnapshot[]; totalTasks?: number }> {
    return this.get(
      `/v2/tasks?limit=${limit}&offset=${offset}&order=desc:created_at`,
    );
  }

  async task(id: string): Promise<TaskSnapshot> {
    return this.get(`/v2/tasks/${encodeURIComponent(id)}`);
  }

  async events(id: string): Promise<TaskEventSnapshot[]> {
    return this.get(`/v2/tasks/${encodeURIComponent(id)}/events`);
  }
}
