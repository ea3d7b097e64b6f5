import { Config } from '@backstage/config';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  GoldenPathPolicy,
  GoldenPathPolicyConfig,
  resolvePolicy,
} from '@golden-path/plugin-golden-path-common';

/** `plan` builds and logs every request and changes nothing; `live` sends them. @public */
export type GoldenPathMode = 'plan' | 'live';

/** The mode a run goes in, and why. @public */
export interface ModeDecision {
  mode: GoldenPathMode;
  /** Why, in words fit for a task log. */
  reason: string;
}

/** The effective policy and mode, loaded once from config and shared by every Golden Path package. @public */
export interface GoldenPathPolicyService {
  getPolicy(): GoldenPathPolicy;
  /** The configured mode, downgraded to plan when the provider has no credentials. */
  decideMode(provider: 'github' | 'aws', hasCredentials: boolean): ModeDecision;
  /** The configured GitHub org and AWS account/region. */
  getTargets(): {
    githubOrg: string;
    githubHost: string;
    awsAccountId?: string;
    awsRegion?: string;
  };
}

/** Reads the `goldenPath` block; an invalid block throws with every problem listed. @public */
export function createPolicyService(config: Config): GoldenPathPolicyService {
  const block = config.getOptionalConfig('goldenPath');
  const raw = (block?.get() ?? {}) as GoldenPathPolicyConfig & {
    mode?: string;
  };
  const mode = raw.mode ?? 'plan';
  if (mode !== 'plan' && mode !== 'live') {
    throw new Error(`Invalid goldenPath.mode "${mode}": use plan or live`);
  }
  const policy = resolvePolicy(raw);
  return {
    getPolicy: () => policy,
    decideMode(provider, hasCredentials) {
      if (mode === 'plan')
        return {
          mode,
          reason:
            'goldenPath.mode is plan: requests are built and logged, nothing is changed',
        };
      if (!hasCredentials) {
        return {
          mode: 'plan',
          reason: `no ${
            provider === 'github' ? 'integrations.github' : 'aws'
          } credentials are configured, so this runs in plan mode: nothing is changed`,
        };
      }
      return { mode: 'live', reason: 'goldenPath.mode is live' };
    },
    getTargets: () => ({
      githubOrg: Object.values(policy.environments)[0].github.org,
      githubHost:
        (raw.github as { host?: string } | undefined)?.host ?? 'github.com',
      awsAccountId: raw.aws?.accountId,
      awsRegion: raw.aws?.region,
    }),
  };
}

/** The root service that gives every Golden Path package the effective policy and mode. @public */
export const goldenPathPolicyServiceRef =
  createServiceRef<GoldenPathPolicyService>({
    id: 'golden-path.policy',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }) => createPolicyService(config),
      }),
  });
