import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ownServiceTokens } from '@golden-path/plugin-golden-path-node';
import {
  TaskEventSnapshot,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';

/** Reads scaffolder tasks over its REST API with this plugin's own service credentials. @public */
export class ScaffolderTasks {
  private readonly bearer: () => Promise<string>;

  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {
    this.bearer = ownServiceTokens(deps.auth, 'scaffolder');
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.deps.discovery.getBaseUrl('scaffolder');
    const token = await this.bearer();
    const res = await fetch(`${base}${path}`, {
      // Uncompressed: both ends are usually one process or one network, where gzip costs CPU
      // twice and saves nothing.
      headers: {
        Authorization: `Bearer ${token}`,
        'Accept-Encoding': 'identity',
      },
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
