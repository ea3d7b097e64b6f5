import { Octokit } from '@octokit/rest';

/** One GitHub REST request, fully built: what plan mode logs and live mode sends. */
export interface GithubCall {
  /** Stable, secret-free id; part of the checkpoint key. */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: Record<string, unknown>;
  /** Why, for the log. */
  purpose: string;
  /** Optional hardening that GitHub may refuse on some plans: degrade with a log line instead of failing. */
  optional?: boolean;
  /** What in GitHub's answer is not as asked (e.g. `secret_scanning disabled`), or undefined. */
  expect?: (answer: any) => string | undefined;
}

const seg = encodeURIComponent;

/** `/repos/{owner}/{repo}` with safe segments. */
export function repoPath(owner: string, repo: string, rest = ''): string {
  return `/repos/${seg(owner)}/${seg(repo)}${rest}`;
}

/** One line for the task log; bodies never carry secret values (sealed boxes are shown by size). */
export function describeCall(call: GithubCall): string {
  const body = call.body
    ? ` ${JSON.stringify(call.body, (k, v) =>
        k === 'encrypted_value' ? `<sealed box, ${String(v).length} chars>` : v,
      )}`
    : '';
  return `${call.method} ${call.path}${body}  (${call.purpose})`;
}

/**
 * A request GitHub did not fulfil, saying what was asked and what GitHub answered. Octokit's own
 * error carries the request (headers, body); this one carries only the status and GitHub's words.
 */
export class GithubRefusal extends Error {
  constructor(
    call: Pick<GithubCall, 'method' | 'path' | 'purpose'>,
    readonly status: number | undefined,
    readonly reason: string,
  ) {
    super(
      `GitHub did not ${call.purpose} (${call.method} ${call.path}: ${
        status === undefined ? 'no answer' : `HTTP ${status}`
      }${reason ? `: ${reason}` : ''})`,
    );
    this.name = 'GithubRefusal';
  }
}

/** GitHub's own words for a refusal: its message and each listed error (never the request). */
export function githubMessage(e: unknown): string {
  if (e instanceof GithubRefusal) return e.reason;
  const data = (e as any)?.response?.data ?? {};
  const details = (Array.isArray(data.errors) ? data.errors : [])
    .map((x: any) => (typeof x === 'string' ? x : x?.message ?? x?.code))
    .filter(Boolean);
  return [data.message, ...details].filter(Boolean).join('; ').slice(0, 500);
}

export async function sendCall<T = any>(
  octokit: Octokit,
  call: GithubCall,
): Promise<T> {
  try {
    const res = await octokit.request(`${call.method} ${call.path}`, {
      ...(call.body ?? {}),
    });
    return res.data as T;
  } catch (e) {
    throw new GithubRefusal(
      call,
      statusOf(e),
      githubMessage(e) || String((e as Error)?.message ?? e).slice(0, 200),
    );
  }
}

/** HTTP status of an Octokit error, if any. */
export function statusOf(error: unknown): number | undefined {
  return typeof (error as any)?.status === 'number'
    ? (error as any).status
    : undefined;
}
