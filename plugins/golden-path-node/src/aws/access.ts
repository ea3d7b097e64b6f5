import { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';

/**
 * SDK clients for one account, per region; absent when no credentials are configured (plan mode).
 * @public
 */
export interface AwsAccess {
  accountId?: string;
  clients?: {
    /** The client of any AWS service for a region, with the account's credentials; reused. */
    get<C>(client: AwsClientClass<C>, region: string): C;
  };
}

/** An AWS SDK v3 client class, e.g. `EC2Client`. @public */
export type AwsClientClass<C> = new (config: {
  region: string;
  credentials?: AwsCredentialIdentityProvider;
}) => C;

/** Gives an AWS action the account and clients to use, when it runs. @public */
export type AwsAccessProvider = () => Promise<AwsAccess>;

/** Credentials are "configured" when app-config has an aws block or the standard env/profile is set. */
function credentialsConfigured(config: Config): boolean {
  const aws = config.getOptionalConfig('aws');
  const env = process.env;
  return !!(
    aws?.has('mainAccount') ||
    aws?.has('accounts') ||
    aws?.has('accountDefaults') ||
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI
  );
}

/**
 * Builds clients from a credential provider, one per service and region, reused. `clientConfig`,
 * when given, is merged into every client's configuration (e.g. `endpoint`, `maxAttempts`).
 * @public
 */
export function clientsFrom(
  credentials: AwsCredentialIdentityProvider | undefined,
  clientConfig?: Record<string, unknown>,
): NonNullable<AwsAccess['clients']> {
  const configOf = (region: string) => ({
    ...clientConfig,
    region,
    credentials,
  });
  const clients = new Map<AwsClientClass<unknown>, Map<string, unknown>>();
  return {
    get: <C>(Client: AwsClientClass<C>, region: string): C => {
      const byRegion = clients.get(Client) ?? new Map<string, unknown>();
      clients.set(Client, byRegion);
      if (!byRegion.has(region))
        byRegion.set(region, new Client(configOf(region)));
      return byRegion.get(region) as C;
    },
  };
}

/**
 * AWS credentials the Backstage way (`@backstage/integration-aws-node`: aws.mainAccount,
 * aws.accounts with role assumption, or the default chain), for the account from policy.
 * @public
 */
export function createAwsAccessProvider(
  config: Config,
  target: { accountId?: string },
): AwsAccessProvider {
  const manager = DefaultAwsCredentialsManager.fromConfig(config);
  return async () => {
    if (!credentialsConfigured(config)) return { accountId: target.accountId };
    const { sdkCredentialProvider } = await manager.getCredentialProvider(
      target.accountId ? { accountId: target.accountId } : {},
    );
    return {
      accountId: target.accountId,
      clients: clientsFrom(sdkCredentialProvider),
    };
  };
}
