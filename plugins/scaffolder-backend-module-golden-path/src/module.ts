import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { goldenPathPolicyServiceRef } from '@golden-path/plugin-golden-path-node';
import { createGoldenPathActions } from './actions';
import { createGithubAccessProvider } from './github/access';
import { createAwsAccessProvider } from './aws/access';
import { createTeamSpendSource } from './teamSpend';

/**
 * Registers the golden-path:* scaffolder actions.
 * @public
 */
export const goldenPathScaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-path',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        policy: goldenPathPolicyServiceRef,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, policy, config, discovery, auth, catalog }) {
        const deps = { policy, spend: createTeamSpendSource({ discovery, auth }) };
        const { githubOrg, githubHost, awsAccountId } = policy.getTargets();
        const github = createGithubAccessProvider(config, { org: githubOrg, host: githubHost });
        const aws = createAwsAccessProvider(config, { accountId: awsAccountId });
        scaffolder.addActions(...createGoldenPathActions({ ...deps, github, aws, catalog }));
      },
    });
  },
});
