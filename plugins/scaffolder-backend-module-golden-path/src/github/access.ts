import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';

/**
 * An authenticated client for the configured org, or the reason there is none (plan mode).
 * @public
 */
export interface GithubAccess {
  host: string;
  org: string;
  octokit?: Octokit;
  /** Where the token came from, for the log (never the token). */
  credentialSource?: 'user' | 'integration';
}

/**
 * Gives a GitHub action an authenticated client, when it runs (with the user's token if any).
 * @public
 */
export type GithubAccessProvider = (options: {
  userToken?: string;
}) => Promise<GithubAccess>;

/** The REST API version every request names, so GitHub answers as the code was written for. */
export const GITHUB_API_VERSION = '2022-11-28';

/** An Octokit that sends `X-GitHub-Api-Version` with every request. */
export function githubClient(token: string, baseUrl?: string): Octokit {
  const octokit = new Octokit({
    auth: token,
    baseUrl,
    request: { retries: 0 },
  });
  octokit.hook.before('request', options => {
    options.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });
  return octokit;
}

/**
 * Resolves GitHub credentials the Backstage way: the user's token from RepoUrlPicker when the
 * template asks for one, otherwise `integrations.github` (token or GitHub App) for the org.
 * @public
 */
export function createGithubAccessProvider(
  config: Config,
  target: { org: string; host: string },
): GithubAccessProvider {
  const integrations = ScmIntegrations.fromConfig(config);
  const credentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  return async ({ userToken }) => {
    const integration = integrations.github.byHost(target.host);
    if (!integration) return { ...target };
    let token = userToken;
    let credentialSource: GithubAccess['credentialSource'] = 'user';
    if (!token) {
      token = (
        await credentials.getCredentials({
          url: `https://${target.host}/${target.org}`,
        })
      ).token;
      credentialSource = 'integration';
    }
    if (!token) return { ...target };
    return {
      ...target,
      credentialSource,
      octokit: githubClient(token, integration.config.apiBaseUrl),
    };
  };
}
