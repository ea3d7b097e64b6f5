import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  TaskEventSnapshot,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';

/** Reads scaffolder tasks over its REST API with this plugin's own service credentials. */
export class ScaffolderTasks {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  private async get<T>(path: string): Promise<T> {
    const base = await this.deps.discovery.getBaseUrl('scaffolder');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
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
