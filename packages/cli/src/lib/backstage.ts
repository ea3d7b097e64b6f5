import { ResponseError } from '@backstage/errors';
import { GoldenPathClient } from '@golden-path/plugin-golden-path-common/client';
import { CliError, describeErrorBody, HttpError } from './errors';

/**
 * A Backstage backend at `url`, called with `token` (a user or external-access token). Every
 * Backstage API the command uses goes through here; the golden-path API through its one typed
 * client, {@link Backstage.goldenPath}.
 */
export class Backstage {
  constructor(
    readonly url: string,
    private readonly token: string | undefined,
    private readonly how: string = 'run golden-path login',
  ) {}

  /** `fetch` on the backend with the token; a relative path is under the backend URL. */
  fetch = (input: string | URL | Request, init?: RequestInit) => {
    const target =
      typeof input === 'string' && input.startsWith('/')
        ? `${this.url}${input}`
        : input;
    const headers = new Headers(init?.headers);
    if (this.token && !headers.has('authorization'))
      headers.set('authorization', `Bearer ${this.token}`);
    return fetch(target, { ...init, headers }).catch(e => {
      throw new CliError(
        `Cannot reach ${this.url}: ${e?.cause?.code ?? e?.message ?? e}`,
      );
    });
  };

  /** Sends a request and reads its JSON answer; a non-2xx answer throws {@link HttpError}. */
  async json<T>(
    path: string,
    init?: Omit<RequestInit, 'body'> & { body?: unknown },
  ): Promise<T> {
    const { body, ...rest } = init ?? {};
    const res = await this.fetch(
      path,
      body === undefined
        ? rest
        : {
            ...rest,
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/json', ...rest.headers },
          },
    );
    return readJson<T>(res, this.how);
  }

  /** The golden-path API's typed client, on this backend with this token. */
  goldenPath(): GoldenPathClient {
    return new GoldenPathClient({
      discoveryApi: { getBaseUrl: async id => `${this.url}/api/${id}` },
      fetchApi: { fetch: this.fetch as typeof fetch },
    });
  }
}

/** The JSON of a 2xx answer; otherwise an {@link HttpError} with Backstage's error message. */
export async function readJson<T>(res: Response, how?: string): Promise<T> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text
  }
  if (!res.ok) {
    const message = describeErrorBody(res.status, body);
    throw new HttpError(
      res.status,
      res.status === 401 && how
        ? `Not signed in, or the sign-in has expired (${message}): ${how}`
        : message,
      body,
    );
  }
  return body as T;
}

/**
 * A Backstage `ResponseError` thrown by the golden-path client, as the command reports it. Other
 * errors pass unchanged.
 */
export function fromClientError(e: unknown, how = 'run golden-path login') {
  if (ResponseError.is(e)) {
    const status = e.statusCode;
    const body = e.body;
    const message = describeErrorBody(status, body);
    return new HttpError(
      status,
      status === 401 ? `Not signed in (${message}): ${how}` : message,
      body,
    );
  }
  return e;
}
