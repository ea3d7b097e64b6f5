import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { readJson } from './backstage';
import { StoredCredentials } from './credentials';
import { CliError } from './errors';
import { expiryOf, userOf } from './jwt';

/**
 * Backstage's own CLI sign-in (auth-backend's OIDC provider with Client ID Metadata Documents, as
 * `backstage-cli auth login` uses it): the backend publishes a public client for command-line
 * tools at `/api/auth/.well-known/oauth-client/cli.json`; the command opens
 * `/api/auth/v1/authorize` in the browser (authorization code with PKCE), the user approves in
 * Backstage, the browser comes back to a loopback address the command listens on, and the code is
 * traded at `/api/auth/v1/token` for a user token and, with offline access, a refresh token.
 */

/** The backend's CLI client document, when it offers CLI sign-in. */
export interface CliClientDocument {
  client_id: string;
  redirect_uris: string[];
  scope?: string;
}

export async function cliClientDocument(
  url: string,
): Promise<CliClientDocument | undefined> {
  const res = await fetch(`${url}/api/auth/.well-known/oauth-client/cli.json`, {
    signal: AbortSignal.timeout(30_000),
  }).catch(e => {
    throw new CliError(`Cannot reach ${url}: ${e?.cause?.code ?? e?.message}`);
  });
  if (res.status === 404) {
    await res.text().catch(() => undefined);
    return undefined;
  }
  const doc = await readJson<CliClientDocument>(res);
  if (typeof doc?.client_id !== 'string' || !Array.isArray(doc.redirect_uris))
    return undefined;
  return doc;
}

const base64url = (b: Buffer) => b.toString('base64url');

/** Listens on the loopback address of the client document (its port if free, else any port). */
async function listenForCallback(registered: URL, state: string) {
  let settle!: (r: { code?: string; error?: string }) => void;
  const result = new Promise<{ code?: string; error?: string }>(
    r => (settle = r),
  );
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://loopback');
    if (u.pathname !== registered.pathname) {
      res.writeHead(404).end('Not found');
      return;
    }
    if (u.searchParams.get('state') !== state) {
      res.writeHead(400).end('State mismatch: start golden-path login again.');
      return;
    }
    const error = u.searchParams.get('error');
    const code = u.searchParams.get('code');
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      error
        ? 'Sign-in was not approved. You can close this window.'
        : 'Signed in to the golden-path command. You can close this window.',
    );
    settle(
      error
        ? {
            error: `${error}${
              u.searchParams.get('error_description')
                ? `: ${u.searchParams.get('error_description')}`
                : ''
            }`,
          }
        : { code: code ?? undefined },
    );
  });
  const host = registered.hostname.replace(/^\[|\]$/g, '');
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  let port: number;
  try {
    port = await listen(Number(registered.port || 80));
  } catch {
    // Loopback redirect URIs may use any port (RFC 8252 section 7.3); Backstage accepts any.
    port = await listen(0);
  }
  const redirectUri = new URL(registered.toString());
  redirectUri.port = String(port);
  return {
    redirectUri: redirectUri.toString(),
    result,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function openInBrowser(url: string): boolean {
  const commands: Record<string, [string, string[]]> = {
    darwin: ['open', [url]],
    win32: ['rundll32', ['url.dll,FileProtocolHandler', url]],
  };
  const [cmd, args] = commands[process.platform] ?? ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], {
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

export async function browserSignIn(
  url: string,
  doc: CliClientDocument,
  options: {
    openBrowser: boolean;
    say: (line: string) => void;
    timeoutMs?: number;
  },
): Promise<StoredCredentials> {
  const registered = doc.redirect_uris
    .map(u => {
      try {
        return new URL(u);
      } catch {
        return undefined;
      }
    })
    .find(
      u =>
        u &&
        u.protocol === 'http:' &&
        ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname),
    );
  if (!registered)
    throw new CliError(
      `${url}'s CLI client has no loopback redirect address; use golden-path login --with-token`,
    );
  const verifier = base64url(crypto.randomBytes(48));
  const challenge = base64url(
    crypto.createHash('sha256').update(verifier).digest(),
  );
  const state = base64url(crypto.randomBytes(24));
  const callback = await listenForCallback(registered, state);
  try {
    const authorize = new URL(`${url}/api/auth/v1/authorize`);
    authorize.searchParams.set('client_id', doc.client_id);
    authorize.searchParams.set('redirect_uri', callback.redirectUri);
    authorize.searchParams.set('response_type', 'code');
    authorize.searchParams.set(
      'scope',
      (doc.scope ?? 'openid').split(' ').includes('offline_access')
        ? 'openid offline_access'
        : 'openid',
    );
    authorize.searchParams.set('state', state);
    authorize.searchParams.set('code_challenge', challenge);
    authorize.searchParams.set('code_challenge_method', 'S256');
    options.say(
      `Open this address in a browser, sign in to Backstage and approve the golden-path command:\n  ${authorize}`,
    );
    if (options.openBrowser) openInBrowser(authorize.toString());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CliError('No answer from the browser in time')),
        options.timeoutMs ?? 5 * 60_000,
      );
    });
    const answer = await Promise.race([callback.result, timeout]).finally(() =>
      clearTimeout(timer),
    );
    if (answer.error || !answer.code)
      throw new CliError(
        `The sign-in was not approved (${answer.error ?? 'no code'})`,
      );
    const res = await fetch(`${url}/api/auth/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: doc.client_id,
        code: answer.code,
        redirect_uri: callback.redirectUri,
        code_verifier: verifier,
      }),
    });
    const token = await readJson<{
      access_token: string;
      expires_in?: number;
      refresh_token?: string;
    }>(res);
    return {
      method: 'browser',
      accessToken: token.access_token,
      refreshToken: token.refresh_token,
      expiresAt:
        typeof token.expires_in === 'number'
          ? Date.now() + token.expires_in * 1000
          : expiryOf(token.access_token),
      clientId: doc.client_id,
      userEntityRef: userOf(token.access_token),
      savedAt: Date.now(),
    };
  } finally {
    await callback.close();
  }
}

/** Revokes a browser sign-in's refresh token (best effort: logout clears the file either way). */
export async function revokeRefreshToken(
  url: string,
  stored: StoredCredentials,
): Promise<boolean> {
  if (!stored.refreshToken || !stored.clientId) return false;
  const res = await fetch(`${url}/api/auth/v1/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: stored.refreshToken,
      token_type_hint: 'refresh_token',
      client_id: stored.clientId,
    }),
  }).catch(() => undefined);
  await res?.text().catch(() => undefined);
  return !!res?.ok;
}
