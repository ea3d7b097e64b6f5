import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createTrustedDirectory,
  goldenPathPolicyServiceRef,
  goldenPathRecordsDoorServiceRef,
} from '@golden-path/plugin-golden-path-node';
import { createGoldenPathActions } from './actions';
import { createGithubAccessProvider } from './github/access';
import { createAwsAccessProvider } from './aws/access';
import { createLedgerClient } from './ledger';
import { createSecretSizeGuard } from './door/secretSizeGuard';
import { createDryRunLogRouter } from './door/dryRunLog';

/**
 * Registers the golden-path:* scaffolder actions, and the door in front of the scaffolder's task
 * routes that refuses oversized or non-string task secrets (GP-GH-SECRET-SIZE) before the
 * scaffolder stores them or builds its log-redaction pattern from them.
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
        recordsDoor: goldenPathRecordsDoorServiceRef,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        // The scaffolder plugin's own router: modules initialise before their plugin, so routes
        // added here are matched before the scaffolder's.
        http: coreServices.httpRouter,
      },
      async init({
        scaffolder,
        policy,
        recordsDoor,
        config,
        discovery,
        auth,
        catalog,
        http,
      }) {
        http.use(createSecretSizeGuard());
        http.use(createDryRunLogRouter());
        const deps = {
          policy,
          ledger: createLedgerClient({ discovery, auth, door: recordsDoor }),
          directory: createTrustedDirectory({ config, catalog, auth }),
          appBaseUrl: config.getOptionalString('app.baseUrl'),
        };
        const { githubOrg, githubHost, awsAccountId } = policy.getTargets();
        const github = createGithubAccessProvider(config, {
          org: githubOrg,
          host: githubHost,
        });
        const aws = createAwsAccessProvider(config, {
          accountId: awsAccountId,
        });
        scaffolder.addActions(
          ...createGoldenPathActions({
            ...deps,
            github,
            aws,
            catalog,
            integrations: ScmIntegrations.fromConfig(config),
          }),
        );
      },
    });
  },
});
