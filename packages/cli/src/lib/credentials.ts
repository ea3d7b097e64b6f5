import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How a stored token was obtained, which decides how it is renewed. */
export type SignInMethod = 'browser' | 'guest' | 'token';

/** One backend's stored sign-in. */
export interface StoredCredentials {
  method: SignInMethod;
  accessToken: string;
  /** Browser sign-in with offline access: renews the access token without a browser. */
  refreshToken?: string;
  /** Epoch milliseconds; absent when unknown (a static token). */
  expiresAt?: number;
  /** The OAuth client of the browser sign-in (the backend's CLI client document). */
  clientId?: string;
  /** Who the token signs in as (`user:default/jane`), when it is a user token. */
  userEntityRef?: string;
  savedAt: number;
}

/** The credentials file: one entry per backend URL, and the backend commands use by default. */
export interface CredentialsFile {
  version: 1;
  defaultUrl?: string;
  backends: Record<string, StoredCredentials>;
}

/**
 * `$XDG_CONFIG_HOME/golden-path/credentials.json` (default `~/.config/golden-path/`), or the file
 * `GOLDEN_PATH_CREDENTIALS_FILE` names.
 */
export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GOLDEN_PATH_CREDENTIALS_FILE) return env.GOLDEN_PATH_CREDENTIALS_FILE;
  const base =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(os.homedir(), '.config');
  return path.join(base, 'golden-path', 'credentials.json');
}

export function readCredentials(file = credentialsPath()): CredentialsFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e: any) {
    if (e?.code === 'ENOENT') return { version: 1, backends: {} };
    throw e;
  }
  const data = JSON.parse(text);
  if (!data || typeof data !== 'object' || typeof data.backends !== 'object')
    throw new Error(`${file} is not a golden-path credentials file`);
  return { version: 1, defaultUrl: data.defaultUrl, backends: data.backends };
}

/**
 * Writes the file readable by its owner only (0600, in a 0700 folder), as other CLIs keep their
 * tokens: a new file is created with that mode and renamed over the old one, so there is no moment
 * when the tokens sit in a file others can read.
 */
export function writeCredentials(
  data: CredentialsFile,
  file = credentialsPath(),
): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${Date.now()}`,
  );
  fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  try {
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** A backend URL as a key: its origin and path, without a trailing slash. */
export function normaliseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${JSON.stringify(url)} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`${JSON.stringify(url)} is not an http(s) URL`);
  if (parsed.username || parsed.password || parsed.search || parsed.hash)
    throw new Error(
      'The backend URL must not carry credentials, a query or a fragment',
    );
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
