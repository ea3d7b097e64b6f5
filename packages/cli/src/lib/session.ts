import fs from 'node:fs';
import type { GoldenPathClient } from '@golden-path/plugin-golden-path-common/client';
import { Backstage, fromClientError, readJson } from './backstage';
import {
  credentialsPath,
  normaliseUrl,
  readCredentials,
  StoredCredentials,
  writeCredentials,
} from './credentials';
import { CliError } from './errors';
import { expiryOf, userOf } from './jwt';

/** Renew a stored token this long before it expires. */
const RENEW_MARGIN_MS = 60_000;

/** Whether a stored token expires within the renewal margin (or has expired). */
const expiresSoon = (c: StoredCredentials) =>
  typeof c.expiresAt === 'number' && c.expiresAt - RENEW_MARGIN_MS < Date.now();

/** Where a command's token came from. */
export type TokenSource = 'GOLDEN_PATH_TOKEN' | StoredCredentials['method'];

/** The backend a command talks to, with the caller's token. */
export interface Session {
  url: string;
  api: Backstage;
  /** The signed-in user, when the token is a user token. */
  user?: string;
  source?: TokenSource;
}

/**
 * The backend URL: `--url`, else `GOLDEN_PATH_URL`, else the backend of the last `login`.
 */
export function resolveUrl(url?: string): string {
  const chosen =
    url ?? process.env.GOLDEN_PATH_URL ?? readCredentials().defaultUrl;
  if (!chosen)
    throw new CliError(
      'Which Backstage? Pass --url <backend URL> (e.g. --url http://localhost:7007), set GOLDEN_PATH_URL, or run golden-path login --url <backend URL> once.',
    );
  try {
    return normaliseUrl(chosen);
  } catch (e: any) {
    throw new CliError(e.message);
  }
}

/**
 * Opens a session: the token from `GOLDEN_PATH_TOKEN` when set, else the one `login` stored for
 * this backend, renewed first when it is about to expire (a browser sign-in with its refresh
 * token, a guest sign-in by signing in again).
 */
export async function openSession(options: { url?: string }): Promise<Session> {
  const url = resolveUrl(options.url);
  const fromEnv = process.env.GOLDEN_PATH_TOKEN;
  if (fromEnv)
    return {
      url,
      api: new Backstage(
        url,
        fromEnv,
        'GOLDEN_PATH_TOKEN holds a token this backend does not accept',
      ),
      user: userOf(fromEnv),
      source: 'GOLDEN_PATH_TOKEN',
    };
  let stored = readCredentials().backends[url];
  if (!stored)
    throw new CliError(
      `Not signed in to ${url}: run golden-path login --url ${url}`,
    );
  if (expiresSoon(stored)) stored = await withCredentialsLock(() => renew(url));
  return {
    url,
    api: new Backstage(
      url,
      stored.accessToken,
      `run golden-path login --url ${url}`,
    ),
    user: stored.userEntityRef ?? userOf(stored.accessToken),
    source: stored.method,
  };
}

/** Renews the stored token of `url` (inside the lock; another process may have done it already). */
async function renew(url: string): Promise<StoredCredentials> {
  const file = readCredentials();
  const stored = file.backends[url];
  if (!stored)
    throw new CliError(
      `Not signed in to ${url}: run golden-path login --url ${url}`,
    );
  if (!expiresSoon(stored)) return stored;
  let renewed: StoredCredentials;
  if (stored.method === 'guest') renewed = await guestSignIn(url);
  else if (stored.method === 'browser' && stored.refreshToken)
    renewed = await refreshBrowserSignIn(url, stored);
  else
    throw new CliError(
      `The sign-in to ${url} has expired: run golden-path login --url ${url}`,
    );
  const latest = readCredentials();
  latest.backends[url] = renewed;
  writeCredentials(latest);
  return renewed;
}

/** The guest provider's user token (`GET /api/auth/guest/refresh`), for local and test backends. */
export async function guestSignIn(url: string): Promise<StoredCredentials> {
  const res = await fetch(`${url}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  }).catch(e => {
    throw new CliError(`Cannot reach ${url}: ${e?.cause?.code ?? e?.message}`);
  });
  if (res.status === 404)
    throw new CliError(
      `${url} has no guest sign-in (auth.providers.guest); use golden-path login (browser) or --with-token`,
    );
  const body = await readJson<any>(res);
  const token = body?.backstageIdentity?.token;
  if (typeof token !== 'string')
    throw new CliError(`${url} answered the guest sign-in without a token`);
  const expiresIn = body.backstageIdentity.expiresInSeconds;
  return {
    method: 'guest',
    accessToken: token,
    expiresAt:
      typeof expiresIn === 'number'
        ? Date.now() + expiresIn * 1000
        : expiryOf(token),
    userEntityRef:
      userOf(token) ?? body.backstageIdentity.identity?.userEntityRef,
    savedAt: Date.now(),
  };
}

/** Trades the browser sign-in's refresh token for a new access token (and a rotated refresh token). */
async function refreshBrowserSignIn(
  url: string,
  stored: StoredCredentials,
): Promise<StoredCredentials> {
  const res = await fetch(`${url}/api/auth/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'refresh_token',
      refresh_token: stored.refreshToken,
      ...(stored.clientId && { client_id: stored.clientId }),
    }),
  }).catch(e => {
    throw new CliError(`Cannot reach ${url}: ${e?.cause?.code ?? e?.message}`);
  });
  if (!res.ok) {
    await res.text().catch(() => undefined);
    throw new CliError(
      `The sign-in to ${url} has expired and could not be renewed (HTTP ${res.status}): run golden-path login --url ${url}`,
    );
  }
  const token = (await res.json()) as {
    access_token: string;
    expires_in?: number;
    refresh_token?: string;
  };
  return {
    ...stored,
    accessToken: token.access_token,
    refreshToken: token.refresh_token ?? stored.refreshToken,
    expiresAt:
      typeof token.expires_in === 'number'
        ? Date.now() + token.expires_in * 1000
        : expiryOf(token.access_token),
    userEntityRef: userOf(token.access_token) ?? stored.userEntityRef,
    savedAt: Date.now(),
  };
}

/**
 * Runs `fn` holding `credentials.json.lock`, so two commands renewing at once do not both spend
 * the same refresh token. A lock older than 30 s is taken over (its holder died).
 */
export async function withCredentialsLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = `${credentialsPath()}.lock`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (e: any) {
      if (e?.code === 'ENOENT') {
        // no folder yet: nothing to renew concurrently
        return fn();
      }
      if (e?.code !== 'EEXIST') throw e;
      const age =
        Date.now() -
        (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 30_000) fs.rmSync(lock, { force: true });
      else if (Date.now() > deadline)
        throw new CliError(
          `Another golden-path command holds ${lock}; try again`,
        );
      else await new Promise(r => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * One call to the golden-path API as the signed-in user of `url`: a non-2xx answer becomes the
 * CLI's error (401 says how to sign in).
 */
export async function callGoldenPath<T>(
  url: string | undefined,
  call: (api: GoldenPathClient) => Promise<T>,
): Promise<T> {
  const { api } = await openSession({ url });
  try {
    return await call(api.goldenPath());
  } catch (e) {
    throw fromClientError(e);
  }
}
