import { Backstage } from '../lib/backstage';
import {
  browserSignIn,
  cliClientDocument,
  revokeRefreshToken,
} from '../lib/browserSignIn';
import {
  credentialsPath,
  readCredentials,
  StoredCredentials,
  writeCredentials,
} from '../lib/credentials';
import { CliError, EXIT, HttpError } from '../lib/errors';
import { expiryOf, userOf } from '../lib/jwt';
import {
  colours,
  Io,
  isInteractive,
  printJson,
  writeLine,
} from '../lib/output';
import { canPrompt, promptHidden, readAllStdin } from '../lib/prompt';
import {
  guestSignIn,
  openSession,
  resolveUrl,
  withCredentialsLock,
} from '../lib/session';

const HOW = {
  browser:
    'browser sign-in (Backstage CLI authentication); renewed with its refresh token',
  guest: 'guest sign-in; renewed by signing in as guest again',
  token: 'a token you gave; not renewed',
} as const;

export async function login(
  io: Io,
  opts: {
    url?: string;
    guest?: boolean;
    withToken?: boolean;
    browser?: boolean;
  },
): Promise<number> {
  if (opts.guest && opts.withToken)
    throw new CliError('Choose one of --guest and --with-token');
  const url = resolveUrl(opts.url);
  let creds: StoredCredentials;
  if (opts.guest) creds = await guestSignIn(url);
  else if (opts.withToken) creds = await tokenSignIn(url);
  else {
    const doc = await cliClientDocument(url);
    if (!doc)
      throw new CliError(
        [
          `${url} does not offer CLI sign-in (its auth backend has no CLI client document at /api/auth/.well-known/oauth-client/cli.json).`,
          'Its operators can turn it on (auth.clientIdMetadataDocuments.enabled, with @backstage/plugin-auth in the app for the approval page; see docs/cli.md).',
          'Meanwhile: golden-path login --with-token (a Backstage user token, or a static token from backend.auth.externalAccess), or --guest on a local backend with guest sign-in.',
        ].join('\n'),
      );
    creds = await browserSignIn(url, doc, {
      openBrowser: opts.browser !== false,
      say: line => writeLine(io.err, line),
    });
  }
  await withCredentialsLock(async () => {
    const file = readCredentials();
    file.backends[url] = creds;
    file.defaultUrl = url;
    writeCredentials(file);
  });
  const c = colours(isInteractive(io.out));
  writeLine(
    io.out,
    c.green(
      `✔ Signed in to ${url}${
        creds.userEntityRef ? ` as ${creds.userEntityRef}` : ''
      } (${HOW[creds.method]})`,
    ),
  );
  writeLine(
    io.out,
    `  Stored in ${credentialsPath()} (readable by you only); commands use ${url} unless --url or GOLDEN_PATH_URL says otherwise.`,
  );
  return EXIT.done;
}

/** A token from stdin (piped) or a hidden prompt, checked against the backend before it is stored. */
async function tokenSignIn(url: string): Promise<StoredCredentials> {
  let token = '';
  if (!process.stdin.isTTY) token = await readAllStdin();
  else if (canPrompt())
    token = (await promptHidden('Backstage token (input hidden): ')).trim();
  if (!token)
    throw new CliError(
      'No token: pipe it in (e.g. golden-path login --with-token < token.txt) or type it at the prompt',
    );
  const api = new Backstage(
    url,
    token,
    'the backend does not accept this token',
  );
  try {
    await api.goldenPath().getPolicy();
  } catch (e: any) {
    const status = e?.statusCode ?? (e instanceof HttpError ? e.status : 0);
    if (status === 401 || status === 403)
      throw new CliError(`${url} does not accept this token (HTTP ${status})`);
    throw e;
  }
  return {
    method: 'token',
    accessToken: token,
    expiresAt: expiryOf(token),
    userEntityRef: userOf(token),
    savedAt: Date.now(),
  };
}

export async function logout(io: Io, opts: { url?: string }): Promise<number> {
  const url = resolveUrl(opts.url);
  let removed: StoredCredentials | undefined;
  await withCredentialsLock(async () => {
    const file = readCredentials();
    removed = file.backends[url];
    delete file.backends[url];
    if (file.defaultUrl === url) delete file.defaultUrl;
    writeCredentials(file);
  });
  if (!removed) {
    writeLine(io.out, `Not signed in to ${url}; nothing to do.`);
    return EXIT.done;
  }
  const revoked =
    removed.method === 'browser' && (await revokeRefreshToken(url, removed));
  writeLine(
    io.out,
    `Signed out of ${url}${revoked ? ' (its refresh token revoked)' : ''}.`,
  );
  return EXIT.done;
}

export async function whoami(
  io: Io,
  opts: { url?: string; json?: boolean },
): Promise<number> {
  const session = await openSession({ url: opts.url });
  const stored = readCredentials().backends[session.url];
  const expiresAt =
    session.source !== 'GOLDEN_PATH_TOKEN' && stored?.expiresAt
      ? new Date(stored.expiresAt).toISOString()
      : null;
  const info = {
    url: session.url,
    user: session.user ?? null,
    signIn:
      session.source === 'GOLDEN_PATH_TOKEN'
        ? 'GOLDEN_PATH_TOKEN'
        : session.source ?? null,
    expiresAt,
    credentialsFile: credentialsPath(),
  };
  if (opts.json) printJson(io, info);
  else {
    writeLine(io.out, `Backend:  ${info.url}`);
    writeLine(io.out, `User:     ${info.user ?? '(not a user token)'}`);
    writeLine(
      io.out,
      `Sign-in:  ${
        info.signIn === 'GOLDEN_PATH_TOKEN'
          ? 'the GOLDEN_PATH_TOKEN environment variable'
          : HOW[info.signIn as keyof typeof HOW] ?? info.signIn
      }`,
    );
    if (info.expiresAt) writeLine(io.out, `Expires:  ${info.expiresAt}`);
    writeLine(io.out, `Stored in ${info.credentialsFile}`);
  }
  return EXIT.done;
}
