import type { RequestBase } from '../../requests';
import { BASE_FIELDS, int, RequestFieldType, s } from '../fields';

/** A request to set a GitHub Actions secret on a repository (its size, never its value). @public */
export interface GithubSecretRequest extends RequestBase {
  kind: 'github-secret';
  /** Target repository name in the configured org. */
  repo: string;
  scope?: 'repository' | 'environment';
  /** GitHub deployment environment, for `scope: environment`. */
  githubEnvironment?: string;
  /** Size of the secret value in bytes (UTF-8). The value itself never enters a request. */
  valueBytes?: number;
  /**
   * Where the value came from, as the action saw it: one of the task's secrets (a Secret field), a
   * value the template declares not secret (an endpoint or ARN from an earlier step), or a plain
   * parameter passed as a secret (stored and logged in clear by the scaffolder, so refused).
   */
  valueSource?: 'task-secret' | 'declared-non-secret' | 'parameter';
}

export const GITHUB_SECRET_FIELDS: Record<string, RequestFieldType> = {
  ...BASE_FIELDS,
  repo: s,
  scope: s,
  githubEnvironment: s,
  valueBytes: int(0, 2 ** 31 - 1),
  valueSource: s,
};
